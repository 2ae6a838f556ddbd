"""Pieces the 同步 and 导入导出 screens share: a page's action button, where file dialogs start, and the row that
shows long work — a progress bar, what is being done, and a Cancel button — fed from a task's `Progress`.

The domain functions (`sync.importing.import_files`, `forms.excel`) report progress through plain callbacks and
know nothing of Qt; `step_reporter` turns a task's `Progress` into such a callback, in the UI language.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import ui_text, without_mnemonic
from desktop.tasks import Cancelled, Progress, Task


def default_folder() -> str:
    """Where open and save dialogs start: the user's Documents folder."""
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def confirm(
    parent: QWidget,
    name: str,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: tuple[str, str],
    on_yes: Callable[[], object],
    on_no: Callable[[], object] | None = None,
) -> QMessageBox:
    """A question with two answers, ``buttons`` (yes, no) in 中文(&X) form, the second the default (Enter does no
    harm); shown without blocking, and returned so tests can answer it."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName(name)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText(buttons[0])
    box.button(QMessageBox.StandardButton.No).setText(buttons[1])

    def answered(button: QAbstractButton) -> None:
        if box.standardButton(button) == QMessageBox.StandardButton.Yes:
            on_yes()
        elif on_no is not None:
            on_no()

    box.buttonClicked.connect(answered)
    box.open()
    return box


def ask_to_go(parent: QWidget, name: str, title: str, text: str, go: str) -> bool:
    """A warning with one way on, ``go`` (中文(&X) form), and 取消, the default: whether ``go`` was pressed. It
    waits for the answer (the step it guards runs next, or not at all)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(name)
    going = box.addButton(go, QMessageBox.ButtonRole.AcceptRole)
    stay = box.addButton(QCoreApplication.translate("PageParts", "取消(&C)"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.exec()
    if not shiboken6.isValid(box):  # gone with its page when the next person logged in at the lock: not answered
        return False
    box.deleteLater()
    return box.clickedButton() is going


def action_button(parent: QWidget, name: str, text: str, slot: Callable[[], object]) -> QPushButton:
    """A page's button: named for tests and scripts, with the accessible name screen readers say."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAccessibleName(without_mnemonic(text).rstrip("…"))
    button.clicked.connect(slot)
    return button


def scroll_page(page: QWidget, body: QWidget, name: str) -> QScrollArea:
    """Show ``body`` (the page's content) in ``page``, scrolling when the window is shorter than it.

    A 1366×768 laptop at 125% leaves a maximised window about 540 pixels of height. A page that needed more made
    the whole window taller than the screen (its status bar below the edge), and the parts of one whose labels
    wrap were drawn over one another. The body is never squeezed below the height it asks for; at that height or
    more nothing scrolls.
    """
    body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    scroll = QScrollArea(page)
    scroll.setObjectName(f"{name}_scroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes through the page's inputs, not to the scroll area too
    scroll.setWidget(body)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scroll)
    return scroll


def step_reporter(progress: Progress) -> Callable[[int, int, str], None]:
    """A ``progress(done, total, text)`` callback for domain code, reporting to ``progress`` in the UI language.

    A text may carry its English (`sync.importing.StepText`). Once the task is cancelled the reports stop quietly:
    the domain code decides where it is safe to stop (between batches, or by rolling back), not the report.
    """

    def report(done: int, total: int, text: str) -> None:
        english = getattr(text, "en", None)
        shown = ui_text(str(text), english) if english else str(text)
        with contextlib.suppress(Cancelled):
            progress.report(done, total, shown)

    return report


class WorkProgress(QWidget):
    """The bar, the words beside it and 取消 for the one long job a screen runs at a time.

    A job that reports no steps (``total`` 0) shows a busy bar; one that does shows how far it is. The Cancel
    button asks the followed task to stop; the job stops at its next safe point, and the page says what became of
    it when its task ends.
    """

    cancel_requested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_work")
        self._task: Task[Any] | None = None
        self.bar = QProgressBar(self)
        self.bar.setObjectName(f"{name}_progress")
        self.bar.setAccessibleName(self.tr("进度"))
        self.bar.setFixedWidth(240)
        self.bar.setFormat("%v/%m")
        self.text = QLabel(self)
        self.text.setObjectName(f"{name}_progress_text")
        self.text.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("取消(&C)"), self)
        self.cancel_button.setObjectName(f"{name}_cancel")
        self.cancel_button.setAccessibleName(self.tr("取消正在进行的工作"))
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)  # beside the bar, where the eye already is
        layout.addWidget(self.text, 1)
        self.hide()

    def start(self, text: str) -> None:
        """Show a busy bar with ``text`` (and 取消 once `follow` names the task it stops)."""
        self._task = None
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.text.setText(text)
        self.cancel_button.hide()
        self.show()

    def follow(self, task: Task[Any]) -> None:
        """Let 取消 stop ``task`` (known only once it is started)."""
        self._task = task
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(not task.progress.cancelled)

    def step(self, done: int, total: int, text: str) -> None:
        """A `TaskRunner.start` ``on_progress`` callback."""
        if self._task is not None and self._task.progress.cancelled:
            return  # a report queued before the cancel: keep saying that it is stopping
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setTextVisible(True)
        else:
            self.bar.setRange(0, 0)
            self.bar.setTextVisible(False)
        if text:
            self.text.setText(text)

    def cancel(self) -> None:
        if self._task is None or self._task.progress.cancelled:
            return
        self._task.cancel()
        self.cancel_button.setEnabled(False)
        self.text.setText(self.tr("正在取消……当前这一步做完后停止。"))
        self.cancel_requested.emit()

    def stop(self) -> None:
        self._task = None
        self.hide()

    @property
    def cancelled(self) -> bool:
        return self._task is not None and self._task.progress.cancelled
