"""Enter presses the button the cursor is on, in the main window as in a dialog."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton, QToolButton, QWidget


class EnterPressesButtons(QObject):
    """Enter on the button the cursor is on presses it, as Space does, anywhere in ``window``: a worker Tabs to
    新增住户, 导出到U盘 or 保存设置 and presses Enter (few know Space). Qt does that only in dialogs, where it keeps
    doing it (their default buttons). One filter for the whole window, so the buttons a screen makes later (the
    editor's, the county's details) are covered too; a field's Enter-moves-on, a search box's Enter and a table
    row's are not a button's, and stay theirs."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, (QPushButton, QToolButton))
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and watched.window() is self._window
        ):
            if not event.isAutoRepeat():  # held down, it presses once
                watched.click()
            return True
        return False
