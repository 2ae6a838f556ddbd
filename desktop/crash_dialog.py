"""When the program itself fails: one calm message, the log for support, and the app carries on.

An exception in a Qt slot (a button's handler, a task's callback) does not stop Qt: PySide hands it to
``sys.excepthook`` and the event loop goes on. Python's own hook prints it on stderr, which the installed app
(windowed, no console) does not have, so the click just did nothing. `CrashHandling` replaces the hook: the
error goes to the log (`desktop.error_log`) and the worker sees `ErrorDialog`, which says it is the program's
fault, what is saved, and where the log is. Errors that follow while it is open (a timer failing each second)
are counted in it, not shown as more dialogs. The hook there was before is called after it, so a developer's
console still shows the traceback and pytest-qt still fails a test on it.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
)

from desktop.error_log import EXIT_PROGRAM_ERROR, install_thread_hook, log_error, log_start, logging_to, start_log

STARTING, RUNNING, CLOSING = "starting", "running", "closing"


class ErrorDialog(QDialog):
    """What the worker sees when the program failed: not her fault, what is saved, where the log is."""

    def __init__(self, details: str, *, phase: str, log_file: Path | None) -> None:
        super().__init__(None)
        self.setObjectName("program_error")
        self.setWindowTitle(self.tr("安居出错了"))
        # Above whatever is open, a modal login or editor included; shown with show(), so the app goes on.
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.details = details
        self.more = 0
        self.log_file = log_file

        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(self._message(phase))
        self.message.setObjectName("error_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if log_file is not None:
            where = self.tr("出错的详细情况记在日志文件里：\n%1").replace("%1", str(log_file))
        else:
            where = self.tr("日志文件写不进去（数据文件夹不能写入）。请点「复制详细信息」，粘贴给技术支持人员。")
        self.where = QLabel(where)
        self.where.setObjectName("log_location")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.again = QLabel()
        self.again.setObjectName("more_errors")
        self.again.setWordWrap(True)
        self.again.hide()

        self.open_folder = QPushButton(self.tr("打开日志文件夹"))
        self.open_folder.setObjectName("open_log_folder")
        self.open_folder.setEnabled(log_file is not None)
        self.open_folder.clicked.connect(self._open_folder)
        self.copy = QPushButton(self.tr("复制详细信息"))
        self.copy.setObjectName("copy_details")
        self.copy.clicked.connect(self._copy)
        close = QPushButton(self.tr("关闭"))
        close.setObjectName("close")
        close.setDefault(True)
        close.clicked.connect(self.accept)

        text = QVBoxLayout()
        text.addWidget(self.message)
        text.addWidget(self.where)
        text.addWidget(self.again)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder)
        buttons.addWidget(self.copy)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

    def _message(self, phase: str) -> str:
        if phase == STARTING:
            return self.tr(
                "安居在启动时出错了。这是程序的问题，不是您操作的错；数据库里已经保存的内容不受影响。\n\n"
                "安居没有打开的话，请再打开一次。还是打不开时，请把日志文件发给县里的技术支持人员。技术人员也可以"
                "在安居的安装文件夹里运行 anju-console（命令行版），出错的原因会显示在它的窗口里。"
            )
        if phase == CLOSING:
            return self.tr(
                "安居在关闭时出错了。这是程序的问题，不是您操作的错。\n\n"
                "每次保存都立即写入数据库：显示过“已保存”的内容都在。下次打开时请看一眼最后处理的那一户。"
            )
        return self.tr(
            "安居出错了，刚才的操作可能没有完成。这是程序的问题，不是您操作的错。\n\n"
            "每次保存都立即写入数据库：显示过“已保存”的内容都在，不会因为这个错误丢失。请看一眼刚才的操作，"
            "没有完成的再做一次。\n\n"
            "程序可以继续使用。同一个错误反复出现时，请关闭安居再打开，并告诉县里的技术支持人员。"
        )

    def add(self, details: str) -> None:
        """Another error while this one is open: counted here, and in the details copied."""
        self.more += 1
        self.details += "\n\n" + details
        self.again.setText(self.tr("之后又出错 %1 次，详细情况也都记在日志里。").replace("%1", str(self.more)))
        self.again.show()

    def _open_folder(self) -> None:
        if self.log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file.parent)))

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy.setText(self.tr("已复制"))


class CrashHandling(QObject):
    """The hooks for errors nobody caught: logged, then told in one `ErrorDialog` (on the UI thread)."""

    _reported = Signal(str)  # the details; queued to the UI thread when the error was on another thread

    def __init__(self) -> None:
        super().__init__()
        self.phase = STARTING
        self.selftest = False
        self.dialog: ErrorDialog | None = None
        self._previous = sys.excepthook
        self._uninstall_thread_hook: Callable[[], None] = _nothing
        self._reported.connect(self._tell, Qt.ConnectionType.AutoConnection)

    def install(self) -> None:
        """Put the hooks in, unless they are in (`desktop.app.run` runs again after a restore). A test's hook
        (pytest-qt's) found there is kept and called after this one."""
        if sys.excepthook != self._hook:
            self._previous = sys.excepthook
            sys.excepthook = self._hook
            self._uninstall_thread_hook()
            self._uninstall_thread_hook = install_thread_hook()

    def uninstall(self) -> None:
        if sys.excepthook == self._hook:
            sys.excepthook = self._previous
        self._uninstall_thread_hook()
        self._uninstall_thread_hook = _nothing

    def _hook(self, kind: type[BaseException], exc: BaseException, trace: TracebackType | None) -> None:
        try:
            if not issubclass(kind, KeyboardInterrupt):
                if exc.__traceback__ is None and trace is not None:
                    exc = exc.with_traceback(trace)
                where = "unexpected error during start-up" if self.phase == STARTING else "unexpected error"
                self._reported.emit(log_error(where, exc))
        except Exception:  # a hook that failed would hide the error it was given: that one is handed on below
            pass
        finally:
            self._previous(kind, exc, trace)

    def _tell(self, details: str) -> None:
        if self.selftest:  # nobody to read a dialog: the self-test fails, with the traceback on stderr
            QCoreApplication.exit(EXIT_PROGRAM_ERROR)
            return
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(details)
            return
        self.dialog = ErrorDialog(details, phase=self.phase, log_file=logging_to())
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def failed(self, exc: BaseException) -> int:
        """An error that ended `desktop.app.run` itself (not a slot's): logged and told, waiting for the
        worker to close the message, since nothing runs after it."""
        where = {STARTING: "start-up failed", CLOSING: "failed while closing"}.get(self.phase, "failed")
        details = log_error(where, exc)
        if self.selftest:  # nobody to read a message: said on stderr, for the script that ran it
            traceback.print_exception(exc)
            return EXIT_PROGRAM_ERROR
        if sys.stderr is not None:  # anju-console: the traceback in its window, for whoever ran it
            traceback.print_exception(exc)
        dialog = ErrorDialog(details, phase=self.phase, log_file=logging_to())
        dialog.exec()
        return EXIT_PROGRAM_ERROR


def _nothing() -> None:
    pass


_handling: CrashHandling | None = None


def enter_phase(phase: str) -> None:
    """`RUNNING` once the main window shows, `CLOSING` once it has closed: what the message says."""
    if _handling is not None:
        _handling.phase = phase


def install_crash_handling(data_folder: Path | None, *, selftest: bool = False) -> CrashHandling:
    """Log to ``data_folder`` and put the hooks in (once per process; again after a restore, which runs the app
    anew). The handling is `STARTING` until the main window shows."""
    global _handling
    start_log(data_folder)
    log_start("anju self-test" if selftest else "anju")
    if _handling is None:
        _handling = CrashHandling()
    _handling.selftest = selftest
    _handling.phase = STARTING
    _handling.install()
    return _handling
