"""Opening the store in the background while the first screen is already up (see `desktop.app`).

The open runs as a task of the window's task runner, started before any database task — the 住户 ids, the
dashboard — so those queue behind it and find the store there. It starts while the login dialog waits for the
password, or else just after the first screen is drawn: started earlier, its imports would compete with
building that screen for the one Python thread that runs at a time. After the open it imports the screens the
window builds once the store is there (`SCREENS`): on the UI thread those imports held the window a second, just
when a worker types her first search.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, Signal
from PySide6.QtWidgets import QMessageBox

from desktop.tasks import Progress, TaskRunner
from forms.errors import AnjuError

if TYPE_CHECKING:
    from forms.store import Store


def tell_cannot_open(zh: str, en: str, *, quiet: bool) -> None:
    """Say why the database did not open: a dialog, or stderr for the self-test (a dialog would wait for nobody)."""
    if quiet:
        print(f"错误：{zh}\nError: {en}", file=sys.stderr)
    else:
        QMessageBox.critical(None, "无法打开数据库 / Cannot open the database", f"{zh}\n\n{en}")


#: What `MainWindow.attach_store` imports to build the screens besides 住户, for any role.
SCREENS = (
    "desktop.clock_banner",
    "desktop.dashboard",
    "desktop.worklists_page",
    "desktop.sync_page",
    "desktop.county",
    "desktop.online_sync",
    "desktop.sync_log_page",
    "desktop.excel_page",
    "desktop.settings_page",
)


def _open(path: Path) -> Store:
    from forms.store import Store  # SQLAlchemy and the models: the import this module exists to move

    store = Store.open(path)
    # Here, before the store is handed over, so that the UI thread never imports one of them at the same time.
    for name in SCREENS:
        try:
            importlib.import_module(name)
        except Exception:  # met again, and said, where the window imports the screen itself
            break
    return store


class StoreLoading(QObject):
    """A store being opened; `then` runs a callback on the UI thread once it is open."""

    finished = Signal()  # opened or failed
    failed = Signal()

    def __init__(self, path: Path | None, runner: TaskRunner, *, quiet: bool = False) -> None:
        super().__init__(runner)
        self.store: Store | None = None
        self.error: BaseException | None = None
        self.quiet = quiet  # the self-test runs unattended: print instead of showing a dialog
        self._callbacks: list[Callable[[Store], None]] = []
        self._path = path
        self._runner = runner
        self.started = path is None

    def start(self) -> None:
        """Start opening (once; later calls do nothing)."""
        if self.started or self._path is None:
            return
        self.started = True
        path = self._path

        def work(_progress: Progress) -> Store:
            return _open(path)

        self._runner.start(work, on_done=self._opened, on_error=self._failed, owner=self)

    @classmethod
    def done(cls, store: Store, runner: TaskRunner) -> StoreLoading:
        """An already open store, for the path that opens it before the window."""
        loading = cls(None, runner)
        loading.store = store
        return loading

    def then(self, callback: Callable[[Store], None]) -> StoreLoading:
        if self.store is not None:
            callback(self.store)
        else:
            self._callbacks.append(callback)
        return self

    def wait(self) -> Store | None:
        """Wait (the UI still drawing) until the store is open; None when it failed (the user was told)."""
        self.start()
        if self.store is None and self.error is None:
            loop = QEventLoop()
            self.finished.connect(loop.quit)
            loop.exec()
        return self.store

    def _opened(self, store: Store) -> None:
        self.store = store
        for callback in self._callbacks:
            callback(store)
        self._callbacks.clear()
        self.finished.emit()

    def _failed(self, exc: BaseException, traceback: str) -> None:
        self.error = exc
        if isinstance(exc, AnjuError):
            zh, en = exc.zh, exc.en
        else:  # not foreseen: say what happened, with the details for whoever helps
            zh = f"打开数据库时出错：{exc}"
            en = f"Opening the database failed: {exc}\n\n{traceback}"
        tell_cannot_open(zh, en, quiet=self.quiet)
        self.failed.emit()
        self.finished.emit()
