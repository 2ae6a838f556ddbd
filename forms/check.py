"""`anju check`: every finding in the database, grouped by rule, naming household and member.

Running the editor's checks on 50,000 households would take most of a minute, so the check works in two steps.
First it *screens* the database with a few set-based queries, one pass over each table, which name every
household and record that could have a finding. Then it loads just those — a few percent — and runs the very
same code the editor runs: the household rules on whole households named by a household screen (户主, 零就业,
duplicate ID numbers), the member rules on the members named by a member or employment screen, and the
questionnaire's field checks (`forms.fieldchecks`) on the records named by a field screen. A screen may name a
record that turns out clean, never miss one: the property tests compare the check with the per-household rules
and with the field checks run on every record of random databases.

The screens (`forms.rules.screening`) read each table once, a record's rule screen and field screen in one
condition. On SQLite they run side by side, one connection per core, each query over a slice of a big table, all
connections reading one snapshot; the households come first, so that one more connection loads and checks the
households they name while the member and employment screens are still running. Everything else is loaded and
checked when the screens are done.

Records no household reaches — a member, visit or measure whose household row is missing, a 就业记录 whose member
row is (a damaged or hand-edited file) — are found apart, one join per table (`forms.lost_records`), each an error.
So are the values Anju never writes (a birth date typed 19800804 or 1980/08/04 in a hand-edited file,
`forms.excel.stored`): the screens compare such a date as text and the ledgers count it as not filled in, so the
工作台 and the 汇总表 can differ by it; only a hand edit puts one there, and the clerk is told whose it is.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, func, select

from .collector import paused
from .excel.stored import OddValue
from .fieldchecks import field_findings, record_values
from .findings import Finding, Namesake, about, measure_who, member_who, spell_who, told_apart, visit_who
from .lost_records import LostRecord, find_lost
from .questionnaire import Questionnaire, load_active
from .records import MODEL_BY_TABLE
from .rules import registry
from .rules.bundle import HouseholdBundle, HouseholdFacts, MemberFacts
from .rules.fieldscreen import form_screens
from .rules.household_rules import household_findings
from .rules.loading import OVERRIDES, UnreadableValue, load_bundles, member_facts, rows_in, spells_and_overrides
from .rules.member_rules import member_findings
from .rules.overrides import is_accepted, override_key, subject_of
from .rules.screening import Screen, Screening, live_head, reader_count, readers
from .rules.sql import HOUSEHOLDS, MEMBERS, household_counts
from .settings import RuleSettings
from .station_sites import at_own_sites, own_site_ids
from .store import Store

M = MEMBERS
#: Field findings a rule's error on the same field explains better (the editor leaves them out too).
EXPLAINED_BY_RULES = ("field.constraint", "field.type")


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
    households: int  # households checked (tombstoned, 作废 and 已迁出 ones do not count)
    screened: int  # households the screens named, whose rules or field checks were run
    groups: tuple[RuleGroup, ...]
    seconds: float
    #: counting households an enrolled station left out as 已迁出 (at a site it does not serve,
    #: `forms.station_sites`): the station that serves the site checks them, and this one cannot edit them
    moved_away: int = 0
    #: members, spells, visits and measures whose household (a spell's member) row is missing: in no household
    #: the check or anything else reaches, each an error (`forms.lost_records`)
    lost: tuple[LostRecord, ...] = ()
    #: stored dates, yes/no answers and JSON that cannot be read (SQLite only; a hand-edited file), each an error
    odd: tuple[OddValue, ...] = ()

    def _count(self, severity: str, accepted: bool) -> int:
        return sum(
            1
            for g in self.groups
            for e in g.entries
            if e.finding.severity == severity and e.finding.accepted == accepted
        )

    @property
    def errors(self) -> int:
        """Open errors: each blocks its household from being complete; each record whose household is lost; and
        each value Anju never writes."""
        return self._count("error", False) + len(self.lost) + len(self.odd)

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
    store: Store,
    settings: RuleSettings,
    on: date,
    questionnaire: Questionnaire | None = None,
    *,
    connections: int | None = None,
) -> CheckReport:
    """Every finding of every counting household on ``on``: the rules, and the field checks of ``questionnaire``
    (the one in use in the database by default). On an enrolled station, only of the households at its own sites,
    as its lists and counts: those 已迁出 are counted apart (`CheckReport.moved_away`). The screens run on
    ``connections`` connections side by side (SQLite; by default one per core, `reader_count`)."""
    started = time.perf_counter()
    if questionnaire is None:
        questionnaire = load_active(store)
    from .excel.stored import find

    with paused():
        try:
            report = _check(store, settings, on, questionnaire, connections or reader_count(), started)
        except UnreadableValue as exc:
            # A value edited in outside Anju that the check had to read as a date: say whose record it is, as the
            # ledgers do, not only the table and column it was read from.
            named = find(store).unreadable([(exc.table, exc.column)], ("检查", "check"))
            raise (named or exc) from exc
    return replace(report, odd=find(store).unread())


def _check(
    store: Store, settings: RuleSettings, on: date, questionnaire: Questionnaire, connections: int, started: float
) -> CheckReport:
    screens = form_screens(questionnaire, on)
    # Side by side, the screens run on their own connections while this one loads and checks what they name.
    with readers(store.engine, connections + 1 if connections > 1 else 1) as conns:
        # The screens name records everywhere; what they name at a site the station does not serve is dropped when
        # it is loaded (a few households at most), so the screens' queries stay the same on every database.
        own = own_site_ids(conns[0])
        screening = Screening(conns[0], conns[1:] or conns, settings, on, screens)
        try:
            whole = _load_whole(conns[0], screening.households(), questionnaire, own)
            whole_findings = [household_findings(bundle, settings, on) for bundle in whole.bundles]
            screen = screening.finish()
        finally:
            screening.close()
        named = _load(conns[0], screen, whole, questionnaire, own)
        moved_away = _moved_away(conns[0], own)
        lost = find_lost(conns[0])
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

    for bundle, findings in zip(named.whole, whole_findings, strict=True):
        for finding in findings:
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
            whose = record.member_id or (record.values.get("member_id") if record.table == "measures" else None)
            told = named.namesakes.get(str(whose)) if whose else None
            who = record_who(record.table, record.member_name or record.measure_for, record.values, told=told)
            finding = about(finding, who, label)
            add(finding, household, named.heads.get(household.id), record.member_name, label)
    ordered = []
    for key in (*((code, registry.RULES[code].severity) for code in registry.ORDER), *registry.FIELD_RULES):
        entries = groups.pop(key, None)
        if entries:
            rule = registry.RULES[key[0]] if key[0] in registry.RULES else registry.FIELD_RULES[key]
            ordered.append(RuleGroup(rule, tuple(sorted(entries, key=_entry_order))))
    assert not groups, f"findings of unknown rules: {sorted(groups)}"
    checked = screen.counting - moved_away
    seconds = time.perf_counter() - started
    return CheckReport(on, checked, named.screened, tuple(ordered), seconds, moved_away, lost)


def check_households(bundles: Iterable[HouseholdBundle], settings: RuleSettings, on: date) -> list[Finding]:
    """The per-household rules over every bundle: what `check_database`'s rule findings must equal (used by the
    tests and by the county's review queue)."""
    return [f for bundle in bundles for f in household_findings(bundle, settings, on)]


def record_who(
    table: str, member_name: str | None, values: Mapping[str, object], *, told: tuple[str, str] | None = None
) -> tuple[str, str] | None:
    """How the field findings of a stored record name it (`forms.findings.about`), as the editor does: a member, a
    spell, a visit by its date, a measure by its kind, member (``member_name`` is the one it is for) and due date;
    None for the household itself. ``told`` names the member instead where another in the household has the same
    name (`forms.findings.told_apart`)."""
    who = told or member_who(member_name)
    if table == "members":
        return who
    if table == "employments":
        form, start = values.get("form"), values.get("start_month")
        return spell_who(who, str(form) if form else None, str(start) if start else None)
    if table == "visits":
        return visit_who(values.get("visited_on"))
    if table == "measures":
        kind = values.get("kind")
        member = who if values.get("member_id") else None
        return measure_who(str(kind) if kind else None, member, values.get("due_on"), values.get("started_on"))
    return None


def _member_name(bundle: HouseholdBundle, member_id: str | None) -> str | None:
    member = bundle.member(member_id)
    return member.name if member else None


def _entry_order(entry: Entry) -> tuple[str, str, str, str, tuple[str, ...]]:
    f = entry.finding
    return (entry.site_name or "", entry.address, f.household_id or "", f.record_id, f.fields)


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
    measure_for: str | None = None  # the name of the member a measure is for, to say which measure it is


@dataclass
class _Named:
    whole: list[HouseholdBundle]
    partial: list[HouseholdBundle]
    fields: list[_Record]
    households: dict[str, HouseholdFacts]  # every counting household anything named belongs to
    heads: dict[str, str | None]
    #: member id → how findings name it, for the members whose name another in their household shares
    namesakes: dict[str, tuple[str, str]]
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


@dataclass
class _Whole:
    bundles: list[HouseholdBundle]  # households named for their household rules, whole
    explained_households: bool  # see `_Named`


def _ours(household: HouseholdFacts, own: frozenset[str] | None) -> bool:
    """Whether a counting household is this database's to check: at one of its sites (`own`, from
    `forms.station_sites.own_site_ids`; None: every site is), not 已迁出."""
    return own is None or household.site_id in own


def _moved_away(conn: Connection, own: frozenset[str] | None) -> int:
    """How many counting households are at sites this station does not serve (none on the county or a database
    not enrolled)."""
    if own is None:
        return 0
    h = HOUSEHOLDS
    query = select(func.count()).select_from(h).where(household_counts(h), ~at_own_sites(h.c.site_id, own))
    return int(conn.scalar(query) or 0)


def _load_whole(conn: Connection, screen: Screen, questionnaire: Questionnaire, own: frozenset[str] | None) -> _Whole:
    """Whole bundles of the counting households at the sites ``own`` that the household screens named
    (`Screening.households`)."""
    household_form = questionnaire.form("household")
    rule_fields = {
        name for rule in registry.RULES.values() if rule.record_table == "households" for name in rule.fields
    }
    explained_households = bool(rule_fields & set(household_form.by_name))
    if explained_households:  # a household question a household rule may explain: its rules must run (rare)
        screen.households |= screen.records["households"]
    bundles = load_bundles(conn, screen.households, duplicated=screen.duplicated)
    return _Whole([bundle for bundle in bundles if _ours(bundle.household, own)], explained_households)


def _load(
    conn: Connection, screen: Screen, loaded: _Whole, questionnaire: Questionnaire, own: frozenset[str] | None
) -> _Named:
    """Bundles for the rules and records for the field checks, of counting households at the sites ``own`` only:
    every record below is kept only if its household is in ``households``."""
    whole, explained_households = loaded.bundles, loaded.explained_households
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
    households, heads = _households(conn, household_ids - {b.household.id for b in whole}, own)
    for bundle in whole:
        households[bundle.household.id] = bundle.household
        heads[bundle.household.id] = bundle.head_name

    # Partial bundles: named live members outside whole bundles, with their spells and overrides.
    by_household: dict[str, list[MemberFacts]] = {}
    for hid, member in sorted(named_members.values(), key=lambda item: item[1].id):
        if not member.deleted and hid in households:
            by_household.setdefault(hid, []).append(member)
    partial = spells_and_overrides(conn, {hid: households[hid] for hid in by_household}, by_household)
    # A partial bundle holds only the members screened: it is told how to name those who share a name.
    findings_may_name = screen.members | screen.records["members"]
    findings_may_name.update(row["member_id"] for row in field_rows["measures"] if row["member_id"])
    namesakes = _namesakes(conn, findings_may_name)
    partial = [
        replace(bundle, namesakes={m.id: namesakes[m.id] for m in bundle.members if m.id in namesakes})
        if any(m.id in namesakes for m in bundle.members)
        else bundle
        for bundle in partial
    ]
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
    targets = _names(conn, {row["member_id"] for row in field_rows["measures"] if row["member_id"]})
    for table in ("visits", "measures"):
        for row in field_rows[table]:
            if row["household_id"] in households:
                records.append(_record(table, row, row["household_id"], None, None))
                if table == "measures" and row["member_id"]:
                    records[-1].measure_for = targets.get(row["member_id"])
    forms = {form.table: form for form in questionnaire.forms}
    accepted = _accepted(conn, [r.id for r in records])
    for record in records:
        record.values = record_values(forms[record.table], record.values)
        record.accepted = frozenset(accepted.get(record.id, ()))
    return _Named(whole, partial, records, households, heads, namesakes, explained_households)


def _record(table: str, row: Mapping[str, Any], household_id: str, member_id: str | None, name: str | None) -> _Record:
    return _Record(table, _FORM_OF[table], row["id"], household_id, dict(row), frozenset(), member_id, name)


def _table(name: str) -> Table:
    table = MODEL_BY_TABLE[name].__table__
    assert isinstance(table, Table)
    return table


def _rows(conn: Connection, table: Table, ids: Sequence[str]) -> list[dict[str, Any]]:
    keys = [c.key for c in table.columns]
    return [dict(zip(keys, row, strict=True)) for row in rows_in(conn, select(table), table.c.id, ids)]


def _households(
    conn: Connection, ids: Iterable[str], own: frozenset[str] | None
) -> tuple[dict[str, HouseholdFacts], dict[str, str | None]]:
    """Counting households at the sites ``own`` with their sites, and their 户主's names (the first by name and
    id, as the bundle)."""
    from .rules.loading import household_facts

    households = {hid: facts for hid, facts in household_facts(conn, ids).items() if _ours(facts, own)}
    heads: dict[str, tuple[str, str]] = {}
    query = select(M.c.household_id, M.c.name, M.c.id).where(*live_head(M))
    for hid, name, mid in rows_in(conn, query, M.c.household_id, households):
        if hid not in heads or (name, mid) < heads[hid]:
            heads[hid] = (name, mid)
    return households, {hid: heads[hid][0] if hid in heads else None for hid in households}


def _namesakes(conn: Connection, member_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """How findings name the members of the households of these members where two live members share a name
    (`forms.findings.told_apart`): which of these members have a namesake at home, one index look-up each, then
    the live members of those few households."""
    twin = M.alias()
    name = func.trim(M.c.name)
    has_twin = (
        select(M.c.household_id)
        .where(M.c.deleted_at.is_(None), name != "")
        .where(
            select(twin.c.id)
            .where(twin.c.household_id == M.c.household_id, twin.c.deleted_at.is_(None), twin.c.id != M.c.id)
            .where(func.trim(twin.c.name) == name)
            .exists()
        )
    )
    held_twice = {hid for (hid,) in rows_in(conn, has_twin, M.c.id, member_ids)}
    people: dict[str, list[Namesake]] = {}
    query = select(M.c.household_id, M.c.id, M.c.name, M.c.relation, M.c.birth_date, M.c.id_number)
    for hid, *facts in rows_in(conn, query.where(M.c.deleted_at.is_(None)), M.c.household_id, held_twice):
        people.setdefault(hid, []).append(Namesake(*facts))
    return {mid: who for members in people.values() for mid, who in told_apart(members).items()}


def _names(conn: Connection, member_ids: Iterable[str]) -> dict[str, str | None]:
    """Members' names by id (removed members too: a measure may still be for one)."""
    return dict(rows_in(conn, select(M.c.id, M.c.name), M.c.id, sorted(member_ids)))


def _accepted(conn: Connection, record_ids: Sequence[str]) -> dict[str, set[tuple[str, ...]]]:
    o = OVERRIDES
    found: dict[str, set[tuple[str, ...]]] = {}
    query = select(o.c.rule_code, o.c.record_id, o.c.subject).where(o.c.deleted_at.is_(None))
    for code, record_id, subject in rows_in(conn, query, o.c.record_id, record_ids):
        found.setdefault(record_id, set()).add(override_key(code, record_id, subject))
    return found
