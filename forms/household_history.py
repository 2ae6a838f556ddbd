"""修改记录: who changed what in one household, and when, as the change journal says (`forms.journal`).

Every change to a record is journaled in the transaction that makes it (`forms.store.UnitOfWork`), so the history
of a household is its journal entries and those of every record under it: its members — those who left (减员),
were deleted and brought back, moved in or out by 分户 or by the county's 整户合并 — their jobs, its visits and
帮扶措施, the accepted findings (已接受的提示) on any of them, and the county's reviews.

A record that moved keeps one id and one journal, so only the part of it spent in this household is shown: the
entries of a member, visit or measure while its ``household_id`` was this household's (the move in and the move out
included), and a job's while its member was here. Records that moved out are found by the one pass over the
journal's updates that name this household (`_moved_records`); the rest by the indexes on the records' parents and
on the journal's (record_table, record_id).

Each line says when (local time), who (the account's display name; 县里, or the station's name at the county, for a
change received by sync; 导入 + the file for a roster import, `forms.import_marks`; 命令行 + the name it ran under for
an ``anju`` command's, which asks no password and so is never shown as an account's), what record, and each field
changed with its question's label, old → new, as people read it (是/否, 2026年3月5日, a site's or member's name …).
Newest first, a page at a time (`PAGE`): the labels are worked out for the lines shown only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, or_, select

from .choices import ChoiceList
from .commandline import command_name
from .household_list import address_of
from .import_marks import ImportMarks
from .journal import local_moment
from .questionnaire import Questionnaire
from .record_audit import COLUMN_LABELS
from .records import (
    Employment,
    FindingOverride,
    Household,
    JournalEntry,
    Measure,
    Member,
    Review,
    Site,
    User,
    Visit,
)
from .sync_records import SyncStation

#: Lines a page shows.
PAGE = 200
#: Record ids one ``IN (…)`` takes (well under SQLite's variable limit).
_CHUNK = 500
#: Who wrote an entry when no person did (what `sync.after_merge`, `sync.enrolment`, `anju demo` journal as).
_NAMED_ACTORS: dict[str, tuple[str, str]] = {
    "import": ("导入", "import"),
    "demo": ("演示数据", "demo data"),
    "enrol": ("县里（登记时下发）", "the county (at enrolment)"),
}
_ACTIONS: dict[str, tuple[str, str]] = {
    "insert": ("新增", "added"),
    "update": ("修改", "changed"),
    "delete": ("删除", "deleted"),
    "restore": ("恢复", "restored"),
}
_DECISIONS: dict[str, tuple[str, str]] = {"approve": ("审核通过", "approved"), "return": ("退回", "returned")}
#: Fields an insert need not list: the record's parent is what the line is about.
_PARENTS = frozenset({"household_id", "member_id"})
_MOVABLE = frozenset({"members", "visits", "measures", "employments"})  # what can move between records
_MASKED = frozenset({"id_number", "phone", "date"})  # the kinds of field masked, the dates only of birth
_TARGET = frozenset({"record_table", "record_id"})  # an accepted finding's record: named in the line
#: Fields that hold a moment (ISO-8601 UTC), shown in local time.
_MOMENTS = frozenset({"at"})

Pair = tuple[str, str]  # 中文, English


@dataclass(frozen=True)
class FieldChange:
    """One field of one entry: its label and its old and new value, as people read them."""

    name: str
    label: Pair
    old: Pair
    new: Pair


@dataclass(frozen=True)
class HistoryLine:
    seq: int
    at: str  # as journaled (UTC)
    when: str  # local time, to the minute
    who: Pair
    what: Pair
    action: Pair
    changes: tuple[FieldChange, ...]

    def text(self, english: bool = False) -> str:
        """The line as one sentence (the command's output)."""
        i = 1 if english else 0
        fields = "；".join(change_text(c, english) for c in self.changes)
        return f"{self.when}  {self.who[i]}  {self.action[i]} {self.what[i]}" + (f"：{fields}" if fields else "")


def change_text(change: FieldChange, english: bool = False) -> str:
    """``label：old → new``; a value set where there was none, ``label：new``."""
    i = 1 if english else 0
    sep = ": " if english else "："
    if not change.old[i]:
        return f"{change.label[i]}{sep}{change.new[i]}"
    return f"{change.label[i]}{sep}{change.old[i]} → {change.new[i]}"


@dataclass(frozen=True)
class HouseholdHistory:
    household_id: str
    title: Pair  # 3栋2单元301（户主 张三）
    total: int  # lines in all pages
    offset: int
    lines: list[HistoryLine] = field(default_factory=list)


def find_households(conn: Connection, key: str) -> list[str]:
    """The households a 户编号 (or a household's record id) names: none, one, or several sharing a 户编号."""
    key = key.strip()
    found = list(conn.execute(select(Household.id).where(Household.id == key)).scalars())
    return found or sorted(conn.execute(select(Household.id).where(Household.hh_number == key)).scalars())


def household_history(
    conn: Connection,
    household_id: str,
    questionnaire: Questionnaire,
    *,
    offset: int = 0,
    limit: int = PAGE,
    full_numbers: bool = True,
) -> HouseholdHistory | None:
    """One page of the household's history, newest first (in the read transaction ``conn`` is in); None when there
    is no such household. ``full_numbers=False`` masks ID numbers as the carried lists do."""
    head = conn.execute(
        select(Household.building, Household.unit, Household.room).where(Household.id == household_id)
    ).first()
    if head is None:
        return None
    entries = _entries(conn, household_id)
    entries.sort(key=lambda e: e.seq, reverse=True)
    page = entries[max(offset, 0) : max(offset, 0) + limit]
    labels = _Labels(conn, household_id, questionnaire, page, full_numbers)
    return HouseholdHistory(
        household_id,
        labels.address(household_id),
        len(entries),
        offset,
        [labels.line(e) for e in page],
    )


def _account(actor: str) -> Pair:
    """Who made a change received by sync, as it goes in brackets after the station or 县里: the account's user name
    as journaled there, a command's marked as such."""
    name = command_name(actor)
    if name is None:
        return actor, actor
    return (f"命令行：{name}", f"command line: {name}") if name else ("命令行", "command line")


# ---- which entries ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    seq: int
    at: str
    actor: str
    origin: str
    source: str
    table: str
    record_id: str
    op: str
    changes: dict[str, Any]


def _entries(conn: Connection, household: str) -> list[_Entry]:
    """Every entry of the household's story (see the module's doc), in no particular order."""
    members = set(conn.execute(select(Member.id).where(Member.household_id == household)).scalars())
    visits = set(conn.execute(select(Visit.id).where(Visit.household_id == household)).scalars())
    measures = set(conn.execute(select(Measure.id).where(Measure.household_id == household)).scalars())
    moved, moved_jobs = _moved_records(conn, household)
    members |= moved.get("members", set())
    visits |= moved.get("visits", set())
    measures |= moved.get("measures", set())
    jobs = set(_ids_in(conn, Employment.id, Employment.member_id, members))
    jobs |= {job for job, between in moved_jobs.items() if between & members}  # moved to or from ours by a merge
    reviews = set(conn.execute(select(Review.id).where(Review.household_id == household)).scalars())
    targets = {household} | members | jobs | visits | measures
    overrides = set(_ids_in(conn, FindingOverride.id, FindingOverride.record_id, targets))
    by_table = {
        "households": {household},
        "members": members,
        "employments": jobs,
        "visits": visits,
        "measures": measures,
        "reviews": reviews,
        "finding_overrides": overrides,
    }
    entries: dict[str, list[_Entry]] = {}
    for table, ids in by_table.items():
        for entry in _journal_of(conn, table, ids):
            entries.setdefault(entry.record_id, []).append(entry)
    for listed in entries.values():
        listed.sort(key=lambda e: e.seq)
    # A member's, visit's or measure's entries while it was here; a job's while its member was.
    here: dict[str, list[tuple[int, bool]]] = {}  # member id → (seq, here after it), in seq order
    shown: list[_Entry] = []
    for record_id, listed in entries.items():
        table = listed[0].table
        if table in ("members", "visits", "measures"):
            kept, timeline = _while_in(listed, "household_id", lambda parent, _seq: parent == household)
            shown.extend(kept)
            if table == "members":
                here[record_id] = timeline
        elif table != "employments":
            shown.extend(listed)
    for listed in entries.values():
        if listed[0].table == "employments":
            shown.extend(_while_in(listed, "member_id", lambda member, seq: _member_here(here, member, seq))[0])
    return shown


def _while_in(
    listed: Sequence[_Entry], column: str, inside: Callable[[Any, int], bool]
) -> tuple[list[_Entry], list[tuple[int, bool]]]:
    """The entries of one record made while its ``column`` (its household, or for a job its member) put it in the
    household — the entry that moved it in or out included — and when it was in, as (seq, in after it)."""
    kept: list[_Entry] = []
    timeline: list[tuple[int, bool]] = []
    parent: Any = _UNKNOWN
    for entry in listed:
        before = parent
        pair = entry.changes.get(column)
        if isinstance(pair, list) and len(pair) == 2:
            before = pair[0] if before is _UNKNOWN else before
            parent = pair[1]
        # No entry says where it was (its journal begins after a move, say): shown rather than lost.
        was = before is _UNKNOWN or inside(before, entry.seq)
        now = parent is _UNKNOWN or inside(parent, entry.seq)
        if was or now:
            kept.append(entry)
        timeline.append((entry.seq, now))
    return kept, timeline


_UNKNOWN = object()


def _member_here(members_here: Mapping[str, list[tuple[int, bool]]], member: Any, seq: int) -> bool:
    """Whether ``member`` was in the household when entry ``seq`` was made."""
    timeline = members_here.get(member)
    if not timeline:
        return False
    state = timeline[0][1]
    for at, now in timeline:
        if at > seq:
            break
        state = now
    return state


def _moved_records(conn: Connection, household: str) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Records the journal's updates move into or out of ``household`` (members, visits, measures), and jobs moved
    from one member to another (by a county merge) with the members they went between: one pass over the updates
    that could name them."""
    found: dict[str, set[str]] = {}
    jobs: dict[str, set[str]] = {}
    # Nothing moved out of the household before it existed: the scan starts at its first entry (seq is the rowid).
    # No condition on record_table, which would send SQLite through the (record_table, record_id) index, row by
    # row: six times slower than reading the journal straight through.
    first = conn.execute(
        select(func.min(JournalEntry.seq)).where(
            JournalEntry.record_table == "households", JournalEntry.record_id == household
        )
    ).scalar()
    query = select(JournalEntry.record_table, JournalEntry.record_id, JournalEntry.changes).where(
        JournalEntry.seq >= (first or 0),
        JournalEntry.op == "update",
        or_(
            JournalEntry.changes.contains(household, autoescape=True),
            JournalEntry.changes.contains('"member_id":[', autoescape=True),
        ),
    )
    for table, record_id, text in conn.execute(query):
        if table not in _MOVABLE:
            continue
        changes = json.loads(text)
        pair = changes.get("household_id")
        if isinstance(pair, list) and household in pair:
            found.setdefault(table, set()).add(record_id)
        elif table == "employments" and isinstance(pair := changes.get("member_id"), list):
            jobs.setdefault(record_id, set()).update(v for v in pair if isinstance(v, str))
    return found, jobs


def _ids_in(conn: Connection, wanted: Any, column: Any, ids: Iterable[str]) -> list[str]:
    listed = sorted(ids)
    found: list[str] = []
    for start in range(0, len(listed), _CHUNK):
        found.extend(conn.execute(select(wanted).where(column.in_(listed[start : start + _CHUNK]))).scalars())
    return found


def _journal_of(conn: Connection, table: str, ids: set[str]) -> Iterable[_Entry]:
    j = JournalEntry
    columns = (j.seq, j.at, j.actor, j.origin, j.source, j.record_table, j.record_id, j.op, j.changes)
    listed = sorted(ids)
    for start in range(0, len(listed), _CHUNK):
        query = select(*columns).where(j.record_table == table, j.record_id.in_(listed[start : start + _CHUNK]))
        for row in conn.execute(query):
            yield _Entry(*row[:8], json.loads(row[8]))


# ---- naming what changed ------------------------------------------------------------------------------------------


class _Labels:
    """The names on one page of lines: people, records, fields and values, read in a few queries for the page."""

    def __init__(
        self,
        conn: Connection,
        household: str,
        questionnaire: Questionnaire,
        page: Sequence[_Entry],
        full_numbers: bool,
    ) -> None:
        self.household_id = household
        self.full_numbers = full_numbers
        self.fields: dict[tuple[str, str], Any] = {}
        self.extras: dict[tuple[str, str], Any] = {}
        self.order: dict[str, int] = {}  # fields listed as the form asks them
        for form in questionnaire.forms:
            for item in form.fields:
                (self.extras if item.extra else self.fields)[(form.table, item.name)] = item
                self.order.setdefault(item.name, len(self.order))
        self.choices: Mapping[str, ChoiceList] = questionnaire.choices
        self.users = {u: d for u, d in conn.execute(select(User.username, User.display_name))}
        self.stations = {s: n for s, n in conn.execute(select(SyncStation.id, SyncStation.name))}
        self.sites = {s: n for s, n in conn.execute(select(Site.id, Site.name))}
        self.imports = ImportMarks.read(conn)
        ids: dict[str, set[str]] = {}
        for e in page:
            ids.setdefault(e.table, set()).add(e.record_id)
            for key in ("household_id", "member_id"):
                pair = e.changes.get(key)
                if isinstance(pair, list):
                    ids.setdefault(key, set()).update(v for v in pair if isinstance(v, str))
            if e.table == "finding_overrides":
                target = e.changes.get("record_table"), e.changes.get("record_id")
                if isinstance(target[0], list) and isinstance(target[1], list):
                    ids.setdefault(target[0][1], set()).add(target[1][1])
        self.records: dict[str, dict[str, Any]] = {}
        for model in (Household, Member, Employment, Visit, Measure, Review, FindingOverride):
            wanted = ids.get(model.__tablename__, set())
            if model is Household:
                wanted = wanted | ids.get("household_id", set()) | {household}
            if model is Member:
                wanted = wanted | ids.get("member_id", set())
            self._read(conn, model, wanted)
        members = {r["member_id"] for r in self.records.values() if r.get("member_id")}
        self._read(conn, Member, members - self.records.keys())
        self.heads: dict[str, str] = {}
        households = [k for k, r in self.records.items() if r["_table"] == "households"]
        live_last = Member.deleted_at.is_(None)
        query = select(Member.household_id, Member.name).where(Member.relation == "户主").order_by(live_last)
        for start in range(0, len(households), _CHUNK):
            for owner, name in conn.execute(query.where(Member.household_id.in_(households[start : start + _CHUNK]))):
                self.heads[owner] = name  # a live 户主 (ordered last) wins over a deleted one

    def _read(self, conn: Connection, model: Any, ids: Iterable[str]) -> None:
        table = model.__table__
        listed = sorted(ids)
        for start in range(0, len(listed), _CHUNK):
            for row in conn.execute(select(table).where(table.c.id.in_(listed[start : start + _CHUNK]))).mappings():
                self.records[row["id"]] = {**row, "_table": model.__tablename__}

    # -- lines

    def line(self, e: _Entry) -> HistoryLine:
        moment = local_moment(e.at)
        when = moment.strftime("%Y-%m-%d %H:%M") if moment is not None else e.at
        return HistoryLine(e.seq, e.at, when, self.who(e), self.what(e), self.action(e), self.changes(e))

    def who(self, e: _Entry) -> Pair:
        if e.source != "local":
            station = self.stations.get(e.origin)
            by_zh, by_en = _account(e.actor)
            if station is not None:  # at the county: a station's change, by the station's account
                return f"{station}（{by_zh}）", f"{station} ({by_en})"
            # At a station: through the county, whoever made it (a clerk, or another station's worker at a shared
            # site: the entry's origin is where the record was made, not who changed it, so only the account says).
            # A record first received whole (from a return file, at a station serving a shared site) says who changed
            # it last, not who made it.
            if e.actor.startswith("sync:") or e.actor == "enrol" or e.op == "insert":
                return "县里", "the county"
            return f"县里（{by_zh}）", f"the county ({by_en})"
        file = self.imports.file_of(e.seq)
        name = command_name(e.actor)
        if name is not None:  # an ``anju`` command's: never an account's display name, whatever name it was given
            zh, en = (f"（{name}）", f" ({name})") if name else ("", "")
            if file is not None:
                return f"命令行导入 {file}{zh}", f"command-line import of {file}{en}"
            return f"命令行{zh}", f"command line{en}"
        person = self.users.get(e.actor)
        zh, en = (person, person) if person else _NAMED_ACTORS.get(e.actor, (e.actor, e.actor))
        if file is not None:
            return f"导入 {file}（{zh}）", f"import of {file} ({en})"
        return zh, en

    def action(self, e: _Entry) -> Pair:
        if e.source != "local" and e.op == "insert" and e.origin not in self.stations:
            return "收到", "received"
        pair = e.changes.get("household_id")
        if e.op == "update" and isinstance(pair, list) and len(pair) == 2 and e.table != "households":
            if pair[1] == self.household_id:
                return "迁入本户", "moved in"
            if pair[0] == self.household_id:
                return "迁出本户", "moved out"
        if e.op == "delete" and e.table == "members":
            pair = e.changes.get("left_reason")  # the entry's own: a member brought back has none now
            reason = pair[1] if isinstance(pair, list) and len(pair) == 2 else None
            if reason:
                return f"减员（{reason}）", f"left the household ({reason})"
        return _ACTIONS.get(e.op, (e.op, e.op))

    def what(self, e: _Entry) -> Pair:
        return self.record(e.table, e.record_id, e.changes)

    def record(self, table: str, record_id: str, changes: Mapping[str, Any] | None = None) -> Pair:
        r = self.records.get(record_id) or {k: v[1] for k, v in (changes or {}).items() if isinstance(v, list)}
        if table == "households":
            return ("户信息", "household") if record_id == self.household_id else self.household(record_id)
        if table == "members":
            name = r.get("name") or "?"
            return f"成员 {name}", f"member {name}"
        if table == "employments":
            who = self._member_name(r.get("member_id"))
            form, start = r.get("form") or "", r.get("start_month") or ""
            return f"{who}的就业 {form} {start}".strip(), f"{who}'s job {self._en('employments', 'form', form)} {start}"
        if table == "visits":
            on = _day(r.get("visited_on"))
            return f"走访 {on[0]}", f"visit {on[1]}"
        if table == "measures":
            kind, on = r.get("kind") or "", _day(r.get("started_on"))
            member = r.get("member_id")
            whose_zh = f"（{self._member_name(member)}）" if member else ""
            whose_en = f" ({self._member_name(member)})" if member else ""
            kind_en = self._en("measures", "kind", kind)
            return f"帮扶措施 {kind} {on[0]}{whose_zh}", f"measure {kind_en} {on[1]}{whose_en}"
        if table == "reviews":
            return "县里审核", "county review"
        if table == "finding_overrides":
            target = self.record(str(r.get("record_table") or ""), str(r.get("record_id") or ""))
            return f"已接受的提示（{target[0]}）", f"accepted finding ({target[1]})"
        return table, table

    def household(self, household_id: Any) -> Pair:
        """本户, or another household as people find it: 户 3栋2单元301（户主 张三）."""
        if household_id == self.household_id:
            return "本户", "this household"
        if household_id not in self.records:
            return "另一户", "another household"
        zh, en = self.address(household_id)
        return f"户 {zh}", f"household {en}"

    def address(self, household_id: str) -> Pair:
        """3栋2单元301（户主 张三）."""
        r = self.records.get(household_id, {})
        address = address_of(r.get("building"), r.get("unit"), r.get("room"))
        head = self.heads.get(household_id)
        return (
            f"{address or '（未填门牌）'}（户主 {head or '未定'}）",
            f"{address or '(no room number)'} (head {head or 'not set'})",
        )

    def _member_name(self, member_id: Any) -> str:
        r = self.records.get(member_id) if isinstance(member_id, str) else None
        return str(r.get("name")) if r else "?"

    # -- fields

    def changes(self, e: _Entry) -> tuple[FieldChange, ...]:
        found: list[FieldChange] = []
        for name, pair in e.changes.items():
            if not (isinstance(pair, list) and len(pair) == 2):
                continue
            if e.op == "insert" and (
                name in _PARENTS or (e.table == "finding_overrides" and name.startswith("record"))
            ):
                continue
            if name == "extra":
                found.extend(self._extra(e.table, pair[0], pair[1]))
                continue
            old, new = self.value(e.table, name, pair[0]), self.value(e.table, name, pair[1])
            if old == new:
                continue
            found.append(FieldChange(name, self.label(e.table, name), old, new))
        # As the form asks them; a move (所属户) first, as it is what the line is about.
        return tuple(sorted(found, key=lambda c: -1 if c.name in _PARENTS else self.order.get(c.name, len(self.order))))

    def _extra(self, table: str, old: Any, new: Any) -> list[FieldChange]:
        """A county question's answers are kept together in ``extra``: each one that changed, by its label."""
        old = old if isinstance(old, dict) else {}
        new = new if isinstance(new, dict) else {}
        changed = []
        for key in sorted(old.keys() | new.keys()):
            if old.get(key) == new.get(key):
                continue
            item = self.extras.get((table, key))
            label = (item.label.zh, item.label.en) if item is not None else (key, key)
            values = [self._shown(item, v) for v in (old.get(key), new.get(key))]
            changed.append(FieldChange(key, label, values[0], values[1]))
        return changed

    def label(self, table: str, name: str) -> Pair:
        item = self.fields.get((table, name))
        if item is not None:
            return item.label.zh, item.label.en
        if name in _MOMENTS:
            return "时间", "time"
        if table == "finding_overrides" and name == "user":
            return "接受人", "accepted by"
        return COLUMN_LABELS.get(name, (name, name))

    def value(self, table: str, name: str, value: Any) -> Pair:
        if value is None or value == "":
            return "", ""
        if name == "household_id":
            return self.household(value)
        if name == "member_id":
            name_of = self._member_name(value)
            return name_of, name_of
        if name == "site_id":
            site = self.sites.get(value, str(value))
            return site, site
        if name in _MOMENTS:
            moment = local_moment(str(value))
            shown = moment.strftime("%Y-%m-%d %H:%M") if moment is not None else str(value)
            return shown, shown
        if name == "left_on":  # 减员日期: kept by the program, not a question whose type would say it is a day
            return _day(value)
        if table == "reviews" and name == "decision":
            return _DECISIONS.get(str(value), (str(value), str(value)))
        if table == "finding_overrides" and name == "user":
            person = self.users.get(str(value), str(value))
            return person, person
        return self._shown(self.fields.get((table, name)), value)

    def _shown(self, item: Any, value: Any) -> Pair:
        if value is None or value == "":
            return "", ""
        kind = item.type if item is not None else ""
        if kind == "date" and item.name != "birth_date":
            kind = "day"  # no one's secret
        if isinstance(value, bool) or kind == "yes_no":
            return ("是", "yes") if value else ("否", "no")
        if kind in ("date", "day"):
            return _day(value)
        if kind == "month":
            return _month(value)
        if not self.full_numbers and kind in _MASKED:
            # As the carried lists mask them (`forms.excel.export`), for output that may end up in a file: a
            # birth date gives back the digits an ID number's mask hides.
            from .excel.export import mask_id, mask_phone

            masked = str(mask_id(str(value)) if kind == "id_number" else mask_phone(str(value)))
            return (masked, masked) if kind != "date" else ("（已脱敏）", "(masked)")
        if kind in ("select_one", "select_multiple") and item.choices in self.choices:
            glosses = {c.value: c.en for c in self.choices[item.choices].items}
            parts = [p for p in str(value).split(",") if p]
            return "、".join(parts), ", ".join(glosses.get(p, p) for p in parts)
        if isinstance(value, dict | list):
            text = json.dumps(value, ensure_ascii=False)
            return text, text
        return str(value), str(value)

    def _en(self, table: str, name: str, value: str) -> str:
        item = self.fields.get((table, name))
        return self._shown(item, value)[1] if value else ""


def _day(value: Any) -> Pair:
    """2026-03-05 → 2026年3月5日 / 2026-03-05."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return str(value or ""), str(value or "")
    return f"{day.year}年{day.month}月{day.day}日", day.isoformat()


def _month(value: Any) -> Pair:
    """2025-03 → 2025年3月."""
    text = str(value)
    year, _, month = text.partition("-")
    if year.isdigit() and month.isdigit():
        return f"{year}年{int(month)}月", text
    return text, text
