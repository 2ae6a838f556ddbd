"""Column headers that take no more room than their column needs: on two lines rather than widen a column of short
values, under a shorter English label where one says the same, with room for the sort arrow only where it is.

A column as wide as its header on one line pushed the last columns of a table off its right edge on a 1366×768
laptop at Windows' 125% (1093×614 to Qt): 户编号 half-hidden on 待跟进 behind the 措施计划完成日期 and 未完成措施数
headers, twice as wide as the dates and counts under them; and in English, where headers are longer, 户编号 (National
household number) off the 住户 list. A header now takes two lines when its text is wider than the column needs.

In English that was still not enough: every header kept room for a sort arrow (as wide as the header is tall, two
lines of it on a broken header), though only the sorted column shows one, and labels such as “National household
number” or “Not yet in a return file” took two lines over a column of short values, the whole header row two lines
tall. Now the arrow's room goes to the sorted column alone, a long English label shows a shorter one (`SHORTER`) with
the full label on hover, and the header row is as tall as its columns' widths make it (one line when they allow).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QTableView, QToolTip

from .i18n import QT_TRANSLATE_NOOP

LINES = 2  # a header may take this many lines; more would hide rows of a short table
SHORTEST_BROKEN = "安居版本"  # a header narrower than four characters stays on one line

# Headers with a shorter label (translated in this context; in Chinese it is the header itself, so nothing changes),
# each with the contexts whose tables translate it into the long label it stands for. Only where a clear shorter
# word exists: the full label stays the model's header (the Excel lists, the screen reader) and the tooltip.
SHORTER: dict[str, tuple[str, ...]] = {
    QT_TRANSLATE_NOOP("TableHeaders", "户编号"): ("HouseholdTableModel", "WorklistsPage"),
    QT_TRANSLATE_NOOP("TableHeaders", "户主"): ("HouseholdTableModel", "WorklistsPage", "ReviewPage"),
    QT_TRANSLATE_NOOP("TableHeaders", "安置点"): ("HouseholdTableModel", "WorklistsPage"),
    QT_TRANSLATE_NOOP("TableHeaders", "楼栋单元门牌"): ("HouseholdTableModel", "WorklistsPage"),
    QT_TRANSLATE_NOOP("TableHeaders", "补助上限（元）"): ("WorklistsPage",),
    QT_TRANSLATE_NOOP("TableHeaders", "公益性岗位类型"): ("WorklistsPage",),
    QT_TRANSLATE_NOOP("TableHeaders", "意向工种"): ("WorklistsPage",),
    QT_TRANSLATE_NOOP("TableHeaders", "文化程度"): ("WorklistsPage",),  # over 初中 and 高中 on the 两后生 list
    QT_TRANSLATE_NOOP("TableHeaders", "重复登记"): ("WorklistsPage",),  # over “Also in 1 other household: check”
}


def shorter_labels() -> dict[str, str]:
    """Each long header label in the UI language → the shorter one shown for it (empty in Chinese)."""
    labels: dict[str, str] = {}
    for source, contexts in SHORTER.items():
        short = QCoreApplication.translate("TableHeaders", source)
        if short == source:
            continue  # Chinese, or no shorter form in this language
        for context in contexts:
            full = QCoreApplication.translate(context, source)
            if full != short:
                labels[full] = short
    return labels


class WrappingHeader(QHeaderView):
    """A horizontal header whose sections ask for the width of their text broken onto `LINES` lines, show a shorter
    label where there is one (the full label on hover, as for a label cut short), and keep room for the sort arrow
    on the sorted section only.

    `sort_moved` are called when the arrow moves to another section (clicked, or set in code with the header's
    signals blocked): a table sharing out its width (`desktop.fitted_columns`) gives the arrow its room there."""

    def __init__(self, parent: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.sort_moved: list[Callable[[], None]] = []
        self._shorter: dict[str, str] | None = None  # read when first shown: the UI language is set by then
        self._sizes: dict[tuple[str, bool, str], tuple[QSize, QSize]] = {}  # `_measured`, by label, arrow and font
        self.sortIndicatorChanged.connect(lambda *_: self._sort_moved())

    # ---- what a section says -----------------------------------------------------------------------------------

    def label(self, logical: int) -> str:
        """The section's full label, as the model gives it."""
        model = self.model()
        return "" if model is None else str(model.headerData(logical, self.orientation()) or "")

    def shown_label(self, logical: int) -> str:
        """What the section shows: the shorter form of a long English label, else the label."""
        if self._shorter is None:
            self._shorter = shorter_labels()
        label = self.label(logical)
        return self._shorter.get(label, label)

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logicalIndex: int) -> None:
        super().initStyleOptionForIndex(option, logicalIndex)  # the arrow on the sorted section only
        option.text = self.shown_label(logicalIndex)

    def tooltip(self, logical: int) -> str:
        """The full label, where the section shows a shorter one or too little room cuts it; else nothing."""
        label = self.label(logical)
        if (
            self.shown_label(logical) != label
            or self.sectionSize(logical) < self.sectionSizeFromContents(logical).width()
        ):
            return label
        return ""

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            logical = self.logicalIndexAt(event.pos())
            tip = self.tooltip(logical) if logical >= 0 else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
                return True
        return super().viewportEvent(event)  # Qt's: a tooltip the model gives the section, else none

    # ---- how much room it takes --------------------------------------------------------------------------------

    def _measured(self, logical: int) -> tuple[QSize, QSize]:
        """The section's size with its label on as few lines as `LINES` allow at its narrowest, and on one line
        (measured bold, as Qt draws a highlighted section's label; the arrow's room on the sorted section)."""
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        self.initStyleOptionForIndex(option, logical)
        font = QFont(self.font())
        font.setBold(True)
        text = option.text
        key = (text, option.sortIndicator != QStyleOptionHeader.SortIndicator.None_, font.toString())
        if key not in self._sizes:
            metrics = QFontMetrics(font)
            option.fontMetrics = metrics
            one_line = self.style().sizeFromContents(QStyle.ContentsType.CT_HeaderSection, option, QSize(), self)
            full = metrics.horizontalAdvance(text)
            if not text or full < metrics.horizontalAdvance(SHORTEST_BROKEN):
                wrapped = one_line  # 问题 over 问 / 题 would save a few pixels and be harder to read
            else:
                padding = one_line.width() - full  # the margins, and the arrow's room on the sorted section
                width = narrowest_wrap(text, full, metrics)
                lines = wrapped_lines(text, width, metrics)
                wrapped = QSize(width + padding, one_line.height() + (lines - 1) * metrics.lineSpacing())
            self._sizes[key] = (wrapped, one_line)
        return self._sizes[key]

    def one_line_width(self, logical: int) -> int:
        """The section's width with its label on one line."""
        return self._measured(logical)[1].width()

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        """The narrowest width that shows the label whole (on `LINES` lines at most), and the height it takes at
        the section's width now: one line where that allows."""
        wrapped, one_line = self._measured(logicalIndex)
        if self.sectionSize(logicalIndex) >= one_line.width():
            return QSize(wrapped.width(), one_line.height())
        return wrapped

    def sizeHint(self) -> QSize:
        """As tall as the sections' labels at their widths now: Qt keeps the height of its first measure, two lines
        tall after the columns have widened enough for one."""
        hint = super().sizeHint()
        model = self.model()
        count = model.columnCount() if model is not None else 0
        heights = [self.sectionSizeFromContents(c).height() for c in range(count) if not self.isSectionHidden(c)]
        if heights:
            hint.setHeight(max(heights))
        return hint

    def setSortIndicator(self, logicalIndex: int, order: Qt.SortOrder) -> None:
        """As Qt's; the arrow's room moves also when the header's signals are blocked (a list's sort restored)."""
        blocked = self.signalsBlocked()
        super().setSortIndicator(logicalIndex, order)
        if blocked:
            self._sort_moved()

    def _sort_moved(self) -> None:
        for moved in self.sort_moved:
            moved()


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
