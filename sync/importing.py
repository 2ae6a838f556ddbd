"""``anju sync import FILE...``: what the county or a station does with the files a stick brings.

On the county, many batch files may come at once, in any order: each is verified first; then they are applied
sorted by station and batch number (so a gap a later file in the same call fills is no gap), each in its own
transaction; a refused file refuses only itself. Then each station that sent something gets its return file,
written beside its batch (on the stick it came on) unless another folder is given.

On a station, each return file is applied in turn (they are idempotent, so order does not matter).

The screen passes ``progress`` and ``cancelled``: each step (verifying a file, applying a batch, re-running the
rules on the households it touched, writing a return file) is reported before it starts, with a text in 中文 that
carries its English (`StepText`). A cancel is honoured only between files and batches, never inside one: each
batch is its own transaction and is applied with its rule re-run or not at all. What was applied stays applied and
still gets its return file; the files not reached are marked ``cancelled`` in the report and change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError

from forms.errors import DiskRefused
from forms.store import Store

from .batch import Manifest
from .county_apply import BatchOutcome, OpenedBatch, apply_batch, open_batch, sort_key
from .county_return import ReturnFile, write_return_file
from .errors import BatchGap, NotEnrolled, RejectedByDatabase, ReturnNotWritten, SyncError
from .files import check_folder, read_file
from .identity import COUNTY, load_identity
from .review_hook import recheck_households
from .station_apply import ReturnOutcome, apply_return

#: (steps done, steps in all, what is being done now); the total may shrink as refused files drop their steps
ProgressCallback = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]


class StepText(str):
    """A progress text: the 中文 the command line would print, with its English as ``en`` for an English screen."""

    en: str

    def __new__(cls, zh: str, en: str) -> StepText:
        made = super().__new__(cls, zh)
        made.en = en
        return made


@dataclass
class FileResult:
    path: Path
    batch: BatchOutcome | None = None
    returned: ReturnOutcome | None = None
    error: SyncError | None = None
    cancelled: bool = False  # not reached: the import was cancelled before this file; nothing of it was applied

    def message(self) -> tuple[str, str]:
        if self.error is not None:
            return self.error.zh, self.error.en
        if self.cancelled:
            return (
                f"“{self.path.name}”：已取消，这个文件未导入，数据库没有因它改变。需要时请重新导入这个文件。",
                f"“{self.path.name}”: cancelled; this file was not imported and changed nothing. Import it again.",
            )
        if self.batch is not None:
            return self.batch.message()
        assert self.returned is not None
        return self.returned.message()


@dataclass
class ImportReport:
    role: str
    files: list[FileResult] = field(default_factory=list)
    returns: list[tuple[Path, ReturnFile]] = field(default_factory=list)
    #: return files that could not be written (their batches were applied all the same)
    unwritten: list[ReturnNotWritten] = field(default_factory=list)
    cancelled: bool = False  # stopped early: see each file's ``cancelled``

    @property
    def refused(self) -> list[FileResult]:
        return [f for f in self.files if f.error is not None]

    @property
    def skipped(self) -> list[FileResult]:
        """Files not imported because the import was cancelled before them."""
        return [f for f in self.files if f.cancelled]


class _Steps:
    """Counts the steps of one import and tells ``progress`` (if any) about each; answers whether to stop."""

    def __init__(
        self, report: ImportReport, total: int, progress: ProgressCallback | None, cancelled: CancelCheck | None
    ):
        self.report = report
        self.done = 0
        self.total = total
        self._progress = progress
        self._cancelled = cancelled

    def say(self, zh: str, en: str) -> None:
        if self._progress is not None:
            self._progress(min(self.done, self.total), self.total, StepText(zh, en))

    def stop(self) -> bool:
        """True once a cancel was asked for (checked only between files and batches)."""
        if not self.report.cancelled and self._cancelled is not None and self._cancelled():
            self.report.cancelled = True
        return self.report.cancelled

    def finish(self) -> None:
        self.done = self.total
        if self.report.cancelled:
            self.say("已取消。", "Cancelled.")
        else:
            self.say("导入完成。", "Import finished.")


def import_files(
    store: Store,
    paths: list[Path],
    out_dir: Path | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport:
    with store.engine.connect() as conn:
        identity = load_identity(conn)
    if identity is None:
        raise NotEnrolled(str(store.path))
    if identity.role == COUNTY:
        return import_batches(store, paths, out_dir, progress=progress, cancelled=cancelled)
    report = ImportReport(identity.role)
    steps = _Steps(report, len(paths), progress, cancelled)
    for number, path in enumerate(paths, 1):
        result = FileResult(path)
        report.files.append(result)
        if steps.stop():
            result.cancelled = True
            continue
        steps.say(f"{number}/{len(paths)} 正在导入回执 {path.name}……", f"{number}/{len(paths)} importing {path.name}…")
        try:
            result.returned = apply_return(store, read_file(path), path.name)
        except SyncError as exc:
            result.error = exc
        steps.done += 1
    steps.finish()
    return report


def import_batches(
    store: Store,
    paths: list[Path],
    out_dir: Path | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport:
    if out_dir is not None:
        check_folder(out_dir)  # before anything is applied: a wrong folder must not be found only afterwards
    report = ImportReport(COUNTY)
    count = len(paths)
    # Until the files are verified, count every step a file can have: verify, apply, re-check, its return file.
    steps = _Steps(report, 4 * count, progress, cancelled)
    opened: list[tuple[FileResult, OpenedBatch]] = []
    try:
        for number, path in enumerate(paths, 1):
            result = FileResult(path)
            report.files.append(result)
            if steps.stop():
                result.cancelled = True
                continue
            steps.say(f"{number}/{count} 正在校验 {path.name}……", f"{number}/{count} verifying {path.name}…")
            try:
                opened.append((result, open_batch(store, read_file(path), path.name)))
            except SyncError as exc:
                result.error = exc
            steps.done += 1
        stations = {batch.manifest.station_id for _result, batch in opened}
        steps.total = count + 2 * len(opened) + len(stations)
        _apply_opened(store, report, opened, steps, count, out_dir)
    finally:
        # Those not applied (cancelled, the database became unavailable, or a later file could not even be
        # read): their work in the second process, and the files it writes, are let go.
        for _result, batch in opened:
            batch.abandon()
    steps.finish()
    return report


def _apply_opened(
    store: Store,
    report: ImportReport,
    opened: list[tuple[FileResult, OpenedBatch]],
    steps: _Steps,
    count: int,
    out_dir: Path | None,
) -> None:
    """Apply the verified batches in order and write each station's return file (`import_batches`)."""
    # station id → (the batch to answer, whether to ask for a re-send, where its return file goes)
    answer: dict[str, tuple[Manifest, bool, Path]] = {}
    ordered = sorted(opened, key=lambda pair: sort_key(pair[1]))
    for number, (result, batch) in enumerate(ordered, 1):
        if steps.stop():
            result.cancelled = True
            continue
        station, name, batch_no = batch.manifest.station_id, batch.station_name, batch.manifest.batch_no
        folder = out_dir or result.path.parent
        where = f"{number}/{len(ordered)}"
        steps.say(f"{where} 正在应用 {name} 第 {batch_no} 批……", f"{where} applying batch {batch_no} of {name}…")
        try:
            result.batch = apply_batch(store, batch)
        except BatchGap as exc:
            result.error = exc
            answer[station] = (batch.manifest, True, folder)
        except SyncError as exc:
            result.error = exc
        except OperationalError:
            raise  # the database itself is unavailable (locked, disk full): no later batch would fare better
        except (DBAPIError, ValueError, TypeError) as exc:
            # A signed, well-formed batch holding a record the database refuses (the transaction rolled back
            # whole): say so for this file and go on with the others, as the county server does.
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            result.error = RejectedByDatabase(result.path.name, reason)
        else:
            steps.done += 1
            touched = len(result.batch.touched)
            steps.say(
                f"{where} 正在对 {name} 第 {batch_no} 批涉及的 {touched} 户重新运行规则……",
                f"{where} re-running the rules on the {touched} households of batch {batch_no} of {name}…",
            )
            recheck_households(store, result.batch.touched)
            reset = answer[station][1] if station in answer else False
            answer[station] = (batch.manifest, reset, folder)
        steps.done = count + 2 * number

    # Stations none of whose batches was reached (cancelled) or accepted get no return file.
    steps.total = steps.done + len(answer)
    for number, (station, (manifest, reset, folder)) in enumerate(answer.items(), 1):
        steps.say(
            f"{number}/{len(answer)} 正在写出给 {manifest.station_name} 的回执……",
            f"{number}/{len(answer)} writing the return file for {manifest.station_name}…",
        )
        try:
            report.returns.append(write_return_file(store, station, folder, answering=manifest, reset=reset))
        except (SyncError, DiskRefused) as exc:
            # A stick that is full or write-protected, or the county's own disk refusing the return file's log:
            # the batches stay applied (each committed on its own), and re-importing them writes it.
            report.unwritten.append(ReturnNotWritten(manifest.station_name, exc))
        steps.done += 1
