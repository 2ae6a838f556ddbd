"""The shape the conflicts, duplicate persons and review screens share: a summary line, the notice, the list of
what is waiting above, and the entry selected in detail below with its actions.

The list is read in the task runner (`load` runs there, so it must not touch widgets); a decision runs there too
and then re-reads the list, so what is shown is always what the database now says, also after a failure (someone
may have settled it meanwhile). The list is a view over the rows read (`desktop.county.common.ListModel`): a
county's first batches queue tens of thousands of households, and only the rows on screen are ever spelled.

A screen with a search box (`watch_search`) says so when the search finds nothing, over the list, with a link that
clears it: an empty list under a search looked like nothing left to do.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from html import escape
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget
from sqlalchemy import select

from desktop.county.common import MUTED_COLOUR, Notice, list_table
from desktop.elided_label import ElidedLabel
from desktop.tasks import Progress, TaskRunner
from forms.store import Store
from forms.sync_records import SyncStation
from forms.users import Account

T = TypeVar("T")


def batches_imported(store: Store) -> bool:
    """Whether any station's batch has reached the county (imported from a stick or sent over the network): an
    empty 冲突 or 审核 list means "nothing has come in yet" before the first, "all dealt with" after it."""
    with store.engine.connect() as conn:
        first = select(SyncStation.id).where(SyncStation.last_import_at.is_not(None)).limit(1)
        return conn.execute(first).first() is not None


def nothing_yet(name: str, parent: QWidget) -> QLabel:
    """Said in place of an empty list over an empty panel (the narrow headings over grey looked broken): what the
    page lists, when things appear, and what to do meanwhile, as 重复人员 says it."""
    label = QLabel(parent)
    label.setObjectName(f"{name}_empty")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {MUTED_COLOUR}; font-size: 14px; padding: 8px 0;")
    label.hide()
    return label


class ListDetailPage(QWidget):
    """A county screen of the list-and-detail shape. Subclasses add their detail widgets to `detail_layout` and
    say how to show what `load` returned (`show_data`) and one row of it (`show_row`)."""

    counted = Signal(int)
    open_household = Signal(str)
    RIGHT: tuple[int, ...] = ()  # columns of numbers, aligned right

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        account: Account,
        parent: QWidget | None,
        *,
        name: str,
        entry_name: str,
        list_title: str,
        headers: list[str],
        list_height: int,
        one_line_title: bool = False,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.account = account
        self.setObjectName(f"{name}_page")

        self.summary = QLabel(QCoreApplication.translate("CountyPages", "正在读取……"), self)
        self.summary.setObjectName(f"{name}_summary")
        self.summary.setStyleSheet("font-size: 14px;")
        self.notice = Notice(f"{name}_message", self)
        self.table = list_table(
            self, f"{name}_table", list_title, headers, texts=self.row_texts, right=self.RIGHT, look=self.row_look
        )
        self.table.currentRowChanged.connect(self.show_row)
        self.search_box: QLineEdit | None = None
        self.nothing_found = QLabel(self)
        self.nothing_found.setObjectName(f"{name}_nothing_found")
        self.nothing_found.setWordWrap(True)
        self.nothing_found.setStyleSheet(f"color: {MUTED_COLOUR}; font-size: 14px; padding: 4px 0;")
        self.nothing_found.setTextFormat(Qt.TextFormat.RichText)
        self.nothing_found.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.nothing_found.linkActivated.connect(lambda _link: self._clear_search())
        self.nothing_found.hide()

        self.detail = QWidget(self)
        # The entry's heading wraps, or (``one_line_title``) stays on one line, cut with "…", so that what is under
        # it stays where it is whatever the names in it (`ElidedLabel`).
        self.detail_title = ElidedLabel(self.detail) if one_line_title else QLabel(self.detail)
        self.detail_title.setObjectName(f"{entry_name}_title")
        self.detail_title.setWordWrap(not one_line_title)
        self.detail_title.setStyleSheet("font-size: 14px; font-weight: bold;")
        self.detail_layout = QVBoxLayout(self.detail)
        self.detail_layout.setContentsMargins(0, 0, 0, 0)
        self.detail_layout.addWidget(self.detail_title)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([list_height, 660 - list_height])  # the list is short; the entry in detail needs room
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.notice)
        layout.addWidget(self.nothing_found)  # a screen's search box goes over it (`watch_search`)
        layout.addWidget(splitter, 1)
        self.detail.setEnabled(False)

    # ---- what a screen says ----------------------------------------------------------------------------------------

    @staticmethod
    def load(store: Store) -> Any:
        """Read what the screen lists (in the task runner: no widgets here)."""
        raise NotImplementedError

    def show_data(self, data: Any) -> None:
        raise NotImplementedError

    def show_row(self, row: int) -> None:
        raise NotImplementedError

    def row_texts(self, row: Any) -> Sequence[str]:
        """The list's texts for one of the rows given to `fill` (asked only when the row is shown)."""
        raise NotImplementedError

    def row_look(self, row: Any, column: int, role: int) -> Any:
        """A cell's colour (ForegroundRole) or tooltip (ToolTipRole); None for the usual."""
        return None

    # ---- shared behaviour ------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        load, store = self.load, self.store
        self.runner.start(lambda _progress: load(store), on_done=self.show_data, on_error=self._not_read, owner=self)

    def _not_read(self, exc: BaseException, traceback: str) -> None:
        self.summary.setText(QCoreApplication.translate("CountyPages", "未能读取，原因见下。"))
        self.notice.failed(exc, traceback)

    def row_key(self, row: Any) -> Hashable:
        """What one entry of the list is, whatever its place in it (a household id, an ID number …)."""
        raise NotImplementedError

    def watch_search(self, search: QLineEdit) -> None:
        """The screen's search box: when `fill` is given nothing it found, the page says so."""
        self.search_box = search

    def fill(self, rows: Sequence[Any], *, searched: int = 0, unsearched: str = "") -> int:
        """Show ``rows`` in the list (their texts are made by `row_texts` as they come on screen), and say which row
        to show in detail: the entry shown before if it is still listed, else the row the clerk was on (after a
        decision, the next entry has taken its place), so a clerk halfway down 20,000 stays there. ``searched``:
        how many entries the search looked among (with none of them found, the page says the search found
        nothing, and what clearing the search lists: ``unsearched``, when other filters still narrow it, else 全部)."""
        self._say_if_nothing_found(bool(rows) or not searched, unsearched)
        model = self.table.list_model
        was = self.table.currentRow()
        shown = self.row_key(model.rows[was]) if 0 <= was < len(model.rows) else None
        model.reset(rows)
        if shown is not None:
            for r, row in enumerate(rows):
                if self.row_key(row) == shown:
                    return r
        return max(was, 0)

    def _say_if_nothing_found(self, found: bool, unsearched: str) -> None:
        typed = self.search_box.text().strip() if self.search_box is not None else ""
        self.nothing_found.setVisible(bool(typed) and not found)
        if typed and not found:
            said = QCoreApplication.translate(
                "CountyPages",
                '没有与“%1”相符的。请换个写法查找，或<a href="clear">清除查找</a>（查找框右端的 ×），列出%2。',
            )
            everything = QCoreApplication.translate("CountyPages", "全部")
            self.nothing_found.setText(
                said.replace("%1", escape(typed)).replace("%2", escape(unsearched or everything))
            )

    def _clear_search(self) -> None:
        if self.search_box is not None:
            self.search_box.clear()  # its textChanged fills the list again, as typing does
            self.search_box.setFocus()

    def select_row(self, rows: int, row: int = 0) -> None:
        """Show `row` of a freshly filled list in detail (the last row if the list is now shorter; nothing when the
        list is empty)."""
        if rows:
            row = max(0, min(row, rows - 1))
            with QSignalBlocker(self.table):  # one build of the detail, not one per signal
                self.table.setCurrentCell(row, 0)
            self.show_row(row)
        else:
            self.show_row(-1)

    def tab_after_list(self, widgets: Sequence[QWidget]) -> None:
        """Put an entry's choices, made anew for each entry shown, in the Tab order right after the list (and before
        the note and buttons made once with the page). Made last, they came last: Tab from the list went to the note
        and the buttons, out to the tab bar, and only then to the choices."""
        previous: QWidget = self.table
        for widget in widgets:
            QWidget.setTabOrder(previous, widget)
            previous = widget

    def clear_detail(self) -> None:
        self.detail_title.setText("")
        self.detail.setEnabled(False)

    def run_decision(
        self,
        work: Callable[[Progress], T],
        message: Callable[[T], str],
        buttons: tuple[QPushButton, ...],
        on_error: Callable[[BaseException, str], None] | None = None,
    ) -> None:
        """Carry out a decision in the task runner with its buttons off; say what happened and re-read the list."""
        for button in buttons:
            button.setEnabled(False)

        def done(result: T) -> None:
            self.notice.ok(message(result))
            self.refresh()

        def failed(exc: BaseException, traceback: str) -> None:
            self.notice.failed(exc, traceback)
            self.refresh()

        self.runner.start(work, on_done=done, on_error=on_error or failed, owner=self)
