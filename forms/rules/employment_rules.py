"""Rules on one employment spell: 公益性岗位 terms and insurance, posts outside the county or ticked as organised
labour export, a 交通补助 recorded twice in a year, implausible income.

The 公益性岗位 rules (§(十二): 每次签订期限不超过1年, 购买意外伤害商业保险) look at posts ongoing on the survey
date: a finished post cannot be insured after the fact, and its old contract is history. They are errors a
station admin may accept with a reason, because the record may be true — the contract really was signed for two
years — and then the fix is in the world (a new contract), not in the data; the accepted finding stays on the
record and in the exports for the county to act on. A post or workshop recorded outside the county is almost
always a wrong 务工地域, so that error is not overridable: correct the field. So is a post or workshop ticked
有组织劳务输出: §(四)'s 就业创业服务补助 pays for sending 脱贫人口 out to work (under §(二) 稳定外出务工规模), and a
公益性岗位 (§(十二)) or 帮扶车间 (§(九)) is work at home (§(三) 就地就近就业); the tick would list the person for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..findings import Finding
from ..settings import RuleSettings
from . import registry as r
from .bundle import HouseholdBundle, MemberFacts, SpellFacts
from .labour import IN_COUNTY, LOCAL_POSTS, WELFARE_POST, contract_term_too_long, is_ongoing, month_of


def _spell_label(spell: SpellFacts) -> tuple[str, str]:
    since = f"，{spell.start_month}起" if spell.start_month else ""
    since_en = f", from {spell.start_month}" if spell.start_month else ""
    return f"（{spell.form}{since}）", f" ({spell.form}{since_en})"


def spell_findings(
    bundle: HouseholdBundle, member: MemberFacts, spell: SpellFacts, settings: RuleSettings, today: date
) -> Iterator[Finding]:
    hid, accepted = bundle.household.id, bundle.accepted
    name, en_name = bundle.who(member)
    zh_spell, en_spell = _spell_label(spell)
    income = spell.monthly_income
    if income is not None and not settings.income_min <= income <= settings.income_max:
        yield r.INCOME.finding(
            spell.id,
            hid,
            f"{name}的就业记录{zh_spell}月收入为{income}元，超出合理范围（{settings.income_min}–"
            f"{settings.income_max}元）。请核对是否多输或少输了数字；属实可填写原因后接受。",
            f"{en_name}'s employment{en_spell} has a monthly income of {income} yuan, outside "
            f"{settings.income_min}–{settings.income_max}. Check for a missing or extra digit; if it is right, "
            "accept it with a reason.",
            member_id=member.id,
            accepted=accepted,
        )
    if spell.form in LOCAL_POSTS and spell.place_scope and spell.place_scope != IN_COUNTY:
        yield r.OUTSIDE_COUNTY.finding(
            spell.id,
            hid,
            f"{name}的就业记录{zh_spell}务工地域为“{spell.place_scope}”，但{spell.form}只在本县内。"
            "请改正务工地域或就业形式。",
            f"{en_name}'s employment{en_spell} has place scope {spell.place_scope}, but a {spell.form} is always in "
            "the county. Correct the place scope or the form.",
            member_id=member.id,
        )
    if spell.form in LOCAL_POSTS and spell.organised is True:
        # The tick puts the person on the 就业创业服务补助 list, 100 元 a year paid to whoever "exported" them
        # (§(四)); nobody is exported to a post at home, so the tick is wrong, whenever the spell was.
        yield r.ORGANISED_LOCAL.finding(
            spell.id,
            hid,
            f"{name}的就业记录{zh_spell}勾选了“有组织劳务输出”，但{spell.form}是在本地就业，不是劳务输出。"
            "就业创业服务补助只发给组织脱贫人口外出务工的人力资源服务机构、劳务经纪人"
            "（云人社通〔2021〕49号第（四）条），"  # noqa: RUF001 - the document's number, as it is written
            "勾选会把此人列入该补助名单。请取消勾选，或改正就业形式。",
            f"{en_name}'s employment{en_spell} is ticked as organised labour export, but a {spell.form} is work at "
            "home, not labour sent out. The employment service subsidy is paid only to agencies and labour brokers "
            "that send people out to work (Yunnan 2021 No. 49, §4), and the tick puts this person on its list. "
            "Untick it, or correct the form.",
            member_id=member.id,
        )
    yield from _paid_twice(bundle, member, spell)
    if spell.form != WELFARE_POST or not is_ongoing(spell.start_month, spell.end_month, month_of(today)):
        return
    if spell.accident_insurance is not True:
        yield r.WELFARE_INSURANCE.finding(
            spell.id,
            hid,
            f"{name}的公益性岗位{zh_spell}没有登记意外伤害保险。按规定应为在岗人员购买意外伤害商业保险；"
            "已购买请勾选，未购买请督促用工单位购买。",
            f"{en_name}'s public-welfare post{en_spell} has no accident insurance recorded. Post holders must be "
            "insured: tick it if they are, otherwise ask the employer to insure them.",
            member_id=member.id,
            accepted=accepted,
        )
    if contract_term_too_long(spell.contract_start, spell.contract_end):
        yield r.WELFARE_TERM.finding(
            spell.id,
            hid,
            f"{name}的公益性岗位合同为{spell.contract_start}至{spell.contract_end}，超过1年。"
            "按规定每次签订期限不超过1年；请核对合同日期，或到期前按1年重新签订。",
            f"{en_name}'s public-welfare post contract runs {spell.contract_start} to {spell.contract_end}, more "
            "than a year. Each contract may run at most one year: check the dates, or renew for one year.",
            member_id=member.id,
            accepted=accepted,
        )


def _paid_twice(bundle: HouseholdBundle, member: MemberFacts, spell: SpellFacts) -> Iterator[Finding]:
    """A 交通补助 recorded on this spell for a year another of the member's spells records one for already
    (§(四): 每年享受1次). The first of them (by start month) is the payment; each later one is the finding, so
    accepting it accepts that one record. The lists take a person paid this year off already
    (`followup.transport_subsidy`); this says that a second payment was made, or typed twice."""
    year = spell.transport_subsidy_year
    if year is None:
        return
    paid = sorted((s for s in bundle.spells_of(member.id) if s.transport_subsidy_year == year), key=_recorded)
    if not paid or paid[0].id == spell.id:  # the first, or a deleted spell asked about
        return
    name, en_name = bundle.who(member)
    zh_first, en_first = _spell_label(paid[0])
    zh_spell, en_spell = _spell_label(spell)
    yield r.TRANSPORT_TWICE.finding(
        spell.id,
        bundle.household.id,
        f"{name}的就业记录{zh_spell}登记了{year}年的交通补助，但就业记录{zh_first}已登记{year}年的交通补助。"
        "一次性外出务工交通补助每人每年只能享受1次（云人社通〔2021〕49号第（四）条）。"  # noqa: RUF001 - as written
        "如是重复录入，请删去其中一条的交通补助；确已发放两次的，请报县里处理，并填写原因后接受。",
        f"{en_name}'s employment{en_spell} records a travel subsidy for {year}, but the employment{en_first} "
        f"records one for {year} already. The one-off travel subsidy is paid once a year (Yunnan 2021 No. 49, §4). "
        "If it was typed twice, clear one of them; if it really was paid twice, report it to the county and accept "
        "this with a reason.",
        member_id=member.id,
        accepted=bundle.accepted,
    )


def _recorded(spell: SpellFacts) -> tuple[str, str]:
    return spell.start_month or "", spell.id
