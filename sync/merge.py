"""The county's merge of one station change into one record (DESIGN.md §5). Pure: rows in, row out.

- The record is new to the county and the change is an insert: take it.
- The county's ``rev`` equals the change's ``base_rev`` (nobody changed the record since the station saw it):
  take every field.
- Otherwise, field by field (three-way): a field whose county value still equals the change's old (base) value
  takes the new value; a field the county already holds at the new value is left alone; a field both sides
  changed differently keeps the county value and becomes a conflict holding both values.
- The county's own questions live together in one JSON field (``extra``), so that field is merged question by
  question the same way: the county answering one question while the station answers another is no conflict.
  Only the questions both sides answered differently are; the conflict holds the whole field either way (the
  county's answers to those questions, or the station's, each with every other answer merged), so settling it
  takes one side for them and loses nothing else.
- A delete against a record someone else changed since the station saw it is applied (the station meant it,
  and a tombstone loses nothing), and recorded as a conflict so the clerk can restore it. An edit to a record
  someone else deleted is merged onto the tombstone, which stays deleted, and recorded the same way.
- What belongs to a tombstone (a member's 减员原因 and 减员日期, `Synced.TOMBSTONE_FIELDS`) goes when the record
  is brought back or removed anew, unless the change itself says what it is now. A program from before such a
  field clears nothing of it: a station still on 0.4.0 that brought back a member who had died on 15 October
  left the county a live member with that 减员日期, and its next 减员 of him (户籍迁出, in December) was dated 15
  October on the 减员名单.

"Someone else" is asked lazily (``edited_elsewhere``), because a station's own earlier changes in the same
batch also move the county's rev away from the change's base without being anyone else's edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .batch import Change
from .rows import Codec, Row


@dataclass(frozen=True)
class FieldConflict:
    kind: str  # field / delete-edit / edit-deleted
    field: str
    base: Any
    county: Any
    station: Any
    kept: str  # county / station


@dataclass(slots=True)
class Merged:
    row: Row | None  # the record after the change; None when it cannot be applied (an orphan)
    op: str  # insert / update / delete / restore, for the county's journal
    outcome: str  # applied / merged / conflict / orphan
    changed: dict[str, list[Any]] = field(default_factory=dict)  # field → [county before, after]
    conflicts: list[FieldConflict] = field(default_factory=list)


def merge_change(
    current: Row | None,
    change: Change,
    fields: dict[str, Any],
    codec: Codec,
    *,
    rev: int,
    sender: str,
    edited_elsewhere: Callable[[], bool],
) -> Merged:
    """Merge ``change`` (with its parsed ``fields``) into the county's ``current`` row as revision ``rev``."""
    editable, json_fields = codec.editable, codec.json_fields
    if current is None:
        if change.op != "insert":
            return Merged(None, change.op, "orphan")
        row, changed = new_record(codec, change, fields, rev=rev, sender=sender)
        return Merged(row, "insert", "applied", changed, [])

    incoming = {k: v for k, v in fields.items() if k in editable and type(v) is list and len(v) == 2}
    row = dict(current)
    fast = current["rev"] == change.base_rev
    merged = Merged(row, "update", "applied" if fast else "merged")
    for key, (old, new) in incoming.items():
        ours = current[key]
        if ours == new:
            continue
        if fast or ours == old:
            row[key] = new
            merged.changed[key] = [ours, new]
        elif key in json_fields and all(v is None or type(v) is dict for v in (old, new, ours)):
            kept, theirs = merge_answers(old or {}, ours or {}, new or {})
            if kept != (ours or {}):
                row[key] = kept or None
                merged.changed[key] = [ours, row[key]]
            if theirs != kept:
                merged.conflicts.append(FieldConflict("field", key, old, row[key], theirs or None, "county"))
        else:
            merged.conflicts.append(FieldConflict("field", key, old, ours, new, "county"))

    deleted = current["deleted_at"]
    if change.op == "delete" and deleted is None:
        row["deleted_at"] = change.at
        merged.op = "delete"
        if not fast and edited_elsewhere():
            merged.conflicts.append(FieldConflict("delete-edit", "deleted_at", None, None, change.at, "station"))
    elif change.op == "restore" and deleted is not None:
        row["deleted_at"] = None
        merged.op = "restore"
    elif (
        change.op in ("insert", "update") and deleted is not None and merged.changed and not fast and edited_elsewhere()
    ):
        merged.conflicts.append(FieldConflict("edit-deleted", "deleted_at", None, deleted, None, "county"))
    if merged.op != "update":
        for key in codec.tombstone - incoming.keys():
            if row[key] is not None:  # an earlier removal's, which the change knew nothing of
                merged.changed[key] = [current[key], None]
                row[key] = None

    if merged.changed or merged.op != "update":
        codec.derive(row)
        row["updated_at"], row["updated_by"] = change.at, change.actor
    # Every accepted change moves the record to a new revision, even one that changed nothing here: the
    # station that sent it must receive the county's version back (after a conflict it holds another value).
    row["rev"] = rev
    if merged.conflicts:
        merged.outcome = "conflict"
    return merged


def merge_answers(base: Row, ours: Row, theirs: Row) -> tuple[Row, Row]:
    """Three-way merge of one JSON field key by key (the county's questions, ``extra``): the county's value after
    the merge, and the same with the station's answer wherever both sides answered differently. The two are equal
    when nothing clashed. A key one side removed counts as answered with nothing."""
    kept = dict(ours)
    clashes: dict[str, Any] = {}
    for key in base.keys() | theirs.keys():
        old, new, county = base.get(key), theirs.get(key), ours.get(key)
        if county == new or new == old:
            continue
        if county == old:
            if new is None:
                kept.pop(key, None)
            else:
                kept[key] = new
        else:
            clashes[key] = new
    station = dict(kept)
    for key, new in clashes.items():
        if new is None:
            station.pop(key, None)
        else:
            station[key] = new
    return kept, station


def new_record(
    codec: Codec, change: Change, fields: dict[str, Any], *, rev: int, sender: str, derive: bool = True
) -> tuple[Row, dict[str, list[Any]]]:
    """An insert of a record the county has never seen, as revision ``rev``: the row, and what the county's
    journal says changed (every field taken, and every default the change did not carry). With ``derive``
    False the derived fields are left empty, for the caller to fill in (`Codec.derive`): the county does, for a record
    it does not write from the second process's image of it (`sync.new_records`)."""
    editable = codec.editable
    row = codec.blank(change.record_id)
    exact = True  # every field taken, each set from nothing: what the journal says changed is ``fields`` itself
    for key, pair in fields.items():
        # Fields this program does not know (a newer or older questionnaire) stay in the history, unapplied.
        if key in editable and type(pair) is list and len(pair) == 2 and (new := pair[1]) is not None:
            row[key] = new
            if pair[0] is not None:
                exact = False
        else:
            exact = False
    if exact:
        changed = fields
    else:
        changed = {}
        for key, pair in fields.items():
            if key in editable and type(pair) is list and len(pair) == 2 and (new := pair[1]) is not None:
                changed[key] = pair if pair[0] is None else [None, new]
    missing = {key: [None, value] for key, value in codec.defaults.items() if value is not None and key not in changed}
    if missing:  # a default the change did not carry is still journaled
        changed = {**changed, **missing}
    if derive:
        codec.derive(row)
    row["rev"], row["updated_at"], row["updated_by"], row["origin"] = rev, change.at, change.actor, sender
    row["deleted_at"] = None
    return row, changed
