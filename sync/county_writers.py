"""Who wrote the county's side of a conflict: which station's batch (or the county itself) set the value the
county held when another station's change disagreed with it.

A conflict keeps the user name of the last writer (``county_updated_by``), but user names repeat across stations
(every station may have a ``caiji``), so "最后由 caiji 修改" does not tell the clerk whom to call. The county's
journal does: every change it applied names the station it came from (``origin``) and each field's old and new
value. The writer is the latest entry that set the field to the county's value.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from forms.records import JournalEntry
from forms.rules.loading import rows_in


@dataclass(frozen=True)
class Writer:
    """The station (its id) or the county (``None``) that wrote a value, and the user who did."""

    station_id: str | None
    actor: str


def county_writers(conn: Connection, county_id: str, conflicts: Iterable[Any]) -> dict[int, Writer]:
    """Conflict id → who wrote its county value, for conflicts (rows with id, record_table, record_id, field and
    county_value as canonical JSON) whose value some journal entry set; the others are left out."""
    wanted: dict[str, list[Any]] = {}
    for conflict in conflicts:
        wanted.setdefault(conflict.record_table, []).append(conflict)
    found: dict[int, Writer] = {}
    for table, group in wanted.items():
        query = select(
            JournalEntry.record_id, JournalEntry.seq, JournalEntry.origin, JournalEntry.actor, JournalEntry.changes
        ).where(JournalEntry.record_table == table)  # with record_id, the journal's (table, id) index
        entries: dict[str, list[tuple[int, str, str, dict[str, Any]]]] = {}
        for record_id, seq, origin, actor, changes in rows_in(
            conn, query, JournalEntry.__table__.c.record_id, {c.record_id for c in group}
        ):
            entries.setdefault(record_id, []).append((seq, origin, actor, json.loads(changes)))
        for conflict in group:
            value = json.loads(conflict.county_value)
            for _seq, origin, actor, changes in sorted(entries.get(conflict.record_id, []), reverse=True):
                change = changes.get(conflict.field)
                if isinstance(change, list) and len(change) == 2 and change[1] == value:
                    found[conflict.id] = Writer(None if origin == county_id else origin, actor)
                    break
    return found
