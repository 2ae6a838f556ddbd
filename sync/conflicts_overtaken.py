"""Open conflicts a later change has answered: closed, so the clerk does not decide them over that change.

A conflict asks the clerk one question: the county's value of a field or the station's. A later change to the field
can answer it first, and then the clerk's "decision" would undo that newer edit (taking the county's side put back
the value the station had just typed again). So, as a later change reaches the county:

- from the same station (its worker typed the value again, or another, or the county's): the station has answered.
  Taken by the county without a clash (or agreeing with the county's value), it settles the conflict; clashing
  again, it is still the same question with the station's newest value, so the open conflict takes that value
  instead of a second one opening (`sync.county_apply`);
- by the county itself (a clerk's edit in any screen, stamped by `sync.trunk`; an edit in the household editor as
  it is saved, so the 冲突 page never offers what the clerk has just answered): the county has answered; it settles
  every open conflict on the field;
- from another station, taken without a clash: the question still stands (nobody answered this station), but "the
  county's value" is now that newer edit: the conflict holds it, so taking the county's side keeps it. When that
  value is this station's own, nothing is left to decide: settled.

A settled conflict is closed like one the clerk settles: with who and when, a note saying which later change settled
it, the value the record holds, and the record's revision, so the station receives it with its next return file
and its "waiting" line gives way to the result. The county's questions (``extra``, merged question by question) are
settled only when the county holds the station's answers exactly: a later answer to another question is no answer.

A deletion conflict (``deleted_at``: the station deleted a record the county had edited, ``delete-edit``, or edited one
the county had deleted, ``edit-deleted``) asks whether the record stays deleted or lives; its values are compared as
that, deleted or not (two deletions at different times are the same answer). A change answers it by deleting or
restoring the record (a change's ``op``: the journal carries no ``deleted_at`` field), and by nothing else:

- the county's own 删除 or 恢复 of the record (a clerk's 恢复成员 in the household editor, a job deleted there): the
  county has answered; every open deletion conflict on the record is settled, on the side the record is on now;
- the conflict's own station restoring the record (恢复成员 after the county's tombstone reached it) or deleting it
  (again, or the record it had edited): the station has answered, settled the same way, even when the county's
  record already was as the station left it (a delete of a record deleted here);
- another station restoring or deleting it: settled only when the record is now as this station wanted it; else the
  question still stands, and the county's side is the record as that station left it (taking the county's side
  keeps it), which the record holds now.

An edit, by anyone, to a record while a deletion conflict is open on it answers nothing: the record is no more or less
deleted. A station's later edit that clashes with the county's deletion again is the same question: the open
conflict is brought up to date instead of a second one opening (`sync.county_apply`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, exists, select, update

from forms.journal import canonical_json
from forms.records import JournalEntry
from forms.rules.loading import rows_in
from forms.sync_records import SyncConflict

from .rows import CODECS, load

#: Open conflicts by (table, record id, field): rows of ``sync_conflicts`` as dicts (a conflict a batch is still
#: making has no id yet). A deletion conflict's field is `DELETED`.
OpenConflicts = dict[tuple[str, str, str], list[dict[str, Any]]]

#: The field of a deletion conflict (kind ``delete-edit`` or ``edit-deleted``): whether the record is deleted.
DELETED = "deleted_at"
#: The ops by which a change deletes or restores a record: the only changes that answer a deletion conflict.
DELETING_OPS = frozenset({"delete", "restore"})

_COLUMNS = list(SyncConflict.__table__.columns)
_OPEN = SyncConflict.status == "open"


def open_conflicts_on(conn: Connection, records: Mapping[str, Iterable[str]]) -> OpenConflicts:
    """The open conflicts on these records (table → ids), on fields and on deletion. One cheap query when there are
    none at all."""
    if not conn.execute(select(exists().where(_OPEN))).scalar():
        return {}
    found: OpenConflicts = {}
    keys = [c.key for c in _COLUMNS]
    for table, ids in records.items():
        if not ids:
            continue
        query = select(*_COLUMNS).where(_OPEN, SyncConflict.record_table == table)
        for values in rows_in(conn, query, SyncConflict.__table__.c.record_id, ids):
            row = dict(zip(keys, values, strict=True))
            found.setdefault((table, row["record_id"], row["field"]), []).append(row)
    return found


def same_answer(field: str, one: str, other: str) -> bool:
    """Whether two values of a conflict's field (canonical JSON) give the same answer: equal, or for a deletion
    conflict both deleted (whenever) or both not."""
    if field == DELETED:
        return (one == "null") == (other == "null")
    return one == other


def settled(conflict: Mapping[str, Any], now: str, *, by: str, note: str, at: str, rev: int) -> dict[str, Any]:
    """The columns closing ``conflict`` as settled by a later change that left the field at ``now`` (canonical
    JSON): the side it agrees with, as the clerk's choice would be recorded."""
    field = conflict["field"]
    if same_answer(field, now, conflict["station_value"]):
        resolution = "station"
    elif same_answer(field, now, conflict["county_value"]):
        resolution = "county"
    else:
        resolution = "value"
    return {
        "status": "resolved",
        "resolution": resolution,
        "resolved_value": now,
        "note": note,
        "resolved_by": by[:64],
        "resolved_at": at,
        "resolved_rev": rev,
    }


def answers(table: str, field: str, conflict: Mapping[str, Any], now: str, *, answered: bool) -> bool:
    """Whether a later change that left the field at ``now`` settles ``conflict``: ``answered`` when it came from
    the conflict's own station or from the county itself; else only when the county now holds the station's value.
    The county's questions (``extra``) only then either (see the module's note). For a deletion conflict, the change
    must have deleted or restored the record (see the module's note)."""
    if same_answer(field, now, conflict["station_value"]):
        return True
    return answered and field not in CODECS[table].json_fields


#: The notes of a conflict a later change settled (who made that change is its ``resolved_by``).
STATION_NOTE = "工作站之后又修改了这个字段，县里已采用，冲突随之了结"
COUNTY_NOTE = "县里之后修改了这个字段，冲突随之了结"
#: The same for a deletion conflict, by what the later change did: op → (a station's note, the county's).
DELETION_NOTES = {
    "restore": ("工作站之后恢复了这条记录，县里已采用，冲突随之了结", "县里之后恢复了这条记录，冲突随之了结"),
    "delete": ("工作站之后删除了这条记录，县里已采用，冲突随之了结", "县里之后删除了这条记录，冲突随之了结"),
}


def station_note(field: str, op: str) -> str:
    """What a conflict a station's later change settled says: the field typed again, or the record restored or
    deleted."""
    return DELETION_NOTES[op][0] if field == DELETED else STATION_NOTE


@dataclass(frozen=True)
class _Edit:
    table: str
    record_id: str
    field: str
    actor: str
    note: str


def settle_by_county_edits(conn: Connection, since_seq: int, revs: Mapping[tuple[str, str], int], at: str) -> int:
    """Close the open conflicts the county's own edits journaled after ``since_seq`` answered (a clerk typed a value
    into a field a station's conflict is about), under the revisions ``revs`` gives the records. Returns how many."""
    # Open conflicts are few, the county's edits may be a roster import's 100,000: those first, all of them.
    keys = [c.key for c in _COLUMNS]
    waiting: OpenConflicts = {}
    for values in conn.execute(select(*_COLUMNS).where(_OPEN)):
        conflict = dict(zip(keys, values, strict=True))
        if (conflict["record_table"], conflict["record_id"]) in revs:
            waiting.setdefault((conflict["record_table"], conflict["record_id"], conflict["field"]), []).append(
                conflict
            )
    if not waiting:
        return 0
    records = _tables((table, record_id) for table, record_id, _field in waiting)
    edits: dict[tuple[str, str, str], _Edit] = {}
    for table, ids in records.items():
        query = (
            select(JournalEntry.record_id, JournalEntry.actor, JournalEntry.op, JournalEntry.changes)
            .where(JournalEntry.seq > since_seq, JournalEntry.source == "local", JournalEntry.record_table == table)
            .order_by(JournalEntry.seq)
        )
        for record_id, actor, op, text in rows_in(conn, query, JournalEntry.__table__.c.record_id, ids):
            for field, pair in json.loads(text).items():
                if (table, record_id, field) in waiting and isinstance(pair, list) and pair[:1] != pair[1:]:
                    edits[(table, record_id, field)] = _Edit(table, record_id, field, actor, COUNTY_NOTE)  # latest wins
            if op in DELETING_OPS and (table, record_id, DELETED) in waiting:  # a 删除 or 恢复: no field says so
                edits[(table, record_id, DELETED)] = _Edit(table, record_id, DELETED, actor, DELETION_NOTES[op][1])
    if not edits:
        return 0
    rows = {table: load(conn, table, ids) for table, ids in records.items()}
    closed = 0
    for key, edit in edits.items():
        record = rows[edit.table].get(edit.record_id)
        if record is None:
            continue
        now = canonical_json(record[edit.field])
        for conflict in waiting[key]:
            if not answers(edit.table, edit.field, conflict, now, answered=True):
                continue
            closing = settled(conflict, now, by=edit.actor, note=edit.note, at=at, rev=revs[key[:2]])
            conn.execute(update(SyncConflict).where(SyncConflict.id == conflict["id"]).values(**closing))
            closed += 1
    return closed


def _tables(records: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    by_table: dict[str, set[str]] = {}
    for table, record_id in records:
        if table in CODECS:
            by_table.setdefault(table, set()).add(record_id)
    return by_table
