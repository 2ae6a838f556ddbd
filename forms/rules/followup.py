"""The worklists, decided for one household in Python: the reference the SQL in `forms.worklists` must equal.

Each function answers "who in this household is on the list" on a date, as keys: ``(household_id,)`` for a
household list, ``(household_id, member_id)`` for a member list, ``(household_id, member_id, spell_id)`` for the
contract list (one row per contract). Tombstoned records and 作废 households are never on a list.

Decisions the policy leaves open, made here once:
- 就业转失业 since a date: a counting spell ended in a month from the date's month up to last month, and the
  person has no ongoing counting spell now (a spell ending this month is still ongoing, see `labour`). Unless
  told otherwise the date is 1 January of the year of last month (`default_since`).
- 就业转失业 is of people who were counted as 就业 and are no longer (`counted_before_it_ended`): the job of a child
  under 16 was never 就业 (`labour.counts_as_employed`: not in 就业人数, not lifting 零就业), so a 15-year-old whose
  job ended did not "turn unemployed" and is not reported upward as such (the member rule flagged the job as an
  error while it lasted). Someone who turned 16 while working was counted from their birthday, so losing that job
  is 就业转失业 — also when the birthday fell in the month the job ended (they counted on its last day). A spell
  without a start month, or starting after its end month, was ongoing in no month (`labour.is_ongoing`): it never
  counted as 就业, so its end is no 就业转失业 either (`ended_between`).
- both §(四) subsidies are for 脱贫人口 (对外出务工且稳定就业3个月以上的脱贫人口 …; 对组织当地脱贫人口有组织劳务输出
  …): only members of a household whose 户类型 is 脱贫户 are listed, never a 一般农户 (nor one whose 户类型 is
  not filled in: the field check asks for it).
- "stable work for 3 months" (§(四) 外出务工且稳定就业3个月以上): one spell with 3 complete months of work, worked
  in the date's year, whether the person is still there or has come home (the subsidy is paid after the work, on
  收入证明; nothing in §(四) asks them to be away still). An ongoing spell's complete months are those before the
  date's month (started in August or earlier for a date in November); a spell that ended earlier this year counts
  its end month too (May to July is 3). A spell that ended last year is last year's.
- 一次性外出务工交通补助 is once a year per person: nobody whose spells record a payment this year is listed.
- neither subsidy lists a member under 16 on the list's date: a child's job is not lawful employment (劳动法
  §15; the member rule flags it as an error), so it is neither 外出务工且稳定就业 nor a 劳务输出 to pay anyone for.
- 就业创业服务补助 counts only organised work away from home: a 乡村公益性岗位 (§(十二)) or 就业帮扶车间 (§(九)) is
  work at home (§(三) 就地就近就业), nobody's 劳务输出, even ticked 有组织劳务输出 (`employment_rules` flags the
  tick as an error). A worker with such a post and a real organised spell is listed for the real one.
- the subsidies are paid to a person, not to a household record (`once_per_person`): one 证件号码 on members of two
  households (a family entered twice, one roster imported by two stations: `anju check` and 重复人员 flag it until
  someone merges them) is one person, listed once, and a payment recorded on any copy of them removes every copy.
  The person is the number's first 18 characters, as the import matches members (a 残疾人证 number is the ID number
  and two more); a member without a number is their own person. A payment counts on any live member of a household
  that is not tombstoned, 作废 included: a household voided as a duplicate still records what was paid.
- 公益性岗位 contracts "ending within 30 days" include contracts that already ended while the post is still
  ongoing: those need renewing first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from ..settings import RuleSettings
from .bundle import HouseholdBundle, MemberFacts, SpellFacts
from .household_rules import is_zero_employment
from .labour import (
    LOCAL_POSTS,
    OUT_OF_PROVINCE,
    POVERTY_ALLEVIATED,
    WELFARE_POST,
    add_months,
    contract_ends_soon,
    counts_as_employed,
    is_employed,
    is_labour_member,
    is_ongoing,
    last_day_of,
    month_of,
    old_enough_to_work,
)
from .member_rules import NO_ID_NUMBER

Key = tuple[str, ...]
Rule = Callable[[HouseholdBundle, RuleSettings, date, date], set[Key]]


def default_since(on: date) -> date:
    """就业转失业 looks back to the first day of the year unless told otherwise; in January, to the first day of
    last year. A spell ending this month still counts as work (`labour`), so in January nothing can have ended
    since 1 January yet, and a job that ended in December would never be on the list at all."""
    return date(on.year if on.month > 1 else on.year - 1, 1, 1)


def _members(bundle: HouseholdBundle) -> tuple[MemberFacts, ...]:
    return bundle.live_members if bundle.household.counts else ()


def zero_employment(bundle: HouseholdBundle, settings: RuleSettings, on: date, since: date) -> set[Key]:
    return {(bundle.household.id,)} if bundle.household.counts and is_zero_employment(bundle, settings, on) else set()


def ended_months(since: date, on: date) -> tuple[str, ...]:
    """The months a spell may have ended in to be on 就业转失业: from the month of ``since`` up to last month."""
    first, now = month_of(since), month_of(on)
    months: list[str] = []
    while first < now:
        months.append(first)
        first = add_months(first, 1)
    return tuple(months)


def ended_between(start_month: str | None, end_month: str | None, since: date, on: date) -> bool:
    """A spell that ended in a month from the month of ``since`` up to last month, after being ongoing in at least
    one month (`labour.is_ongoing`: it has a start month, not after its end month): a spell that never counted as
    就业 did not end anyone's 就业."""
    if not start_month or not end_month:  # None or "" (`labour.is_empty`)
        return False
    return start_month <= end_month and month_of(since) <= end_month < month_of(on)


def counted_before_it_ended(birth_date: date | None, end_month: str, months: Iterable[str]) -> bool:
    """Whether a job that ended in ``end_month`` (one of ``months``, `ended_months`) was counted as 就业 before it
    ended: its holder was 16 (`labour.old_enough_to_work`) by the last day of its end month.

    Asked as "16 by the last day of one of ``months`` not after the end month", which is the same for a month
    typed right and still means something for one typed wrong (2026-1), so the SQL can ask it month by month."""
    return any(month <= end_month and old_enough_to_work(birth_date, last_day_of(month)) for month in months)


def became_unemployed(bundle: HouseholdBundle, settings: RuleSettings, on: date, since: date) -> set[Key]:
    months = ended_months(since, on)
    forms = settings.employment_forms
    keys: set[Key] = set()
    for m in _members(bundle):
        spells = bundle.spells_of(m.id)
        ended = any(
            s.form in forms
            and s.end_month
            and ended_between(s.start_month, s.end_month, since, on)
            and counted_before_it_ended(m.birth_date, s.end_month, months)
            for s in spells
        )
        if ended and not counts_as_employed(m.birth_date, spells, settings, on):
            keys.add((bundle.household.id, m.id))
    return keys


def job_seekers(bundle: HouseholdBundle, settings: RuleSettings, on: date, since: date) -> set[Key]:
    return {
        (bundle.household.id, m.id)
        for m in _members(bundle)
        if m.job_intent is True
        and is_labour_member(m.birth_date, m.sex, m.student_status, m.labour_skill, settings, on)
        and not is_employed(bundle.spells_of(m.id), settings, on)
    }


def training(bundle: HouseholdBundle, settings: RuleSettings, on: date, since: date) -> set[Key]:
    return {(bundle.household.id, m.id) for m in _members(bundle) if m.training_intent is True}


def two_after(bundle: HouseholdBundle, settings: RuleSettings, on: date, since: date) -> set[Key]:
    return {(bundle.household.id, m.id) for m in _members(bundle) if m.two_after is True}


def no_id_number(bundle: HouseholdBundle, settings: RuleSettings, on: date, since: date) -> set[Key]:
    """Members recorded as 暂无证件号码 (a baby not yet registered, a 户口簿 with a relative): the number is to be
    asked for at the next visit, until the 证件类型 is changed with it."""
    return {(bundle.household.id, m.id) for m in _members(bundle) if m.id_type == NO_ID_NUMBER}


def _subsidy_members(bundle: HouseholdBundle, on: date) -> tuple[MemberFacts, ...]:
    """The members the §(四) subsidies may be for on ``on``: those of a counting 脱贫户, not under 16 (a child's
    job is not 就业, `labour.old_enough_to_work`)."""
    if bundle.household.household_type != POVERTY_ALLEVIATED:
        return ()
    return tuple(m for m in _members(bundle) if old_enough_to_work(m.birth_date, on))


def ended_earlier_this_year(on: date) -> tuple[str, ...]:
    """The months a spell may have ended in and still be this year's work: January to last month of ``on``'s year
    (none in January; a spell ending this month is still ongoing, see `labour`)."""
    first = f"{on.year:04d}-01"
    return tuple(add_months(first, i) for i in range(on.month - 1))


def worked_stably(start_month: str | None, end_month: str | None, settings: RuleSettings, on: date) -> bool:
    """§(四) 稳定就业3个月以上 this year: ``subsidy_min_months`` complete months of work in the spell, which is
    ongoing on ``on`` (the months before its month count) or ended earlier in its year (its end month counts)."""
    if start_month is None or start_month == "":
        return False
    month = month_of(on)
    if is_ongoing(start_month, end_month, month):
        return start_month <= add_months(month, -settings.subsidy_min_months)
    return end_month in ended_earlier_this_year(on) and start_month <= add_months(
        str(end_month), 1 - settings.subsidy_min_months
    )


def _paid_this_year(spells: Iterable[SpellFacts], on: date) -> bool:
    return any(s.transport_subsidy_year == on.year for s in spells)


def transport_subsidy(bundle: HouseholdBundle, settings: RuleSettings, on: date, since: date) -> set[Key]:
    forms = settings.employment_forms
    keys: set[Key] = set()
    for m in _subsidy_members(bundle, on):
        spells = bundle.spells_of(m.id)
        if _paid_this_year(spells, on):
            continue
        if any(
            s.place_scope == OUT_OF_PROVINCE
            and s.form in forms
            and worked_stably(s.start_month, s.end_month, settings, on)
            for s in spells
        ):
            keys.add((bundle.household.id, m.id))
    return keys


def service_subsidy(bundle: HouseholdBundle, settings: RuleSettings, on: date, since: date) -> set[Key]:
    forms = settings.employment_forms
    return {
        (bundle.household.id, m.id)
        for m in _subsidy_members(bundle, on)
        if any(
            s.organised is True
            and s.form in forms
            and s.form not in LOCAL_POSTS  # work at home, nobody's 劳务输出 (§(九), §(十二))
            and worked_stably(s.start_month, s.end_month, settings, on)
            for s in bundle.spells_of(m.id)
        )
    }


def contracts_ending(bundle: HouseholdBundle, settings: RuleSettings, on: date, since: date) -> set[Key]:
    month = month_of(on)
    return {
        (bundle.household.id, m.id, s.id)
        for m in _members(bundle)
        for s in bundle.spells_of(m.id)
        if s.form == WELFARE_POST
        and is_ongoing(s.start_month, s.end_month, month)
        and contract_ends_soon(s.contract_end, on, settings.contract_notice_days)
    }


def person_of(member: MemberFacts) -> str:
    """Who a member is across households: the first 18 characters of the 证件号码, or the member's own id."""
    return member.id_number[:18] if member.id_number else member.id


def households_holding(bundles: Iterable[HouseholdBundle]) -> dict[str, set[str]]:
    """Each person's counting households (where a live member holds their number)."""
    held: dict[str, set[str]] = {}
    for bundle in bundles:
        for m in _members(bundle):
            held.setdefault(person_of(m), set()).add(bundle.household.id)
    return held


def once_per_person(name: str, keys: set[Key], bundles: Iterable[HouseholdBundle], on: date) -> set[Key]:
    """A subsidy list over the whole database from its per-household keys: a person paid this year on any copy
    (交通补助) is left out, and of a person's copies still listed only the one with the least member id is kept."""
    person: dict[str, str] = {}
    paid: set[str] = set()
    for bundle in bundles:
        if bundle.household.deleted:
            continue
        for m in bundle.live_members:
            person[m.id] = person_of(m)
            if name == "transport_subsidy" and _paid_this_year(bundle.spells_of(m.id), on):
                paid.add(person_of(m))
    first: dict[str, Key] = {}
    for key in keys:
        who = person[key[1]]
        if who not in paid and (who not in first or key[1] < first[who][1]):
            first[who] = key
    return set(first.values())


#: The lists of money paid to a person: each person is on them once, whatever number of households records them.
PER_PERSON = frozenset({"transport_subsidy", "service_subsidy"})


def listed(name: str, bundles: Iterable[HouseholdBundle], settings: RuleSettings, on: date, since: date) -> set[Key]:
    """Who is on list ``name`` over these households (the whole database): what `forms.worklists` must return."""
    bundles = list(bundles)
    keys: set[Key] = set()
    for bundle in bundles:
        keys |= RULES[name](bundle, settings, on, since)
    return once_per_person(name, keys, bundles, on) if name in PER_PERSON else keys


#: Every worklist by name, in the order the station sees them.
RULES: dict[str, Rule] = {
    "zero_employment": zero_employment,
    "became_unemployed": became_unemployed,
    "job_seekers": job_seekers,
    "training": training,
    "two_after": two_after,
    "transport_subsidy": transport_subsidy,
    "service_subsidy": service_subsidy,
    "contracts_ending": contracts_ending,
    "no_id_number": no_id_number,
}
