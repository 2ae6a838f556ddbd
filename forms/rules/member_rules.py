"""Rules on one member: the ID number and what is derived from it, duplicates, and age against work and skill."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ..findings import Finding
from ..idnumber import IdProblem, normalise
from ..settings import RuleSettings
from . import registry as r
from .bundle import HouseholdBundle, MemberFacts
from .employment_rules import spell_findings
from .labour import (
    FULL_LABOUR_SKILLS,
    IMPLAUSIBLE_AGE,
    LEGAL_WORKING_AGE,
    NO_LABOUR,
    SKILLED,
    age_on,
    is_employed,
    is_labour_member,
    is_of_labour_age,
    is_working,
)
from .name_rules import name_findings
from .two_after import AGE_LIMIT, at_school, past_the_age

#: ID types whose number is a resident ID (a disability card number embeds one); 其他 is not checked.
CHECKED_ID_TYPES = (None, "", "居民身份证", "残疾人证")
#: 证件类型 of a person recorded before their number is known: a newborn not yet registered (未落户), or someone
#: whose 户口簿 is with a relative. They count in the household like anyone; the number is asked for until given.
NO_ID_NUMBER = "暂无证件号码"
CHECK_CHARACTERS = "10X98765432"
#: What `normalise` leaves untouched and can only reject for a check character, a date or an address code:
#: 18 characters, or a disability card number with a valid category and grade.
CANONICAL_ID = re.compile(r"[0-9]{17}[0-9X](?:[1-7][1-4](?:[0-9]{2})?)?")
_ADDRESS_BY_PREFIX: dict[str, IdProblem | None] = {}


def check_character_ok(number: str) -> bool:
    """Whether the 18th character of a number already shaped like `CANONICAL_ID` is its GB 11643 check character.

    The weights 7 9 10 5 8 4 2 1 6 3 … are 2¹⁷ … 2¹ mod 11, and 13 ≡ 2 (mod 11), so reading the 17 digits as a
    base-13 number gives Σ aᵢ·2^(17-i)/2 mod 11 in one C call: `anju check` runs this on every member.
    """
    return CHECK_CHARACTERS[(2 * int(number[:17], 13)) % 11] == number[17]


def id_problem(number: str, today: date) -> IdProblem | None:
    """`normalise(number, today).problem`, fast for the numbers a database holds.

    A stored number is already normalised. When it has the canonical shape, a right check character and a real
    birth date between 1900 and today, `normalise` can only still object to its county code, and that depends on
    the code and the birth year alone (the first 10 characters), so that answer is kept per prefix. Anything
    else goes through `normalise` itself. A test checks the two agree on random numbers.
    """
    if CANONICAL_ID.fullmatch(number) and check_character_ok(number):
        born = birth_date_in(number)
        if born is not None and born.year >= 1900 and born <= today:
            prefix = number[:10]
            if prefix not in _ADDRESS_BY_PREFIX:
                _ADDRESS_BY_PREFIX[prefix] = normalise(number, today).problem
            return _ADDRESS_BY_PREFIX[prefix]
    return normalise(number, today).problem


def birth_date_in(number: str) -> date | None:
    """The birth date in positions 7–14, None if they are not a date."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def sex_in(number: str) -> str:
    return "男" if number[16] in "13579" else "女"


def member_findings(bundle: HouseholdBundle, member: MemberFacts, settings: RuleSettings, today: date) -> list[Finding]:
    """Every rule on one live member and their spells: ID, duplicates, age against work and skill, the name, and
    spells.

    The result depends only on the member, their spells, the other members holding the same ID number and the
    accepted overrides, so `anju check` may run it on a bundle holding just the members it screened.
    """
    findings = [
        *id_findings(bundle, member, today),
        *no_number_findings(bundle, member),
        *duplicate_findings(bundle, member),
        *age_findings(bundle, member, settings, today),
        *name_findings(bundle, member),
        *two_after_findings(bundle, member, today),
    ]
    for spell in bundle.spells_of(member.id):
        findings.extend(spell_findings(bundle, member, spell, settings, today))
    return findings


def id_findings(bundle: HouseholdBundle, member: MemberFacts, today: date) -> Iterator[Finding]:
    """ID checksum / invalid ID, and birth date and sex agreeing with the ID."""
    number = member.id_number
    if not number or member.id_type not in CHECKED_ID_TYPES:
        return
    hid, accepted = bundle.household.id, bundle.accepted
    zh_name, en_name = bundle.who(member)
    problem = id_problem(number, today)
    if problem is not None:
        yield _problem_rule(problem).finding(
            member.id,
            hid,
            f"{zh_name}的证件号码{number}：{problem.zh}",
            f"{en_name}'s ID number {number}: {problem.en}",
            member_id=member.id,
            accepted=accepted,
        )
        if not problem.overridable:
            return  # nothing can be derived from a number that is not one
    born, sex = birth_date_in(number), sex_in(number)
    if born is not None and member.birth_date != born:
        stored = member.birth_date.isoformat() if member.birth_date else "空"
        yield r.BIRTH_MISMATCH.finding(
            member.id,
            hid,
            f"{zh_name}的出生日期为{stored}，但证件号码中的出生日期是{born.isoformat()}。请核对证件号码，"
            "出生日期应按证件号码填写。",
            f"{en_name}'s birth date is {member.birth_date or 'empty'}, but the ID number says {born.isoformat()}. "
            "Check the ID number; the birth date must follow it.",
            member_id=member.id,
        )
    if member.sex != sex:
        stored_sex = member.sex or "空"
        en_sex = {"男": "male", "女": "female"}
        yield r.SEX_MISMATCH.finding(
            member.id,
            hid,
            f"{zh_name}的性别为“{stored_sex}”，但证件号码第17位表示“{sex}”。请核对证件号码，性别应按证件号码填写。",
            f"{en_name}'s sex is {en_sex.get(member.sex or '', 'empty')}, but digit 17 of the ID number says "
            f"{en_sex[sex]}. Check the ID number; the sex must follow it.",
            member_id=member.id,
        )


def no_number_findings(bundle: HouseholdBundle, member: MemberFacts) -> Iterator[Finding]:
    """A member with no resident ID number to derive age and sex from must have them typed in (else they are never
    counted as labour, nor seen to be too young to work); one recorded as 暂无证件号码 stays a warning until the
    number is typed in, so the follow-up is not forgotten (it does not stop 已完成: the person is real)."""
    if member.id_type in CHECKED_ID_TYPES:
        return
    hid = bundle.household.id
    zh_name, en_name = bundle.who(member)
    missing = [
        (zh, en)
        for value, zh, en in ((member.birth_date, "出生日期", "birth date"), (member.sex, "性别", "sex"))
        if not value
    ]
    if missing:
        zh_what, en_what = "和".join(m[0] for m in missing), " and ".join(m[1] for m in missing)
        yield r.BIRTH_UNKNOWN.finding(
            member.id,
            hid,
            f"{zh_name}没有可推算的身份证号码，请按户口簿或出生证明填写{zh_what}：年龄和是否劳动力按它计算。",
            f"{en_name} has no resident ID number to derive it from: type in the {en_what} from the household "
            "register or birth certificate; age and labour are counted from it.",
            member_id=member.id,
        )
    if member.id_type != NO_ID_NUMBER:
        return
    if member.id_number:
        zh = (
            f"{zh_name}已有证件号码{member.id_number}，证件类型却仍是“暂无证件号码”："
            "请把证件类型改为“居民身份证”并核对号码。"
        )
        en = (
            f"{en_name} now has the ID number {member.id_number}, but the ID type still says no number: set it to "
            "resident ID card and check the number."
        )
    else:
        zh = f"{zh_name}暂无证件号码，待补录：拿到户口簿或落户后，把证件类型改为“居民身份证”并填写号码。"
        en = (
            f"{en_name} has no ID number yet: once registered or the household register is at hand, set the ID type "
            "to resident ID card and type in the number."
        )
    yield r.NO_ID_NUMBER.finding(member.id, hid, zh, en, member_id=member.id, accepted=bundle.accepted)


def _problem_rule(problem: IdProblem) -> r.Rule:
    if not problem.overridable:
        return r.ID_INVALID
    return r.ID_CHECKSUM if problem.code == "checksum" else r.ID_ADDRESS


#: The verdict on a number the ID rules accept but that is not stored in its canonical form (`CANONICAL_ID`).
NOT_CANONICAL = "not_canonical"
#: The verdict when no ID rule applies: no number, or a document type whose number is not checked.
NOT_CHECKED = "-"


def id_verdict(id_type: str | None, number: str | None, sex: str | None, birth_date: object) -> str:
    """What `id_findings` says of a member whatever the survey date: "" when it finds nothing on any date from the
    birth date in the number on and the number is stored in its canonical form (18 characters, or a disability
    card number); `NOT_CHECKED` when no ID rule applies; otherwise why not: the code of the first finding, or
    `NOT_CANONICAL`. Stored as
    ``Member.id_check`` (derived on every write), so `anju check` runs `id_findings` only on the members whose
    verdict is not "" or whose birth date is after the survey date (the one case where the date matters: a number
    born later than the survey date is invalid on that date), and knows the shape of every other checked number.
    It follows `id_findings` step by step, with the survey date `date.max`; a property test holds the two
    together.

    ``birth_date`` is a date, or ISO text as sync rows carry it.
    """
    if not number or id_type not in CHECKED_ID_TYPES:
        return NOT_CHECKED
    if not CANONICAL_ID.fullmatch(number):
        return NOT_CANONICAL
    if isinstance(birth_date, str):
        try:
            birth_date = date.fromisoformat(birth_date)
        except ValueError:
            return r.BIRTH_MISMATCH.code  # not a date at all: never equal to the number's
    problem = id_problem(number, date.max)
    if problem is not None:
        return _problem_rule(problem).code
    if birth_date != birth_date_in(number):  # a number without problem has a real birth date
        return r.BIRTH_MISMATCH.code
    if sex != sex_in(number):
        return r.SEX_MISMATCH.code
    return ""


def duplicate_findings(bundle: HouseholdBundle, member: MemberFacts) -> Iterator[Finding]:
    """The same 证件号码 on another live member, here or in another live household."""
    number = member.id_number
    if not number:
        return
    zh_name, en_name = bundle.who(member)
    twins = [m for m in bundle.live_members if m.id != member.id and m.id_number == number]
    for twin in twins:
        yield r.ID_DUPLICATE.finding(
            member.id,
            bundle.household.id,
            f"{zh_name}的证件号码{number}与本户成员{bundle.who(twin)[0]}相同。同一个人只能登记一次，请核对。",
            f"{en_name}'s ID number {number} is the same as household member {bundle.who(twin)[1]}'s. "
            "A person is recorded once; check them.",
            member_id=member.id,
        )
    for other in bundle.elsewhere.get(number, ()):
        if other.household_id == bundle.household.id:
            continue
        where = "，".join(p for p in (f"户编号{other.hh_number}" if other.hh_number else "", other.address) if p)
        yield r.ID_DUPLICATE.finding(
            member.id,
            bundle.household.id,
            f"{zh_name}的证件号码{number}也登记在另一户（{where or '无户编号'}，成员{other.name}）。"
            "同一个人只能在一户中登记，请核实他实际住在哪一户。",
            f"{en_name}'s ID number {number} is also recorded in another household ({where or 'no number'}, "
            f"member {other.name}). A person belongs to one household; check where they live.",
            member_id=member.id,
        )


def implausible_age_finding(bundle: HouseholdBundle, member: MemberFacts, age: int, today: date) -> Finding:
    """Aged `IMPLAUSIBLE_AGE` or over on the survey date: say where the birth date came from and what to check.

    A resident ID number passes every check with its year typed wrong when it was an old 15-digit one (it has no
    check character; `normalise` adds one to whatever was typed), so that is what to look at first."""
    assert member.birth_date is not None
    zh_name, en_name = bundle.who(member)
    born = member.birth_date.isoformat()
    number = member.id_number
    if number and member.id_type in CHECKED_ID_TYPES and birth_date_in(number) == member.birth_date:
        zh_where = f"证件号码{number}中的出生日期是{born}"
        en_where = f"the ID number {number} says born {born}"
        zh_do = "请对照户口簿或身份证核对证件号码（15位旧号码没有校验位，年份写错查不出来，如把72写成12）"
        en_do = (
            "Check the ID number against the household register or ID card (an old 15-digit number has no check "
            "character, so a wrong year passes, e.g. 12 typed for 72)"
        )
    else:
        # 其他证件 or 暂无证件号码 (the date typed in), or a number the ID rules already find at odds with it
        zh_where, en_where = f"出生日期为{born}", f"the birth date is {born}"
        zh_do = "请对照证件或户口簿核对出生日期"
        en_do = "Check the birth date against the document or household register"
    return r.AGE_IMPLAUSIBLE.finding(
        member.id,
        bundle.household.id,
        f"{zh_name}的{zh_where}，到{today.isoformat()}已{age}岁，百岁以上的人很少，可能录错了。{zh_do}；"
        "属实可填写原因后接受。",
        f"{en_name}: {en_where}, {age} on {today.isoformat()}. People of 100 or over are rare; it may be a typing "
        f"mistake. {en_do}; if it is right, accept it with a reason.",
        member_id=member.id,
        accepted=bundle.accepted,
    )


def age_findings(
    bundle: HouseholdBundle, member: MemberFacts, settings: RuleSettings, today: date
) -> Iterator[Finding]:
    """Under 16 or a student with work; elderly full labour; 100 or over; of labour age yet 无劳动力; skilled labour
    without work."""
    hid, accepted = bundle.household.id, bundle.accepted
    zh_name, en_name = bundle.who(member)
    spells = bundle.spells_of(member.id)
    age = age_on(member.birth_date, today) if member.birth_date is not None else None
    young = age is not None and age < LEGAL_WORKING_AGE
    if (young or member.student_status) and is_working(spells, today):
        if young:
            zh_why, en_why = f"未满16周岁（{age}岁）", f"is under 16 ({age})"
        else:
            zh_why, en_why = f"是在校生（{member.student_status}）", f"is a student ({member.student_status})"
        yield r.MINOR_EMPLOYED.finding(
            member.id,
            hid,
            f"{zh_name}{zh_why}，却有正在进行的就业记录。请核对：结束这段就业，或改正年龄/在校生状况。",
            f"{en_name} {en_why} but has an ongoing employment spell. End the spell, or correct the age or "
            "student status.",
            member_id=member.id,
        )
    if age is not None and age >= settings.elderly_age and member.labour_skill in FULL_LABOUR_SKILLS:
        yield r.ELDERLY_LABOUR.finding(
            member.id,
            hid,
            f"{zh_name}已{age}岁，劳动技能却记为“{member.labour_skill}”。请核实，通常应为“弱劳动力或半劳动力”"
            "或“丧失劳动力”；属实可填写原因后接受。",
            f"{en_name} is {age} but recorded as “{member.labour_skill}”. Check it (usually weak/half labour or "
            "none); if it is right, accept it with a reason.",
            member_id=member.id,
            accepted=accepted,
        )
    if age is not None and age >= IMPLAUSIBLE_AGE:
        yield implausible_age_finding(bundle, member, age, today)
    if member.labour_skill == NO_LABOUR and is_of_labour_age(
        member.birth_date, member.sex, member.student_status, settings, today
    ):
        # A child recorded as 无劳动力 turns 16, or a student leaves school, with nobody editing the record: unless
        # their capacity is assessed again they are never labour, and their household never 零就业.
        yield r.WORKING_AGE_NO_LABOUR.finding(
            member.id,
            hid,
            f"{zh_name}已{age}岁、不在校，劳动技能仍记为“无劳动力”（未满16周岁和在校时的记法）。请重新评定："
            "能劳动的改为“普通劳动力”“技能劳动力”或“弱劳动力或半劳动力”（计入劳动力），确实不能劳动的改为"
            "“丧失劳动力”；属实可填写原因后接受。",
            f"{en_name} is {age} and out of school but still recorded as “no labour” (how a child under 16 or a "
            "student is recorded). Assess them again: able to work, choose ordinary, skilled or weak/half labour "
            "(counted as labour); truly unable, choose “lost labour capacity”; if it is right, accept it with a "
            "reason.",
            member_id=member.id,
            accepted=accepted,
        )
    if (
        member.labour_skill == SKILLED
        and is_labour_member(member.birth_date, member.sex, member.student_status, member.labour_skill, settings, today)
        and not is_employed(spells, settings, today)
    ):
        yield r.SKILLED_UNEMPLOYED.finding(
            member.id,
            hid,
            f"{zh_name}是技能劳动力，但目前没有就业。请核实就业情况，或为其安排职业介绍等帮扶措施；属实可填写原因后接受。",
            f"{en_name} is skilled labour but has no current employment. Check it, or arrange a measure such as "
            "job referral; if it is right, accept it with a reason.",
            member_id=member.id,
            accepted=accepted,
        )


def two_after_findings(bundle: HouseholdBundle, member: MemberFacts, today: date) -> Iterator[Finding]:
    """The 两后生 flag where what is recorded says otherwise (`two_after`): still at school, or clearly past the
    age. The member stays on the 两后生 list until someone clears the flag: who counts is the county's to say."""
    if member.two_after is not True:
        return
    zh_name, en_name = bundle.who(member)
    status = member.student_status
    if at_school(status):
        yield r.TWO_AFTER_AT_SCHOOL.finding(
            member.id,
            bundle.household.id,
            f"{zh_name}标为两后生，在校生状况却是“{status}”。两后生是初、高中毕业后未能继续升学的人，还在上学的"
            "不算。请核实：已经不上学的，更正在校情况（在校生状况留空）；确实在上学的，取消两后生标记；确属两后生"
            "的，可填写原因后接受。",
            f"{en_name} is marked 两后生 (left school after junior or senior high without going on), but the "
            f"student status is “{status}”: someone still at school is not. Check it: out of school, correct the "
            "student status (leave it empty); still at school, clear the 两后生 mark; if they are 两后生 all the "
            "same, accept it with a reason.",
            member_id=member.id,
            accepted=bundle.accepted,
        )
    if member.birth_date is not None and past_the_age(member.birth_date, today):
        age = age_on(member.birth_date, today)
        yield r.TWO_AFTER_PAST_AGE.finding(
            member.id,
            bundle.household.id,
            f"{zh_name}标为两后生，但已{age}岁。两后生是初、高中毕业后未能继续升学的青年，{AGE_LIMIT}岁及以上的人"
            "离开学校已十年以上，多半是标错了。请核实：不是两后生的，取消两后生标记；年龄不对的，核对出生日期；"
            "确属两后生的，可填写原因后接受。",
            f"{en_name} is marked 两后生 (left school after junior or senior high without going on) but is {age}: "
            f"at {AGE_LIMIT} or over they left school more than ten years ago, so the mark is most likely wrong. "
            "Check it: not 两后生, clear the mark; a wrong age, check the birth date; if they are 两后生 all the "
            "same, accept it with a reason.",
            member_id=member.id,
            accepted=bundle.accepted,
        )
