"""Opening the store in the background while the first screen is already up (see `desktop.app`).

The open runs as a task of the window's task runner, started before any database task — the 住户 ids, the
dashboard — so those queue behind it and find the store there. It starts while the login dialog waits for the
password, or else just after the first screen is drawn: started earlier, its imports would compete with
building that screen for the one Python thread that runs at a time. After the open it imports what the screens the
window builds once the store is there (`SCREENS`) need besides Qt (`screen_dependencies`: the forms and sync
modules, the libraries): on the UI thread those imports held the window a second, just when a worker types her
first search.

The screens themselves, and anything of PySide6, are imported on the UI thread (`MainWindow.attach_store`), which
then takes a few hundredths of a second. PySide6 makes its classes and enums when they are first used, and that
is not safe from two threads at once: importing the dashboard (QtCharts) in the worker while the window drew
crashed the program (a segmentation fault) at start-up, now and then on a busy laptop.
"""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Callable, Sequence
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


#: Where the top-level packages are (the folder holding ``desktop``).
_ROOT = Path(__file__).resolve().parent.parent
#: Top-level packages never imported off the UI thread (see the module's docstring).
QT_PACKAGES = ("PySide6", "shiboken6", "desktop")


def screen_dependencies(screens: Sequence[str] = SCREENS) -> list[str]:
    """The modules the ``screens`` import, directly or through other desktop modules, that are not Qt's or the
    desktop's own: found by reading the sources (nothing of the desktop is executed), in the order met."""
    found: dict[str, None] = {}
    seen: set[str] = set()
    pending = list(screens)
    while pending:
        name = pending.pop(0)
        if name in seen:
            continue
        seen.add(name)
        # The file, found without the import system: finding ``desktop.county.common`` would import its package.
        source = _ROOT.joinpath(*name.split("."))
        package = source.is_dir()
        source = source / "__init__.py" if package else source.with_suffix(".py")
        if not source.is_file():
            continue
        parent = name if package else name.rpartition(".")[0]
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.ImportFrom) and node.level:
                base = parent.rsplit(".", node.level - 1)[0] if node.level > 1 else parent
                names = [f"{base}.{node.module}"] if node.module else [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for imported in names:
                if imported.split(".")[0] in ("desktop",):
                    pending.append(imported)
                elif imported.split(".")[0] not in QT_PACKAGES:
                    found.setdefault(imported)
    return list(found)


def _open(path: Path) -> Store:
    from forms.store import Store  # SQLAlchemy and the models: the import this module exists to move

    store = Store.open(path)
    # Here, before the store is handed over, so that the UI thread finds them imported when it builds the screens.
    for name in screen_dependencies():
        try:
            importlib.import_module(name)
        except Exception:  # an optional library (the server's), or met again and said where the screen imports it
            continue
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
