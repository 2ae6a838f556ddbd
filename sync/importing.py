"""``anju sync import FILE...``: what the county or a station does with the files a stick brings.

On the county, many batch files may come at once, in any order: each is verified first; then they are applied
sorted by station and batch number (so a gap a later file in the same call fills is no gap), each in its own
transaction; a refused file refuses only itself. Then each station that sent something gets its return file,
written beside its batch (on the stick it came on) unless another folder is given.

On a station, each return file is applied in turn (they are idempotent, so order does not matter).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from forms.store import Store

from .batch import Manifest
from .county_apply import BatchOutcome, OpenedBatch, apply_batch, open_batch, sort_key
from .county_return import ReturnFile, write_return_file
from .errors import BatchGap, NotEnrolled, SyncError
from .files import read_file
from .identity import COUNTY, load_identity
from .review_hook import recheck_households
from .station_apply import ReturnOutcome, apply_return


@dataclass
class FileResult:
    path: Path
    batch: BatchOutcome | None = None
    returned: ReturnOutcome | None = None
    error: SyncError | None = None

    def message(self) -> tuple[str, str]:
        if self.error is not None:
            return self.error.zh, self.error.en
        if self.batch is not None:
            return self.batch.message()
        assert self.returned is not None
        return self.returned.message()


@dataclass
class ImportReport:
    role: str
    files: list[FileResult] = field(default_factory=list)
    returns: list[tuple[Path, ReturnFile]] = field(default_factory=list)

    @property
    def refused(self) -> list[FileResult]:
        return [f for f in self.files if f.error is not None]


def import_files(store: Store, paths: list[Path], out_dir: Path | None = None) -> ImportReport:
    with store.engine.connect() as conn:
        identity = load_identity(conn)
    if identity is None:
        raise NotEnrolled(str(store.path))
    if identity.role == COUNTY:
        return import_batches(store, paths, out_dir)
    report = ImportReport(identity.role)
    for path in paths:
        try:
            report.files.append(FileResult(path, returned=apply_return(store, read_file(path), path.name)))
        except SyncError as exc:
            report.files.append(FileResult(path, error=exc))
    return report


def import_batches(store: Store, paths: list[Path], out_dir: Path | None = None) -> ImportReport:
    report = ImportReport(COUNTY)
    opened: list[tuple[FileResult, OpenedBatch]] = []
    for path in paths:
        result = FileResult(path)
        report.files.append(result)
        try:
            opened.append((result, open_batch(store, read_file(path), path.name)))
        except SyncError as exc:
            result.error = exc
    # station id → (the batch to answer, whether to ask for a re-send, where its return file goes)
    answer: dict[str, tuple[Manifest, bool, Path]] = {}
    for result, batch in sorted(opened, key=lambda pair: sort_key(pair[1])):
        station = batch.manifest.station_id
        folder = out_dir or result.path.parent
        try:
            result.batch = apply_batch(store, batch)
            recheck_households(store, result.batch.touched)
            reset = answer[station][1] if station in answer else False
            answer[station] = (batch.manifest, reset, folder)
        except BatchGap as exc:
            result.error = exc
            answer[station] = (batch.manifest, True, folder)
        except SyncError as exc:
            result.error = exc
    for station, (manifest, reset, folder) in answer.items():
        report.returns.append(write_return_file(store, station, folder, answering=manifest, reset=reset))
    return report
