"""`anju check`: every finding in the database, grouped by rule, naming household and member.

Running the per-household rules on 50,000 households would take most of a minute, so the check works in two
steps. First it *screens* the database with set-based queries (and one pass over the ID numbers in Python,
where a check character costs one C call), which name every household and member that could have a finding.
Then it loads just those — a few percent — and runs the very same rule code the editor runs: the household rules
on whole households named by a household screen (户主, 零就业, duplicate ID numbers), the member rules on the
members named by a member screen. A screen may name a record that turns out clean, never miss one: the property
tests compare the check with the per-household rules over every household of random databases.

Why not threads: the screening queries are independent, but SQLite connections in one process contend with each
other (measured on two cores: two queries side by side were barely faster than one after the other, and each ran
two to three times slower), so they run in turn, in one read transaction (one consistent snapshot).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Integer, Select, String, case, cast, func, or_, select

from .findings import Finding
from .rules import registry
from .rules.bundle import HouseholdBundle
from .rules.household_rules import household_findings
from .rules.labour import (
    FULL_LABOUR_SKILLS,
    HEAD,
    IN_COUNTY,
    LEGAL_WORKING_AGE,
    SKILLED,
    WELFARE_POST,
    WORKSHOP,
    birth_cutoff,
    contract_term_too_long,
)
from .rules.loading import CHUNK, Labelled, labelled_members, load_bundles, load_labelled, member_bundles, read_labelled
from .rules.member_rules import CHECK_CHARACTERS, CHECKED_ID_TYPES, id_problem, member_findings
from .rules.sql import HOUSEHOLDS, MEMBERS, SPELLS, central_rule_breaches, household_counts, not_empty, ongoing
from .rules.sql import employed as employed_exists
from .rules.sql import labour_member as labour_condition
from .rules.sql import working as working_exists
from .settings import RuleSettings
from .store import Store

H, M, E = HOUSEHOLDS, MEMBERS, SPELLS


@dataclass(frozen=True)
class Entry:
    """One finding with the names a person needs to find it: 户编号, 楼栋门牌, 户主, and the member."""

    finding: Finding
    hh_number: str | None
    address: str
    head_name: str | None
    site_name: str | None
    member_name: str | None


@dataclass(frozen=True)
class RuleGroup:
    rule: registry.Rule
    entries: tuple[Entry, ...]

    @property
    def open(self) -> int:
        return sum(not e.finding.accepted for e in self.entries)

    @property
    def accepted(self) -> int:
        return sum(e.finding.accepted for e in self.entries)


@dataclass(frozen=True)
class CheckReport:
    on: date
    households: int  # households checked (tombstoned and 作废 ones do not count)
    screened: int  # households the screen named, whose rules were run
    groups: tuple[RuleGroup, ...]
    seconds: float

    def _count(self, severity: str, accepted: bool) -> int:
        return sum(
            1 for g in self.groups for e in g.entries if g.rule.severity == severity and e.finding.accepted == accepted
        )

    @property
    def errors(self) -> int:
        """Open errors: each blocks its household from being complete."""
        return self._count("error", False)

    @property
    def warnings(self) -> int:
        return self._count("warning", False)

    @property
    def accepted(self) -> int:
        return sum(g.accepted for g in self.groups)

    @property
    def ok(self) -> bool:
        return self.errors == 0


def check_database(store: Store, settings: RuleSettings, on: date) -> CheckReport:
    """Every finding of every counting household on ``on``."""
    started = time.perf_counter()
    with store.engine.connect() as conn:
        screen = screen_database(conn, settings, on)
        whole = load_bundles(conn, screen.households, duplicated=screen.duplicated)
        in_whole = {m.id for bundle in whole for m in bundle.members}
        labelled = {k: v for k, v in screen.members.items() if k not in in_whole}
        partial = member_bundles(conn, labelled.values())
    groups: dict[str, list[Entry]] = {code: [] for code in registry.ORDER}
    for bundle in whole:
        for finding in household_findings(bundle, settings, on):
            groups[finding.code].append(_entry(bundle, finding, bundle.head_name))
    for bundle in partial:
        head = labelled[bundle.members[0].id].head_name
        for member in bundle.live_members:
            for finding in member_findings(bundle, member, settings, on):
                groups[finding.code].append(_entry(bundle, finding, head))
    ordered = tuple(
        RuleGroup(registry.RULES[code], tuple(sorted(entries, key=_entry_order)))
        for code, entries in groups.items()
        if entries
    )
    return CheckReport(on, screen.counting, len(whole) + len(partial), ordered, time.perf_counter() - started)


def check_households(bundles: Iterable[HouseholdBundle], settings: RuleSettings, on: date) -> list[Finding]:
    """The per-household rules over every bundle: what `check_database` must equal (used by the tests)."""
    return [f for bundle in bundles for f in household_findings(bundle, settings, on)]


def _entry(bundle: HouseholdBundle, finding: Finding, head_name: str | None) -> Entry:
    household = bundle.household
    member = bundle.member(finding.member_id)
    return Entry(
        finding,
        household.hh_number,
        household.address,
        head_name,
        household.site_name,
        member.name if member else None,
    )


def _entry_order(entry: Entry) -> tuple[str, str, str, str]:
    return (entry.site_name or "", entry.address, entry.finding.household_id or "", entry.finding.record_id)


# ---- the screen -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Screen:
    households: set[str]  # households that may break a household rule (or hold a duplicated ID number)
    members: dict[str, Labelled]  # members who may break a member or employment rule, with their households
    duplicated: set[str]  # ID numbers held by more than one member record
    counting: int  # households that count


def screen_database(conn: Connection, settings: RuleSettings, on: date) -> Screen:
    """Name every household and member that could have a finding on ``on``."""
    counting = set(conn.execute(select(H.c.id).where(household_counts(H))).scalars())
    heads = Counter(conn.execute(_heads()).scalars())
    households = {hid for hid in counting if heads[hid] != 1}
    households.update(conn.execute(central_rule_breaches(settings, on)).scalars())
    duplicated = set(conn.execute(_duplicated_numbers()).scalars())
    members = read_labelled(conn.execute(_member_rule_suspects(settings, on)))
    more = _spell_rule_suspects(conn, settings, on)
    suspects = _id_number_suspects(conn, on)
    for number_chunk in _chunks(sorted(suspects | duplicated)):
        query = select(M.c.id, M.c.household_id, M.c.id_number).where(
            M.c.id_number.in_(number_chunk), M.c.deleted_at.is_(None)
        )
        for member_id, household_id, number in conn.execute(query):
            if number in duplicated:
                households.add(household_id)
            else:
                more.add(member_id)
    members.update(load_labelled(conn, more - members.keys()))
    return Screen(households & counting, members, duplicated, len(counting))


def _chunks(items: list[str]) -> Iterable[list[str]]:
    return (items[i : i + CHUNK] for i in range(0, len(items), CHUNK))


def _heads() -> Select[Any]:
    return select(M.c.household_id).where(M.c.deleted_at.is_(None), M.c.relation == HEAD)


def _duplicated_numbers() -> Select[Any]:
    """证件号码 held by more than one member record, live or not (the index alone answers this)."""
    return (
        select(M.c.id_number)
        .where(M.c.id_number.is_not(None), M.c.id_number != "")
        .group_by(M.c.id_number)
        .having(func.count() > 1)
    )


def _checked_id() -> Any:
    return or_(M.c.id_type.is_(None), M.c.id_type.in_([t for t in CHECKED_ID_TYPES if t is not None]))


def _member_rule_suspects(settings: RuleSettings, on: date) -> Select[Any]:
    """Members who are under 16 or students and work, elderly full labour, skilled labour without work, or whose
    birth date or sex disagree with their ID number (or whose birth date lies outside 1900 – ``on``), read with
    their households (`labelled_members`: the household is looked up for these few rows only)."""
    number = M.c.id_number
    # replace() and a modulo are the cheapest portable spelling (this runs on every member).
    birth_digits = func.replace(cast(M.c.birth_date, String), "-", "")
    sex_in_number = case((cast(func.substr(number, 17, 1), Integer) % 2 == 1, "男"), else_="女")
    too_young = M.c.birth_date > birth_cutoff(on, LEGAL_WORKING_AGE)
    elderly = M.c.birth_date <= birth_cutoff(on, settings.elderly_age)
    return labelled_members(
        M.c.deleted_at.is_(None),
        or_(
            elderly & M.c.labour_skill.in_(FULL_LABOUR_SKILLS),
            (too_young | not_empty(M.c.student_status)) & working_exists(M, on),
            (M.c.labour_skill == SKILLED) & labour_condition(M, settings, on) & ~employed_exists(M, settings, on),
            not_empty(number)
            & _checked_id()
            & or_(
                M.c.birth_date.is_(None),
                M.c.sex.is_(None),
                M.c.birth_date < date(1900, 1, 1),
                M.c.birth_date > on,
                birth_digits != func.substr(number, 7, 8),
                M.c.sex != sex_in_number,
            ),
        ),
    )


def _spell_rule_suspects(conn: Connection, settings: RuleSettings, on: date) -> set[str]:
    """Members with a spell of implausible income, a post outside the county, or a current 公益性岗位 that lacks
    insurance or might run over a year (the term is judged in Python: SQL date arithmetic is not portable)."""
    welfare_now = (E.c.form == WELFARE_POST) & ongoing(E, on)
    certain = or_(
        E.c.monthly_income < settings.income_min,
        E.c.monthly_income > settings.income_max,
        E.c.form.in_((WELFARE_POST, WORKSHOP)) & not_empty(E.c.place_scope) & (E.c.place_scope != IN_COUNTY),
        welfare_now & E.c.accident_insurance.is_not(True),
    )
    term = welfare_now & E.c.contract_start.is_not(None) & E.c.contract_end.is_not(None)
    query = select(E.c.member_id, certain, E.c.contract_start, E.c.contract_end).where(
        E.c.deleted_at.is_(None), or_(certain, term)
    )
    return {
        member_id
        for member_id, is_certain, start, end in conn.execute(query)
        if is_certain or contract_term_too_long(start, end)
    }


def _id_number_suspects(conn: Connection, on: date) -> set[str]:
    """Numbers that may fail an ID rule: all but 18-character numbers with a right check character and a county
    code that `id_problem` accepts for their birth year. (Birth dates are screened in SQL, above.)

    This pass touches every member, so it reads raw rows (no per-row processing by SQLAlchemy) and tests the check
    character in a comprehension; the county code is judged once per code and birth year.
    """
    query = select(M.c.id_number).where(M.c.deleted_at.is_(None), not_empty(M.c.id_number), _checked_id())
    result = conn.execute(query)
    numbers: list[str] = [row[0] for row in result.cursor.fetchall()]
    result.close()
    # check_character_ok inlined: this line runs once per member.
    checks = CHECK_CHARACTERS
    suspects = {
        n
        for n in numbers
        if not (len(n) == 18 and n.isascii() and n[:17].isdigit() and checks[(2 * int(n[:17], 13)) % 11] == n[17])
    }
    samples = {n[:10]: n for n in numbers if n not in suspects}
    bad_prefixes = {prefix for prefix, n in samples.items() if id_problem(n, on) is not None}
    if bad_prefixes:
        suspects.update(n for n in numbers if n[:10] in bad_prefixes)
    return suspects
