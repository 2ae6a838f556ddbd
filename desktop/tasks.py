"""The one way to do work off the UI thread: a task with progress and cancel, its result back on the UI thread.

Like Anki's task manager, database and file work runs on worker threads and reports back through Qt signals
(queued onto the main thread), so a view never blocks on a query, an import, an export or a backup. The work
function receives a `Progress` it may report to and must poll for cancellation; raising `Cancelled` ends it
quietly. Any other failure is told to the screen that started the work, and logged (`desktop.error_log`) unless
it is a refusal the screen explains (`AnjuError`); work started without ``on_error`` fails as a slot does.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal

from desktop.error_log import log_error
from forms.errors import AnjuError

T = TypeVar("T")


class Cancelled(Exception):
    """Raised inside work that noticed it was cancelled."""


class Progress:
    """Handed to the work function: report progress, check for cancellation."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        self.check()
        self._emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled


class TaskSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)  # the result
    failed = Signal(object, str)  # the exception, its traceback text
    cancelled = Signal()


class Task(QRunnable, Generic[T]):
    """One piece of work. Keep a reference (or let TaskRunner keep it) until it signals."""

    def __init__(self, work: Callable[[Progress], T], *, droppable: bool = False) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.droppable = droppable
        self.alongside = False
        self.told = False  # whether a failure has a callback to tell it (else: `TaskRunner._unexplained`)
        self.started = False
        self.signals = TaskSignals()
        self.progress = Progress(self.signals.progress.emit)

    def cancel(self) -> None:
        self.progress.cancel()

    def run(self) -> None:
        self.started = True
        try:
            result = self.work(self.progress)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # reported to the UI, which shows a message; never lost silently
            if self.told and not isinstance(exc, AnjuError):  # a refusal the screen explains is no fault
                log_error("a background task failed (its screen was told)", exc)
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.finished.emit(result)


class TaskRunner(QObject):
    """Runs tasks: database work one at a time in order (like a single writer), file work alongside."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._serial = QThreadPool(self)
        self._serial.setMaxThreadCount(1)
        # Long work that does not go through the store's connection runs here, beside it, so the searches and
        # saves queued after it do not wait: the day's backup (read through its own connection, which in WAL mode
        # holds up no one) and its compression. It yields the processor to the user's work.
        self._alongside = QThreadPool(self)
        self._alongside.setMaxThreadCount(1)
        self._alongside.setThreadPriority(QThread.Priority.LowPriority)
        self._running: dict[Task[Any], None] = {}  # queued or running, in the order they were started

    def start(
        self,
        work: Callable[[Progress], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException, str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        owner: QObject | None = None,
        droppable: bool = False,
        alongside: bool = False,
    ) -> Task[T]:
        """Queue ``work``; the callbacks run on the UI thread, and not at all once ``owner`` is deleted.

        ``droppable`` work is skipped at shutdown, or cancelled if it is running: a read that only feeds a screen,
        or long work whose cancel leaves nothing behind (an Excel import rolls back, an export writes no file), so
        that closing the window does not wait for it, nor save an import nobody is there to see. Other work (a
        save) is finished first. ``alongside`` work, which must not use the store's connection (it may read the
        database through its own), runs beside the database work rather than in its queue.
        """
        task: Task[T] = Task(work, droppable=droppable)
        task.alongside = alongside
        self._running[task] = None

        def guarded(callback: Callable[..., None]) -> Callable[..., None]:
            if owner is None:
                return callback
            return lambda *args: callback(*args) if shiboken6.isValid(owner) else None

        if on_progress:
            task.signals.progress.connect(guarded(on_progress))
        if on_done:
            task.signals.finished.connect(guarded(on_done))
        task.told = on_error is not None
        task.signals.failed.connect(guarded(on_error or self._unexplained))
        if on_cancelled:
            task.signals.cancelled.connect(guarded(on_cancelled))
        for signal in (task.signals.finished, task.signals.failed, task.signals.cancelled):
            signal.connect(lambda *_: self._running.pop(task, None))
        self._pool(task).start(task)
        return task

    @staticmethod
    def _unexplained(exc: BaseException, _trace: str) -> None:
        """A failure no callback was given for (a screen's read): it would leave the screen as it was, saying
        nothing. It is the program's fault, so it goes where a failing slot goes (`desktop.crash_dialog`): the
        log, and the message to the worker."""
        sys.excepthook(type(exc), exc, exc.__traceback__)

    def _pool(self, task: Task[Any]) -> QThreadPool:
        return self._alongside if task.alongside else self._serial

    def shutdown(self) -> None:
        """At close: drop droppable work (reads for screens about to vanish), finish everything else (saves)."""
        self._serial.clear()  # takes every not-yet-started task off the queues …
        self._alongside.clear()
        for task in list(self._running):
            if task.droppable:
                task.cancel()
                if not task.started:
                    self._running.pop(task, None)
            elif not task.started:
                self._pool(task).start(task)  # … and the ones that must not be lost go back on, in their order
        self._serial.waitForDone()
        self._alongside.waitForDone()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every task is done (at shutdown and in tests)."""
        return self._serial.waitForDone(msecs) and self._alongside.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        return bool(self._running)
