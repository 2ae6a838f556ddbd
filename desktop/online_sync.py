"""The station's background sync with the county server (DESIGN.md §5, Online): push on a timer and on 立即同步,
back off when the server cannot be reached, never block the UI, and say where things stand for the status bar.

One exchange is the three steps of `sync.http_client`, each through `desktop.tasks.TaskRunner`: sealing the
outbox and applying the return file go through the app's serial database runner like every other database job;
the network request runs on a runner of its own (one thread), so a slow or dead network never holds up a
household being opened or saved. Every exchange, whatever its outcome, is written to the station's sync log.

When the next attempt comes:
- after a successful exchange, or one the server refused (a person must act first: enrolment, an upgrade),
  after the normal interval;
- after the server could not be reached or failed, after an exponential back-off with jitter (15 s, 30 s, 1 min …
  up to 10 min, each drawn between half and all of that), so a county server coming back after an outage is not
  hit by every station in the same second;
- 立即同步 starts one now (or right after the one running) and starts the back-off over.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy import select

from desktop.tasks import Progress, TaskRunner
from forms.journal import utc_now
from forms.store import Store
from forms.sync_records import SyncConflict, SyncExchange
from sync.county_households import household_labels
from sync.errors import SyncError
from sync.http_client import (
    CONNECT_TIMEOUT_S,
    IO_TIMEOUT_S,
    Answer,
    ExchangeError,
    ExchangeRecord,
    PreparedBatch,
    ServerClient,
    prepare_push,
    read_answer,
    record_exchange,
    take_reply,
)
from sync.identity import STATION, load_identity, load_state
from sync.outbox import pending_count
from sync.station_apply import ReturnOutcome

INTERVAL_S = 5 * 60.0  # a station with a connection pushes every five minutes
FIRST_DELAY_S = 3.0  # after the app opens: let the first screen load before the first exchange
BASE_DELAY_S = 15.0
MAX_DELAY_S = 10 * 60.0
PENDING_REFRESH_S = 30.0  # how often the pending count is read again (edits happen in other screens)

# What the status bar can say.
UNCONFIGURED = "unconfigured"  # not an enrolled station, or its package names no server
UNKNOWN = "unknown"  # not tried yet
SYNCING = "syncing"
ONLINE = "online"  # the last exchange reached the server
OFFLINE = "offline"  # the last exchange did not


@dataclass(frozen=True)
class SyncStatus:
    state: str = UNKNOWN
    server_url: str | None = None
    pending: int | None = None
    last_sync_at: str | None = None  # the last exchange that completed (UTC)
    last_outcome: str | None = None  # ok / offline / refused / failed
    http_status: int | None = None  # what the server answered the last exchange with (503: busy)
    message_zh: str = ""
    message_en: str = ""
    failures: int = 0  # attempts in a row that could not reach the server
    next_in_s: float | None = None  # when the next attempt is due, from the moment this status was made
    next_at: float | None = None  # the same moment on time.monotonic(): a status shown again later counts down
    waiting: int = 0  # the station's changes that wait for the county's decision (open conflicts it holds)
    waiting_households: tuple[tuple[str, str], ...] = ()  # (id, where) of the households they are in

    def next_in(self) -> float | None:
        """Seconds until the next attempt, from now."""
        if self.next_at is not None:
            return max(0.0, self.next_at - time.monotonic())
        return self.next_in_s


@dataclass(frozen=True)
class StationSyncInfo:
    """What is read from the database between exchanges."""

    station: bool
    server_url: str | None
    pending: int
    last_sync_at: str | None
    waiting: int = 0
    waiting_households: tuple[tuple[str, str], ...] = ()


def read_info(store: Store) -> StationSyncInfo:
    with store.engine.connect() as conn:
        identity = load_identity(conn)
        if identity is None or identity.role != STATION:
            return StationSyncInfo(False, None, 0, None)
        # Read from the conflicts the station holds, not from the last exchange's message: still shown after a
        # restart, and gone as soon as a return file (online or on the stick) brings the county's decision.
        open_conflicts = conn.execute(select(SyncConflict.household_id).where(SyncConflict.status == "open")).all()
        where = household_labels(conn, {row.household_id for row in open_conflicts if row.household_id})
        pending = pending_count(conn, load_state(conn).acked_seq)
        # The newest exchange that succeeded is the one logged last, not the one with the latest stamp: a laptop
        # whose clock was once set ahead would otherwise show that old sync as the last one for good.
        last = conn.execute(
            select(SyncExchange.finished_at)
            .where(SyncExchange.outcome == "ok")
            .order_by(SyncExchange.id.desc())
            .limit(1)
        ).scalar()
    households = tuple(sorted(where.items(), key=lambda item: item[1]))
    return StationSyncInfo(True, identity.server_url, pending, last, len(open_conflicts), households)


def backoff_delay(failures: int, rng: random.Random, *, base: float = BASE_DELAY_S, cap: float = MAX_DELAY_S) -> float:
    """Seconds to wait after ``failures`` failed attempts in a row: doubling from ``base`` up to ``cap``, then
    "equal jitter" (half fixed, half random), so stations that lost the server together do not return together."""
    ceiling = min(cap, base * 2.0 ** max(0, failures - 1))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


class OnlineSync(QObject):
    """Pushes the station's outbox to the county server in the background. Connect `status_changed` to show it."""

    status_changed = Signal(object)  # SyncStatus
    exchanged = Signal(object)  # ExchangeRecord, once it is in the sync log

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        url: str | None = None,
        interval_s: float = INTERVAL_S,
        first_delay_s: float = FIRST_DELAY_S,
        base_delay_s: float = BASE_DELAY_S,
        max_delay_s: float = MAX_DELAY_S,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        io_timeout_s: float = IO_TIMEOUT_S,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.network = TaskRunner(self)  # its own thread: the database runner never waits on the network
        self.url_override = url
        self.interval_s = interval_s
        self.first_delay_s = first_delay_s
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self.connect_timeout_s = connect_timeout_s
        self.io_timeout_s = io_timeout_s
        self.rng = rng or random.Random()
        self._status = SyncStatus()
        self._running = False
        self._started = False
        self._again: str | None = None  # an attempt asked for while one was running
        self._client: ServerClient | None = None
        self._record: ExchangeRecord | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.sync("retry" if self._status.failures else "timer"))
        self._pending_timer = QTimer(self)
        self._pending_timer.setInterval(int(PENDING_REFRESH_S * 1000))
        self._pending_timer.timeout.connect(self.refresh)

    # ---- what the status bar reads ------------------------------------------------------------------------------

    @property
    def status(self) -> SyncStatus:
        return self._status

    @property
    def busy(self) -> bool:
        return self._running

    def _set(self, **changes: Any) -> None:
        self._status = replace(self._status, **changes)
        self.status_changed.emit(self._status)

    # ---- lifecycle ------------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Read where the station stands; if it has a server, the first exchange follows shortly."""
        self._started = True
        self._pending_timer.start()
        self.runner.start(lambda _p: read_info(self.store), on_done=self._started_with, owner=self)

    def _started_with(self, info: StationSyncInfo) -> None:
        self._show_info(info)
        if self._status.state != UNCONFIGURED and self._started and not self._running:
            self._schedule(self.first_delay_s)

    def stop(self, wait_ms: int = 5000) -> None:
        """Stop the timers and cut a request in flight (at program exit: the outbox keeps everything)."""
        self._started = False
        self._timer.stop()
        self._pending_timer.stop()
        if self._client is not None:
            self._client.abort()
        self.network.wait(wait_ms)

    def refresh(self) -> None:
        """Read the pending count (and the server address) again: after edits, or a new enrolment package."""
        self.runner.start(lambda _p: read_info(self.store), on_done=self._show_info, owner=self)

    def _show_info(self, info: StationSyncInfo) -> None:
        url = self.url_override or info.server_url
        if not info.station or not url:
            self._timer.stop()
            self._set(
                state=UNCONFIGURED,
                server_url=url,
                pending=info.pending if info.station else None,
                waiting=info.waiting,
                waiting_households=info.waiting_households,
            )
            return
        state = self._status.state if self._status.state != UNCONFIGURED else UNKNOWN
        self._set(
            state=state,
            server_url=url,
            pending=info.pending,
            last_sync_at=info.last_sync_at,
            waiting=info.waiting,
            waiting_households=info.waiting_households,
        )

    # ---- one exchange -------------------------------------------------------------------------------------------

    def sync_now(self) -> None:
        """立即同步: an exchange now, or right after the one running; the back-off starts over."""
        self._set(failures=0)
        self.sync("manual")

    def sync(self, trigger: str) -> None:
        if self._status.state == UNCONFIGURED:
            return
        if self._running:
            self._again = self._again or trigger
            return
        self._timer.stop()
        self._running = True
        self._record = ExchangeRecord(utc_now(), trigger, server_url=self._status.server_url)
        self._set(state=SYNCING, next_in_s=None, next_at=None)
        self._prepare()

    def _prepare(self) -> None:
        store, url = self.store, self.url_override

        def work(_progress: Progress) -> PreparedBatch:
            return prepare_push(store, url)

        self.runner.start(work, on_done=self._send, on_error=self._failed, owner=self)

    def _send(self, batch: PreparedBatch) -> None:
        assert self._record is not None
        self._record.server_url = batch.url
        try:
            client = ServerClient(batch.url, connect_timeout=self.connect_timeout_s, io_timeout=self.io_timeout_s)
        except SyncError as exc:
            self._finish(exc, batch)
            return
        self._client = client

        def work(_progress: Progress) -> Answer:
            return read_answer(batch.url, client.exchange(batch.sealed))

        self.network.start(
            work,
            on_done=lambda answer: self._take(batch, answer),
            on_error=lambda exc, _tb: self._finish(exc, batch),
            owner=self,
        )

    def _take(self, batch: PreparedBatch, answer: Answer) -> None:
        self._client = None
        store = self.store

        def work(_progress: Progress) -> ReturnOutcome:
            return take_reply(store, batch, answer)

        def done(returned: ReturnOutcome) -> None:
            record = self._record
            assert record is not None
            if answer.gap and not record.resent:
                # The county lacks changes it had acknowledged (restored from a backup): the reply lowered the
                # acknowledgement, so a new batch carries them. Once; a second gap is reported.
                record.resent = True
                self._prepare()
                return
            if answer.gap:
                self._finish(
                    ExchangeError(
                        "县里仍缺少本站的部分变更。请联系县里的管理员。",
                        "The county still lacks some of this station's changes. Contact the county's administrator.",
                        http_status=409,
                        code="gap",
                    ),
                    batch,
                )
                return
            record.succeeded(batch, answer, returned)
            self._log(record)

        self.runner.start(work, on_done=done, on_error=lambda exc, _tb: self._finish(exc, batch), owner=self)

    def _failed(self, exc: BaseException, _traceback: str) -> None:
        self._finish(exc, None)

    def _finish(self, error: BaseException, batch: PreparedBatch | None) -> None:
        self._client = None
        record = self._record
        assert record is not None
        record.failed(error, batch)
        self._log(record)

    def _log(self, record: ExchangeRecord) -> None:
        store = self.store

        def work(_progress: Progress) -> StationSyncInfo:
            record_exchange(store, record)
            return read_info(store)

        self.runner.start(
            work,
            on_done=lambda info: self._done(record, info),
            on_error=lambda _exc, _tb: self._done(record, None),
            owner=self,
        )

    def _done(self, record: ExchangeRecord, info: StationSyncInfo | None) -> None:
        self._running = False
        self._record = None
        # A server that answered with an error of its own (busy: 503) was reached: the network is not the problem.
        reached = record.outcome in ("ok", "refused") or (record.outcome == "failed" and record.http_status is not None)
        transient = record.outcome in ("offline", "failed")
        failures = 0 if not transient else self._status.failures + 1
        delay = (
            backoff_delay(failures, self.rng, base=self.base_delay_s, cap=self.max_delay_s)
            if transient
            else self.interval_s
        )
        changes: dict[str, Any] = {
            "state": ONLINE if reached else OFFLINE,
            "server_url": record.server_url or self._status.server_url,
            "last_outcome": record.outcome,
            "http_status": record.http_status,
            "message_zh": record.message_zh,
            "message_en": record.message_en,
            "failures": failures,
            "next_in_s": delay if self._started else None,
            "next_at": time.monotonic() + delay if self._started else None,
        }
        if info is not None:
            changes.update(
                pending=info.pending,
                last_sync_at=info.last_sync_at,
                waiting=info.waiting,
                waiting_households=info.waiting_households,
            )
        self._set(**changes)
        self.exchanged.emit(record)
        if self._again is not None:
            trigger, self._again = self._again, None
            self.sync(trigger)
        elif self._started:
            self._schedule(delay)

    def _schedule(self, seconds: float) -> None:
        self._timer.start(max(0, int(seconds * 1000)))
        self._set(next_in_s=seconds, next_at=time.monotonic() + seconds)
