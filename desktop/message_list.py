"""A list of messages that wrap at the list's width (the editor's findings, the county's 审核): a list view's word
wrap alone wraps only at the widest the list has ever been, so a long message ran off its right edge on a 1024 screen.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QListView, QListWidget, QStyledItemDelegate, QStyleOptionViewItem


class WrappingDelegate(QStyledItemDelegate):
    """Item heights from the text wrapped at the list's width: a list view's own estimate clips long messages."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        text = str(index.data(Qt.ItemDataRole.DisplayRole))
        return wrapped_size(option.fontMetrics, text, self.view.viewport().width())


def wrapped_size(metrics: QFontMetrics, text: str, viewport_width: int) -> QSize:
    """An item's size in a list whose viewport is this wide: its text wrapped at the viewport's width, less margins."""
    width = max(viewport_width - 16, 80)
    bounds = metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
    return QSize(width, bounds.height() + 12)


def wrap_items(view: QListWidget) -> None:
    """Make ``view``'s messages wrap at its width, however wide the window."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setUniformItemSizes(False)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setItemDelegate(WrappingDelegate(view))
