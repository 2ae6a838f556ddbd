"""A long name on two lines at its dot (阿卜杜热合曼· / 艾合买提江) where its column is too narrow for it on one.

A Uyghur or Kazakh name is the person's own name, a dot, and the father's: brothers and sisters share the second
part, so a name cut at its end (“阿卜杜热合曼·艾…”) or in its middle still tells them apart only by luck, and the
worker hovered over each row to find whom to open. Broken at the dot, the whole name is read in a column half its
width, the row a line taller. A name without a dot, or one whose parts are too long even so, is cut as before
(whole in its tooltip and in the member's form).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTableView

from forms.names import SEPARATOR_DOTS

CELL_MARGIN = 8  # what a cell keeps beside its text (Qt's item margins), near enough


def on_two_lines(name: str, metrics: QFontMetrics, width: int) -> str:
    """``name`` broken after the dot that best balances its two lines when it is wider than ``width`` and both
    lines then fit; otherwise ``name`` as it is."""
    if metrics.horizontalAdvance(name) <= width:
        return name
    breaks = [i + 1 for i, char in enumerate(name[:-1]) if char in SEPARATOR_DOTS]
    fitting = [max(metrics.horizontalAdvance(name[:at]), metrics.horizontalAdvance(name[at:])) for at in breaks]
    if not fitting or min(fitting) > width:
        return name
    at = breaks[fitting.index(min(fitting))]
    return f"{name[:at]}\n{name[at:]}"


def two_line_width(name: str, metrics: QFontMetrics) -> int:
    """The width ``name`` needs at the least, broken at its best dot (its whole width when it has none)."""
    widths = [metrics.horizontalAdvance(name)]
    for i, char in enumerate(name[:-1]):
        if char in SEPARATOR_DOTS:
            widths.append(max(metrics.horizontalAdvance(name[: i + 1]), metrics.horizontalAdvance(name[i + 1 :])))
    return min(widths) + CELL_MARGIN


class NameLines(QStyledItemDelegate):
    """Shows a table's name column with each name too long for it on two lines at its dot (`on_two_lines`); the
    item keeps the name as it is (its text, its tooltip), and the row's height follows (`sizeHint`)."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        width = self.table.columnWidth(index.column()) - CELL_MARGIN
        option.text = on_two_lines(option.text, option.fontMetrics, width)
