"""The records checked against the change journal: what was changed in the database file outside Anju.

The journal's hash chain (`forms.journal`) shows an edited or deleted journal entry; it says nothing of a record
changed in the file itself (with "DB Browser for SQLite", say) while the journal is left alone: a member marked
已就业, a phone number changed, a person added to a household, a member's row deleted. Every change Anju makes to a
synced record is journaled in the same transaction (`forms.store.UnitOfWork`: ORM flushes, `insert_rows`, and
sync's `journal_received`), so replaying a record's entries — the insert's fields, each update's new values, a
delete's or restore's tombstone — gives the record as Anju last wrote it. Here that replay is compared with the row
as stored, field by field:

- a field whose stored value is not the journal's last word (``changed``);
- a record tombstoned, or brought back, with no entry saying so (``deleted`` / ``restored``);
- a row with no journal entry at all (``unjournaled``: added outside Anju);
- a journaled record whose row is gone (``missing``: deleted outside Anju; Anju never deletes a synced row).

Not compared: the bookkeeping columns (rev, updated_at, updated_by, origin: sync and enrolment rewrite them
without a journal entry, by design) and the derived ones (pinyin initials, the ID verdict: recomputed from the
content on every write, and by whichever program version wrote the record last). Values are compared as the
journal spells them (`forms.journal.to_json_value`: dates as ISO text; booleans, numbers and the ``extra`` JSON as
JSON), with SQLite's own conversions allowed for (a number given to a text column is stored as its text).

One migration changed content without journaling it: 0005 gave the existing overrides of record and household
rules the subject "" (`finding_overrides.subject`). A stored "" where the journal has nothing is taken as that.

Each table is read once, in id order, beside its journal entries in (record, seq) order (the journal's
``ix_journal_record`` index gives that order without sorting): both are streamed and merged, so the memory used
does not grow with the database, and no record is queried on its own. Only what is found is labelled afterwards,
in a few queries (`label_mismatches`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as default
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, Connection, Integer, Table, select

from .household_list import address_of
from .journal import to_json_value
from .records import SYNCED_MODELS, Household, JournalEntry, Member, Site

if TYPE_CHECKING:
    from .questionnaire import Questionnaire

#: How many ids one ``IN (…)`` query takes (well under SQLite's variable limit).
_CHUNK = 500

#: Columns the questionnaire does not ask about, named for people (the questionnaire names the rest).
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "status": ("状态", "status"),
    "void_reason": ("作废原因", "void reason"),
    "household_id": ("所属户", "household"),
    "member_id": ("所属成员", "member"),
    "site_id": ("安置点", "site"),
    "code": ("安置点编码", "site code"),
    "rule_code": ("规则", "rule"),
    "record_id": ("记录", "record"),
    "subject": ("所针对的字段", "subject"),
    "reason": ("理由", "reason"),
    "decision": ("审核结论", "decision"),
    "comment": ("审核意见", "comment"),
    "reviewer": ("审核人", "reviewer"),
    "extra": ("自定义问题", "county questions"),
    "left_reason": ("减员原因", "reason for leaving"),
    "left_on": ("减员日期", "day they left"),
}
_TABLE_LABELS: dict[str, tuple[str, str]] = {
    "sites": ("安置点", "site"),
    "households": ("户", "household"),
    "members": ("家庭成员", "member"),
    "employments": ("就业记录", "employment"),
    "visits": ("走访", "visit"),
    "measures": ("帮扶措施", "measure"),
    "finding_overrides": ("已接受的提示", "accepted finding"),
    "reviews": ("审核", "review"),
}


@dataclass(frozen=True)
class Mismatch:
    """One record whose row is not what its journal says."""

    kind: str  # changed / deleted / restored / unjournaled / missing
    table: str
    record_id: str
    field: str = ""
    stored: Any = None  # as JSON (dates as ISO text)
    journaled: Any = None
    last_seq: int | None = None  # the record's last journal entry
    #: the values that say which record it is (the stored row's, or for a missing row the journal's)
    values: Mapping[str, Any] = default(default_factory=dict, compare=False, repr=False)
    where_zh: str = ""  # filled in by `label_mismatches`
    where_en: str = ""
    field_zh: str = ""
    field_en: str = ""
    #: the values as people know them, where the raw value is a record id (the 户 a member belongs to …)
    shown_zh: tuple[str, str] | None = None  # (stored, journaled)
    shown_en: tuple[str, str] | None = None

    def message(self) -> tuple[str, str]:
        """What was found, 中文 then English."""
        where_zh, where_en = self.where_zh or self.record_id, self.where_en or self.record_id
        seq_zh = f"（审计日志第 {self.last_seq} 条）" if self.last_seq else ""
        seq_en = f" (audit entry {self.last_seq})" if self.last_seq else ""
        last_zh = f"（它最后一条审计记录是第 {self.last_seq} 条）" if self.last_seq else ""
        last_en = f" (its last audit entry is {self.last_seq})" if self.last_seq else ""
        if self.kind == "changed":
            name_zh, name_en = self.field_zh or self.field, self.field_en or self.field
            stored_zh, journaled_zh = self.shown_zh or (_shown(self.stored), _shown(self.journaled))
            empty = "(empty)"
            stored_en, journaled_en = self.shown_en or (_shown(self.stored, empty), _shown(self.journaled, empty))
            return (
                f"{where_zh}：“{name_zh}”现存为 {stored_zh}，审计日志记录的是 {journaled_zh}{seq_zh}"
                "——在安居之外被改过。",
                f"{where_en}: “{name_en}” is stored as {stored_en}, the audit log says {journaled_en}{seq_en}: "
                "changed outside Anju.",
            )
        if self.kind == "deleted":
            return (
                f"{where_zh}：被标记为已删除，但审计日志里没有删除它的记录{last_zh}——在安居之外被删除。",
                f"{where_en}: marked deleted, but no audit entry deletes it{last_en}: deleted outside Anju.",
            )
        if self.kind == "restored":
            return (
                f"{where_zh}：审计日志记录它已被删除{seq_zh}，库中它却没有删除标记——在安居之外被恢复。",
                f"{where_en}: the audit log says it was deleted{seq_en}, yet it is not marked deleted: "
                "restored outside Anju.",
            )
        if self.kind == "unjournaled":
            return (
                f"{where_zh}：审计日志里没有这条记录——不是通过安居录入的，是在安居之外直接加进数据库的。",
                f"{where_en}: the audit log has no entry for this record: it was added to the database outside Anju.",
            )
        return (
            f"{where_zh}：审计日志记录了它{seq_zh}，表中却已没有这一行——在安居之外被删除。",
            f"{where_en}: the audit log records it{seq_en}, but its row is gone: deleted outside Anju.",
        )


def _shown(value: Any, empty: str = "（空）") -> str:
    if value is None:
        return empty
    if isinstance(value, str):
        return f"“{value}”"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class RecordAudit:
    """The outcome of comparing every synced record with its journal."""

    records: int  # rows compared
    mismatches: list[Mismatch]

    @property
    def ok(self) -> bool:
        return not self.mismatches


@dataclass
class _Replayed:
    """One record as its journal entries leave it."""

    fields: dict[str, Any] = default(default_factory=dict)
    deleted: bool = False
    last_seq: int = 0


class _Table:
    """What comparing one table needs: its columns, which are compared, and how SQLite stores each."""

    def __init__(self, table: Table, derived: frozenset[str], bookkeeping: frozenset[str]) -> None:
        self.table = table
        self.name = table.name
        self.columns = [c.key for c in table.columns]
        self.compared = [c for c in self.columns if c not in derived and c not in bookkeeping]
        self.compared_set = frozenset(self.compared)
        self.booleans = [i for i, c in enumerate(table.columns) if isinstance(c.type, Boolean)]
        self.jsons = [i for i, c in enumerate(table.columns) if isinstance(c.type, JSON)]
        self.numeric = frozenset(c.key for c in table.columns if isinstance(c.type, Integer | Boolean))
        self.json_columns = frozenset(c.key for c in table.columns if isinstance(c.type, JSON))
        self.id_at, self.deleted_at = self.columns.index("id"), self.columns.index("deleted_at")
        self.compared_values = itemgetter(*(self.columns.index(c) for c in self.compared))

    def from_typed(self, values: Iterable[Any]) -> dict[str, Any]:
        """A row read through SQLAlchemy's types (another database than SQLite) as JSON values."""
        return {k: to_json_value(v) for k, v in zip(self.columns, values, strict=True)}

    def from_driver(self, values: Iterable[Any]) -> dict[str, Any]:
        """A row read from the SQLite driver (0/1 booleans, JSON text) as JSON values."""
        row = list(values)
        for i in self.booleans:
            if row[i] is not None and not isinstance(row[i], bool):
                row[i] = bool(row[i]) if row[i] in (0, 1) else row[i]
        for i in self.jsons:
            if isinstance(row[i], str):
                with contextlib.suppress(ValueError):  # not JSON: compared as the text it is, and reported
                    row[i] = json.loads(row[i])
        return dict(zip(self.columns, row, strict=True))

    def same(self, key: str, stored: Any, journaled: Any) -> bool:
        """Whether a stored value is what the journal's value becomes when stored."""
        if stored == journaled and type(stored) is not bool and type(journaled) is not bool:
            return True
        if stored is None or journaled is None:
            return stored is journaled
        if type(stored) is bool or type(journaled) is bool:
            return type(stored) is type(journaled) and bool(stored == journaled)
        if key in self.json_columns:
            return False
        if key in self.numeric:
            # SQLite's INTEGER and NUMERIC columns store a number given as text, or a whole float, as an integer.
            if isinstance(journaled, str):
                try:
                    return bool(float(journaled) == stored)
                except ValueError:
                    return False
            return False
        # A text column stores a number given to it as its text.
        return isinstance(journaled, int | float) and str(journaled) == stored


_TABLES = tuple(_Table(m.__table__, m.DERIVED_FIELDS, m.SYNC_FIELDS) for m in SYNCED_MODELS)  # type: ignore[arg-type]


def audit_records(conn: Connection) -> RecordAudit:
    """Compare every synced record with what its journal entries say (in the transaction ``conn`` is in)."""
    mismatches: list[Mismatch] = []
    records = 0
    for spec in _TABLES:
        convert = spec.from_driver if conn.dialect.name == "sqlite" else spec.from_typed
        replays = _replays(conn, spec.name)
        rows = _rows(conn, spec)
        replay = next(replays, None)
        row = next(rows, None)
        while replay is not None or row is not None:
            if row is not None and (replay is None or row[spec.id_at] < replay[0]):
                records += 1
                values = convert(row)
                mismatches.append(Mismatch("unjournaled", spec.name, values["id"], values=values))
                row = next(rows, None)
            elif replay is not None and (row is None or replay[0] < row[spec.id_at]):
                record_id, state = replay
                mismatches.append(
                    Mismatch("missing", spec.name, record_id, last_seq=state.last_seq, values=state.fields)
                )
                replay = next(replays, None)
            else:
                assert row is not None and replay is not None
                records += 1
                state = replay[1]
                # Nearly every record is as journaled: one comparison of all its values says so. (A stored 0/1 is
                # equal to the journal's false/true; a JSON column's text never equals the journal's object, so a
                # record with one is compared field by field.)
                same = spec.compared_values(row) == tuple(map(state.fields.get, spec.compared))
                if not same or (row[spec.deleted_at] is not None) != state.deleted:
                    mismatches.extend(_compare(spec, convert(row), state))
                row, replay = next(rows, None), next(replays, None)
    return RecordAudit(records, mismatches)


def _compare(spec: _Table, row: dict[str, Any], state: _Replayed) -> Iterator[Mismatch]:
    fields = state.fields
    for key in spec.compared:
        stored, journaled = row[key], fields.get(key)
        if spec.same(key, stored, journaled):
            continue
        if _migrated_subject(spec.name, key, row, journaled):
            continue
        yield Mismatch("changed", spec.name, row["id"], key, stored, journaled, state.last_seq, row)
    deleted = row["deleted_at"] is not None
    if deleted != state.deleted:
        yield Mismatch("deleted" if deleted else "restored", spec.name, row["id"], last_seq=state.last_seq, values=row)


def _migrated_subject(table: str, key: str, row: Mapping[str, Any], journaled: Any) -> bool:
    """Migration 0005 set the subject of existing overrides of record and household rules to "", unjournaled."""
    return (
        table == "finding_overrides"
        and key == "subject"
        and journaled is None
        and row["subject"] == ""
        and not str(row["rule_code"]).startswith("field.")
    )


def _replays(conn: Connection, table: str) -> Iterator[tuple[str, _Replayed]]:
    """Each record of ``table`` that the journal names, in id order, as its entries leave it."""
    record_id = JournalEntry.record_id
    if conn.dialect.name == "postgresql":  # order as Python compares (the database's locale may not)
        record_id = record_id.collate("C")  # type: ignore[assignment]
    query = (
        select(JournalEntry.record_id, JournalEntry.seq, JournalEntry.op, JournalEntry.changes)
        .where(JournalEntry.record_table == table)
        .order_by(record_id, JournalEntry.seq)
    )
    current: str | None = None
    state = _Replayed()
    loads = json.loads
    for entry_id, seq, op, changes in conn.execute(query):
        if entry_id != current:
            if current is not None:
                yield current, state
            current, state = entry_id, _Replayed()
        fields = state.fields
        for key, pair in loads(changes).items():
            if type(pair) is list and len(pair) == 2:
                fields[key] = pair[1]
        if op == "delete":
            state.deleted = True
        elif op == "restore":
            state.deleted = False
        state.last_seq = seq
    if current is not None:
        yield current, state


def _rows(conn: Connection, spec: _Table) -> Iterator[Sequence[Any]]:
    """Every row of the table, in id order, as stored (the values of `_Table.columns`, in that order)."""
    if conn.dialect.name == "sqlite":
        names = ", ".join(spec.columns)
        yield from conn.exec_driver_sql(f"SELECT {names} FROM {spec.name} ORDER BY id")
        return
    order = spec.table.c.id.collate("C") if conn.dialect.name == "postgresql" else spec.table.c.id
    yield from conn.execute(select(*(spec.table.c[k] for k in spec.columns)).order_by(order))


# ---- naming what was found ------------------------------------------------------------------------------------


def label_mismatches(
    conn: Connection, mismatches: list[Mismatch], field_labels: Mapping[tuple[str, str], tuple[str, str]]
) -> list[Mismatch]:
    """The mismatches with the names a person finds each record by: a household by 楼栋单元门牌 and 户主, a member by
    name and household, a job, visit or measure by whose it is; each field by its question's label."""
    missing = {(m.table, m.record_id): m.values for m in mismatches if m.kind == "missing"}
    members = _member_facts(conn, mismatches, missing)
    households = _household_facts(conn, mismatches, members, missing)
    sites = _site_names(conn)
    labelled = []
    for m in mismatches:
        where_zh, where_en = _where(m, members, households, sites)
        name_zh, name_en = field_labels.get((m.table, m.field)) or COLUMN_LABELS.get(m.field, (m.field, m.field))
        m = replace(m, where_zh=where_zh, where_en=where_en, field_zh=name_zh, field_en=name_en)
        if m.kind == "changed" and m.field in _REFERENCES:
            pairs = [_referred(m.field, v, members, households, sites) for v in (m.stored, m.journaled)]
            m = replace(m, shown_zh=(pairs[0][0], pairs[1][0]), shown_en=(pairs[0][1], pairs[1][1]))
        labelled.append(m)
    return labelled


#: Columns that hold another record's id: a changed one is shown as that record (moved to another 户 …).
_REFERENCES = frozenset({"household_id", "member_id", "site_id"})


def _referenced(mismatches: Iterable[Mismatch], column: str) -> set[str]:
    return {v for m in mismatches if m.kind == "changed" and m.field == column for v in (m.stored, m.journaled) if v}


def _referred(
    column: str,
    value: Any,
    members: Mapping[str, tuple[str, str | None]],
    households: Mapping[str, tuple[str, str, str]],
    sites: Mapping[str, str],
) -> tuple[str, str]:
    """A record id as people know the record: 户 3栋2单元301（户主 张三，…）, a member's name, a site's name."""
    if not value:
        return "（空）", "(empty)"
    if column == "household_id" and value in households:
        return _household_name(value, households, sites)
    if column == "member_id" and value in members:
        return members[value][0], members[value][0]
    if column == "site_id" and value in sites:
        return sites[value], sites[value]
    return _shown(value), _shown(value)


def field_labels(questionnaire: Questionnaire) -> dict[tuple[str, str], tuple[str, str]]:
    """(table, column) → the question's label (中文, English), for the columns the questionnaire asks about."""
    return {
        (form.table, item.name): (item.label.zh, item.label.en)
        for form in questionnaire.forms
        for item in form.fields
        if not item.extra
    }


def _member_of(m: Mismatch) -> str | None:
    if m.table == "members":
        return m.record_id
    if m.table in ("employments", "measures"):
        return m.values.get("member_id")
    if m.table == "finding_overrides" and m.values.get("record_table") == "members":
        return m.values.get("record_id")
    return None


def _household_of(m: Mismatch, members: Mapping[str, tuple[str, str | None]]) -> str | None:
    if m.table == "households":
        return m.record_id
    if m.table == "finding_overrides" and m.values.get("record_table") == "households":
        return m.values.get("record_id")
    if (member := _member_of(m)) is not None and member in members:
        return members[member][1]
    return m.values.get("household_id")


def _member_facts(
    conn: Connection, mismatches: list[Mismatch], missing: Mapping[tuple[str, str], Mapping[str, Any]]
) -> dict[str, tuple[str, str | None]]:
    """member id → (name, household id), from the table, or from the journal for a member whose row is gone."""
    wanted = {member for m in mismatches if (member := _member_of(m)) is not None}
    wanted |= _referenced(mismatches, "member_id")
    found: dict[str, tuple[str, str | None]] = {}
    for rows in _in_chunks(conn, select(Member.id, Member.name, Member.household_id), Member.id, wanted):
        found.update((r[0], (r[1], r[2])) for r in rows)
    for member in wanted - found.keys():
        values = missing.get(("members", member), {})
        found[member] = (str(values.get("name") or member), values.get("household_id"))
    return found


def _household_facts(
    conn: Connection,
    mismatches: list[Mismatch],
    members: Mapping[str, tuple[str, str | None]],
    missing: Mapping[tuple[str, str], Mapping[str, Any]],
) -> dict[str, tuple[str, str, str]]:
    """household id → (site id, 楼栋单元门牌, 户主's name or "")."""
    wanted = {h for m in mismatches if (h := _household_of(m, members)) is not None}
    wanted |= _referenced(mismatches, "household_id")
    wanted |= {h for _name, h in members.values() if h is not None}
    found: dict[str, tuple[str, str, str]] = {}
    query = select(Household.id, Household.site_id, Household.building, Household.unit, Household.room)
    for rows in _in_chunks(conn, query, Household.id, wanted):
        found.update((r[0], (r[1], address_of(r[2], r[3], r[4]), "")) for r in rows)
    for household in wanted - found.keys():
        values = missing.get(("households", household), {})
        address = address_of(values.get("building"), values.get("unit"), values.get("room"))
        found[household] = (str(values.get("site_id") or ""), address, "")
    live_last = Member.deleted_at.is_(None)
    heads = select(Member.household_id, Member.name).where(Member.relation == "户主").order_by(live_last)
    for rows in _in_chunks(conn, heads, Member.household_id, wanted):
        for household, name in rows:  # a live 户主 (ordered last) wins over a deleted one
            site, address, _head = found[household]
            found[household] = (site, address, name)
    return found


def _site_names(conn: Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute(select(Site.id, Site.name))}


def _in_chunks(conn: Connection, query: Any, column: Any, ids: Iterable[str]) -> Iterator[list[Any]]:
    listed = sorted(ids)
    for start in range(0, len(listed), _CHUNK):
        yield list(conn.execute(query.where(column.in_(listed[start : start + _CHUNK]))))


def _where(
    m: Mismatch,
    members: Mapping[str, tuple[str, str | None]],
    households: Mapping[str, tuple[str, str, str]],
    sites: Mapping[str, str],
) -> tuple[str, str]:
    """Which record, for people: 户 3栋2单元301（户主 张三，幸福社区）, then its 成员 李四, or 李四 的就业记录 …."""
    table_zh, table_en = _TABLE_LABELS.get(m.table, (m.table, m.table))
    if m.table == "sites":
        name = m.values.get("name") or m.values.get("code") or m.record_id
        return f"安置点 {name}", f"site {name}"
    household = _household_of(m, members)
    home_zh = home_en = ""
    if household is not None and household in households:
        home_zh, home_en = _household_name(household, households, sites)
    if m.table == "households":
        return home_zh, home_en
    member = _member_of(m)
    who = members[member][0] if member is not None and member in members else ""
    detail = _detail(m)
    if m.table == "members":
        return f"{home_zh}的成员 {who}".strip(), f"member {who} of {home_en}".strip()
    subject_zh = f"{who} 的{table_zh}" if who else table_zh
    subject_en = f"{table_en} of {who}" if who else table_en
    if detail:
        subject_zh, subject_en = f"{subject_zh} {detail}", f"{subject_en} {detail}"
    if home_zh:
        return f"{home_zh} {subject_zh}", f"{subject_en}, {home_en}"
    return subject_zh, subject_en


def _household_name(
    household: str, households: Mapping[str, tuple[str, str, str]], sites: Mapping[str, str]
) -> tuple[str, str]:
    site, address, head = households[household]
    site_name = sites.get(site, "")
    place_zh = "，".join(p for p in (f"户主 {head}" if head else "", site_name) if p)
    place_en = ", ".join(p for p in (f"head {head}" if head else "", site_name) if p)
    return (
        f"户 {address or household}" + (f"（{place_zh}）" if place_zh else ""),
        f"household {address or household}" + (f" ({place_en})" if place_en else ""),
    )


def _detail(m: Mismatch) -> str:
    """What tells a record from its siblings: a job's form and start, a visit's date, a measure's kind …"""
    keys = {
        "employments": ("form", "start_month"),
        "visits": ("visited_on", "outcome"),
        "measures": ("kind", "started_on"),
        "finding_overrides": ("rule_code",),
        "reviews": ("decision", "at"),
    }.get(m.table, ())
    return " ".join(str(v) for k in keys if (v := m.values.get(k)))
