"""The county applies a station batch: verify, then one transaction per batch, all or nothing.

- Verify before anything is read: envelope (recipient, sender, signature), schema (newer is refused, older
  accepted), the manifest's digest (`sync.batch`), every change's hash and values (`sync.batch_check`: for a
  big batch, in a second process while it is merged, and always before the commit).
- The station's cursor is the last seq applied. Changes at or below it are skipped (a replayed batch is a
  no-op and says when it was imported); their hashes must equal what arrived the first time, or the station
  was restored from an old backup and its new changes would silently vanish. A batch whose ``after_seq`` is
  beyond the cursor leaves a gap and is refused, naming the missing batch numbers and seqs.
- Each change is merged (`sync.merge`) in seq order and gets the next county revision; every incoming version
  is kept in ``sync_history``; conflicts, moves out of a site and households to review are recorded; the
  county journals what it applied (source ``remote``, origin the station).

`apply_station_batch` is the whole exchange as bytes in, bytes out (sealed batch → sealed return file), so the
county server can call it unchanged.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, delete, func, insert, or_, select, update

from forms.bulk import insert_tuples
from forms.clock import batch_clock_problem
from forms.journal import JOURNAL_COLUMNS, canonical_json, utc_now
from forms.records import JournalEntry
from forms.rules.loading import in_chunks
from forms.shown_time import local_time
from forms.store import Received, Store, UnitOfWork
from forms.sync_records import SyncBatch, SyncConflict, SyncHistory, SyncMove, SyncReviewItem, SyncStation

from .after_merge import follow_merges
from .batch import Change, Manifest, read_batch, written_by
from .batch_check import BackgroundCheck, refuse, verdict, warm_up
from .conflicts_overtaken import (
    DELETED,
    DELETING_OPS,
    OpenConflicts,
    answers,
    open_conflicts_on,
    settled,
    station_note,
)
from .envelope import KIND_BATCH, Header, open_sealed
from .errors import AlteredFile, BatchGap, NewerSchema, StationRestored, UnknownStation
from .identity import load_state, require_county, save_state
from .left_days import recover_left_days, resend_left_days
from .merge import FieldConflict, Merged, merge_change, new_record
from .new_records import SCHEMA as NEW_RECORDS
from .new_records import UnusableImage, insert_from_image
from .review_hook import recheck_households
from .rows import CODECS, PARENT_FIELD, TABLE_ORDER, Codec, Row, bulk, insert_rows, load, update_rows
from .station_keys import pin, signing_key
from .trunk import journal_head, stamp_local_changes
from .versions import is_newer

_HISTORY: Table = SyncHistory.__table__  # type: ignore[assignment]
#: What each change leaves in ``sync_history`` (`Applier.history` rows hold these, in this order).
HISTORY_COLUMNS = (
    *("station_id", "seq", "batch_no", "record_table", "record_id", "op", "base_rev", "at", "actor", "changes"),
    *("hash", "rev", "outcome", "received_at", "journal_seq"),
)
_TEXT, _JOURNAL_SEQ = HISTORY_COLUMNS.index("changes"), HISTORY_COLUMNS.index("journal_seq")
_JOURNAL_TEXT = JOURNAL_COLUMNS.index("changes")
#: In `Applier.journaled`, an entry whose history row is written with its record, from the second process's image.
_APART = -1


@dataclass
class OpenedBatch:
    """A verified batch, ready to apply."""

    name: str
    header: Header
    manifest: Manifest
    changes: list[Change]
    sha256: str
    station_name: str
    #: the changes' own checks, still running in a second process (a big batch: `sync.batch_check`); None
    #: once they are made
    check: BackgroundCheck | None = None
    #: each change's fields, where the checks made here read them already (else the merge reads them)
    parsed: list[dict[str, Any]] | None = None

    def settle(self) -> None:
        """Wait for the changes' checks, if they still run, and refuse the batch if they failed."""
        if self.check is not None:
            refuse(self.name, self.check.settle())

    def abandon(self) -> None:
        """The batch will not be applied: stop waiting for its checks."""
        if self.check is not None:
            self.check.abandon()


@dataclass
class BatchOutcome:
    name: str
    station_id: str
    station_name: str
    batch_no: int
    status: str  # applied / replay / empty
    changes: int
    applied: int = 0
    skipped: int = 0
    merged: int = 0
    conflicts: int = 0
    orphans: int = 0
    households: int = 0
    imported_before: str | None = None
    imported_before_batch: int | None = None
    touched: list[str] = field(default_factory=list)  # households put on the review queue
    #: what the station recorded on a person or household the county had merged, and where it went (中文, English)
    notices: list[tuple[str, str]] = field(default_factory=list)

    def message(self) -> tuple[str, str]:
        who = f"工作站“{self.station_name}”第 {self.batch_no} 批"
        who_en = f"batch {self.batch_no} of station “{self.station_name}”"
        if self.status == "empty":
            return f"{who}没有新的变更。", f"{who_en} holds no new changes."
        if self.status == "replay":
            when = f"已于 {_when(self.imported_before)} 导入过" if self.imported_before else "此前已导入过"
            when_en = f"imported on {_when(self.imported_before)}" if self.imported_before else "imported before"
            if self.imported_before_batch is not None and self.imported_before_batch != self.batch_no:
                when += f"（随第 {self.imported_before_batch} 批）"
                when_en += f" (with batch {self.imported_before_batch})"
            return (
                f"{who}的 {self.changes} 条变更{when}，本次未作任何更改。",
                f"The {self.changes} changes of {who_en} were already {when_en}; nothing changed.",
            )
        extra = f"，{self.skipped} 条此前已导入" if self.skipped else ""
        extra_en = f", {self.skipped} already imported before" if self.skipped else ""
        conflicts = f"，{self.conflicts} 处冲突待处理" if self.conflicts else ""
        conflicts_en = f", {self.conflicts} conflicts to resolve" if self.conflicts else ""
        return (
            f"{who}：已应用 {self.applied} 条变更（{self.merged} 条合并）{extra}{conflicts}，"
            f"{self.households} 户待审核。" + "".join(f"\n{zh}" for zh, _en in self.notices),
            f"{who_en}: applied {self.applied} changes ({self.merged} merged){extra_en}{conflicts_en}; "
            f"{self.households} households to review." + "".join(f"\n{en}" for _zh, en in self.notices),
        )


def _when(at: str | None) -> str:
    return local_time(at)  # as the clerk's clock reads, not UTC


def open_batch(store: Store, data: bytes, name: str) -> OpenedBatch:
    """Verify and read a sealed batch (outside any write transaction: this is the slow, CPU-bound part). A big
    batch's changes are still being checked when this returns (`OpenedBatch.check`): `apply_batch` waits for the
    verdict before it commits."""
    warmed = warm_up(len(data))
    try:
        return _open(store, data, name)
    finally:
        warmed()  # held since, by the batch's own work if it needs the worker


def _open(store: Store, data: bytes, name: str) -> OpenedBatch:
    with store.engine.connect() as conn:
        identity = require_county(conn, store)
        stations = {row.id: row for row in conn.execute(select(SyncStation))}
    header, payload = open_sealed(
        data,
        name,
        kind=KIND_BATCH,
        me=identity.id,
        my_role="county",
        my_enc_private=identity.enc_private,
        sender_key=lambda h: signing_key(stations[h.sender], h, name) if h.sender in stations else None,
    )
    if is_newer(header.schema):
        raise NewerSchema(
            name, header.schema, written_by(payload), upgrade_zh="县里电脑上", upgrade_en="the county's computer"
        )
    with bulk():
        manifest, changes = read_batch(payload, name, hashes=False)
        same = (manifest.station_id, manifest.county_id, manifest.schema) == (header.sender, identity.id, header.schema)
        if not same:
            raise AlteredFile(name, "清单与信封不符", "the manifest does not match the envelope")
        # The new records are made in the second process too where the county can copy them from its image.
        records_of = manifest.station_id if store.engine.dialect.name == "sqlite" else None
        check = BackgroundCheck.start(changes, payload, records_of=records_of)
        parsed = None
        if check is None:  # checked here and now: a small batch, or no second process
            parsed = [c.parsed() for c in changes]
            refuse(name, verdict(changes, parsed))
    batch = OpenedBatch(name, header, manifest, changes, hashlib.sha256(data).hexdigest(), stations[header.sender].name)
    batch.check, batch.parsed = check, parsed
    return batch


def apply_batch(store: Store, batch: OpenedBatch) -> BatchOutcome:
    """Apply one verified batch in one transaction. Raises BatchGap or StationRestored, applying nothing (and
    AlteredFile or MalformedBatch, applying nothing, when the checks of a big batch fail)."""
    m = batch.manifest
    outcome = BatchOutcome(batch.name, m.station_id, batch.station_name, m.batch_no, "applied", len(batch.changes))
    built: list[object] = []
    # SQLite writes the commit without holding the GIL: what the merge built is freed meanwhile, on a thread.
    freeing = threading.Thread(target=built.clear, name="anju-sync-free")
    try:
        with bulk(), store.unit_of_work(f"sync:{m.station_id}", source="remote", origin=m.station_id) as uow:
            made = None
            if batch.check is not None and batch.check.makes_records:
                # Attached before the transaction begins, as SQLite requires, for the records made apart.
                driver = uow.attach_scratch(NEW_RECORDS)
                made = None if driver is None else MadeApart(batch.check.new_records, driver)
            try:
                _apply_in(uow, store, batch, outcome, built, made)
            except Exception:
                batch.settle()  # a batch that fails its checks is refused for that, whatever else it met
                raise
            batch.settle()
            freeing.start()
    except BaseException:
        batch.abandon()  # unsettled only when the transaction could not even begin
        raise
    finally:
        if freeing.ident is not None:
            freeing.join()
    return outcome


def _apply_in(
    uow: UnitOfWork,
    store: Store,
    batch: OpenedBatch,
    outcome: BatchOutcome,
    built: list[object],
    made: MadeApart | None,
) -> None:
    """`apply_batch` inside its transaction: the cursor, then the fresh changes (their applier left in
    ``built``; ``made``, their new records as the second process makes them), then the station's bookkeeping."""
    m = batch.manifest
    uow.prepare_bulk()
    conn = uow.session.connection()
    require_county(conn, store)
    stamp_local_changes(conn)  # the clerk's edits get revisions first, so they are merged against, not over
    recover_left_days(uow)  # once, after an upgrade: the 减员日期 the older program left in the history
    station = conn.execute(select(SyncStation).where(SyncStation.id == m.station_id)).first()
    if station is None:
        raise UnknownStation(batch.name, m.station_id)
    # Checked again in the transaction: another computer's batch may have pinned other keys since it was opened.
    signing_key(station, batch.header, batch.name)
    pin(conn, batch.header)  # the first keys the station introduces are the station's from now on
    cursor = station.cursor
    # A station re-enrolled under a new identity (--force) starts after what its old identity sent: its
    # first batch may begin anywhere. Any later batch must follow on, or changes would be lost.
    first_of_identity = m.batch_no == 1 and station.last_batch == 0 and cursor == 0
    if m.after_seq > cursor and not first_of_identity:
        raise BatchGap(
            batch.name, station.name, list(range(station.last_batch + 1, m.batch_no)), cursor + 1, m.after_seq
        )
    fresh = [c for c in batch.changes if c.seq > cursor]  # the changes are in seq order: a tail of them
    _check_already_received(conn, batch, [c for c in batch.changes if c.seq <= cursor])
    outcome.skipped = len(batch.changes) - len(fresh)
    now = utc_now()
    if not batch.changes:
        outcome.status = "empty"  # a station asking for its return file: nothing to apply, nothing replayed
    elif not fresh:
        outcome.status = "replay"
        outcome.imported_before, outcome.imported_before_batch = _first_import_covering(conn, m)
    else:
        parsed = None if batch.parsed is None else batch.parsed[len(batch.changes) - len(fresh) :]
        built.append(_apply_fresh(uow, m, fresh, parsed, made, now, outcome))
        # The station's clock, seen from here: its ages and dates are only as right as it (`forms.clock`).
        wrong_clock = batch_clock_problem(station.name, (c.at for c in fresh), m.created_at, station.enrolled_at)
        if wrong_clock is not None:
            outcome.notices.append(wrong_clock)
    if m.batch_no >= station.last_batch:  # a station just upgraded gets the 减员日期 its older program dropped
        resend_left_days(conn, list(station.sites), station.app_version, m.app_version, station.returned_rev > 0)
    if batch.parsed is not None:  # freed with the rest (see apply_batch), not left for the collector
        built.append(batch.parsed)
        batch.parsed = None
    conn.execute(
        update(SyncStation)
        .where(SyncStation.id == m.station_id)
        .values(
            cursor=max(cursor, m.last_seq),
            last_batch=max(station.last_batch, m.batch_no),
            last_import_at=now,
            # what the latest batch says the station holds (lower after a restore: then it gets more)
            reported_rev=m.county_rev if m.batch_no >= station.last_batch else station.reported_rev,
            # the Anju its latest batch was written by: an old file from a stick carried late names the version the
            # station ran then, not the one it runs now
            app_version=m.app_version[:32]
            if m.batch_no >= station.last_batch or station.app_version is None
            else station.app_version,
        )
    )
    conn.execute(
        insert(SyncBatch).values(
            direction="import",
            station_id=m.station_id,
            batch_no=m.batch_no,
            status=outcome.status,
            after_seq=m.after_seq,
            first_seq=m.first_seq,
            last_seq=m.last_seq,
            county_rev=m.county_rev,
            changes=len(batch.changes),
            applied=outcome.applied,
            skipped=outcome.skipped,
            conflicts=outcome.conflicts,
            file_name=batch.name,
            file_sha256=batch.sha256,
            at=now,
            note=outcome.message()[0],
        )
    )


def _apply_fresh(
    uow: UnitOfWork,
    m: Manifest,
    fresh: list[Change],
    parsed: list[dict[str, Any]] | None,
    made: MadeApart | None,
    now: str,
    outcome: BatchOutcome,
) -> Applier:
    """Merge and write the batch's new changes. Returns the applier, a batch's worth of rows and entries, for the
    caller to free while the garbage collector is still paused: alive when it is switched back on, they would
    all be walked by its next pass."""
    conn = uow.session.connection()
    state = load_state(conn)
    applier = Applier(conn, m.station_id, m.batch_no, state.county_rev, now, made)
    applier.run(fresh, parsed)
    applier.write_history(uow.journal_received(applier.journal))
    applier.write()  # last: the second process has had the merge, the journal and the history to make them in
    state.county_rev = applier.rev
    state.stamped_seq = journal_head(conn)  # what was just journaled came from the station: no stamping
    save_state(conn, state)
    # What the station recorded on a copy the county had merged goes to the one kept (a county change).
    followed = follow_merges(uow, m.station_id, outcome.station_name, applier.dirty, fresh, applier.rows)
    for household in followed.voided:
        applier.households.pop(household, None)
    for household, reason in followed.households.items():
        if applier.households.get(household) != "conflict":
            applier.households[household] = reason
    outcome.notices = followed.notices
    outcome.touched = applier.flag_households()
    outcome.applied = len(fresh) - applier.orphans
    outcome.merged, outcome.conflicts, outcome.orphans = applier.merged, len(applier.conflicts), applier.orphans
    outcome.households = len(outcome.touched)
    if followed.acted:  # it closed conflicts the batch made on the copies, and may have made some on the kept
        outcome.conflicts = int(
            conn.scalar(
                select(func.count()).where(
                    SyncConflict.status == "open",
                    SyncConflict.station_id == m.station_id,
                    SyncConflict.seq.between(fresh[0].seq, fresh[-1].seq),
                )
            )
            or 0
        )
    return applier


def _check_already_received(conn: Connection, batch: OpenedBatch, skipped: list[Change]) -> None:
    """Skipped changes must be the very changes received before (same seq, same hash)."""
    if not skipped:
        return
    known = dict(
        conn.execute(
            select(SyncHistory.seq, SyncHistory.hash).where(
                SyncHistory.station_id == batch.manifest.station_id,
                SyncHistory.seq >= skipped[0].seq,
                SyncHistory.seq <= skipped[-1].seq,
            )
        ).all()
    )
    for change in skipped:
        if known.get(change.seq, change.hash) != change.hash:
            raise StationRestored(batch.name, batch.station_name, change.seq)


def _first_import_covering(conn: Connection, m: Manifest) -> tuple[str | None, int | None]:
    row = conn.execute(
        select(SyncBatch.at, SyncBatch.batch_no)
        .where(
            SyncBatch.direction == "import",
            SyncBatch.station_id == m.station_id,
            SyncBatch.status == "applied",
            SyncBatch.last_seq >= m.last_seq,
        )
        .order_by(SyncBatch.id)
        .limit(1)
    ).first()
    return (row.at, row.batch_no) if row else (None, None)


def received_changes(conn: Connection, station_id: str, seq: int) -> str | None:
    """The text of change ``seq`` as station ``station_id`` sent it (kept in the history, or, when the county
    journaled it in that same text, in the journal entry the history names); None if it never arrived."""
    row = conn.execute(
        select(SyncHistory.changes, JournalEntry.changes)
        .outerjoin(JournalEntry, JournalEntry.seq == SyncHistory.journal_seq)
        .where(SyncHistory.station_id == station_id, SyncHistory.seq == seq)
    ).first()
    if row is None:
        return None
    own, journaled = row
    return own if own is not None else journaled


class ApartInsert(NamedTuple):
    """An insert whose record is written from the second process's image (`Applier.apart`)."""

    change: Change
    rev: int
    entry: int  # its journal entry, as an index into `Applier.journal`


@dataclass(frozen=True)
class MadeApart:
    """The records a batch's inserts make, made in the second process (`sync.new_records`)."""

    image: Callable[[], bytes | None]  # waits for them; None if they could not be made
    driver: sqlite3.Connection  # the unit of work's own, with the image's schema attached


@dataclass
class Applier:
    """Applies one batch's fresh changes in memory, then writes every touched record once."""

    conn: Connection
    station_id: str
    batch_no: int
    rev: int
    now: str
    #: the new records as the second process makes them (`sync.batch_check`); None: every record is made here
    made: MadeApart | None = None
    rows: dict[str, dict[str, Row]] = field(default_factory=lambda: {t: {} for t in TABLE_ORDER})
    stored: dict[str, set[str]] = field(default_factory=lambda: {t: set() for t in TABLE_ORDER})
    missing: dict[str, set[str]] = field(default_factory=lambda: {t: set() for t in TABLE_ORDER})  # looked up, absent
    dirty: dict[str, dict[str, Row]] = field(default_factory=lambda: {t: {} for t in TABLE_ORDER})
    journal: list[Received] = field(default_factory=list)
    history: list[list[Any]] = field(default_factory=list)  # rows of HISTORY_COLUMNS
    journaled: list[int] = field(default_factory=list)  # for each journal entry, its change's history row
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    moves: list[dict[str, Any]] = field(default_factory=list)
    households: dict[str, str] = field(default_factory=dict)  # household id → reason
    merged: int = 0
    orphans: int = 0
    #: new records to be written as the second process made them, with the history of their inserts (see
    #: `made`): (table, id) → the insert. Held here without their derived fields or a history row; a record a
    #: later change is merged against leaves it, and is completed then.
    apart: dict[tuple[str, str], ApartInsert] = field(default_factory=dict)
    #: the seq of each journal entry written (`write_history`)
    journal_seqs: list[int] = field(default_factory=list)
    #: the open conflicts on the batch's records, and those it opens, by field: a later change to the field may
    #: settle one or take its place (`sync.conflicts_overtaken`)
    open_conflicts: OpenConflicts = field(default_factory=dict)
    #: conflict id → the columns to write: those a change settled, or brought up to date
    conflict_updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    station_name: str | None = None

    # ---- reading the county's records ----------------------------------------------------------------------

    def _load(self, table: str, ids: Iterable[str]) -> None:
        rows, missing = self.rows[table], self.missing[table]
        wanted = {i for i in ids if i and i not in rows and i not in missing}
        if not wanted:
            return
        found = load(self.conn, table, wanted)
        rows.update(found)
        self.stored[table].update(found)
        missing.update(wanted - found.keys())

    def get(self, table: str, record_id: str | None) -> Row | None:
        if not record_id:
            return None
        rows = self.rows[table]
        row = rows.get(record_id)
        if row is None and record_id not in self.missing[table]:
            self._load(table, [record_id])
            row = rows.get(record_id)
        return row

    def prefetch(self, changes: list[Change], parsed: list[dict[str, Any]]) -> None:
        """Load every record the batch touches and the parents they point at, in a few queries."""
        ids: dict[str, set[str]] = {t: set() for t in TABLE_ORDER}
        fields_of: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLE_ORDER}
        for change, fields in zip(changes, parsed, strict=True):
            table = change.record_table
            if table in ids:
                ids[table].add(change.record_id)
                fields_of[table].append(fields)
        for table, wanted in ids.items():
            self._load(table, wanted)
        self.open_conflicts = open_conflicts_on(self.conn, ids)
        parents: dict[str, set[str]] = {"households": set(), "members": set()}
        for table, key in PARENT_FIELD.items():
            if key == "site_id":
                continue
            target = parents["members" if key == "member_id" else "households"]
            # The parent each record points at now, and every parent a change of it names (old and new).
            rows = self.rows[table]
            target.update(v for i in ids[table] if (r := rows.get(i)) is not None and isinstance(v := r[key], str))
            target.update(v for fields in fields_of[table] for v in fields.get(key, ()) if isinstance(v, str))
        self._load("members", parents["members"])
        member_households = {r["household_id"] for m in parents["members"] if (r := self.rows["members"].get(m))}
        self._load("households", parents["households"] | member_households)

    def household_of(self, table: str, row: Row | None) -> str | None:
        if row is None:
            return None
        if table == "households":
            return str(row["id"])
        if table == "employments":
            return self.household_of("members", self.get("members", row["member_id"]))
        if table == "finding_overrides":
            target = row["record_table"]
            return self.household_of(target, self.get(target, row["record_id"])) if target in self.rows else None
        household = row.get("household_id")
        return str(household) if household else None

    def site_of(self, table: str, row: Row | None) -> str | None:
        if table == "households":
            return None if row is None else row["site_id"]
        household = self.get("households", self.household_of(table, row))
        return None if household is None else household["site_id"]

    def edited_elsewhere(self, table: str, record_id: str, base_rev: int) -> bool:
        """Whether anyone but this station changed the record after the revision the station saw."""
        found = self.conn.execute(
            select(JournalEntry.seq)
            .where(
                JournalEntry.record_table == table,
                JournalEntry.record_id == record_id,
                JournalEntry.base_rev >= base_rev,
                or_(JournalEntry.source == "local", JournalEntry.origin != self.station_id),
            )
            .limit(1)
        ).first()
        return found is not None

    # ---- applying -------------------------------------------------------------------------------------------

    def run(self, changes: list[Change], parsed: list[dict[str, Any]] | None = None) -> None:
        """Merge ``changes`` (their values checked by `sync.batch_check`; ``parsed``, their fields if read
        already) in seq order, in memory (`write` writes the records)."""
        if parsed is None:
            parsed = [c.parsed() for c in changes]
        self.prefetch(changes, parsed)
        for change, fields in zip(changes, parsed, strict=True):
            self.apply(change, fields)

    def apply(self, change: Change, fields: dict[str, Any]) -> None:
        table, record_id = change.record_table, change.record_id
        codec = CODECS.get(table)
        current = self.get(table, record_id) if codec else None
        if current is None and codec is not None and change.op == "insert":
            self._insert(change, fields, codec)
            return
        outcome, rev = "orphan", self.rev
        if codec is not None:
            if current is not None and self.apart and (insert := self.apart.pop((table, record_id), None)):
                self._complete(insert, current)  # merged against, so written from here
            merged = merge_change(
                current,
                change,
                fields,
                codec,
                rev=self.rev + 1,
                sender=self.station_id,
                edited_elsewhere=lambda: self.edited_elsewhere(table, record_id, change.base_rev),
            )
            outcome = merged.outcome
            if merged.row is not None:
                self.rev = rev = self.rev + 1
                row = merged.row
                self.rows[table][record_id] = self.dirty[table][record_id] = row
                if merged.changed or merged.op != "update":
                    base = current["rev"] if current else 0
                    self.journaled.append(len(self.history))
                    self.journal.append(
                        Received(table, record_id, merged.op, base, merged.changed, change.actor, self.station_id)
                    )
                self._note_move(table, current, row, merged.changed)
                household = self.household_of(table, row)
                reason = "conflict" if merged.conflicts else "imported"
                for touched in {household, self.household_of(table, current)}:
                    if touched and self.households.get(touched) != "conflict":
                        self.households[touched] = reason
                self._overtake(change, fields, merged)
                for conflict in merged.conflicts:
                    self._record_conflict(change, conflict, household, current, rev)
                if outcome == "merged":
                    self.merged += 1
        if outcome == "orphan":
            self.orphans += 1
        self._history(change, rev, outcome)

    def _insert(self, change: Change, fields: dict[str, Any], codec: Codec) -> None:
        """`apply` for an insert of a record the county has never seen (most of a batch): no merge to make, no
        conflict, no move; just the record, its journal entry, its household on the review queue and history."""
        table, record_id = change.record_table, change.record_id
        self.rev = rev = self.rev + 1
        apart = self.made is not None
        row, changed = new_record(codec, change, fields, rev=rev, sender=self.station_id, derive=not apart)
        # Taken whole, the change is journaled in the station's own text: the text its hash was checked against.
        # Then the record is written as the second process made it, and its history row with it (holding no
        # text). Taken in part (fields unknown here, a default it did not carry), it is written from here.
        spelled = change.changes if changed is fields else None
        if apart and spelled is None:
            codec.derive(row)
            apart = False
        if apart:
            self.apart[(table, record_id)] = ApartInsert(change, rev, len(self.journal))
            self.journaled.append(_APART)
        else:
            self.journaled.append(len(self.history))
        self.rows[table][record_id] = self.dirty[table][record_id] = row
        self.journal.append(Received(table, record_id, "insert", 0, changed, change.actor, self.station_id, spelled))
        household = self.household_of(table, row)
        if household and self.households.get(household) != "conflict":
            self.households[household] = "imported"
        if not apart:
            self._history(change, rev, "applied")

    def _complete(self, insert: ApartInsert, row: Row) -> None:
        """Take a new record back from `apart`, to write it from here: its derived fields and its history row."""
        CODECS[insert.change.record_table].derive(row)
        self.journaled[insert.entry] = len(self.history)
        self._history(insert.change, insert.rev, "applied")

    def _history(self, change: Change, rev: int, outcome: str) -> None:
        self.history.append(self._history_row(change, rev, outcome))

    def _history_row(self, change: Change, rev: int, outcome: str) -> list[Any]:
        """What the county did with one received change (a row of HISTORY_COLUMNS)."""
        return [
            self.station_id,
            change.seq,
            self.batch_no,
            change.record_table,
            change.record_id,
            change.op,
            change.base_rev,
            change.at,
            change.actor,
            change.changes,
            change.hash,
            rev,
            outcome,
            self.now,
            None,
        ]

    def _note_move(self, table: str, before: Row | None, after: Row, changed: dict[str, list[Any]]) -> None:
        key = PARENT_FIELD.get(table)
        if before is None or key is None or key not in changed:
            return
        old_site, new_site = self.site_of(table, before), self.site_of(table, after)
        if old_site and old_site != new_site:
            self.moves.append(
                {
                    "record_table": table,
                    "record_id": after["id"],
                    "from_site_id": old_site,
                    "to_site_id": new_site,
                    "rev": after["rev"],
                }
            )

    def _overtake(self, change: Change, fields: dict[str, Any], merged: Merged) -> None:
        """Settle, or bring up to date, the open conflicts on the fields this change names that it did not clash on
        (`sync.conflicts_overtaken`)."""
        if not self.open_conflicts or merged.row is None:
            return
        clashed = {c.field for c in merged.conflicts}
        row = merged.row
        named = [key for key, pair in fields.items() if type(pair) is list and key != DELETED]
        if change.op in DELETING_OPS:  # a delete or restore answers a deletion conflict; no field of it says so
            named.append(DELETED)
        for key in named:
            waiting = self.open_conflicts.get((change.record_table, change.record_id, key))
            if not waiting or key in clashed or key not in row:
                continue
            now = canonical_json(row[key])
            for conflict in list(waiting):
                ours = conflict["station_id"] == self.station_id
                if answers(change.record_table, key, conflict, now, answered=ours):
                    values = settled(
                        conflict,
                        now,
                        by=f"{self._station_name()} {change.actor}",
                        note=station_note(key, change.op),
                        at=self.now,
                        rev=row["rev"],
                    )
                    waiting.remove(conflict)
                elif key in merged.changed or (key == DELETED and merged.op in DELETING_OPS):
                    # another station's newer value (or its 删除 or 恢复) is the county's now, and the record holds it
                    values = {"county_value": now, "county_updated_by": change.actor, "kept": "county"}
                else:
                    continue
                self._update_conflict(conflict, values)

    def _update_conflict(self, conflict: dict[str, Any], values: dict[str, Any]) -> None:
        conflict.update(values)  # one this batch opened is written with them; an earlier one is updated
        if conflict.get("id") is not None:
            self.conflict_updates.setdefault(conflict["id"], {}).update(values)

    def _station_name(self) -> str:
        if self.station_name is None:
            found = self.conn.scalar(select(SyncStation.name).where(SyncStation.id == self.station_id))
            self.station_name = found or self.station_id
        return self.station_name

    def _record_conflict(
        self, change: Change, conflict: FieldConflict, household: str | None, current: Row | None, rev: int
    ) -> None:
        key = (change.record_table, change.record_id, conflict.field)
        # This station's change clashed again on a field it already waits on (or edited again a record the county
        # deleted): the same question, with its newest value (and the county's, and what the station changed it
        # from, now).
        earlier = next(
            (
                c
                for c in self.open_conflicts.get(key, ())
                if c["station_id"] == self.station_id and c["kind"] == conflict.kind
            ),
            None,
        )
        if earlier is not None:
            self._update_conflict(
                earlier,
                {
                    "base_value": canonical_json(conflict.base),
                    "county_value": canonical_json(conflict.county),
                    "station_value": canonical_json(conflict.station),
                    "kept": conflict.kept,
                    "seq": change.seq,
                    "rev": rev,
                    "county_updated_by": current["updated_by"] if current else None,
                    "created_at": self.now,
                },
            )
            return
        self.conflicts.append(
            {
                "kind": conflict.kind,
                "record_table": change.record_table,
                "record_id": change.record_id,
                "household_id": household,
                "field": conflict.field,
                "base_value": canonical_json(conflict.base),
                "county_value": canonical_json(conflict.county),
                "station_value": canonical_json(conflict.station),
                "kept": conflict.kept,
                "station_id": self.station_id,
                "seq": change.seq,
                "rev": rev,
                "county_updated_by": current["updated_by"] if current else None,
                "created_at": self.now,
                "status": "open",
                # all keys, each time: a later change in the batch may settle it before it is written
                **dict.fromkeys(("resolution", "resolved_value", "note", "resolved_by", "resolved_at", "resolved_rev")),
            }
        )
        self.open_conflicts.setdefault(key, []).append(self.conflicts[-1])

    def write(self) -> None:
        """Write every record the batch touched, the new records made apart last, and its conflicts and moves."""
        apart = self.apart
        for table in TABLE_ORDER:
            rows = self.dirty[table]
            stored = self.stored[table]
            insert_rows(self.conn, table, [r for i, r in rows.items() if i not in stored and (table, i) not in apart])
            update_rows(self.conn, table, [r for i, r in rows.items() if i in stored])
        if apart:
            self._write_apart()
        if self.conflicts:
            self.conn.execute(insert(SyncConflict), self.conflicts)
        for conflict_id, values in self.conflict_updates.items():
            self.conn.execute(update(SyncConflict).where(SyncConflict.id == conflict_id).values(**values))
        if self.moves:
            self.conn.execute(insert(SyncMove), self.moves)

    def _write_apart(self) -> None:
        """The new records the second process made, and their history rows, copied from its image under the
        revisions the merge gave them and the journal entries written for them (after `write_history`); made
        here if it could not make them."""
        taken: dict[str, dict[int, tuple[int, int]]] = {}
        for (table, _record_id), (change, rev, entry) in self.apart.items():
            taken.setdefault(table, {})[change.seq] = (rev, self.journal_seqs[entry])
        made = self.made
        image = None if made is None else made.image()
        if made is not None and image is not None:
            try:
                insert_from_image(self.conn, made.driver, image, taken, (self.station_id, self.batch_no, self.now))
                return
            except UnusableImage:  # nothing was written from it
                pass
        history = []
        for (table, record_id), (change, rev, entry) in self.apart.items():
            CODECS[table].derive(self.rows[table][record_id])
            row = self._history_row(change, rev, "applied")
            row[_TEXT], row[_JOURNAL_SEQ] = None, self.journal_seqs[entry]
            history.append(tuple(row))
        for table in TABLE_ORDER:
            insert_rows(self.conn, table, [self.rows[table][i] for t, i in self.apart if t == table])
        insert_tuples(self.conn, _HISTORY, HISTORY_COLUMNS, history)

    def write_history(self, journaled: list[tuple[Any, ...]]) -> None:
        """Write the history, given the journal entries written for `journal` (rows of `JOURNAL_COLUMNS`): a
        change journaled in its own text keeps that text only there (see `received_changes`)."""
        history = self.history
        self.journal_seqs = [entry[0] for entry in journaled]
        for index, entry in zip(self.journaled, journaled, strict=True):
            if index == _APART:  # its history row is written with its record (`_write_apart`)
                continue
            row = history[index]
            if entry[_JOURNAL_TEXT] == row[_TEXT]:
                row[_TEXT], row[_JOURNAL_SEQ] = None, entry[0]
        insert_tuples(self.conn, _HISTORY, HISTORY_COLUMNS, list(map(tuple, history)))

    def flag_households(self) -> list[str]:
        """Put every touched household on the review queue. The rules run on them right after the commit
        (`sync.review_hook.recheck_households`): outside this transaction, so the write lock is held only for
        the merge itself; until then a queue row's findings are None, meaning "not checked yet"."""
        live = [h for h in self.households if self.get("households", h) is not None]
        if not live:
            return []
        for chunk in in_chunks(live):  # a station's first batch may touch more households than one statement takes
            self.conn.execute(delete(SyncReviewItem).where(SyncReviewItem.household_id.in_(chunk)))
        self.conn.execute(
            insert(SyncReviewItem),
            [
                {
                    "household_id": h,
                    "station_id": self.station_id,
                    "rev": self.rev,
                    "flagged_at": self.now,
                    "reason": self.households[h],
                    "findings": None,
                }
                for h in live
            ],
        )
        return live


# ---- the whole exchange as bytes ------------------------------------------------------------------------------


def apply_station_batch(county_store: Store, sealed: bytes, *, name: str = "batch") -> bytes:
    """Verify and apply one sealed station batch, and answer with the station's sealed return file.

    A replay answers too (the station may have lost the previous answer). A gap raises BatchGap with
    ``reply`` set to a return file that asks the station to send the missing changes again.
    """
    from .county_return import make_return

    batch = open_batch(county_store, sealed, name)
    try:
        outcome = apply_batch(county_store, batch)
    except BatchGap as gap:
        gap.reply = make_return(county_store, batch.manifest.station_id, answering=batch.manifest, reset=True).sealed
        raise
    recheck_households(county_store, outcome.touched)
    return make_return(county_store, batch.manifest.station_id, answering=batch.manifest).sealed


def sort_key(batch: OpenedBatch) -> tuple[str, int]:
    return batch.manifest.station_id, batch.manifest.batch_no
