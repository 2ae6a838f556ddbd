"""Moves the county makes itself: a record its own edit took to another site, noted as a station's move is.

A station's move (分户 to another site, a household given another 安置点) is noted by `sync.county_apply` as it is
applied (`SyncMove`), so the return file of each station serving the site the record left carries it once more,
and that station learns where it went. The county moves records too: a clerk gives a household another 安置点 in the
editor, splits a household to another site, settles a conflict on a 安置点 or a member's household, imports a
roster whose rows name another site. Those are journaled like any county edit, and `sync.trunk` gives them
revisions from the journal; here, from the same entries, the moves among them are noted, so no county screen or
command has to remember to. Without it the station the record left was never told: it kept the household at its
old site, as its own, with stale members, jobs and 待跟进 lists. A merge's moves (`sync.duplicates`, and
`sync.after_merge` for work arriving after one) are noted here too, and only here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, case, insert, null, or_, select
from sqlalchemy.sql.elements import ColumnElement

from forms.records import JournalEntry
from forms.rules.loading import rows_in
from forms.sync_records import SyncMove

from .rows import CODECS, PARENT_FIELD


@dataclass(frozen=True)
class ParentChange:
    """A journaled change of the column saying where a record belongs (``PARENT_FIELD``): from one parent to another."""

    table: str
    record_id: str
    before: str | None
    after: str | None


def moving_changes() -> ColumnElement[str | None]:
    """A journal entry's changes when it may move a record (an update naming a parent column), else NULL. Selected
    in `sync.trunk.stamp_local_changes`'s one pass over the entries it stamps: after a roster import that is
    100,000 entries, and a second pass to find the few moves took as long again."""
    names = sorted({f'"{key}"' for key in PARENT_FIELD.values()})
    may_move = and_(
        JournalEntry.op == "update",
        JournalEntry.record_table.in_(list(PARENT_FIELD)),
        or_(*(JournalEntry.changes.contains(name) for name in names)),
    )
    return case((may_move, JournalEntry.changes), else_=null())


def parent_changes(entries: Iterable[tuple[str, str, str | None]]) -> list[ParentChange]:
    """Of journal entries (table, record id, `moving_changes`), in journal order, the changes of a record's parent."""
    found: list[ParentChange] = []
    for table, record_id, text in entries:
        if text is None:
            continue
        change: Any = json.loads(text).get(PARENT_FIELD[table])
        if isinstance(change, list) and len(change) == 2 and change[0] != change[1]:
            found.append(ParentChange(table, record_id, change[0], change[1]))
    return found


def note_local_moves(
    conn: Connection, entries: Iterable[tuple[str, str, str | None]], revs: Mapping[tuple[str, str], int]
) -> int:
    """Note a `SyncMove` for every record the county's own journal ``entries`` (table, record id,
    `moving_changes`) took to another site, under the revision ``revs`` gives the record (the one it goes out with).
    Returns how many were noted."""
    changes = parent_changes(entries)
    if not changes:
        return 0
    sites = _SiteFinder(conn, changes)
    moves = []
    for change in changes:
        from_site, to_site = sites.of(change.table, change.before), sites.of(change.table, change.after)
        rev = revs.get((change.table, change.record_id))
        if from_site is None or from_site == to_site or rev is None:
            continue  # a record without a site before, or still at one every station that held it serves
        moves.append(
            {
                "record_table": change.table,
                "record_id": change.record_id,
                "from_site_id": from_site,
                "to_site_id": to_site,
                "rev": rev,
            }
        )
    if moves:
        conn.execute(insert(SyncMove), moves)
    return len(moves)


class _SiteFinder:
    """The site a parent is at now: a household's own, a member's household's. Read once for all the changes."""

    def __init__(self, conn: Connection, changes: Iterable[ParentChange]) -> None:
        members, households = set(), set()
        for change in changes:
            key = PARENT_FIELD[change.table]
            parents = {p for p in (change.before, change.after) if p}
            if key == "member_id":
                members |= parents
            elif key == "household_id":
                households |= parents
        mem, hh = CODECS["members"].table, CODECS["households"].table
        self.household_of: dict[str, str] = dict(rows_in(conn, select(mem.c.id, mem.c.household_id), mem.c.id, members))
        households |= set(self.household_of.values())
        self.site_of: dict[str, str] = dict(rows_in(conn, select(hh.c.id, hh.c.site_id), hh.c.id, households))

    def of(self, table: str, parent: str | None) -> str | None:
        """The site a record of ``table`` whose parent is ``parent`` is at."""
        if parent is None:
            return None
        key = PARENT_FIELD[table]
        if key == "site_id":
            return parent
        if key == "member_id":
            household = self.household_of.get(parent)
            return None if household is None else self.site_of.get(household)
        return self.site_of.get(parent)
