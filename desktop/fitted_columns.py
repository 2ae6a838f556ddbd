"""A table whose columns share out the width it has, as it is shown and whenever it is resized.

Tables sized their columns once, to their contents with long headers over two lines: on 1280×800 待跟进 left a blank
strip on the right under headers broken in two (措施计划完成日期, 未完成措施数), and on 1366×768 at 125% (1093×614 to
Qt) a member list's 证件号码 and 联系电话, and the 住户 list's 户编号 in English, were cut or a sideways scroll away.

`FittedTable` starts from each column's natural width (what it holds, its header on two lines at most):
- with room to spare, headers go back onto one line (those needing least first) and the last column takes the rest;
- with too little room, the free-text columns the page names (`squeezable`: 安置点 first, 门牌 last, as the one a
  worker finds a household by) give way in turn, down to a few characters and never narrower than their header;
  their cut cells end in “…” (门牌 starts with it, keeping its room number: `elide_at_the_start`) and show whole
  in a tooltip. Names, dates, counts and numbers stay whole, but for a list whose free text at its narrowest is
  not enough: a 待跟进 list's 户编号 (before 门牌), and on 合同即将到期 its 证件号码 too, cut at their start
  (`desktop.worklists_page.NUMBERS_GIVE_WAY`).
The headers' part is measured afresh at each fit: only the sorted column keeps room for the sort arrow
(`desktop.table_headers`), so the columns are fitted again when the sort moves.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QToolTip, QWidget

from desktop.table_headers import WrappingHeader

# A narrowed column still shows this much: a site's first words; one cut at its start (门牌), a room number. Three
# characters of a site (以礼街…) put 两后生 and the subsidy lists a sideways scroll wide in English on the laptop.
SQUEEZED_TEXT = "以礼…"
ROOM_TEXT = "…1702"
CELL_MARGIN = 8  # what a cell keeps beside its text (Qt's item margins), near enough


class StartElided(QStyledItemDelegate):
    """Cut text at its start: a narrowed 楼栋单元门牌 reads “…元1702”, its room number kept (cut at the end, every
    row of a building read the same “1栋1单…”); the whole is in the cell's tooltip."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft
        # One line: the view's word wrap broke “1栋1单元1702” before 1702 and cut each line (“…单元…”).
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText


class FittedTable(QTableView):
    """A `QTableView` with interactive columns that `fit_columns` shares out (see the module's docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contents: list[int] = []  # each column's width for what it holds (`set_natural`)
        self.natural: list[int] = []  # each column's width for its contents, its header on two lines at most
        self.one_line: list[int] = []  # each column's width with its header on one line
        #: The columns that may be narrowed when room is short, the first to give way first.
        self.squeezable: list[int] = []
        self.rest_to_last = False  # the last column gives way last of all (`set_natural`)
        self.start_elided: list[int] = []  # the columns cut at their start (`elide_at_the_start`)
        #: Squeezable columns that may narrow to their header alone (a number no one acts on on that list).
        self.to_header: list[int] = []

    def elide_at_the_start(self, columns: list[int]) -> None:
        """Cut these columns' text at its start (`StartElided`), the others' at the end."""
        if not hasattr(self, "_start_elided"):
            self._start_elided = StartElided(self)
        self.start_elided = list(columns)
        model = self.model()
        for column in range(model.columnCount() if model else 0):
            self.setItemDelegateForColumn(column, self._start_elided if column in columns else None)  # type: ignore[arg-type]

    def set_natural(self, widths: list[int], *, rest_to_last: bool = False) -> None:
        """Fit the columns from these natural widths (each raised to its header's width on two lines); with
        ``rest_to_last``, the last column has what the others leave when that is less (its cells then end in “…”)."""
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # the worker may still drag a column
        header.setStretchLastSection(True)
        if isinstance(header, WrappingHeader) and self.fit_columns not in header.sort_moved:
            header.sort_moved.append(self.fit_columns)  # the sort arrow's room goes with it
        self.contents = list(widths)
        self.rest_to_last = rest_to_last
        self.fit_columns()

    def measure_contents(self) -> None:
        """Natural widths from the rows themselves (as many as the header's resize-contents precision reads)."""
        model = self.model()
        self.set_natural([self.sizeHintForColumn(c) for c in range(model.columnCount() if model else 0)])

    def header_widths(self, column: int) -> tuple[int, int]:
        """The column's header: its width on two lines at most, and on one line (the sort arrow's room on the
        sorted column only, with a `desktop.table_headers.WrappingHeader`)."""
        header = self.horizontalHeader()
        least = header.sectionSizeFromContents(column).width()
        if isinstance(header, WrappingHeader):
            return least, header.one_line_width(column)
        return least, least

    def fit_columns(self) -> None:
        model = self.model()
        if model is None or not self.contents or len(self.contents) != model.columnCount():
            return
        headers = [self.header_widths(c) for c in range(len(self.contents))]
        self.natural = [max(width, least) for width, (least, _) in zip(self.contents, headers, strict=True)]
        self.one_line = [max(one_line, width) for width, (_, one_line) in zip(self.natural, headers, strict=True)]
        widths = list(self.natural)
        excess = sum(widths) - self.viewport().width()
        if excess > 0:
            metrics = self.fontMetrics()
            for c in self.squeezable:  # each gives what it can, down to its floor, till the rest fits
                room = ROOM_TEXT if c in self.start_elided else SQUEEZED_TEXT
                floor = 0 if c in self.to_header else metrics.horizontalAdvance(room) + CELL_MARGIN
                least = max(floor, headers[c][0])  # its header stays whole
                given = max(0, min(excess, widths[c] - least))
                widths[c] -= given
                excess -= given
            if self.rest_to_last and excess > 0:
                widths[-1] = max(1, widths[-1] - excess)  # cut short, whole in its tooltip
        else:
            left = -excess
            for c in sorted(range(len(widths)), key=lambda c: self.one_line[c] - widths[c]):
                wider = self.one_line[c] - widths[c]
                if 0 < wider <= left:
                    widths[c], left = self.one_line[c], left - wider
        for c, width in enumerate(widths):
            self.setColumnWidth(c, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # the viewport's resizes come here too (a scroll bar shown or hidden)
        self.fit_columns()

    def cell_tooltip(self, index: QModelIndex) -> str:
        """A cell's tooltip: its whole text where its column cuts it short, then what the model says of it."""
        text = str(index.data() or "")
        said = str(index.data(Qt.ItemDataRole.ToolTipRole) or "")
        cut = self.sizeHintForIndex(index).width() > self.columnWidth(index.column())  # as the delegate lays it out
        return "\n".join(dict.fromkeys(filter(None, (text if cut else "", said))))

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            tip = self.cell_tooltip(index) if index.isValid() else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport(), self.visualRect(index))
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)
