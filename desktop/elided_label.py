"""A heading kept to one line: cut with "…" to the room it has, its whole text on hover.

A wrapped heading pushes everything under it down. On 重复人员 in English on a 1366×768 laptop, a long name or two
spellings of one name (two stations, two ways of writing 阿依古丽) broke the heading over two lines, and the
households' choices and members under it went down with it, out of sight on a short panel.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """A one-line label that shows as much of its text as its width allows, ending in "…" when cut; then the
    whole text is its tooltip (and what a screen reader reads). `text()` is what shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = ""
        self.setWordWrap(False)
        # Its width is what the layout gives it, never what the whole text would need: else a long text would
        # widen the page (or set its minimum) instead of being cut.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str, /) -> None:  # QLabel's: every caller gets the cut text
        self._whole = text
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):  # a style sheet's font, once polished
            self._fit()

    def _fit(self) -> None:
        self.ensurePolished()  # the style sheet's font (bold, 14px) is the one measured
        room = self.contentsRect().width() - 2 * self.margin() - max(self.indent(), 0)
        shown = self.fontMetrics().elidedText(self._whole, Qt.TextElideMode.ElideRight, max(room, 0))
        super().setText(shown if self._whole else "")
        cut = shown != self._whole
        self.setToolTip(self._whole if cut else "")
        self.setAccessibleName(self._whole)
