"""What the 同步 page reads and works out, apart from its widgets: the overview of the database's sync state (read
off the UI thread) and what became of each file given to the county."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, or_, select

from forms.store import Store
from forms.sync_records import SyncBatch, SyncStation
from sync.errors import BatchGap, NoBatchFiles
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


#: Folders a stick or a disk has that hold no batch a station wrote: Windows' own, and a portable disk's recycle bin
#: (whose deleted files keep their names' endings).
NOT_SEARCHED = ("$", ".", "System Volume Information")


def expand_folders(paths: list[Path]) -> list[Path]:
    """A dropped folder (the stick itself) stands for the batch files in it and in its folders: a station that
    exported to 其他位置… (E:\\安居同步) left its batch one folder down, and the clerk drops the stick. A drop that
    holds no batch at all is refused naming the folders (`NoBatchFiles`), rather than reported as 0 files."""
    files: list[Path] = []
    empty: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = batches_under(path)
            files.extend(found)
            if not found:
                empty.append(path)
        else:
            files.append(path)
    if not files and empty:
        raise NoBatchFiles(empty)
    return files


#: How many folders down a dropped folder is searched: a stick's 安居同步\者海镇 is found, while a whole disk dropped
#: by mistake is not walked for minutes before anything is imported (the search cannot be cancelled).
SEARCH_DEPTH = 3


def batches_under(folder: Path) -> list[Path]:
    """The batch files in ``folder`` and the folders in it (`SEARCH_DEPTH` down), folder by folder in name order (a
    folder that cannot be read is passed over, as Explorer shows it empty)."""
    found: list[Path] = []
    for root, folders, names in os.walk(folder):
        deeper = len(Path(root).relative_to(folder).parts) < SEARCH_DEPTH
        folders[:] = sorted(f for f in folders if deeper and not f.startswith(NOT_SEARCHED))
        found.extend(Path(root) / name for name in sorted(names) if name.lower().endswith(BATCH_SUFFIX))
    return found
