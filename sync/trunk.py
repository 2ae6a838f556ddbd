"""The county as the trunk: its global revision counter, and revisions for the county's own edits.

Every accepted change gets the next county revision (like a CouchDB sequence or Anki's usn), and a record's
``rev`` is the revision of the last change to it. Changes from stations get theirs as they are applied. The
county's own edits (a review, a conflict resolution, a clerk fixing a typo in any screen) are journaled by the
store like any edit; `stamp_local_changes` then gives them revisions from the journal, so no code path has to
remember to bump a counter: the journal is the county's outbox too. It runs in every commit on the county's database
that journaled a change, whatever wrote it (`stamp_if_county`, a commit hook of `forms.store` that importing sync
registers): a county action (`county_change`), a save of the household editor (the county opens households in the
stations' editor), a roster imported at the county (``anju import-roster``, 导入导出), 分户 and 撤销分户. Sync's own
transactions also stamp mid-way where order matters: at the start of every import (so a station's change is merged
against the clerk's edit, not applied over it) and before every return file. The same pass notes the moves
among those edits (a household given another 安置点, a member split off to a household elsewhere:
`sync.county_moves`), as an import notes a station's, so the station the record left hears where it went; and closes
the conflicts those edits answered (a clerk typed a value into a field a station's conflict is about, or brought a
member back: `sync.conflicts_overtaken`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, func, select

from forms.journal import utc_now
from forms.records import JournalEntry
from forms.store import Store, UnitOfWork
from forms.sync_records import SyncIdentity

from .conflicts_overtaken import settle_by_county_edits
from .county_moves import moving_changes, note_local_moves
from .identity import COUNTY, load_state, require_county, save_state
from .rows import set_revs


def journal_head(conn: Connection) -> int:
    return int(conn.execute(select(func.max(JournalEntry.seq))).scalar() or 0)


def stamp_local_changes(conn: Connection) -> int:
    """Give every county-made change not yet stamped the next revision, note the moves among them, and close the
    conflicts they answered; returns how many were stamped."""
    state = load_state(conn)
    head = journal_head(conn)
    if head <= state.stamped_seq:
        return 0
    entries = conn.execute(
        select(JournalEntry.record_table, JournalEntry.record_id, moving_changes())
        .where(JournalEntry.seq > state.stamped_seq, JournalEntry.source == "local")
        .order_by(JournalEntry.seq)
    ).all()
    rev = state.county_rev
    latest: dict[tuple[str, str], int] = {}
    for table, record_id, _changes in entries:
        rev += 1
        latest[(table, record_id)] = rev
    _write_revs(conn, latest)
    note_local_moves(conn, entries, latest)
    settle_by_county_edits(conn, state.stamped_seq, latest, utc_now())
    state.county_rev, state.stamped_seq = rev, head
    save_state(conn, state)
    return len(entries)


def stamp_if_county(conn: Connection) -> int:
    """`stamp_local_changes`, inside the caller's transaction, on the county's database; on any other (a station's,
    one not enrolled) nothing, known from one read of a one-row table. Run before every commit that journaled a
    change (`sync` registers it with `forms.store.run_before_every_commit`): paths the county shares with the stations
    (the household editor, a roster import, 分户) write through forms, which knows nothing of the county, and a conflict
    their change answered (a clerk's 恢复成员, a value typed or imported) stayed open on the 冲突 page until the next
    import, return file or county action stamped it."""
    if conn.execute(select(SyncIdentity.role)).scalar() != COUNTY:
        return 0
    return stamp_local_changes(conn)


def touch(conn: Connection, records: Iterable[tuple[str, str]]) -> int:
    """New revisions for records whose content did not change but which stations must receive again (a conflict
    resolved in favour of the value the county already holds). Returns the last revision given."""
    state = load_state(conn)
    latest: dict[tuple[str, str], int] = {}
    for key in records:
        state.county_rev += 1
        latest[key] = state.county_rev
    _write_revs(conn, latest)
    save_state(conn, state)
    return state.county_rev


def _write_revs(conn: Connection, latest: dict[tuple[str, str], int]) -> None:
    by_table: dict[str, list[tuple[str, int]]] = {}
    for (table, record_id), rev in latest.items():
        by_table.setdefault(table, []).append((record_id, rev))
    for table, revs in by_table.items():
        set_revs(conn, table, revs)


@contextmanager
def county_change(store: Store, actor: str) -> Iterator[UnitOfWork]:
    """A unit of work on the county whose changes get county revisions before it commits (the commit hook stamps
    them; this stamps too when the unit journaled nothing, so that earlier changes left unstamped get theirs)."""
    with store.unit_of_work(actor) as uow:
        require_county(uow.session.connection(), store)
        yield uow
        uow.flush()
        stamp_local_changes(uow.session.connection())
