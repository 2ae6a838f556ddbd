"""What the 同步 page reads and works out, apart from its widgets: the overview of the database's sync state (read
off the UI thread) and what became of each file given to the county."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, or_, select

from forms.store import Store
from forms.sync_records import SyncBatch, SyncStation
from sync.errors import BatchGap
from sync.identity import STATION, load_identity
from sync.importing import FileResult
from sync.outbox import BATCH_SUFFIX, StationStatus, station_status

LOG_ROWS = 20  # the batch log shows the latest exchanges; older ones are in the database for `anju` to list


@dataclass
class LogRow:
    at: str
    direction: str
    station: str
    batch_no: int
    changes: int
    status: str
    file_name: str


@dataclass
class Overview:
    """What the page shows, read in one go off the UI thread."""

    role: str | None  # station / county / None (not enrolled yet)
    name: str = ""
    county_name: str = ""
    status: StationStatus | None = None
    log: list[LogRow] = field(default_factory=list)


def load_overview(store: Store) -> Overview:
    with store.engine.connect() as conn:
        identity = load_identity(conn)
        if identity is None:
            return Overview(None)
        names = dict(conn.execute(select(SyncStation.id, SyncStation.name)).all())
        names[identity.id] = identity.name
        # USB files only: an online exchange logs a push and its answer here too, dozens a day, which would push
        # the files a station admin looks for off this list (同步记录 lists the online exchanges).
        usb = and_(SyncBatch.direction != "push", or_(SyncBatch.note.is_(None), SyncBatch.note != "online"))
        rows = conn.execute(select(SyncBatch).where(usb).order_by(SyncBatch.id.desc()).limit(LOG_ROWS)).all()
    log = [
        LogRow(
            r.at, r.direction, names.get(r.station_id, r.station_id), r.batch_no, r.changes, r.status, r.file_name or ""
        )
        for r in rows
    ]
    status = station_status(store) if identity.role == STATION else None
    return Overview(identity.role, identity.name, identity.county_name, status, log)


def outcome_of(result: FileResult) -> str:
    """applied / empty / replay / gap / refused / cancelled: what became of one file the county was given."""
    if isinstance(result.error, BatchGap):
        return "gap"
    if result.error is not None:
        return "refused"
    if result.cancelled:
        return "cancelled"
    if result.batch is not None:
        return result.batch.status
    return "applied"


def expand_folders(paths: list[Path]) -> list[Path]:
    """A dropped folder (the stick itself) stands for the batch files in it."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob(f"*{BATCH_SUFFIX}")))
        else:
            files.append(path)
    return files
