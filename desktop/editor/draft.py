"""The household being edited, in memory: every record's answers, what changed since the last save, and the
findings of the values on screen, saved or not.

Nothing here touches Qt or the database, so the editor's rules of saving can be read (and tested) apart from the
widgets. A `Draft` is built on the worker thread by `desktop.editor.storage` and then owned by the UI thread.

Answers are held as the inputs give them: typed when they can be read (``date``, ``int``, ``bool``, ``"2024-03"``,
a choice value), raw text when not yet (``"2024-13-01"``), so the field checks can name the problem. Only
readable answers are ever written: `storable` decides, and a record whose required columns cannot be filled yet
waits in memory until they can.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Column, Date, Integer, String, Table

from forms.fieldchecks import field_findings
from forms.findings import Finding, about, measure_who, member_who, spell_who, visit_who
from forms.leaving import outcome_when_closed, outcome_when_reopened
from forms.questionnaire import FORM_TABLES, Field, Form, Questionnaire
from forms.records import MODEL_BY_TABLE
from forms.rules import HouseholdBundle, HouseholdFacts, MeasureFacts, MemberFacts, SpellFacts, household_findings
from forms.rules.bundle import Elsewhere
from forms.rules.overrides import AcceptedKey, is_accepted, subject_of
from forms.settings import RuleSettings
from forms.typed_text import lines, one_line

#: Tables the editor writes, parents before children (the order a save applies them in).
TABLES = ("households", "members", "employments", "visits", "measures")
FORM_OF_TABLE = {table: form for form, table in FORM_TABLES.items()}
PARENT_KEY = {
    "members": "household_id",
    "employments": "member_id",
    "visits": "household_id",
    "measures": "household_id",
}
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])", re.ASCII)
_NOT_STORED = object()
LEFT_REASON = "left_reason"  # a member's 减员原因 (`forms.leaving`), written when they are removed
LEFT_ON = "left_on"  # and their 减员日期, the day they left, written with it


@dataclass
class EditRecord:
    """One record on screen. ``stored`` is true once it is in the database or in a queued save."""

    table: str
    id: str
    values: dict[str, Any]
    stored: bool
    deleted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # the stored extra JSON, unknown keys kept
    version: int = 0

    @property
    def form_name(self) -> str:
        return FORM_OF_TABLE[self.table]

    @property
    def parent_id(self) -> str | None:
        key = PARENT_KEY.get(self.table)
        return None if key is None else self.values.get(key)


@dataclass(frozen=True)
class RecordSave:
    """What one save does to one record: insert it (``insert`` holds every column), update changed columns,
    or tombstone it."""

    table: str
    id: str
    insert: dict[str, Any] | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    extra_changes: dict[str, Any] = field(default_factory=dict)
    delete: bool = False


@dataclass(frozen=True)
class SaveBatch:
    household_id: str
    records: tuple[RecordSave, ...]


def columns_of(table: str) -> dict[str, Column[Any]]:
    """The content columns of a table (no sync bookkeeping, no derived values, no extra JSON)."""
    model = MODEL_BY_TABLE[table]
    skip = model.SYNC_FIELDS | model.DERIVED_FIELDS | {"extra"}
    table_: Table = model.__table__  # type: ignore[assignment]
    return {c.key: c for c in table_.columns if c.key not in skip}


def storable(
    column: Column[Any] | None, item: Field | None, value: Any, allowed: Callable[[Field], frozenset[str]]
) -> Any:
    """The value to write for an answer, or `_NOT_STORED` when it cannot be written as it stands.

    ``allowed`` gives the valid values of a choice field (a select list, the sites, the members). An answer the
    checks reject for its content (a phone number too short, an ID with a wrong check character) is still
    written: it is what the person typed, and the finding travels with it. An answer that does not fit the
    column at all (a date that is not one, a choice not in the list) is not: the stored value stays as it was.
    """
    if isinstance(value, str):
        # Whatever handed it over, no text is written with a pasted line break or an invisible character in it
        # (`forms.typed_text`): every answer is one line; a text the program asks for itself (作废原因) keeps its
        # line breaks.
        value = one_line(value) if item is not None or column is None else lines(value)
    if value is None or value == "":
        return None
    if column is None:  # an extra question: any JSON value
        return value.isoformat() if isinstance(value, date) else value
    kind = column.type
    if isinstance(kind, Boolean):
        return value if isinstance(value, bool) else _NOT_STORED
    if isinstance(kind, Integer):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return int(value) if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()) else _NOT_STORED
    if isinstance(kind, Date):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip()) if len(str(value).strip()) == 10 else _NOT_STORED
        except ValueError:
            return _NOT_STORED
    if isinstance(kind, String):
        text = str(value).strip()
        if item is not None:
            if item.type == "month" and not _MONTH.fullmatch(text):
                return _NOT_STORED
            if item.type in ("select_one", "site", "member") and text not in allowed(item):
                return _NOT_STORED
            if item.type == "select_multiple" and not all(part in allowed(item) for part in text.split(",")):
                return _NOT_STORED
        if kind.length is not None and len(text) > kind.length:
            return _NOT_STORED
        return text
    return value


class Draft:
    """A household, its live members, their spells, its visits and measures, and what is accepted on them."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        household: EditRecord,
        children: Iterable[EditRecord] = (),
        *,
        accepted: Iterable[AcceptedKey] = (),
        elsewhere: Mapping[str, tuple[Elsewhere, ...]] | None = None,
        sites: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.questionnaire = questionnaire
        self.household = household
        self._records: dict[str, EditRecord] = {household.id: household}
        self._order: dict[str, list[str]] = {table: [] for table in TABLES[1:]}
        self.version = 0
        for record in children:
            self.insert(record)
        self.accepted: set[AcceptedKey] = set(accepted)
        self.elsewhere: dict[str, tuple[Elsewhere, ...]] = dict(elsewhere or {})
        self.sites: list[tuple[str, str]] = list(sites)
        self.dirty: dict[str, set[str]] = {}
        #: stored records brought back after a removal, whose tombstone the next save takes away
        self._restored: set[str] = set()
        self._field_cache: dict[str, tuple[int, date, list[Finding]]] = {}

    # ---- records ------------------------------------------------------------------------------------------------

    @property
    def id(self) -> str:
        return self.household.id

    @property
    def status(self) -> str:
        return str(self.household.values.get("status") or "草稿")

    def record(self, record_id: str) -> EditRecord:
        return self._records[record_id]

    def get(self, record_id: str) -> EditRecord | None:
        return self._records.get(record_id)

    def records(self, table: str, *, parent: str | None = None) -> list[EditRecord]:
        """Live records of a table in display order (children of ``parent`` only, when given)."""
        if table == "households":
            return [self.household]
        found = [self._records[i] for i in self._order[table]]
        return [r for r in found if not r.deleted and (parent is None or r.parent_id == parent)]

    @property
    def members(self) -> list[EditRecord]:
        return self.records("members")

    @property
    def left_members(self) -> list[EditRecord]:
        """Members who left the household (减员) with a reason: those removed earlier, then those removed now."""
        left = [self._records[i] for i in self._order["members"]]
        return [r for r in left if r.deleted and r.stored and r.values.get(LEFT_REASON)]

    def spells_of(self, member_id: str) -> list[EditRecord]:
        return self.records("employments", parent=member_id)

    def removed_spells_of(self, member_id: str) -> list[EditRecord]:
        """A member's deleted spells (saved, then removed: here, earlier, or at another station or the county), in
        the order of the list they left, to be brought back (`bring_back`). One removed before it was ever saved
        is gone: Ctrl+Z alone brings it back."""
        found = [self._records[i] for i in self._order["employments"]]
        return [r for r in found if r.deleted and r.stored and r.parent_id == member_id]

    def insert(self, record: EditRecord, *, first: bool = False) -> EditRecord:
        self._records[record.id] = record
        order = self._order[record.table]
        if first:
            order.insert(0, record.id)
        else:
            order.append(record.id)
        self.version += 1
        return record

    def remove(self, record_id: str, left_reason: str | None = None, left_on: date | None = None) -> None:
        """Tombstone a record (saved at the next save); one never saved is simply forgotten. A member's
        ``left_reason`` (减员原因) and ``left_on`` (减员日期) are written on the tombstone."""
        record = self._records[record_id]
        record.deleted = True
        record.version += 1
        self.version += 1
        if record.stored:
            changed = self.dirty.setdefault(record_id, set())
            for name, value in ((LEFT_REASON, left_reason), (LEFT_ON, left_on)):
                if value is not None:
                    record.values[name] = value
                    changed.add(name)
        else:
            self.dirty.pop(record_id, None)

    def bring_back(self, record_id: str) -> None:
        """Bring back a record removed by mistake (saved at the next save): a stored one loses its tombstone, one
        never saved is inserted after all."""
        record = self._records[record_id]
        if not record.deleted:
            return
        record.deleted = False
        record.version += 1
        self.version += 1
        changed = self.dirty.setdefault(record_id, set())
        for name in (LEFT_REASON, LEFT_ON):
            if record.values.get(name) is not None:  # back in the household: they have not left it
                record.values[name] = None
                changed.add(name)
        if record.stored:
            self._restored.add(record_id)

    def measures_of(self, member_id: str) -> list[EditRecord]:
        """The live 帮扶措施 whose 帮扶对象 is this member."""
        return [m for m in self.records("measures") if m.values.get("member_id") == member_id]

    def close_measures_of(self, member_id: str, left_reason: str, on: date) -> list[EditRecord]:
        """A member left (减员): their open measures end ``on``, their 措施结果 saying why, so the lists of open
        measures stop counting them (and a 零就业 household is no longer covered by a dead person's measure). A
        measure started after that day (recorded late, or the 减员日期 is of an earlier event) ends on the day it
        started: a measure cannot end before it began."""
        closing = [m for m in self.measures_of(member_id) if not m.values.get("closed_on")]
        for measure in closing:
            started = measure.values.get("started_on")
            self.set(measure.id, "closed_on", max(on, started) if isinstance(started, date) else on)
            self.set(measure.id, "outcome", outcome_when_closed(_text(measure.values.get("outcome")), left_reason))
        return closing

    def closed_by_leaving(self, member_id: str) -> list[EditRecord]:
        """The closed measures of a member who left whose 措施结果 still ends with a 减员's closing note."""
        if not self._records[member_id].values.get(LEFT_REASON):
            return []
        return [
            m
            for m in self.measures_of(member_id)
            if m.values.get("closed_on") and outcome_when_reopened(_text(m.values.get("outcome"))) is not None
        ]

    def reopen_measures_of(self, member_id: str) -> list[EditRecord]:
        """A member who left comes back (恢复; call before `bring_back` clears the reason): the measures their 减员
        closed are open again, as they were; one the worker closed, or wrote about since, stays closed."""
        reopened = self.closed_by_leaving(member_id)
        for measure in reopened:
            self.set(measure.id, "closed_on", None)
            self.set(measure.id, "outcome", outcome_when_reopened(_text(measure.values.get("outcome"))) or None)
        return reopened

    def set(self, record_id: str, name: str, value: Any) -> bool:
        """Change one answer; False when it already had this value."""
        record = self._records[record_id]
        if record.values.get(name) == value and name in record.values:
            return False
        record.values[name] = value
        record.version += 1
        self.version += 1
        self.dirty.setdefault(record_id, set()).add(name)
        return True

    def allowed(self, item: Field) -> frozenset[str]:
        """Valid values of a choice field: its list, the sites, or the live members."""
        if item.type == "site":
            return frozenset(site_id for site_id, _name in self.sites)
        if item.type == "member":
            return frozenset(m.id for m in self.members)
        return self.questionnaire.choice_values.get(item.choices or "", frozenset())

    # ---- saving ---------------------------------------------------------------------------------------------------

    def snapshot(self) -> SaveBatch | None:
        """Everything changed since the last snapshot, as one batch; None when nothing is left to write."""
        wanted: set[str] = set()
        for record_id in self.dirty:
            record: EditRecord | None = self._records[record_id]
            while record is not None:
                wanted.add(record.id)
                parent = record.parent_id
                record = self._records.get(parent) if parent and not record.stored else None
        ordered = sorted(
            (self._records[i] for i in wanted),
            key=lambda r: (TABLES.index(r.table), r.table != "households" and self._order[r.table].index(r.id)),
        )
        saves: list[RecordSave] = []
        # New records that cannot be written yet (a new household with no site chosen): their new children wait
        # with them, dirty, instead of being inserted under a parent that is not there (a foreign key error).
        waiting: set[str] = set()
        for record in ordered:
            if not record.stored and record.parent_id in waiting:
                waiting.add(record.id)
                continue
            save = self._save_of(record)
            if save is not None:
                saves.append(save)
            elif not record.stored and not record.deleted:
                waiting.add(record.id)
        return SaveBatch(self.id, tuple(saves)) if saves else None

    def _save_of(self, record: EditRecord) -> RecordSave | None:
        changed = self.dirty.get(record.id, set())
        if record.deleted:
            self.dirty.pop(record.id, None)
            self._restored.discard(record.id)
            if not record.stored:
                return None
            changes, _extra = self._values(record, changed)  # the 减员原因 and 减员日期 go with the tombstone
            return RecordSave(record.table, record.id, changes=changes, delete=True)
        if not record.stored:
            insert = self._insert_values(record)
            if insert is None:
                return None  # a required date is not readable yet: keep it in memory (and dirty) until it is
            record.stored = True
            self.dirty.pop(record.id, None)
            return RecordSave(record.table, record.id, insert=insert)
        changes, extra_changes = self._values(record, changed)
        self.dirty.pop(record.id, None)
        if record.id in self._restored:
            self._restored.discard(record.id)
            changes["deleted_at"] = None
        if not changes and not extra_changes:
            return None
        return RecordSave(record.table, record.id, changes=changes, extra_changes=extra_changes)

    def _values(self, record: EditRecord, names: Iterable[str]) -> tuple[dict[str, Any], dict[str, Any]]:
        """Storable column values and extra answers among ``names``."""
        columns = columns_of(record.table)
        form = self.questionnaire.form(record.form_name)
        changes: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for name in names:
            item = form.by_name.get(name)
            column = columns.get(name)
            if column is None and (item is None or not item.extra):
                continue  # a value computed for display (age), never stored
            value = storable(column, item, record.values.get(name), self.allowed)
            if value is _NOT_STORED:
                continue
            if column is None:
                extra[name] = value
            elif value is None and not column.nullable:
                if column.foreign_keys or not isinstance(column.type, String):
                    continue  # a link or a required date cannot be emptied; the stored value stays
                changes[name] = ""
            else:
                changes[name] = value
        return changes, extra

    def _insert_values(self, record: EditRecord) -> dict[str, Any] | None:
        columns = columns_of(record.table)
        changes, extra = self._values(record, record.values)
        for name, column in columns.items():
            if changes.get(name) is None and not column.nullable and column.default is None:
                if column.foreign_keys or not isinstance(column.type, String):
                    return None
                changes[name] = ""
        changes = {k: v for k, v in changes.items() if v is not None}
        if extra or record.extra:
            changes["extra"] = {**record.extra, **extra}
        return changes

    def restore(self, batch: SaveBatch) -> None:
        """A save failed: mark its records unsaved again, so the next save retries them."""
        for save in batch.records:
            record = self._records.get(save.id)
            if record is None:
                continue
            names = self.dirty.setdefault(save.id, set())
            if save.insert is not None:
                record.stored = False
            names.update(save.changes, save.extra_changes)

    # ---- findings -------------------------------------------------------------------------------------------------

    def bundle(self) -> HouseholdBundle:
        """The household as the rules see it, from the values on screen."""
        members = [self._facts(MemberFacts, r) for r in self._all("members")]
        live_members = {r.id for r in self._all("members") if not r.deleted}
        spells = [self._facts(SpellFacts, r, deleted=r.parent_id not in live_members) for r in self._all("employments")]
        measures = [self._facts(MeasureFacts, r) for r in self._all("measures")]
        site_name = dict(self.sites).get(str(self.household.values.get("site_id")))
        household = self._facts(HouseholdFacts, self.household, site_name=site_name)
        roster = {member.id: n for n, member in enumerate(self.members, start=1)}  # 第3位成员, before a name
        return HouseholdBundle(
            household, tuple(members), tuple(spells), tuple(measures), frozenset(self.accepted), self.elsewhere, roster
        )

    def _all(self, table: str) -> list[EditRecord]:
        return [self._records[i] for i in self._order[table]]

    def _facts(self, facts: Any, record: EditRecord, **more: Any) -> Any:
        columns = columns_of(record.table)
        form = self.questionnaire.form(record.form_name)
        values: dict[str, Any] = {"id": record.id, "deleted": record.deleted}
        for name, value in record.values.items():
            typed = storable(columns.get(name), form.by_name.get(name), value, lambda _i: _ANY)
            values[name] = None if typed is _NOT_STORED else typed
        # ``more``'s own ``deleted`` (a spell of a member who left) is taken out before ``more`` is merged: left in,
        # its False undid the record's own tombstone, and a job deleted in the editor went on counting (已就业).
        values["deleted"] = more.pop("deleted", False) or values["deleted"]
        return facts.of({**values, **more})

    def findings(self, settings: RuleSettings, today: date) -> list[Finding]:
        """Field checks of every live record and every household rule, as if it were being completed now (so the
        panel shows what still stands in the way of 已完成), in the order of the screens."""
        if self.status == "作废":
            return []
        bundle = self.bundle()
        rules = household_findings(bundle, settings, today, completing=True)
        # Where a rule explains a field (an ID number's own problem), its message is the better one.
        covered = {(f.record_id, name) for f in rules if f.severity == "error" for name in f.fields}
        found: list[Finding] = list(rules)
        for record in self._live():
            for finding in self._field_findings(record, today, bundle):
                if finding.code in ("field.constraint", "field.type") and any(
                    (finding.record_id, name) in covered for name in finding.fields
                ):
                    continue
                found.append(finding)
        position = self._positions()
        return sorted(found, key=lambda f: (f.severity != "error", *position(f)))

    def _live(self) -> list[EditRecord]:
        live: list[EditRecord] = [self.household]
        for member in self.members:
            live.append(member)
            live.extend(self.spells_of(member.id))
        return live + self.records("visits") + self.records("measures")

    def _field_findings(self, record: EditRecord, today: date, bundle: HouseholdBundle) -> list[Finding]:
        cached = self._field_cache.get(record.id)
        if cached is not None and cached[0] == record.version and cached[1] == today:
            found = cached[2]
        else:
            found = field_findings(
                self.questionnaire,
                record.form_name,
                record.values,
                record_id=record.id,
                household_id=self.id,
                today=today,
            )
            if record.table == "employments":  # the editor finds a spell through its member
                found = [replace(f, member_id=record.parent_id) for f in found]
            self._field_cache[record.id] = (record.version, today, found)
        found = found + self._unknown_site(record)
        # In a household of five, which member (whose job, which visit or measure) it is about, and which question.
        who, form = self._who(record, bundle), self.questionnaire.form(record.form_name)
        found = [about(f, who, _label(form, f)) for f in found]
        return [replace(f, accepted=True) if self._is_accepted(f) else f for f in found]

    def _unknown_site(self, record: EditRecord) -> list[Finding]:
        """安置点名称 typed that names no site (“xh”, or a site of another county): the field checks know no sites,
        so nothing under the field or in the list said so, only the banner that the household was not saved."""
        found: list[Finding] = []
        for item in self.questionnaire.form(record.form_name).fields:
            value = record.values.get(item.name)
            if item.type != "site" or value is None or value == "" or str(value) in self.allowed(item):
                continue
            found.append(
                Finding(
                    code="field.choice",
                    severity="error",
                    zh=f"“{item.label.zh}”的“{value}”不是本站的安置点，请从列表中选择（可输入名称中的字或拼音首字母查找）。",
                    en=f"“{item.label.en}”: “{value}” is not one of the station's sites; pick one from the list "
                    "(type part of its name or its pinyin initials to find it).",
                    record_table=record.table,
                    record_id=record.id,
                    household_id=self.id,
                    fields=(item.name,),
                )
            )
        return found

    def _who(self, record: EditRecord, bundle: HouseholdBundle) -> tuple[str, str] | None:
        """How findings on a member, a member's spell, a visit or a measure name it; None for the household. A
        member is named as the rules name them (``bundle``): told apart from another of the same name."""
        values = record.values
        if record.table == "visits":
            return visit_who(values.get("visited_on"), self._place(record))
        if record.table == "measures":
            target = self._records.get(str(values.get("member_id") or ""))
            member = self._member_who(target, bundle) if target is not None and target.table == "members" else None
            kind = _text(values.get("kind"))
            return measure_who(kind, member, values.get("due_on"), values.get("started_on"), self._place(record))
        if record.table not in ("members", "employments"):
            return None
        member_record = record if record.table == "members" else self._records.get(record.parent_id or "")
        if member_record is None:
            return None
        who = self._member_who(member_record, bundle)
        if record.table == "members":
            return who
        return spell_who(who, _text(values.get("form")), _text(values.get("start_month")))

    def _member_who(self, member: EditRecord, bundle: HouseholdBundle) -> tuple[str, str]:
        facts = bundle.member(member.id)
        if facts is not None and not facts.deleted:
            return bundle.who(facts)
        position = next((n for n, m in enumerate(self.members, start=1) if m.id == member.id), None)
        return member_who(_text(member.values.get("name")), position)

    def _place(self, record: EditRecord) -> int | None:
        """A visit's or measure's place in its list on screen (1 at the top)."""
        return next((n for n, r in enumerate(self.records(record.table), start=1) if r.id == record.id), None)

    def _is_accepted(self, finding: Finding) -> bool:
        return finding.acceptable and is_accepted(self.accepted, finding.code, finding.record_id, subject_of(finding))

    def _positions(self) -> Callable[[Finding], tuple[int, int]]:
        """(record position on screen, field position in its form) for sorting findings."""
        order = {record.id: n for n, record in enumerate(self._live())}
        field_order: dict[str, dict[str, int]] = {
            form.name: {item.name: n for n, item in enumerate(form.fields)} for form in self.questionnaire.forms
        }

        def position(finding: Finding) -> tuple[int, int]:
            record = self._records.get(finding.record_id)
            fields = field_order.get(record.form_name, {}) if record else {}
            first = min((fields.get(name, 999) for name in finding.fields), default=999)
            return order.get(finding.record_id, 0), first

        return position


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _label(form: Form, finding: Finding) -> tuple[str, str] | None:
    item = form.by_name.get(finding.fields[0]) if finding.fields else None
    return (item.label.zh, item.label.en) if item is not None else None


class _AnyValues(frozenset[str]):
    """Every value is allowed: the rules judge facts themselves, whatever the choice lists say."""

    def __contains__(self, _item: object) -> bool:
        return True


_ANY = _AnyValues()
