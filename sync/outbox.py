"""The station's outbox and its export: every local change the county has not acknowledged, in one sealed batch.

The outbox is the change journal itself (source ``local``, seq after the acknowledged seq): nothing hooks the
store, so no code path can change a record without it reaching the county. An export always carries the
whole outbox, so a lost stick is repaired by the next export; entries travel one by one in seq order, each
with its own base values, never squashed (the county may already hold a prefix the station has not heard of).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, func, insert, select

from forms.journal import utc_now
from forms.records import JournalEntry
from forms.sqlite_paths import read_only_uri
from forms.store import Store
from forms.sync_records import SyncBatch, SyncIdentity
from forms.version import APP_VERSION

from .batch import CHANGE_COLUMNS, Change, Manifest, build_batch, count_changes, digest_of
from .envelope import KIND_BATCH, seal
from .files import check_folder, free_name, staged
from .identity import STATION, file_safe, load_state, require_station, save_state
from .keys import KeyPairs
from .rows import bulk
from .station_keys import presented
from .versions import file_schema

BATCH_SUFFIX = ".batch"


@dataclass
class ExportResult:
    path: Path
    manifest: Manifest

    def message(self) -> tuple[str, str]:
        m = self.manifest
        if not m.total:
            return (
                f"已导出第 {m.batch_no} 批：没有新的变更（仍可带到县里换取最新的回执）。文件：{self.path}",
                f"Exported batch {m.batch_no}: no new changes (take it to the county for a fresh return file). "
                f"File: {self.path}",
            )
        # The changes' sequence numbers mean nothing to a 站长 (the county's gap message names them, and `anju sync
        # export --json` gives them): how many, and the file, are what the worker reads.
        return (
            f"已导出第 {m.batch_no} 批：{m.total} 条变更。文件：{self.path}",
            f"Exported batch {m.batch_no}: {m.total} changes. File: {self.path}",
        )


def outbox(conn: Connection, after_seq: int) -> list[Change]:
    columns = [JournalEntry.__table__.c[c] for c in CHANGE_COLUMNS]
    rows = conn.execute(
        select(*columns).where(JournalEntry.seq > after_seq, JournalEntry.source == "local").order_by(JournalEntry.seq)
    )
    return [Change(*row) for row in rows]


def pending_count(conn: Connection, after_seq: int) -> int:
    return int(
        conn.execute(
            select(func.count()).where(JournalEntry.seq > after_seq, JournalEntry.source == "local")
        ).scalar_one()
    )


def questionnaire_version(store: Store) -> str | None:
    """The active questionnaire's version, when the questionnaire part of the program is present."""
    try:
        module = importlib.import_module("forms.questionnaire")
        version = module.load_active(store).version
    except Exception:  # the version is informative: a batch must not fail for want of it
        return None
    return str(version)


@dataclass(frozen=True)
class SealedBatch:
    """The whole outbox sealed as the station's next batch, before it is written anywhere."""

    manifest: Manifest
    sealed: bytes
    at: str


def seal_outbox(conn: Connection, store: Store, questionnaire: str | None) -> SealedBatch:
    """Seal every unacknowledged change as the next batch and use up its number (inside the caller's
    transaction, so a failed write or send leaves the counter and the outbox as they were)."""
    identity = require_station(conn, store)
    state = load_state(conn)
    changes = outbox(conn, state.acked_seq)
    now = utc_now()
    keys = presented(identity.id, KeyPairs(identity.enc_private, identity.sign_private), identity.keys_intro)
    manifest = Manifest(
        station_id=identity.id,
        station_name=identity.name,
        county_id=identity.county_id,
        batch_no=state.next_batch,
        after_seq=state.acked_seq,
        first_seq=changes[0].seq if changes else None,
        last_seq=changes[-1].seq if changes else state.acked_seq,
        county_rev=state.county_rev,
        app_version=APP_VERSION,
        schema=file_schema(own_keys=bool(keys)),  # the oldest county program that reads it (`sync.versions`)
        questionnaire=questionnaire,
        counts=count_changes(changes),
        total=len(changes),
        digest=digest_of(c.hash for c in changes),
        created_at=now,
    )
    sealed = seal(
        build_batch(manifest, changes),
        kind=KIND_BATCH,
        schema=manifest.schema,
        sender=identity.id,
        sender_sign_private=identity.sign_private,
        recipient=identity.county_id,
        recipient_enc_public=identity.county_enc_public,
        sender_keys=keys,
    )
    state.next_batch += 1
    save_state(conn, state)
    return SealedBatch(manifest, sealed, now)


def log_batch(
    conn: Connection, direction: str, batch: SealedBatch, *, file_name: str | None, note: str | None = None
) -> None:
    """Record a sealed batch in the station's batch log (export to a file, or push to a server)."""
    manifest = batch.manifest
    conn.execute(
        insert(SyncBatch).values(
            direction=direction,
            station_id=manifest.station_id,
            batch_no=manifest.batch_no,
            status="exported",
            after_seq=manifest.after_seq,
            first_seq=manifest.first_seq,
            last_seq=manifest.last_seq,
            county_rev=manifest.county_rev,
            changes=manifest.total,
            file_name=file_name,
            at=batch.at,
            note=note,
        )
    )


def export_batch(store: Store, folder: Path) -> ExportResult:
    """Seal the whole outbox into ``folder`` as the next numbered batch. The number is used only once the file
    is safely written (a failed write leaves the counter and the outbox as they were), and the file takes its
    name only once the number is recorded as used: a database that cannot record it (a full disk) leaves no
    batch on the stick whose number the next export would give to other changes (`sync.files.staged`)."""
    folder = Path(folder)
    check_folder(folder)
    questionnaire = questionnaire_version(store)
    with staged() as staging, bulk(), store.engine.connect().execution_options(write=True) as conn, conn.begin():
        batch = seal_outbox(conn, store, questionnaire)
        manifest = batch.manifest
        day = datetime.now().strftime("%Y%m%d")  # the station's own day: the one the worker would look for
        name = f"anju-{file_safe(manifest.station_name)}-{manifest.batch_no:04d}-{day}"
        path = free_name(folder, name, BATCH_SUFFIX)
        staging.write(path, batch.sealed)
        state = load_state(conn)
        state.last_export_at = batch.at
        save_state(conn, state)
        log_batch(conn, "export", batch, file_name=path.name)
    return ExportResult(path, manifest)


@dataclass
class StationStatus:
    station_id: str
    station_name: str
    county_name: str
    pending: int
    acked_seq: int
    county_rev: int
    next_batch: int
    last_export_at: str | None
    last_return_at: str | None
    server_url: str | None


def station_status(store: Store) -> StationStatus:
    """What the status bar and the sync screen show: pending changes and the last exchange."""
    with store.engine.connect() as conn:
        identity = require_station(conn, store)
        state = load_state(conn)
        pending = pending_count(conn, state.acked_seq)
    return StationStatus(
        identity.id,
        identity.name,
        identity.county_name,
        pending,
        state.acked_seq,
        state.county_rev,
        state.next_batch,
        state.last_export_at,
        state.last_return_at,
        identity.server_url,
    )


@dataclass(frozen=True)
class SentAndHeld:
    """How far a station database's changes went: the last one sealed for the county (exported or pushed,
    confirmed or not) and the last one it holds."""

    sent: int
    held: int


def sent_and_held(db: Path) -> SentAndHeld | None:
    """`SentAndHeld` of the station database file ``db``; None when it is not an enrolled station (or cannot be
    read). Plain sqlite3, read-only: the app asks it around a restore, while its store is closed. A restore that
    leaves ``held`` below what was ``sent`` before it is a station restored to an older state than the county
    holds: the county refuses its next batch (`sync.errors.StationRestored`) until it is enrolled again."""
    import sqlite3

    try:
        conn = sqlite3.connect(read_only_uri(db), uri=True)
    except sqlite3.Error:
        return None
    try:
        role = conn.execute(f"SELECT role FROM {SyncIdentity.__tablename__} LIMIT 1").fetchone()
        if role is None or role[0] != STATION:
            return None
        sent = conn.execute(
            f"SELECT max(last_seq) FROM {SyncBatch.__tablename__} WHERE direction IN ('export', 'push')"
        ).fetchone()[0]
        held = conn.execute(f"SELECT max(seq) FROM {JournalEntry.__tablename__} WHERE source = 'local'").fetchone()[0]
    except sqlite3.Error:  # a database from before sync, or a damaged one
        return None
    finally:
        conn.close()
    return SentAndHeld(int(sent or 0), int(held or 0))
