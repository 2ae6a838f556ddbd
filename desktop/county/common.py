"""Small pieces the sync and county screens share: a notice line that says what happened, value and time display.

Messages come from `sync` already in 中文 and English (the same words the command line prints); the notice shows
the Chinese first and the English under it, so a station admin can read it out over the phone to the county.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from desktop.table_headers import wrap_headers
from forms.errors import AnjuError
from forms.names import marked_name, without_dots
from forms.shown_time import local_time as local_time  # the screens' name for it since before it was shared
from sync.county_words import value_text

ERROR_COLOUR = "#b00020"
OK_COLOUR = "#1b5e20"
MUTED_COLOUR = "#555"


def error_texts(exc: BaseException) -> tuple[str, str]:
    """What to tell the person: an AnjuError says it itself; anything else is a bug, and they should say so."""
    if isinstance(exc, AnjuError):
        return exc.zh, exc.en
    return (
        QCoreApplication.translate(
            "SyncScreens", "出现意外错误（%1）。没有丢失数据；请重试，若仍出错请把这条信息告诉技术支持。"
        ).replace("%1", repr(exc)),
        f"Unexpected error ({exc!r}). No data was lost; try again, and if it happens again tell technical support.",
    )


class Notice(QLabel):
    """One line (or a few) under a screen's buttons: the result of the last action, or why it was refused."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # Paths and batch numbers are copied into chats and phone notes: let people select them.
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(QCoreApplication.translate("SyncScreens", "操作结果"))
        self.hide()

    def ok(self, text: str) -> None:
        self._show(text, OK_COLOUR)

    def info(self, text: str) -> None:
        self._show(text, MUTED_COLOUR)

    def error(self, zh: str, en: str = "") -> None:
        self._show(f"{zh}\n{en}" if en and en != zh else zh, ERROR_COLOUR)

    def failed(self, exc: BaseException, _traceback: str = "") -> None:
        """An `on_error` callback for TaskRunner.start."""
        self.error(*error_texts(exc))

    def clear(self) -> None:
        self.setText("")
        self.hide()

    def _show(self, text: str, colour: str) -> None:
        self.setStyleSheet(f"color: {colour}; padding: 4px 0;")
        self.setText(text)
        self.show()


def search_text(text: str) -> str:
    """Typed or shown text as a list search compares it: full-width characters from a Chinese input method as their
    plain forms (a full-width 5303 is 5303), without the spaces people type to group a number or a name, and without
    the dot of a minority name (阿依木沙 finds 阿依·木沙 and 阿依•木沙, `forms.names`)."""
    return without_dots(_folded(text))


def _folded(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


class ListSearch:
    """What a county list's search box asks of a row, as the station's 住户 search asks of a household: the text
    typed (as `search_text` spells it) anywhere in the row's texts, or a name typed as the national list shows it,
    张? or 张?? for 张𠮷 and 王□ for 王䶮, being one of the row's names whole (`forms.names.MarkedName`, the one
    reading both searches share)."""

    def __init__(self, typed: str) -> None:
        self.text = search_text(typed)
        self.marked = marked_name(_folded(typed))

    def __bool__(self) -> bool:
        """Whether anything was typed (an empty search lets every row through)."""
        return bool(self.text)

    def finds(self, spelled: str, names: Iterable[str | None]) -> bool:
        """Whether a row is found: ``spelled`` is its texts as `search_text` spells them, ``names`` its names."""
        return self.text in spelled or (self.marked is not None and any(map(self.marked.matches, names)))


def show_value(value: Any) -> str:
    """A stored value as people read it (`sync.county_words.value_text`), its words in the UI language."""
    return value_text(
        value,
        empty=QCoreApplication.translate("SyncScreens", "（空）"),
        yes=QCoreApplication.translate("SyncScreens", "是"),
        no=QCoreApplication.translate("SyncScreens", "否"),
    )


#: Rows a header sizes its columns to (besides those on screen): a county list has tens of thousands.
SIZE_HINT_ROWS = 200
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Index = QModelIndex | QPersistentModelIndex
#: What a cell looks like besides its text: (row, column, role) → a colour, a tooltip, or None.
Look = Callable[[Any, int, int], Any]


class ListModel(QAbstractTableModel):
    """The rows of a county list as the worker read them (conflict groups, duplicate groups, review items), each
    row's texts made the first time Qt shows it. A `QTableWidget` made an item per cell on the UI thread, and once
    shown it sized its columns again for every cell set: 1,600 conflicts held the window for 100 seconds."""

    def __init__(
        self,
        headers: list[str],
        parent: QWidget | None = None,
        *,
        texts: Callable[[Any], Sequence[str]] = lambda row: (),
        right: Sequence[int] = (),
        look: Look | None = None,
    ) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows: list[Any] = []
        self.texts = texts
        self.right = frozenset(right)
        self.look = look
        self._shown: list[Sequence[str] | None] = []

    def reset(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._shown = [None] * len(self.rows)
        self.endResetModel()

    def text(self, row: int, column: int) -> str:
        shown = self._shown[row]
        if shown is None:
            shown = self._shown[row] = self.texts(self.rows[row])
        return shown[column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if index.column() in self.right else None
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole) and self.look is not None:
            return self.look(self.rows[index.row()], index.column(), role)
        return None


class ListTable(QTableView):
    """The list on the left of a county screen: read-only, one row selected at a time, columns fit their text.
    A view over a `ListModel`, with the few table calls the screens and their tests use."""

    currentRowChanged = Signal(int)  # the row now current, -1 for none

    def __init__(self, model: ListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        wrap_headers(self)  # a long header over two lines, not the width of a column of short values
        self.setModel(model)
        self.list_model = model
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(SIZE_HINT_ROWS)
        header.setStretchLastSection(True)
        self.selectionModel().currentRowChanged.connect(lambda now, _was: self.currentRowChanged.emit(now.row()))

    def rowCount(self) -> int:
        return self.list_model.rowCount()

    def currentRow(self) -> int:
        return self.currentIndex().row()

    def text(self, row: int, column: int) -> str:
        return self.list_model.text(row, column)

    def setCurrentCell(self, row: int, column: int) -> None:
        """Make ``row`` current and selected (as QTableWidget.setCurrentCell does)."""
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.selectionModel().setCurrentIndex(self.list_model.index(row, column), flags)


def list_table(
    owner: QWidget,
    name: str,
    accessible: str,
    headers: list[str],
    *,
    texts: Callable[[Any], Sequence[str]],
    right: Sequence[int] = (),
    look: Look | None = None,
) -> ListTable:
    """The list of a county screen; ``texts`` spells one of its rows (only when shown), ``look`` colours a cell."""
    table = ListTable(ListModel(headers, owner, texts=texts, right=right, look=look), owner)
    table.setObjectName(name)
    table.setTabKeyNavigation(False)  # Tab leaves the table (the arrows move in it), not cell by cell
    table.setAccessibleName(accessible)
    return table
