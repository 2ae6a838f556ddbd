"""A list of child records (members, spells, visits, measures) beside the form of the selected one.

The list is small (a household's records), so a QTableWidget refilled from the draft is enough. Each record gets
its own detail widget, made on first selection and kept, so a field's committed state belongs to one record and
names repeat only across records. Up/Down picks a record; Enter goes into its form; Delete removes it.

The record a refill selects by itself (the first) gets its form only once the list is on screen: a household
opened on 家庭成员 built the forms of its first visit, first measure and first member's first job too, on pages
nobody was looking at, and every 下一户 waited for them on an old laptop. The forms of the household left are
kept (`reuse_detail`) and given to the next household's records, a form to one record at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..i18n import without_mnemonic

Row = tuple[str, Sequence[str]]  # record id, the cells


class RecordsPanel(QWidget):
    current_changed = Signal(str)  # record id, "" when none
    add_requested = Signal()
    remove_requested = Signal(str)
    enter_requested = Signal(str)  # Enter on a row: go into its form
    detail_added = Signal(str)  # a record's form was made (it joins the end of the window's Tab order)

    def __init__(
        self,
        name: str,
        make_detail: Callable[[str], QWidget],
        *,
        orientation: Qt.Orientation = Qt.Orientation.Horizontal,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.make_detail = make_detail
        self.details: dict[str, QWidget] = {}

        self.table = QTableWidget(0, 0, self)
        self.table.setObjectName(f"{name}_list")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the form, as everywhere else
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        # A header cut short on a narrow list (English, a laptop at 125%) reads “Relat…”, not the middle of the word
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.installEventFilter(self)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.add_button = QPushButton(self)
        self.add_button.setObjectName(f"{name}_add")
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName(f"{name}_remove")
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(True)  # Enter presses the button Tab reached, as Space does (outside a dialog)
        self.remove_button.clicked.connect(self._remove_current)
        self.remove_button.setEnabled(False)
        # A household only to look at (作废, or moved to another station's site): nothing to add or remove
        self.read_only = False

        self.stack = QStackedWidget(self)
        self.placeholder = QLabel(self.stack)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #666")
        self.stack.addWidget(self.placeholder)

        self.buttons = buttons = QHBoxLayout()  # a kind of list may add its own (恢复成员)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.table)
        side_layout.addLayout(buttons)
        self.splitter = QSplitter(orientation, self)
        self.splitter.addWidget(side)
        self.splitter.addWidget(self.stack)
        self.splitter.setChildrenCollapsible(False)
        if orientation == Qt.Orientation.Horizontal:
            self.splitter.setSizes([330, 600])
        else:
            self.splitter.setSizes([130, 400])
        # The list gives way too (a third of any change), so on a narrow screen the form keeps room for its fields.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._ids: list[str] = []
        self._pending = ""  # the record selected while the list was not on screen: its form is made when it is
        #: Given a form left by the last household and a record of this one, show the record in it (True), or
        #: refuse (another kind of form). Unset, the forms of the household left are deleted.
        self.reuse_detail: Callable[[QWidget, str], bool] | None = None
        self._spares: list[QWidget] = []  # those forms, hidden in the stack until a record takes them

    def set_texts(self, headers: Sequence[str], add: str, remove: str, empty: str) -> None:
        """The translated texts (set by each kind of list once constructed, so it can use its own tr())."""
        self.table.setColumnCount(len(headers))
        for column, header in enumerate(headers):
            title = QTableWidgetItem(header)
            title.setToolTip(header)  # whole, where a narrow column cuts it short
            self.table.setHorizontalHeaderItem(column, title)
        self.table.setAccessibleName(self.accessibleName())
        self.add_button.setText(add)
        self.add_button.setAccessibleName(without_mnemonic(add))
        self.remove_button.setText(remove)
        self.remove_button.setAccessibleName(without_mnemonic(remove))
        self.placeholder.setText(empty)

    def cell(self, value: object) -> str:
        """A value as a list shows it: dates as 2024-03-15, yes/no as 是/否, nothing as empty."""
        if value is None:
            return ""
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, bool):
            return self.tr("是") if value else self.tr("否")
        return str(value)

    # ---- rows -----------------------------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Refill the list, keeping the selected record selected."""
        current = self.current_id()
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        self._ids = [record_id for record_id, _cells in rows]
        for number, (_record_id, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # whole, where a narrow column cuts it short
                self.table.setItem(number, column, item)
        self.table.blockSignals(False)
        for gone in set(self.details) - set(self._ids):
            widget = self.details.pop(gone)
            self.stack.removeWidget(widget)
            widget.deleteLater()
        if current in self._ids:
            self.table.selectRow(self._ids.index(current))
        elif self._ids:
            self.table.blockSignals(True)
            self.table.selectRow(0)
            self.table.blockSignals(False)
            self._show(self._ids[0], make=self.isVisible())
        else:
            self._show("")

    def forget_details(self) -> None:
        """Another household: no record of the last one is listed or shown; their forms are deleted, or kept
        hidden for the next household's records (`reuse_detail`)."""
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        self._ids = []
        self._pending = ""
        self.stack.setCurrentWidget(self.placeholder)
        for widget in self.details.values():
            if self.reuse_detail is not None:
                self._spares.append(widget)  # made once, filled again: making a form is the slow part of opening
            else:
                self.stack.removeWidget(widget)
                widget.deleteLater()
        self.details.clear()
        self.remove_button.setEnabled(False)

    def current_id(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._ids):
            return ""
        return self._ids[rows[0].row()]

    def select(self, record_id: str) -> QWidget | None:
        """Select a record and show its form (made now if it is the first time)."""
        if record_id not in self._ids:
            return None
        self.table.selectRow(self._ids.index(record_id))
        self._show(record_id)
        return self.details.get(record_id)

    def entry(self) -> QWidget:
        """Where the cursor goes on coming to this list: the list, or 新增 while the list is empty."""
        return self.add_button if not self._ids and self.add_button.isEnabled() else self.table

    def detail(self, record_id: str) -> QWidget | None:
        """A record's form if it is made (see `current_detail` for the selected one, made now if need be)."""
        return self.details.get(record_id)

    def current_detail(self) -> QWidget | None:
        """The selected record's form, made now if the list has not been on screen since it was selected."""
        record_id = self.current_id()
        if record_id and record_id not in self.details:
            self._show(record_id)
        return self.details.get(record_id)

    def showEvent(self, event: QShowEvent) -> None:
        if self._pending and self._pending == self.current_id():
            self._show(self._pending)  # before the first paint: the form is there when the list is
        super().showEvent(event)

    def _selection_changed(self) -> None:
        self._show(self.current_id())

    def _show(self, record_id: str, *, make: bool = True) -> None:
        self.remove_button.setEnabled(bool(record_id) and not self.read_only)
        self._pending = ""
        if not record_id:
            self.stack.setCurrentWidget(self.placeholder)
        elif not make and record_id not in self.details:
            self._pending = record_id
        else:
            if record_id not in self.details:
                widget = self._spare_for(record_id)
                if widget is None:
                    widget = self.make_detail(record_id)
                    self.stack.addWidget(widget)
                self.details[record_id] = widget
                self.detail_added.emit(record_id)
            self.stack.setCurrentWidget(self.details[record_id])
        self.current_changed.emit(record_id)

    def _spare_for(self, record_id: str) -> QWidget | None:
        """A form left by the last household, now showing this record; None if none can."""
        for widget in self._spares:
            if self.reuse_detail is not None and self.reuse_detail(widget, record_id):
                self._spares.remove(widget)
                return widget
        return None

    def _remove_current(self) -> None:
        record_id = self.current_id()
        if record_id:
            self.remove_requested.emit(record_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            record_id = self.current_id()
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and record_id:
                self.enter_requested.emit(record_id)
                return True
            if event.key() == Qt.Key.Key_Delete and record_id:
                self.remove_requested.emit(record_id)
                return True
        return False
