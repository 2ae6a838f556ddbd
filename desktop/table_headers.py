"""Column headers that break onto a second line rather than widen their column past what it holds.

A column as wide as its header on one line pushed the last columns of a table off its right edge on a 1366×768
laptop at Windows' 125% (1093×614 to Qt): 户编号 half-hidden on 待跟进 behind the 措施计划完成日期 and 未完成措施数
headers, twice as wide as the dates and counts under them; and in English, where headers are longer, 户编号 (National
household number) off the 住户 list. A header now takes two lines when its text is wider than the column needs.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

LINES = 2  # a header may take this many lines; more would hide rows of a short table
SHORTEST_BROKEN = "安居版本"  # a header narrower than four characters stays on one line


class WrappingHeader(QHeaderView):
    """A horizontal header whose sections ask for the width of their text broken onto `LINES` lines."""

    def __init__(self, parent: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        one_line = super().sectionSizeFromContents(logicalIndex)
        model = self.model()
        text = "" if model is None else str(model.headerData(logicalIndex, self.orientation()) or "")
        if not text:
            return one_line
        metrics = self.fontMetrics()
        if metrics.horizontalAdvance(text) < metrics.horizontalAdvance(SHORTEST_BROKEN):
            return one_line  # 问题 over 问 / 题 would save a few pixels and be harder to read
        padding = one_line.width() - metrics.horizontalAdvance(text)  # the margins and the sort arrow's room
        width = narrowest_wrap(text, metrics.horizontalAdvance(text), metrics)
        lines = wrapped_lines(text, width, metrics)
        return QSize(width + padding, one_line.height() + (lines - 1) * metrics.lineSpacing())


def narrowest_wrap(text: str, full: int, metrics: QFontMetrics) -> int:
    """The narrowest width at which ``text`` takes no more than `LINES` lines, no word cut (``full``: its width on
    one line)."""
    low, high = max(1, full // LINES), full
    while low < high:
        middle = (low + high) // 2
        bounds = metrics.boundingRect(QRect(0, 0, middle, 10_000), Qt.TextFlag.TextWordWrap, text)
        if bounds.width() <= middle and wrapped_lines(text, middle, metrics) <= LINES:
            high = middle
        else:
            low = middle + 1
    return high


def wrapped_lines(text: str, width: int, metrics: QFontMetrics) -> int:
    bounds = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text)
    return max(1, round(bounds.height() / metrics.lineSpacing()))


def wrap_headers(table: QTableView) -> WrappingHeader:
    """Give ``table`` a header whose long titles take two lines (set it up before its resize modes and widths)."""
    header = WrappingHeader(table)
    table.setHorizontalHeader(header)
    return header
