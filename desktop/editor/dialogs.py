"""Small dialogs of the editor: a reason to accept a finding, a reason to void a household, why a member leaves.

They open window-modal with `open()`, never `exec()`: the editor keeps its event loop (autosaves finish) and
tests can drive them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from forms.typed_text import lines


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
    empty (Down picks the first reason, Enter confirms); OK stays disabled until a reason is picked, so an Enter
    pressed out of habit removes nobody."""

    def __init__(self, name: str, reasons: Sequence[str], parent: QWidget | None = None, *, more: str = "") -> None:
        """``more`` says what else the 减员 does to this household (its measures ended, nobody left in it)."""
        super().__init__(parent)
        self.setObjectName("leave_dialog")
        self.setWindowTitle(self.tr("成员减员"))
        self.setMinimumWidth(460)
        text = QLabel(
            self.tr(
                "%1 将从本户减员，不再计入家庭人数和劳动力人数。记录会保留，减员原因随同步报县里，并列入“减员名单”。"
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
        self.reasons.currentIndexChanged.connect(lambda _index: self.ok.setEnabled(bool(self.reason())))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(label)
        layout.addWidget(self.reasons)
        layout.addWidget(self.buttons)
        self.reasons.setFocus()

    def reason(self) -> str:
        return self.reasons.currentText() if self.reasons.currentIndex() >= 0 else ""

    def accept(self) -> None:
        if self.reason():
            super().accept()
