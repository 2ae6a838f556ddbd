"""The main window's status bar: a message too long for the room the permanent items leave is cut with "…" and
its whole text is the tooltip there.

Qt's own bar clips such a message mid-character: on a 1366×768 laptop at 125% (1092 pixels) the editor's Ctrl+Tab
hint lost its end once the sync state, 待县里处理, 立即同步, who is working and 帮助 took the right-hand side, and
nothing said there was more.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizeGrip, QStatusBar, QStyle, QStyleOption, QToolTip, QWidget

MESSAGE_MARGIN = 6  # Qt's own left margin for the message, and its gap before the first permanent item (2)


class StatusBar(QStatusBar):
    """`QStatusBar`, with the message elided to its room (Qt paints the same panel and item frames)."""

    def shown_message(self) -> str:
        """The message as the bar shows it: whole, or cut with "…" to fit before the permanent items."""
        message = self.currentMessage()
        if not message:
            return ""
        return self.fontMetrics().elidedText(message, Qt.TextElideMode.ElideRight, self.message_rect().width())

    def message_cut(self) -> bool:
        return self.shown_message() != self.currentMessage()

    def message_rect(self) -> QRect:
        """Where the message goes: from the left edge to just before the first permanent item shown."""
        right = self.width() - 2 * MESSAGE_MARGIN
        if self.currentMessage():  # the other (non-permanent) items are hidden while a message shows
            for item in self._items_shown():
                right = min(right, item.x() - 2)
        return QRect(MESSAGE_MARGIN, 0, max(0, right - MESSAGE_MARGIN), self.height())

    def _items_shown(self) -> list[QWidget]:
        return [
            child
            for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if child.isVisible() and not isinstance(child, QSizeGrip)
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        # What QStatusBar::paintEvent draws, with the message elided instead of clipped.
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        style = self.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        for item in self._items_shown():
            frame = QStyleOption()
            frame.rect = item.geometry().adjusted(-2, -1, 2, 1)
            frame.palette = self.palette()
            frame.state = QStyle.StateFlag.State_None
            if event.rect().intersects(frame.rect):
                style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameStatusBarItem, frame, painter, item)
        message = self.shown_message()
        if message:
            painter.setPen(self.palette().windowText().color())
            flags = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine
            painter.drawText(self.message_rect(), int(flags), message)
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            room = self.message_rect()
            if self.message_cut() and room.contains(event.pos()):
                QToolTip.showText(event.globalPos(), self.currentMessage(), self, room)
                return True
        return super().event(event)
