"""The checks of a received batch's changes — each one matches its own hash, and holds only values the station
program writes — run on a second core while the county merges the batch.

Those checks are pure Python over the batch alone, about a tenth of a big import: for a batch of `BACKGROUND_MIN`
changes or more, a second process makes them from the batch payload while this one merges (the merge needs
nothing from them), and the county waits for their verdict before it commits, so a batch that fails them is
still refused with nothing applied. A smaller batch is checked here, before it is merged: starting a process
(a fresh interpreter: ``spawn``, the one way that is safe in a program with threads and the same on Windows)
costs about 0.4 s. Where no second process can be started or it fails (a bundle without multiprocessing, a
machine that forbids it, a worker killed), the checks run here instead, with the same verdict.

Every batch that needs the second process shares one worker, started for the first and stopped once no batch is
waiting on it: importing ten big files at once does not start ten interpreters.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from typing import Any

from .batch import Change, altered_detail, first_altered, read_changes
from .errors import AlteredFile, MalformedBatch
from .rows import CODECS, bulk

#: From this many changes a batch is checked in a second process (a day's work at a station is far fewer).
BACKGROUND_MIN = 20_000

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


def _verdict_of_payload(payload: bytes) -> Verdict:
    """What the second process runs: the checks of a payload `sync.batch.read_batch` has already read."""
    with bulk():
        return verdict(read_changes(payload))


class BackgroundCheck:
    """The checks of one big batch, running in the shared worker: started when the batch is opened, and
    `settle`d before it is committed (or when it is given up)."""

    def __init__(
        self, changes: Sequence[Change], future: Future[Verdict], settled: Callable[[], None] = lambda: None
    ) -> None:
        self._changes = changes
        self._future: Future[Verdict] | None = future
        self._settled = settled  # tells the worker one batch fewer waits on it
        self._verdict: Verdict = None

    @classmethod
    def start(cls, changes: Sequence[Change], payload: bytes) -> BackgroundCheck | None:
        """The checks started in the worker, or None: the batch is small, or no second process could start
        (then the caller checks here, at once)."""
        if len(changes) < BACKGROUND_MIN:
            return None
        future = _worker.submit(payload)
        return None if future is None else cls(changes, future, _worker.release)

    def abandon(self) -> None:
        """The batch will not be applied (an import cancelled or stopped): its verdict is not wanted."""
        future, self._future = self._future, None
        if future is not None:
            future.cancel()  # if it has not started; else its answer is simply never read
            self._settled()

    def settle(self) -> Verdict:
        """Wait for the verdict (checking here if the worker could not give one). Idempotent."""
        future, self._future = self._future, None
        if future is not None:
            try:
                self._verdict = future.result()
            except Exception:  # the worker broke or was killed: the checks still have to be made
                self._verdict = verdict(self._changes)
            finally:
                self._settled()
        return self._verdict


class _Worker:
    """One spawned process shared by every batch waiting on a check; stopped when none is."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: Executor | None = None
        self._waiting = 0

    def submit(self, payload: bytes) -> Future[Verdict] | None:
        with self._lock:
            try:
                if self._pool is None:
                    import multiprocessing
                    from concurrent.futures import ProcessPoolExecutor

                    self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
                future = self._pool.submit(_verdict_of_payload, payload)
            except Exception:  # no multiprocessing here, no process allowed, or a broken worker: check here
                if self._pool is not None and self._waiting == 0:
                    self._pool.shutdown(wait=False)
                    self._pool = None
                return None
            self._waiting += 1
            return future

    def release(self) -> None:
        with self._lock:
            self._waiting -= 1
            if self._waiting == 0 and self._pool is not None:
                self._pool.shutdown(wait=False)
                self._pool = None


_worker = _Worker()
