"""Small dialogs of the editor: a reason to accept a finding, a reason to void a household, why a member leaves.

They open window-modal with `open()`, never `exec()`: the editor keeps its event loop (autosaves finish) and
tests can drive them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from forms.typed_text import lines

from .widgets import parse_date


def grow_to_fit(dialog: QDialog) -> None:
    """Grow a shown dialog to what its wrapped texts need at its width: a dialog is sized when it opens, and a text
    set later (a message, a result) that wraps onto more lines is otherwise cut off or squeezes the rest."""
    layout = dialog.layout()
    if layout is not None and dialog.isVisible():
        needed = layout.totalHeightForWidth(dialog.width())
        if needed > dialog.height():
            dialog.resize(dialog.width(), needed)


class LinesInput(QPlainTextEdit):
    """A multi-line text that takes a paste (Ctrl+V, the context menu, a drop) without its invisible characters
    (`forms.typed_text.lines`): its line breaks stay, Word's \x0b becomes a space, a bell or a zero-width space
    goes, so what the worker sees is what is saved."""

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            self.insertPlainText(lines(source.text(), trim=False))
        else:
            super().insertFromMimeData(source)

    def text(self) -> str:
        """The text as it is taken: line breaks kept, nothing invisible, trimmed."""
        return lines(self.toPlainText())


class ReasonDialog(QDialog):
    """Asks for a reason; OK stays disabled until one is written. Enter starts a new line of the reason, so
    Ctrl+Enter confirms it (as Ctrl+Enter completes a household), without reaching for the mouse."""

    def __init__(self, title: str, message: str, prompt: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reason_dialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        text = QLabel(message, self)
        text.setObjectName("reason_message")
        text.setWordWrap(True)
        label = QLabel(prompt, self)
        self.reason = LinesInput(self)
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName(prompt)
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        label.setBuddy(self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_text)
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消(&C)"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda: self.ok.setEnabled(bool(self.text())))
        self.reason.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def text(self) -> str:
        return self.reason.text()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.reason
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        if self.text():
            super().accept()


class LeaveDialog(QDialog):
    """减员: why a member leaves the household (died, married out, 户籍 moved, 分户 …), picked from a list that starts
    empty (Down picks the first reason, Enter confirms), and the day they left (减员日期), today unless changed; OK
    stays disabled until a reason is picked and the day can be right, so an Enter pressed out of habit removes
    nobody. The day is typed as the editor's dates are (20261015, 2026-10-15): the county counts each drop in the
    month it happened, not the month it was typed in."""

    def __init__(
        self,
        name: str,
        reasons: Sequence[str],
        parent: QWidget | None = None,
        *,
        more: str = "",
        today: date | None = None,
        born: date | None = None,
    ) -> None:
        """``more`` says what else the 减员 does to this household (its measures ended, nobody left in it).
        ``today``: the latest day the 减员 may be on and the one offered (None while the computer's date cannot be
        today: nothing is offered, and any day will do); ``born``: the member's birth date, the earliest day."""
        super().__init__(parent)
        self.setObjectName("leave_dialog")
        self.setWindowTitle(self.tr("成员减员"))
        self.setMinimumWidth(460)
        self.name, self.today, self.born = name, today, born
        text = QLabel(
            self.tr(
                "%1 将从本户减员，不再计入家庭人数和劳动力人数。记录会保留，减员原因和减员日期随同步报县里，"
                "并列入“减员名单”。"
            ).replace("%1", name)
            + more,
            self,
        )
        text.setObjectName("leave_message")
        text.setWordWrap(True)
        label = QLabel(self.tr("减员原因（必选）："), self)
        self.reasons = QComboBox(self)
        self.reasons.setObjectName("left_reason")
        self.reasons.setAccessibleName(self.tr("减员原因"))
        self.reasons.addItems(list(reasons))
        self.reasons.setPlaceholderText(self.tr("请选择（按↓键）"))
        self.reasons.setCurrentIndex(-1)
        label.setBuddy(self.reasons)
        day_label = QLabel(self.tr("减员日期（离开本户的那天，如去世、婚出的日期）："), self)
        self.day = QLineEdit(self)
        self.day.setObjectName("left_on")
        self.day.setAccessibleName(self.tr("减员日期"))
        self.day.setPlaceholderText(self.tr("如 20240315"))
        self.day.setMaxLength(20)
        self.day.setText(today.isoformat() if today is not None else "")
        day_label.setBuddy(self.day)
        self.day_problem = QLabel(self)
        self.day_problem.setObjectName("left_on_problem")
        self.day_problem.setWordWrap(True)
        self.day_problem.setStyleSheet("color: #b00020;")
        self.day_problem.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("减员(&D)"))
        self.ok.setEnabled(False)
        self.ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消(&C)"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reasons.currentIndexChanged.connect(lambda _index: self._allow())
        self.day.textChanged.connect(lambda _text: self._allow())
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(label)
        layout.addWidget(self.reasons)
        layout.addWidget(day_label)
        layout.addWidget(self.day)
        layout.addWidget(self.day_problem)
        layout.addWidget(self.buttons)
        self.reasons.setFocus()

    def reason(self) -> str:
        return self.reasons.currentText() if self.reasons.currentIndex() >= 0 else ""

    def left_on(self) -> date | None:
        """The 减员日期 typed, if it is a day the member can have left on."""
        day = parse_date(self.day.text())
        return day if day is not None and self._day_problem(day) == "" else None

    def _day_problem(self, day: date | None) -> str:
        """What is wrong with the 减员日期 typed, said to the worker; empty when nothing is."""
        typed = self.day.text().strip()
        if not typed:
            return self.tr("请填写减员日期：%1离开本户的那天（如 20240315）。").replace("%1", self.name)
        if day is None:
            return self.tr("减员日期“%1”不是有效的日期：请按 20240315 或 2024-03-15 的样子填写。").replace("%1", typed)
        if self.today is not None and day > self.today:
            return (
                self.tr("减员日期 %1 晚于今天（%2）：请填写%3已经离开本户的那天。")
                .replace("%1", day.isoformat())
                .replace("%2", self.today.isoformat())
                .replace("%3", self.name)
            )
        if self.born is not None and day < self.born:
            return (
                self.tr("减员日期 %1 早于%2的出生日期（%3）：请核对后重新填写。")
                .replace("%1", day.isoformat())
                .replace("%2", self.name)
                .replace("%3", self.born.isoformat())
            )
        return ""

    def _allow(self) -> None:
        problem = self._day_problem(parse_date(self.day.text()))
        self.day_problem.setText(problem)
        self.day_problem.setVisible(bool(problem))
        self.ok.setEnabled(bool(self.reason()) and not problem)
        self._fit_height()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()  # a long note of what else the 减员 does (measures ended) wraps onto more lines

    def _fit_height(self) -> None:
        # Qt sizes a dialog by its texts' narrowest layout, so a two-line message under the day squeezed the lines
        # above it, the first cut at the dialog's top.
        grow_to_fit(self)

    def accept(self) -> None:
        if self.reason() and self.left_on() is not None:
            super().accept()
