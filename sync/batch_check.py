"""The work on a big received batch that needs the batch alone — the records its inserts make, and the checks of its
changes (each one matches its own hash, and holds only values the station program writes) — done on a second
core while the county merges the batch.

That work is a third of a big import: for a batch of `BACKGROUND_MIN` changes or more, a second process does it
from the batch payload while this one merges.
- The new records come first (`sync.new_records`: derived fields made, values in their stored form, as an SQLite
  image). The merge makes the same records without their derived fields, for its own use, and copies them (with
  their history rows) from the image last, after the journal and the other history rows, waiting for the image
  if it is not in by then (`Applier`, `sync.county_apply`). This is done only for a county database on SQLite,
  which can copy them from the image without binding a value.
- The checks come next. The merge needs nothing from them, and the county waits for their verdict before it
  commits, so a batch that fails them is still refused with nothing applied.
A smaller batch is checked here, before it is merged: starting a process (a fresh interpreter: ``spawn``, the
one way that is safe in a program with threads and the same on Windows) costs about 0.5 s. A sealed file big
enough to hold such a batch has the process started as soon as the file is opened (`warm_up`), so that it is
ready when the payload is. Where no second process can be started or it fails (a program built without
multiprocessing, a machine that forbids it, a worker killed), or where it would have no core of its own, the
checks and the new records are made here instead, with the same outcome.

Every batch that needs the second process shares one worker, started for the first and stopped once no batch is
waiting on it: importing ten big files at once does not start ten interpreters.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

from forms.bulk import usable_cores

from .batch import Change, altered_detail, first_altered, read_changes
from .errors import AlteredFile, MalformedBatch
from .new_records import image_of_inserts
from .rows import CODECS, bulk

#: From this many changes a batch is checked in a second process (a day's work at a station is far fewer).
BACKGROUND_MIN = 20_000
#: A sealed file from this size on may hold `BACKGROUND_MIN` changes (a change takes 120 bytes or more, sealed):
#: the second process is started when it is opened (`warm_up`).
WARM_UP_BYTES = BACKGROUND_MIN * 100
#: What the checks found: None, or ("altered" | "malformed", where in 中文, where in English).
Verdict = tuple[str, str, str] | None


def unfit(changes: Sequence[Change], parsed: Sequence[dict[str, Any]]) -> tuple[str, str] | None:
    """Where the first value is that the station program could not have written (not an [old, new] pair, a
    number for an ID number, a date that is none …), or None. A signed batch proves who sent it, not that its
    values are sane: stored as they are, such values would break every screen that reads the record."""
    for change, fields in zip(changes, parsed, strict=True):
        codec = CODECS.get(change.record_table)
        if codec is not None and (key := codec.misfit(fields)) is not None:
            return (
                f"第 {change.seq} 条变更，{change.record_table} 的 {key} 字段",
                f"change {change.seq}, field {key} of {change.record_table}",
            )
    return None


def verdict(changes: Sequence[Change], parsed: Sequence[dict[str, Any]] | None = None) -> Verdict:
    """Both checks, in the order a refusal names them: a change altered before a value out of place."""
    altered = first_altered(changes)
    if altered is not None:
        return ("altered", *altered_detail(altered))
    where = unfit(changes, [c.parsed() for c in changes] if parsed is None else parsed)
    return None if where is None else ("malformed", *where)


def refuse(name: str, found: Verdict) -> None:
    """Raise what a verdict says of batch ``name`` (AlteredFile or MalformedBatch); nothing for None."""
    if found is None:
        return
    kind, zh, en = found
    if kind == "altered":
        raise AlteredFile(name, zh, en)
    raise MalformedBatch(name, (zh, en))


#: In the second process: the changes of the payload the new records were last made from, and their fields,
#: under the token the checks of that payload are asked for with (reading and parsing them again would take
#: a third of the checks' time).
_read: dict[str, tuple[list[Change], list[dict[str, Any]]]] = {}


def _verdict_of_payload(payload: bytes | None, token: str) -> Verdict:
    """What the second process runs: the checks of a payload `sync.batch.read_batch` has already read (None: the
    one the new records were made from under ``token``, read then; sent once, not twice)."""
    with bulk():
        read = _read.pop(token, None)
        if read is not None:
            return verdict(*read)
        if payload is None:  # the new records were not made (their work failed): the county checks it
            raise LookupError("the batch was not read in this process")
        return verdict(read_changes(payload))


def _image_of_payload(payload: bytes, token: str, sender: str, path: str) -> None:
    """What the second process runs first: the records the payload's inserts make, as station ``sender``'s, as
    an image written to the file ``path`` (see `sync.new_records` for why a file)."""
    _read.clear()  # a batch given up before its checks ran
    with bulk():
        changes = read_changes(payload)
        parsed = [c.parsed() for c in changes]
        _read[token] = (changes, parsed)  # for the checks, even if making the records fails
        Path(path).write_bytes(image_of_inserts(changes, parsed, sender))


#: The files the new records pass through (`_image_of_payload`), in the temporary folder.
IMAGE_PREFIX, IMAGE_SUFFIX = "anju-new-records-", ".db"
#: A file of new records older than this was left by an import that was killed: it is deleted (it holds people's
#: records, and no import keeps one for more than minutes).
STALE_IMAGE_SECONDS = 6 * 3600


def _new_image_file() -> str:
    """A new file for the new records, readable by this user alone; stale ones deleted first."""
    folder = Path(tempfile.gettempdir())
    for old in folder.glob(f"{IMAGE_PREFIX}*{IMAGE_SUFFIX}"):
        with contextlib.suppress(OSError):
            if time.time() - old.stat().st_mtime > STALE_IMAGE_SECONDS:
                old.unlink()
    handle, path = tempfile.mkstemp(prefix=IMAGE_PREFIX, suffix=IMAGE_SUFFIX)
    os.close(handle)
    return path


def _discard(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _drop(image: tuple[Future[None], str] | None) -> None:
    """New records that will not be read: their file goes once the worker is done with it (at once if it is)."""
    if image is not None:
        making, path = image
        making.cancel()  # if it has not started
        making.add_done_callback(lambda _done: _discard(path))


def _end_with_parent() -> None:
    """In the worker, first: end it when the program that started it ends, however that ends. A program that is
    killed (Task Manager, a power button held down on a server) cannot stop its worker, and the worker would not
    notice: it waits for work on a queue whose other end it holds too, so it would wait for ever, holding the
    memory of the batches it was given (and, in a console, the console's output)."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent process has ended
        os._exit(0)

    threading.Thread(target=watch, name="anju-worker-watch", daemon=True).start()


def _ready() -> None:
    """What a warmed-up worker runs while the payload is decrypted and read: what deriving first loads (pinyin
    dictionaries; the ID number tables, which a number with a wrong check character goes through)."""
    for codec in CODECS.values():
        if codec.model.DERIVED_FIELDS:
            codec.model.derive({"name": "安居", "id_type": "居民身份证", "id_number": "530326198001010012"})


class BackgroundCheck:
    """The work on one big batch running in the shared worker: started when the batch is opened, its new records
    taken when the merge writes them (`new_records`), and its checks `settle`d before it is committed (or when it
    is given up)."""

    def __init__(
        self,
        changes: Sequence[Change],
        future: Future[Verdict],
        settled: Callable[[], None] = lambda: None,
        image: tuple[Future[None], str] | None = None,
    ) -> None:
        self._changes = changes
        self._future: Future[Verdict] | None = future
        self._image = image  # the work making the new records, and the file it writes them to
        self._settled = settled  # tells the worker one batch fewer waits on it
        self._verdict: Verdict = None

    @classmethod
    def start(cls, changes: Sequence[Change], payload: bytes, *, records_of: str | None) -> BackgroundCheck | None:
        """The work started in the worker, or None: the batch is small, or no second process could start (then
        the caller checks here, at once). With ``records_of`` (the sending station), the worker also makes the
        records the inserts make (`new_records`)."""
        if len(changes) < BACKGROUND_MIN or not _worker.hold():
            return None
        image, token = None, uuid.uuid4().hex
        if records_of is not None:
            path = _new_image_file()
            making = _worker.submit(_image_of_payload, payload, token, records_of, path)
            if making is None:
                _discard(path)
            else:
                image = (making, path)
        future = _worker.submit(_verdict_of_payload, None if image else payload, token)
        if future is None:  # the worker broke
            _drop(image)
            _worker.release()
            return None
        return cls(changes, future, _worker.release, image)

    @property
    def makes_records(self) -> bool:
        """Whether the worker was asked for the new records, and they have not been taken or let go yet."""
        return self._image is not None

    def new_records(self) -> bytes | None:
        """The image of the batch's new records (`sync.new_records`), waiting for the worker if need be; None if
        it was not asked for them or could not make them (the merge then makes them itself)."""
        image, self._image = self._image, None
        if image is None:
            return None
        making, path = image
        try:
            making.result()
            return Path(path).read_bytes()
        except Exception:  # the worker broke, was killed or ran out of memory: nothing is lost but its time
            return None
        finally:
            _discard(path)

    def abandon(self) -> None:
        """The batch will not be applied (an import cancelled or stopped): its verdict is not wanted."""
        future, self._future = self._future, None
        if future is not None:
            _drop(self._image)
            self._image = None
            future.cancel()  # if it has not started; else its answer is simply never read
            self._settled()

    def settle(self) -> Verdict:
        """Wait for the verdict (checking here if the worker could not give one). Idempotent."""
        future, self._future = self._future, None
        if future is not None:
            _drop(self._image)  # taken, if at all, when the records were written
            self._image = None
            try:
                self._verdict = future.result()
            except Exception:  # the worker broke or was killed: the checks still have to be made
                self._verdict = verdict(self._changes)
            finally:
                self._settled()
        return self._verdict


def second_process_answers(timeout: float = 120) -> bool | None:
    """Whether a second process starts here and does this module's work (``anju --check-second-process``: a built
    program's check). None on one core, where this program does not start one."""
    if usable_cores() < 2:
        return None
    if not _worker.hold(_ready):  # no multiprocessing in this program, or no process allowed
        return False
    try:
        future = _worker.submit(_ready)  # the pinyin dictionaries and ID tables load there: the imports work
        if future is None:
            return False
        future.result(timeout=timeout)
        return True
    except Exception:
        return False
    finally:
        _worker.release()


def warm_up(sealed_size: int) -> Callable[[], None]:
    """Start the worker now if a sealed file this big may hold a batch it will work on, so that it is ready when
    the payload is. Returns what to call once the batch is opened (whatever came of it)."""
    if sealed_size < WARM_UP_BYTES or not _worker.hold(_ready):
        return lambda: None
    return _worker.release


class _Worker:
    """One spawned process shared by every batch waiting on it; stopped when none is."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: Executor | None = None
        self._waiting = 0

    def hold(self, first: Callable[[], None] | None = None) -> bool:
        """Count one more batch waiting on the worker, starting it if none runs (and giving a new one ``first`` to
        do); False, holding nothing, if no process can start."""
        with self._lock:
            if self._pool is None and usable_cores() < 2:
                return False  # on one core the work costs less here than starting a process to share it with
            try:
                if self._pool is None:
                    import multiprocessing
                    from concurrent.futures import ProcessPoolExecutor

                    context = multiprocessing.get_context("spawn")
                    self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=_end_with_parent)
                    if first is not None:
                        self._pool.submit(first)  # the process starts with its first task
            except Exception:  # no multiprocessing here, or no process allowed
                self._stop_if_idle()
                return False
            self._waiting += 1
            return True

    def submit(self, work: Callable[..., Any], *args: Any) -> Future[Any] | None:
        """``work(*args)`` in the worker (held by the caller), or None if it cannot take it (it broke)."""
        with self._lock:
            if self._pool is None:
                return None
            try:
                return self._pool.submit(work, *args)
            except Exception:  # a broken worker
                return None

    def release(self) -> None:
        with self._lock:
            self._waiting -= 1
            self._stop_if_idle()

    def _stop_if_idle(self) -> None:
        if self._waiting == 0 and self._pool is not None:
            self._pool.shutdown(wait=False)
            self._pool = None


_worker = _Worker()
