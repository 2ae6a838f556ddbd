"""`anju check`: every finding in the database, grouped by rule, naming household and member.

Running the editor's checks on 50,000 households would take most of a minute, so the check works in two steps.
First it *screens* the database with a few set-based queries, one pass over each table, which name every
household and record that could have a finding. Then it loads just those — a few percent — and runs the very
same code the editor runs: the household rules on whole households named by a household screen (户主, 零就业,
duplicate ID numbers), the member rules on the members named by a member or employment screen, and the
questionnaire's field checks (`forms.fieldchecks`) on the records named by a field screen. A screen may name a
record that turns out clean, never miss one: the property tests compare the check with the per-household rules
and with the field checks run on every record of random databases.

What each screen reads:

- households: the field screen, more than one live 户主 (an index of live heads), none, and the central rule
  (complete, nobody employed although someone is labour, no open dated measure — employment first: it rules
  out most households with one look-up);
- members: the field screen; the ID rules through the verdict stored on every member (`Member.id_check`, derived
  on write, so no number is validated again here); the elderly full-labour rule; and, only for members who are
  young, students or skilled, whether they work;
- employments: the field screen, and the spell rules (income, outside the county, 公益性岗位 insurance and term);
- visits and measures: their field screens; ID numbers held twice: the index alone.

The field screens come from the questionnaire in use (`forms.rules.fieldscreen`); a question they cannot put in
SQL is checked in Python over the columns it reads.

Why not threads: the screening queries are independent, but SQLite connections in one process contend with each
other (measured on two cores: two queries side by side were barely faster than one after the other, and each ran
two to three times slower), so they run in turn, in one read transaction (one consistent snapshot).
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, Table, and_, bindparam, case, exists, func, null, or_, select

from .fieldchecks import field_findings, record_values
from .findings import Finding
from .questionnaire import Questionnaire, load_active
from .records import MODEL_BY_TABLE
from .rules import registry
from .rules.bundle import HouseholdBundle, HouseholdFacts, MemberFacts
from .rules.fieldscreen import FormScreen, form_screens, to_sql, year_later
from .rules.household_rules import household_findings
from .rules.labour import (
    COMPLETE_STATUSES,
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
from .rules.loading import OVERRIDES, load_bundles, member_facts, rows_in, spells_and_overrides
from .rules.member_rules import NOT_CHECKED, member_findings
from .rules.overrides import is_accepted, override_key, subject_of
from .rules.sql import HOUSEHOLDS, MEMBERS, SPELLS, household_counts, not_empty, ongoing
from .rules.sql import employed as employed_exists
from .rules.sql import labour_member as labour_condition
from .rules.sql import open_measure as open_measure_exists
from .rules.sql import working as working_exists
from .settings import RuleSettings
from .store import Store

H, M, E = HOUSEHOLDS, MEMBERS, SPELLS
#: Field findings a rule's error on the same field explains better (the editor leaves them out too).
EXPLAINED_BY_RULES = ("field.constraint", "field.type")
MMAP_BYTES = 1 << 30  # address space, not memory: the pages stay in the operating system's file cache


@dataclass(frozen=True)
class Entry:
    """One finding with the names a person needs to find it: 户编号, 楼栋门牌, 户主, the member, and for a field
    check the question's label (中文, English)."""

    finding: Finding
    hh_number: str | None
    address: str
    head_name: str | None
    site_name: str | None
    member_name: str | None
    field_label: tuple[str, str] | None = None


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
    screened: int  # households the screens named, whose rules or field checks were run
    groups: tuple[RuleGroup, ...]
    seconds: float

    def _count(self, severity: str, accepted: bool) -> int:
        return sum(
            1
            for g in self.groups
            for e in g.entries
            if e.finding.severity == severity and e.finding.accepted == accepted
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


def check_database(
    store: Store, settings: RuleSettings, on: date, questionnaire: Questionnaire | None = None
) -> CheckReport:
    """Every finding of every counting household on ``on``: the rules, and the field checks of ``questionnaire``
    (the one in use in the database by default)."""
    started = time.perf_counter()
    if questionnaire is None:
        questionnaire = load_active(store)
    screens = form_screens(questionnaire, on)
    with _no_cycle_collection(), store.engine.connect() as conn, _mapped(conn):
        screen = screen_database(conn, settings, on, screens)
        named = _load(conn, screen, questionnaire)
    groups: dict[tuple[str, str], list[Entry]] = {}
    found_on: dict[str, list[Finding]] = {}  # rule findings by record, for the field checks they explain
    household_rules = named.household_rules(settings, on)

    def add(
        finding: Finding,
        household: HouseholdFacts,
        head: str | None,
        member: str | None,
        label: tuple[str, str] | None = None,
    ) -> None:
        entry = Entry(finding, household.hh_number, household.address, head, household.site_name, member, label)
        groups.setdefault((finding.code, finding.severity), []).append(entry)

    forms = {form.name: form for form in questionnaire.forms}

    for bundle in named.whole:
        for finding in household_findings(bundle, settings, on):
            add(finding, bundle.household, bundle.head_name, _member_name(bundle, finding.member_id))
            found_on.setdefault(finding.record_id, []).append(finding)
    for bundle in named.partial:
        head = named.heads.get(bundle.household.id)
        for member in bundle.live_members:
            for finding in member_findings(bundle, member, settings, on):
                add(finding, bundle.household, head, member.name)
                found_on.setdefault(finding.record_id, []).append(finding)
    for record in named.fields:
        household = named.households[record.household_id]
        explained = {
            name
            for finding in [*found_on.get(record.id, ()), *household_rules.get(record.id, ())]
            if finding.severity == "error"
            for name in finding.fields
        }
        findings = field_findings(
            questionnaire, record.form, record.values, record_id=record.id, household_id=household.id, today=on
        )
        for finding in findings:
            if finding.code in EXPLAINED_BY_RULES and any(name in explained for name in finding.fields):
                continue
            accepted = finding.acceptable and is_accepted(record.accepted, finding.code, record.id, subject_of(finding))
            finding = replace(finding, member_id=record.member_id, accepted=accepted)
            item = forms[record.form].by_name.get(finding.fields[0]) if finding.fields else None
            label = (item.label.zh, item.label.en) if item else None
            add(finding, household, named.heads.get(household.id), record.member_name, label)
    ordered = []
    for key in (*((code, registry.RULES[code].severity) for code in registry.ORDER), *registry.FIELD_RULES):
        entries = groups.pop(key, None)
        if entries:
            rule = registry.RULES[key[0]] if key[0] in registry.RULES else registry.FIELD_RULES[key]
            ordered.append(RuleGroup(rule, tuple(sorted(entries, key=_entry_order))))
    assert not groups, f"findings of unknown rules: {sorted(groups)}"
    return CheckReport(on, screen.counting, named.screened, tuple(ordered), time.perf_counter() - started)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while rows are read: they are tens of thousands of small tuples and
    strings that form no cycles, and each collection would walk them all again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _mapped(conn: Connection) -> Iterator[None]:
    """Read the file through memory-mapped I/O while the check runs (SQLite): the screens jump between tables
    and indexes, and a mapped page costs no read call. The connection's own setting is put back after."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA mmap_size").scalar()
    conn.exec_driver_sql(f"PRAGMA mmap_size = {MMAP_BYTES}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA mmap_size = {int(before or 0)}")


def check_households(bundles: Iterable[HouseholdBundle], settings: RuleSettings, on: date) -> list[Finding]:
    """The per-household rules over every bundle: what `check_database`'s rule findings must equal (used by the
    tests and by the county's review queue)."""
    return [f for bundle in bundles for f in household_findings(bundle, settings, on)]


def _member_name(bundle: HouseholdBundle, member_id: str | None) -> str | None:
    member = bundle.member(member_id)
    return member.name if member else None


def _entry_order(entry: Entry) -> tuple[str, str, str, str, tuple[str, ...]]:
    f = entry.finding
    return (entry.site_name or "", entry.address, f.household_id or "", f.record_id, f.fields)


# ---- the screen -----------------------------------------------------------------------------------------------


@dataclass
class _Screen:
    counting: int  # households that count
    households: set[str]  # households that may break a household rule (or hold a duplicated ID number)
    duplicated: set[str]  # ID numbers held by more than one member record
    members: set[str]  # members who may break a member or employment rule (or whose records a field screen named)
    records: dict[str, set[str]]  # by table: records a field screen named


def screen_database(conn: Connection, settings: RuleSettings, on: date, screens: Mapping[str, FormScreen]) -> _Screen:
    """Name every household, member and record that could have a finding on ``on``."""
    screen = _Screen(counting=0, households=set(), duplicated=set(), members=set(), records={t: set() for t in screens})
    field_sql = {table: to_sql(s.sql) for table, s in screens.items()}

    # One 户主 each: the live heads, read from their own small index, counted against every counting household.
    heads = Counter(hid for (hid,) in _plain(conn, select(M.c.household_id).where(*_live_head(M))))
    rows = _plain(conn, _household_screen(settings, on, field_sql["households"]))
    screen.counting = len(rows)
    for hid, rule, named_field in rows:
        if rule or heads[hid] != 1:
            screen.households.add(hid)
        if named_field:
            screen.records["households"].add(hid)
    for member_id, named_field in _plain(conn, _member_screen(settings, on, field_sql["members"])):
        screen.members.add(member_id)
        if named_field:
            screen.records["members"].add(member_id)
    for spell_id, member_id, named_field, start, end in _plain(
        conn, _spell_screen(settings, on, field_sql["employments"])
    ):
        if named_field or start is None or contract_term_too_long(_day(start), _day(end)):
            screen.members.add(member_id)  # its rules run with the member's
        if named_field:
            screen.records["employments"].add(spell_id)
    for table in ("visits", "measures"):
        t = screens[table].table
        query = select(t.c.id).where(t.c.deleted_at.is_(None), field_sql[table])
        screen.records[table].update(rid for (rid,) in _plain(conn, query))
    for table, form_screen in screens.items():
        if form_screen.needs_python:
            screen.records[table].update(_python_screen(conn, form_screen, on))
    for table in ("members", "employments"):
        if screens[table].needs_python:
            _owners(conn, screen, table)
    screen.duplicated = {number for (number,) in _plain(conn, _duplicated_numbers())}
    holders = select(M.c.household_id).where(M.c.deleted_at.is_(None))
    screen.households.update(hid for (hid,) in rows_in(conn, holders, M.c.id_number, screen.duplicated))
    return screen


def _household_screen(settings: RuleSettings, on: date, field_screen: Any) -> Select[Any]:
    """Every counting household, with a flag saying whether it may break the central rule (its whole bundle is
    then loaded), and one saying whether its field screen names it."""
    # Employment first: most households have someone employed, and that settles it with one look-up.
    rule = and_(
        H.c.status.in_(COMPLETE_STATUSES),
        ~_anyone_employed(settings, on),
        _anyone_labour(settings, on),
        ~open_measure_exists(H),
    )
    # As CASE: SQLite then evaluates the conditions as tests that stop early, not as values.
    return select(H.c.id, case((rule, 1), else_=0), case((field_screen, 1), else_=0)).where(household_counts(H))


def _live_head(m: Any) -> tuple[Any, Any]:
    """A live 户主, as the partial index ``ix_members_live_heads`` says it (the text inline, or SQLite could not
    tell the index applies)."""
    return m.c.relation == bindparam("head", HEAD, literal_execute=True), m.c.deleted_at.is_(None)


def _anyone_employed(settings: RuleSettings, on: date) -> Any:
    em, ee = MEMBERS.alias("em"), SPELLS.alias("ee")
    return (
        exists()
        .select_from(em.join(ee, ee.c.member_id == em.c.id))
        .where(
            em.c.household_id == H.c.id,
            em.c.deleted_at.is_(None),
            ongoing(ee, on),
            ee.c.form.in_(sorted(settings.employment_forms)),
        )
    )


def _anyone_labour(settings: RuleSettings, on: date) -> Any:
    lm = MEMBERS.alias("lm")
    return exists().where(lm.c.household_id == H.c.id, labour_condition(lm, settings, on))


def _member_screen(settings: RuleSettings, on: date, field_screen: Any) -> Select[Any]:
    """Live members the field screen names (flagged), or who may break a member rule: an ID verdict other than ""
    and `NOT_CHECKED` (or a birth date after the survey date, the one case the verdict cannot know), elderly full
    labour, under 16 or a student and working, skilled labour without work."""
    too_young = M.c.birth_date > birth_cutoff(on, LEGAL_WORKING_AGE)
    elderly = M.c.birth_date <= birth_cutoff(on, settings.elderly_age)
    rule = or_(
        M.c.id_check.is_(None),
        and_(M.c.id_check != "", M.c.id_check != NOT_CHECKED),
        M.c.birth_date > on,
        and_(elderly, M.c.labour_skill.in_(FULL_LABOUR_SKILLS)),
        and_(or_(too_young, not_empty(M.c.student_status)), working_exists(M, on)),
        and_(M.c.labour_skill == SKILLED, labour_condition(M, settings, on), ~employed_exists(M, settings, on)),
    )
    return select(M.c.id, field_screen).where(M.c.deleted_at.is_(None), or_(field_screen, rule))


def _spell_screen(settings: RuleSettings, on: date, field_screen: Any) -> Select[Any]:
    """Live spells the field screen names, or of implausible income, a post outside the county, or a current
    公益性岗位 that lacks insurance or might run over a year (the term is judged in Python: SQL date arithmetic is
    not portable). Rows: spell, member, named by the field screen, and the contract dates when only the term
    rule named it (start None otherwise)."""
    welfare_now = and_(E.c.form == WELFARE_POST, ongoing(E, on))
    certain = or_(
        E.c.monthly_income < settings.income_min,
        E.c.monthly_income > settings.income_max,
        and_(E.c.form.in_((WELFARE_POST, WORKSHOP)), not_empty(E.c.place_scope), E.c.place_scope != IN_COUNTY),
        and_(welfare_now, E.c.accident_insurance.is_not(True)),
    )
    term = and_(
        welfare_now,
        E.c.contract_start.is_not(None),
        E.c.contract_end.is_not(None),
        E.c.contract_end > year_later(E.c.contract_start),
    )
    start = case((certain, null()), else_=E.c.contract_start)
    return select(E.c.id, E.c.member_id, field_screen, start, E.c.contract_end).where(
        E.c.deleted_at.is_(None), or_(field_screen, certain, term)
    )


def _duplicated_numbers() -> Select[Any]:
    """证件号码 held by more than one member record, live or not (the index alone answers this)."""
    return (
        select(M.c.id_number)
        .where(M.c.id_number.is_not(None), M.c.id_number != "")
        .group_by(M.c.id_number)
        .having(func.count() > 1)
    )


def _python_screen(conn: Connection, screen: FormScreen, on: date) -> Iterator[str]:
    """Records whose Python-checked fields have a finding: every live record, with the columns those read."""
    table = screen.table
    columns = [table.c[name] for name in screen.columns]
    for row in conn.execute(select(table.c.id, *columns).where(table.c.deleted_at.is_(None))).mappings():
        if screen.python_check(record_values(screen.form, dict(row)), on):
            yield row["id"]


def _owners(conn: Connection, screen: _Screen, table: str) -> None:
    """The members of records a Python field screen named (their rules run with them, for the covered fields)."""
    if table == "members":
        screen.members.update(screen.records["members"])
        return
    spells = rows_in(conn, select(E.c.member_id), E.c.id, screen.records["employments"])
    screen.members.update(member_id for (member_id,) in spells)


def _plain(conn: Connection, query: Select[Any]) -> list[Any]:
    """The rows of a query as the driver gives them (values inline, no per-row work by SQLAlchemy): text ids and
    flags. (SQLite gives dates as ISO text and truth values as 0/1.)"""
    sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    result = conn.exec_driver_sql(sql)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


# ---- loading what the screens named ----------------------------------------------------------------------------


@dataclass
class _Record:
    """A record whose field checks run: its answers and where it belongs."""

    table: str
    form: str
    id: str
    household_id: str
    values: dict[str, object]
    accepted: frozenset[tuple[str, ...]]
    member_id: str | None = None
    member_name: str | None = None


@dataclass
class _Named:
    whole: list[HouseholdBundle]
    partial: list[HouseholdBundle]
    fields: list[_Record]
    households: dict[str, HouseholdFacts]  # every counting household anything named belongs to
    heads: dict[str, str | None]
    #: whether a household question shares its name with a field a household rule points at; the editor then
    #: leaves out that question's constraint and type findings where the rule finds an error "as if completing"
    explained_households: bool = False

    def household_rules(self, settings: RuleSettings, on: date) -> dict[str, list[Finding]]:
        """The household rules' findings on the household records, as the editor works them out to explain field
        findings: as if the household were being completed now."""
        if not self.explained_households:
            return {}
        return {bundle.household.id: household_findings(bundle, settings, on, completing=True) for bundle in self.whole}

    @property
    def screened(self) -> int:
        return len(self.households)


_FORM_OF = {"households": "household", "members": "member", "employments": "employment", "visits": "visit",
            "measures": "measure"}  # fmt: skip


def _load(conn: Connection, screen: _Screen, questionnaire: Questionnaire) -> _Named:
    """Bundles for the rules and records for the field checks, of counting households only."""
    household_form = questionnaire.form("household")
    rule_fields = {
        name for rule in registry.RULES.values() if rule.record_table == "households" for name in rule.fields
    }
    explained_households = bool(rule_fields & set(household_form.by_name))
    if explained_households:  # a household question a household rule may explain: its rules must run (rare)
        screen.households |= screen.records["households"]
    whole = load_bundles(conn, screen.households, duplicated=screen.duplicated)
    in_whole = {m.id for bundle in whole for m in bundle.members}

    # Every column of the records whose field checks run; the rule facts of the other named members.
    field_rows = {table: _rows(conn, _table(table), sorted(ids)) for table, ids in screen.records.items()}
    for row in field_rows["employments"]:
        screen.members.add(row["member_id"])  # their rules run with their members' (and say what they explain)
    named_members = member_facts(conn, sorted(screen.members - in_whole))

    household_ids = set(screen.households)
    household_ids.update(hid for hid, _member in named_members.values())
    household_ids.update(row["household_id"] for row in field_rows["members"])
    household_ids.update(row["id"] for row in field_rows["households"])
    for table in ("visits", "measures"):
        household_ids.update(row["household_id"] for row in field_rows[table])
    households, heads = _households(conn, household_ids - {b.household.id for b in whole})
    for bundle in whole:
        households[bundle.household.id] = bundle.household
        heads[bundle.household.id] = bundle.head_name

    # Partial bundles: named live members outside whole bundles, with their spells and overrides.
    by_household: dict[str, list[MemberFacts]] = {}
    for hid, member in sorted(named_members.values(), key=lambda item: item[1].id):
        if not member.deleted and hid in households:
            by_household.setdefault(hid, []).append(member)
    partial = spells_and_overrides(conn, {hid: households[hid] for hid in by_household}, by_household)
    live_members = {m.id: (bundle.household.id, m.name) for bundle in (*whole, *partial) for m in bundle.live_members}

    records: list[_Record] = []
    for row in field_rows["members"]:
        if row["id"] in live_members:
            hid, name = live_members[row["id"]]
            records.append(_record("members", row, hid, row["id"], name))
    for row in field_rows["employments"]:
        owner = live_members.get(row["member_id"])
        if owner is not None:
            records.append(_record("employments", row, owner[0], row["member_id"], owner[1]))
    for row in field_rows["households"]:
        if row["id"] in households:
            records.append(_record("households", row, row["id"], None, None))
    for table in ("visits", "measures"):
        for row in field_rows[table]:
            if row["household_id"] in households:
                records.append(_record(table, row, row["household_id"], None, None))
    forms = {form.table: form for form in questionnaire.forms}
    accepted = _accepted(conn, [r.id for r in records])
    for record in records:
        record.values = record_values(forms[record.table], record.values)
        record.accepted = frozenset(accepted.get(record.id, ()))
    return _Named(whole, partial, records, households, heads, explained_households)


def _record(table: str, row: Mapping[str, Any], household_id: str, member_id: str | None, name: str | None) -> _Record:
    return _Record(table, _FORM_OF[table], row["id"], household_id, dict(row), frozenset(), member_id, name)


def _table(name: str) -> Table:
    table = MODEL_BY_TABLE[name].__table__
    assert isinstance(table, Table)
    return table


def _rows(conn: Connection, table: Table, ids: Sequence[str]) -> list[dict[str, Any]]:
    keys = [c.key for c in table.columns]
    return [dict(zip(keys, row, strict=True)) for row in rows_in(conn, select(table), table.c.id, ids)]


def _households(conn: Connection, ids: Iterable[str]) -> tuple[dict[str, HouseholdFacts], dict[str, str | None]]:
    """Counting households with their sites, and their 户主's names (the first by name and id, as the bundle)."""
    from .rules.loading import household_facts

    households = household_facts(conn, ids)
    heads: dict[str, tuple[str, str]] = {}
    query = select(M.c.household_id, M.c.name, M.c.id).where(*_live_head(M))
    for hid, name, mid in rows_in(conn, query, M.c.household_id, households):
        if hid not in heads or (name, mid) < heads[hid]:
            heads[hid] = (name, mid)
    return households, {hid: heads[hid][0] if hid in heads else None for hid in households}


def _accepted(conn: Connection, record_ids: Sequence[str]) -> dict[str, set[tuple[str, ...]]]:
    o = OVERRIDES
    found: dict[str, set[tuple[str, ...]]] = {}
    query = select(o.c.rule_code, o.c.record_id, o.c.subject).where(o.c.deleted_at.is_(None))
    for code, record_id, subject in rows_in(conn, query, o.c.record_id, record_ids):
        found.setdefault(record_id, set()).add(override_key(code, record_id, subject))
    return found
