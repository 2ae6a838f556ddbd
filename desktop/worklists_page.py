"""待跟进: the follow-up worklists with their counts; any row opens its household.

On the 零就业 list a household whose 帮扶措施 is past its planned date, whose open measures have no planned date,
or that has no open measure at all, is shown in red and counted in the title: those are the households to visit
first (动态清零, policy 2021-49). On the subsidy lists a person whose 证件号码 other households also record is listed
once, and the 重复登记 column says so in red: check before paying.

A list can run to tens of thousands of rows in a county database, so the table is a `QTableView` over
`WorklistModel`, which holds the rows the worker read and makes each cell's text only when Qt asks for it (a
`QTableWidget` made an item per cell on the UI thread: a second's freeze for 15,000 rows). A list comes door by
door (`forms.worklists.run_worklist`: 201, 202, 1002, as a worker walks a building); a click on a header sorts the
model's list in Python, stably; a list read again after an edit keeps its sort.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.first_step import STATION_ADMIN, worklists_empty
from desktop.fitted_columns import FittedTable
from desktop.household_model import status_text
from desktop.i18n import QT_TRANSLATE_NOOP
from desktop.message_list import wrap_items, wrapped_size
from desktop.table_headers import wrap_headers
from desktop.tasks import Progress, TaskRunner
from forms.clock import computer_today
from forms.household_list import natural
from forms.search import HouseholdsHeld, households_held
from forms.settings import load_settings
from forms.store import Store
from forms.worklists import WORKLISTS, Worklist, WorklistRow, count_worklist, run_worklist

HOUSEHOLD_ROLE = Qt.ItemDataRole.UserRole
LATE_COLOUR = QColor("#b00020")
# Rows a header sizes its column to (besides those on screen): a county list has tens of thousands.
SIZE_HINT_ROWS = 200
NAMES_WIDTH = 200  # the list of list names where the page has room: the longer names wrap onto a second line
#: On a narrower page the names give the table room, down to this (three lines for the longest, in Chinese) or to
#: as narrow as keeps every name in view (in English, whose names are longer, about 170 on the laptop). Their 200
#: pixels put 两后生 and the subsidy lists a sideways scroll wide on a 1366×768 laptop at 125%; at 140 合同即将到期
#: cut each of its sites to its 街道 there (“以礼街道…”): 130 still shows every name, in three lines at most.
NARROWEST_NAMES = 130
#: What the table keeps before the names narrow: what 合同即将到期, the widest list (eleven columns, 户编号 and
#: 证件号码 among them), needs in English with a vertical scroll bar. On 1280×800 the names are about 186 pixels.
TABLE_ROOM = 920
#: Columns of free text that may be narrowed (cut with “…”, whole in a tooltip) when the table has no room for
#: every column, the first first: 楼栋单元门牌 last, as what a worker finds a household by (重复登记's warning is
#: red, and its tooltip says it whole). Names, dates, counts and the long numbers stay whole (but `NUMBERS_GIVE_WAY`).
SQUEEZABLE = (
    "site_name", "employer", "job_intent_note", "training_intent_note", "welfare_post_type", "form", "place_scope",
    "education", "other_households", "address",
)  # fmt: skip
#: Long numbers that may be narrowed too on a list whose free text at its narrowest leaves it too wide, after the
#: free text and before 楼栋单元门牌 (whose narrowest shows the room alone, not the building the worker goes to).
#: 合同即将到期, with two dates, the days left, 户编号, 证件号码 and 联系电话, stayed 82 pixels too wide on a 1366×768
#: laptop at 125% in Chinese and 148 in English: its 户编号 gives way first, which nobody acts on here, then its
#: 证件号码. Both are cut at their start, keeping their last digits (a household's serial in its village; an ID's
#: last four, what a person is asked to confirm), and are whole in the cell's tooltip and in the household the row
#: opens. The name, the phone, the dates and the days left stay whole.
#: On the other lists 户编号 alone gives way, before 楼栋单元门牌: its first digits are the county's (and town's)
#: code, the same on every row, and its end tells households apart. In English, whose list names take some 30 pixels
#: more, 两后生 (with 出生日期 and 文化程度) and 就业创业服务补助 cut the address to “…元201” on the laptop, in a fresh
#: demo, while their 户编号 stood whole.
NUMBERS_GIVE_WAY: dict[str, tuple[str, ...]] = {"contracts_ending": ("hh_number", "id_number")}
OTHER_NUMBERS_GIVE_WAY = ("hh_number",)
#: Lists whose long numbers give way before their free text: 合同即将到期's numbers narrow anyway, their last digits
#: staying, and its 安置点 went first, to “以礼街道以礼…” on a 1366×768 laptop and “以礼…” at 125%: the 街道, the same
#: for every site of a station in one town, not the site.
NUMBERS_FIRST = frozenset({"contracts_ending"})
#: Numbers that may narrow to their header alone, not keeping “…1702”: 合同即将到期's 户编号, which nobody acts on
#: there (the household the row opens shows it whole). At 125% on a 1366×768 laptop the table is 1093 pixels of the
#: screen's 1366 (Qt's fonts keep their size in those pixels, so the text is as wide as at 100%): with its numbers at
#: “…0102” the list still needed 24 pixels more, and took them from 安置点. A worker tells the rows' sites apart
#: by the 社区 after the 街道, so the site is whole and the number shows its last digits.
TO_HEADER: dict[str, tuple[str, ...]] = {"contracts_ending": ("hh_number",)}

Index = QModelIndex | QPersistentModelIndex
# The roles `WorklistModel.data` answers.
ROLES = frozenset(
    {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole, HOUSEHOLD_ROLE}
)

# Headers are marked for lupdate here and translated where shown (WorklistsPage.tr).
#: Headers of the columns every row names (`WorklistRow` attributes); the member ones on a member list only.
ROW_HEADERS = {
    "site_name": QT_TRANSLATE_NOOP("WorklistsPage", "安置点"),
    "address": QT_TRANSLATE_NOOP("WorklistsPage", "楼栋单元门牌"),
    "head_name": QT_TRANSLATE_NOOP("WorklistsPage", "户主"),
    "hh_number": QT_TRANSLATE_NOOP("WorklistsPage", "户编号"),
    "member_name": QT_TRANSLATE_NOOP("WorklistsPage", "姓名"),
    "id_number": QT_TRANSLATE_NOOP("WorklistsPage", "证件号码"),
    "phone": QT_TRANSLATE_NOOP("WorklistsPage", "联系电话"),
}
#: Headers for the list-specific columns of `forms.worklists` rows, in the order a list shows them (as its Excel
#: list does: 合同开始 before 合同结束, the amount before 重复登记); they were sorted by key, 合同结束 first.
DETAIL_HEADERS = {
    "labour": QT_TRANSLATE_NOOP("WorklistsPage", "劳动力人数"),
    "status": QT_TRANSLATE_NOOP("WorklistsPage", "状态"),
    "next_due": QT_TRANSLATE_NOOP("WorklistsPage", "措施计划完成日期"),
    "open_measures": QT_TRANSLATE_NOOP("WorklistsPage", "未完成措施数"),
    "amount": QT_TRANSLATE_NOOP("WorklistsPage", "补助金额（元）"),
    "max_amount": QT_TRANSLATE_NOOP("WorklistsPage", "补助上限（元）"),
    "other_households": QT_TRANSLATE_NOOP("WorklistsPage", "重复登记"),
    "last_end_month": QT_TRANSLATE_NOOP("WorklistsPage", "最近结束时间"),
    "form": QT_TRANSLATE_NOOP("WorklistsPage", "就业形式"),
    "welfare_post_type": QT_TRANSLATE_NOOP("WorklistsPage", "公益性岗位类型"),
    "contract_start": QT_TRANSLATE_NOOP("WorklistsPage", "合同开始"),
    "contract_end": QT_TRANSLATE_NOOP("WorklistsPage", "合同结束"),
    "days_left": QT_TRANSLATE_NOOP("WorklistsPage", "剩余天数"),
    "birth_date": QT_TRANSLATE_NOOP("WorklistsPage", "出生日期"),
    "education": QT_TRANSLATE_NOOP("WorklistsPage", "文化程度"),
    "job_intent": QT_TRANSLATE_NOOP("WorklistsPage", "就业意愿"),
    "job_intent_note": QT_TRANSLATE_NOOP("WorklistsPage", "意向工种"),
    "training_intent": QT_TRANSLATE_NOOP("WorklistsPage", "培训意愿"),
    "training_intent_note": QT_TRANSLATE_NOOP("WorklistsPage", "培训工种"),
    "two_after": QT_TRANSLATE_NOOP("WorklistsPage", "两后生"),
    "start_month": QT_TRANSLATE_NOOP("WorklistsPage", "开始时间"),
    "place_scope": QT_TRANSLATE_NOOP("WorklistsPage", "务工地域"),
    "employer": QT_TRANSLATE_NOOP("WorklistsPage", "务工企业名称"),
    "months": QT_TRANSLATE_NOOP("WorklistsPage", "已务工月数"),
}


#: What an empty list says (`WorklistsPage.empty`): what the list holds, and that nothing is on it now. An empty
#: table showed its headings squeezed to the left over a blank area: 零就业家庭（0）, a good state, looked broken.
EMPTY_TEXTS = {
    "zero_employment": QT_TRANSLATE_NOOP("WorklistsPage", "没有零就业家庭：有劳动力的户都至少有一人就业。"),
    "became_unemployed": QT_TRANSLATE_NOOP(
        "WorklistsPage", "没有就业转失业人员：今年务工结束的人都已重新就业，或没有人结束务工。"
    ),
    "job_seekers": QT_TRANSLATE_NOOP("WorklistsPage", "没有有就业意愿未就业人员：有就业意愿的劳动力都已就业。"),
    "training": QT_TRANSLATE_NOOP("WorklistsPage", "没有有培训意愿人员：没有成员登记了有培训意愿。"),
    "two_after": QT_TRANSLATE_NOOP("WorklistsPage", "没有两后生：没有成员登记为两后生。"),
    "transport_subsidy": QT_TRANSLATE_NOOP(
        "WorklistsPage",
        "没有符合一次性外出务工交通补助条件的人员：今年没有尚未领取的脱贫户成员跨省稳定就业达到规定月数。",
    ),
    "service_subsidy": QT_TRANSLATE_NOOP(
        "WorklistsPage",
        "没有符合就业创业服务补助条件的人员：今年没有脱贫户成员经有组织劳务输出稳定就业达到规定月数。",
    ),
    "contracts_ending": QT_TRANSLATE_NOOP(
        "WorklistsPage", "没有即将到期的公益性岗位合同：在岗人员的合同在提醒天数内都不到期。"
    ),
    "no_id_number": QT_TRANSLATE_NOOP("WorklistsPage", "没有暂无证件号码人员：每个成员都登记了证件号码。"),
}


def list_name(name: str) -> str:
    """A worklist's name in the UI language: `forms.worklists` names each list in both (`desktop.i18n` sets the
    default locale)."""
    spec = WORKLISTS[name]
    return spec.en if QLocale().language() == QLocale.Language.English else spec.zh


def _translate(header: object) -> str:
    """A header marked with QT_TRANSLATE_NOOP above, in the UI language."""
    return QCoreApplication.translate("WorklistsPage", str(header))


class WorklistModel(QAbstractTableModel):
    """One worklist's rows, as read by the worker: who (安置点, 门牌, 户主, and 姓名 on a member list), then the list's
    own columns (``WorklistRow.detail``, in `DETAIL_HEADERS` order), then the long numbers (户编号; 证件号码 and
    联系电话 on a member list). Texts are made when shown.

    The list's own columns (补助金额, 合同结束, 剩余天数, 措施计划完成日期 …) are what the list is for: after the two
    18-digit numbers they were off the right edge on a 1366×768 laptop at 125%, or a 1024 screen."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.worklist: Worklist | None = None
        self.rows: list[WorklistRow] = []
        self.keys: list[str] = []  # a row attribute (a `ROW_HEADERS` key), or a detail key
        self.has_due = False  # a list with measure dates (零就业): late rows are shown in red
        self.sort_key: tuple[str, Qt.SortOrder] | None = None  # (column key, order); None: the SQL order

    def reset(self, worklist: Worklist, keep_sort: bool = False) -> None:
        """Show ``worklist``; with ``keep_sort`` (the same list read again) in the order the user had chosen."""
        member_list = any(row.member_id for row in worklist.rows)
        keys = {key for row in worklist.rows for key in row.detail}
        detail_keys = [key for key in DETAIL_HEADERS if key in keys] + sorted(keys - DETAIL_HEADERS.keys())
        self.beginResetModel()
        self.worklist = worklist
        self.rows = list(worklist.rows)
        self.keys = ["site_name", "address", "head_name", *(["member_name"] if member_list else []), *detail_keys]
        self.keys += ["hh_number", *(["id_number", "phone"] if member_list else [])]
        self.has_due = "next_due" in detail_keys
        if not keep_sort or self.sort_column() < 0:
            self.sort_key = None
        if self.sort_key is not None:
            self.rows = self._sorted(self.sort_column(), self.sort_key[1])
        self.endResetModel()

    def clear(self) -> None:
        """No rows, while another list is being read."""
        self.beginResetModel()
        self.worklist, self.rows, self.keys, self.sort_key, self.has_due = None, [], [], None, False
        self.endResetModel()

    def value(self, row: WorklistRow, column: int) -> Any:
        key = self.keys[column]
        return getattr(row, key) if key in ROW_HEADERS else row.detail.get(key)

    def sort_value(self, row: WorklistRow, column: int) -> Any:
        """What a column sorts by: its value, but a household without a measure (未制定措施) before any date, then
        those whose measures have no date; 楼栋单元门牌 site by site, with its numbers as numbers (2栋 before 10栋,
        201 before 1002: as text a building went 1002, 1301, 201, where the list's own order goes door by door).
        Sorted across sites, one site's 1栋1单元101 stood between another's doors, which a worker walks together."""
        value = self.value(row, column)
        key = self.keys[column]
        if value is None and key == "next_due":
            return date.min + timedelta(days=1) if row.detail.get("open_measures") else date.min
        if key == "address":
            return (row.site_name or "", natural(value)) if value or row.site_name else None
        return value

    def household_id(self, row: int) -> str | None:
        return self.rows[row].household_id if 0 <= row < len(self.rows) else None

    def lateness(self, row: WorklistRow) -> str | None:
        """On a list with measure dates (零就业): "missing" (no open measure), "undated" (open measures, none with a
        计划完成日期), "overdue" (past its date), or None."""
        if not self.has_due or self.worklist is None:
            return None
        due = row.detail.get("next_due")
        if due is None:
            return "undated" if row.detail.get("open_measures") else "missing"
        return "overdue" if isinstance(due, date) and due < self.worklist.on else None

    # ---- Qt ---------------------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        key = self.keys[section]
        return _translate(ROW_HEADERS.get(key) or DETAIL_HEADERS.get(key, key))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES or not index.isValid():  # Qt asks each cell for a dozen roles: answer most at once
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == HOUSEHOLD_ROLE:
            return row.household_id
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole):
            if self.keys[index.column()] == "other_households" and row.detail.get("other_households"):
                if role == Qt.ItemDataRole.ForegroundRole:
                    return LATE_COLOUR
                return self.tr(
                    "此人的证件号码也登记在另外 %n 户（重复人员），本清单只列一次。发放前请核实此人实际住在哪一户、"
                    "是否已在另一户领取；重复登记请县里在“重复人员”中合并。",
                    "",
                    int(row.detail["other_households"]),
                )
            lateness = self.lateness(row)
            if lateness is None:
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                return LATE_COLOUR
            if lateness == "missing":
                return QCoreApplication.translate("WorklistsPage", "该户没有未完成的帮扶措施：请走访并制定措施。")
            if lateness == "undated":
                return QCoreApplication.translate(
                    "WorklistsPage", "该户有未完成的帮扶措施，但没有填写计划完成日期：请补填计划完成日期。"
                )
            assert self.worklist is not None
            days = (self.worklist.on - row.detail["next_due"]).days
            return QCoreApplication.translate("WorklistsPage", "措施计划完成日期已过 %1 天：请走访跟进。").replace(
                "%1", str(days)
            )
        return None

    def text(self, row: WorklistRow, column: int) -> str:
        value = self.value(row, column)
        key = self.keys[column] if self.keys[column] not in ROW_HEADERS else ""
        if key == "next_due" and value is None:
            if row.detail.get("open_measures"):
                return QCoreApplication.translate("WorklistsPage", "措施未定完成日期")
            return QCoreApplication.translate("WorklistsPage", "未制定措施")
        if key == "other_households" and isinstance(value, int):
            if not value:
                return ""
            return self.tr("另有 %n 户登记此人，请核实", "", value)
        if key == "status" and value:  # shown as the 住户 list shows it
            return status_text(str(value))
        if key == "days_left" and isinstance(value, int) and value < 0:  # a contract that has already ended
            # In English “12 d ago”, no wider than the header (Days left): “ended 12 days ago” cut the address.
            return self.tr("已到期 %n 天", "", -value)
        if value is None:
            return ""
        if isinstance(value, bool):
            return (
                QCoreApplication.translate("WorklistsPage", "是")
                if value
                else QCoreApplication.translate("WorklistsPage", "否")
            )
        return str(value)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column's values (dates as dates, 剩余天数 as numbers), keeping the order of equal rows; empty
        cells go last either way. Column -1: the list's own order. The current row follows its household."""
        self.sort_key = (self.keys[column], order) if 0 <= column < len(self.keys) else None
        if self.worklist is None:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self.rows[index.row()], index.column()) for index in persistent]
        self.rows = self._sorted(column, order) if self.sort_key is not None else list(self.worklist.rows)
        position = {id(row): r for r, row in enumerate(self.rows)}
        self.changePersistentIndexList(persistent, [self.index(position[id(row)], c) for row, c in held])
        self.layoutChanged.emit()

    def sort_column(self) -> int:
        if self.sort_key is None or self.sort_key[0] not in self.keys:
            return -1
        return self.keys.index(self.sort_key[0])

    def _sorted(self, column: int, order: Qt.SortOrder) -> list[WorklistRow]:
        descending = order == Qt.SortOrder.DescendingOrder
        keyed = [(self.sort_value(row, column), row) for row in self.rows]
        filled = [item for item in keyed if item[0] is not None]
        empty = [row for value, row in keyed if value is None]
        try:
            filled.sort(key=lambda item: item[0], reverse=descending)
        except TypeError:  # a column of mixed types (an odd imported value): sort by the text shown
            filled.sort(key=lambda item: self.text(item[1], column), reverse=descending)
        return [row for _value, row in filled] + empty


class WorklistTable(FittedTable):
    """A list's rows, its columns fitted to the table's width (`desktop.fitted_columns`) from the rows of each list
    read (a list is read again after each edit); the free-text columns (`SQUEEZABLE`) give way when room is short:
    on 1366×768 at 125% a member list's 证件号码 and 联系电话 were a sideways scroll away. Then 户编号 gives way, before
    楼栋单元门牌, and on 合同即将到期 its 证件号码 too (`NUMBERS_GIVE_WAY`)."""

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        model.modelReset.connect(self.measure)

    def measure(self) -> None:
        model = self.model()
        keys = getattr(model, "keys", [])
        worklist = getattr(model, "worklist", None)
        numbers = NUMBERS_GIVE_WAY.get(worklist.name, OTHER_NUMBERS_GIVE_WAY) if worklist is not None else ()
        free_text = [key for key in SQUEEZABLE if key != "address"]
        numbers_first = worklist is not None and worklist.name in NUMBERS_FIRST
        order = [*numbers, *free_text, "address"] if numbers_first else [*free_text, *numbers, "address"]
        self.squeezable = [keys.index(key) for key in order if key in keys]
        self.elide_at_the_start([keys.index(key) for key in ("address", *numbers) if key in keys])
        to_header = TO_HEADER.get(worklist.name, ()) if worklist is not None else ()
        self.to_header = [keys.index(key) for key in to_header if key in keys]
        self.measure_contents()


class ResizedSplitter(QSplitter):
    """A splitter that says when it has been resized (after sharing out its new size as Qt does)."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class WorklistsPage(QWidget):
    open_household = Signal(str)

    def __init__(
        self, store: Store, runner: TaskRunner, parent: QWidget | None = None, *, role: str = STATION_ADMIN
    ) -> None:
        """``role``: who looks, told their own first step when there is no household (`desktop.first_step`)."""
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.role = role
        self.setObjectName("worklists_page")
        #: The day to count from when the computer's date cannot be today (the main window's clock check says).
        self.working_day: date | None = None
        self.lists = QListWidget(self)
        self.lists.setObjectName("worklist_names")
        self.lists.setAccessibleName(self.tr("待跟进清单"))
        self.lists.setMinimumWidth(120)
        self.lists.setStyleSheet("QListWidget { font-size: 14px; } QListWidget::item { padding: 6px 4px; }")
        wrap_items(self.lists)  # the longer names wrap (not cut short), in English all the more
        for name in WORKLISTS:
            item = QListWidgetItem(list_name(name), self.lists)
            item.setData(HOUSEHOLD_ROLE, name)
        self.title = QLabel(self)
        self.title.setObjectName("worklist_title")
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.title.setWordWrap(True)  # the 零就业 title grows with its late counts: it must not widen the window
        # In place of an empty table: what the list holds and that nothing is on it (or, with no household yet, the
        # first step), as the county pages say it (`desktop.county.list_page.nothing_yet`).
        self.empty = QLabel(self)
        self.empty.setObjectName("worklist_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.setStyleSheet("color: #555; font-size: 14px; padding: 8px 0;")
        self.empty.hide()
        self.model = WorklistModel(self)
        self.table = WorklistTable(self)
        self.table.setObjectName("worklist_rows")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (the arrows move in it), not cell by cell
        self.table.setAccessibleName(self.tr("清单内容"))
        wrap_headers(self.table)  # 措施计划完成日期 over two lines where the room is short, 户编号 on screen
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(SIZE_HINT_ROWS)
        self.table.verticalHeader().setResizeContentsPrecision(SIZE_HINT_ROWS)
        self.table.setSortingEnabled(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the list's own order until a header is clicked
        self.table.activated.connect(self._open_row)

        shown = QWidget(self)
        right = QVBoxLayout(shown)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.title)
        right.addWidget(self.table)
        right.addWidget(self.empty, 1)  # the table hidden, the text stands at the top of its room
        # The names took a fixed 320 pixels: on a 1024 screen (or 1366×768 at 125%) a 零就业 household's 未完成措施数
        # and 状态, and a contract's 公益性岗位类型, were off the right edge. The names are narrower (the long ones
        # wrap) and the worker can drag the divider.
        self.splitter = ResizedSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("worklists_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.lists)
        self.splitter.addWidget(shown)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([NAMES_WIDTH, 800])
        self.divider_dragged = False  # the worker's own split stands, however the window is resized
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "divider_dragged", True))
        self.splitter.resized.connect(lambda: None if self.divider_dragged else self.fit_names())
        layout = QHBoxLayout(self)
        # No margin on the right: the table's own frame ends it, and the 9 pixels Qt keeps there are the table's on
        # a laptop at 125%, where 合同即将到期 had no room for its site names (`TO_HEADER`).
        margins = layout.contentsMargins()
        layout.setContentsMargins(margins.left(), margins.top(), 0, margins.bottom())
        layout.addWidget(self.splitter)
        self.lists.currentRowChanged.connect(lambda _row: self.show_current())
        self.current: Worklist | None = None
        # Reads queued and not yet begun (the worker clears them as it begins): asked again meanwhile, nothing new
        # is queued, since the one waiting will read what is there when it runs.
        self._read_queued: str | None = None
        self._counts_queued: set[str] = set()

    def fit_names(self) -> None:
        """Share the page between the names and the table: the table keeps `TABLE_ROOM` where the page has it, and
        the names take the rest, from `NAMES_WIDTH` down to the narrowest at which they are all in view."""
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        names = min(NAMES_WIDTH, max(total - TABLE_ROOM, self.narrowest_names()))
        self.splitter.setSizes([names, total - names])
        # Laid out while a scroll bar narrowed them, the names stayed a line taller each and kept the scroll bar
        # though they fit without it: lay them out at the list's full width, then show a scroll bar if they do not.
        self.lists.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lists.doItemsLayout()
        self.lists.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def narrowest_names(self) -> int:
        """The narrowest width, from `NARROWEST_NAMES` up to `NAMES_WIDTH`, at which every list's name (wrapped as
        `desktop.message_list.WrappingDelegate` wraps it) is in view without scrolling the names."""
        inside = self.lists.contentsRect()  # the viewport with no scroll bar (it may not be laid out yet)
        frame, room = self.lists.width() - inside.width(), inside.height()
        metrics = QFontMetrics(self.lists.font())
        texts = [self.name_with_count(name, 9_999) for name in WORKLISTS]  # as wide as a station's counts
        for width in range(NARROWEST_NAMES, NAMES_WIDTH, 10):
            if sum(wrapped_size(metrics, text, width - frame).height() for text in texts) <= room:
                return width
        return NAMES_WIDTH

    def refresh_counts(self) -> None:
        """Read the lists again in the background: the one shown (the first, when none is) first, counted by its
        rows, then the count of each other list beside its name, each in a task of its own.

        All nine were counted in one task before the first list was read: in a county of 50,000 households the
        worker looked at an empty table for seconds (the subsidy lists alone took five), and a save queued behind
        the counts waited for all of them."""
        if self.lists.currentRow() < 0 and self.lists.count():
            self.lists.setCurrentRow(0)  # read at once (`show_current`), ahead of the counts
        else:
            self.show_current()  # what changed the counts may have changed the rows shown
        store, today = self.store, self.working_day or computer_today()
        for name in WORKLISTS:
            if name == self._read_queued or name in self._counts_queued:
                continue  # the read queued counts it by its rows; a count queued and not begun counts it afresh
            self._counts_queued.add(name)

            def work(_progress: Progress, name: str = name) -> tuple[str, int]:
                self._counts_queued.discard(name)
                settings = load_settings(store)
                with store.engine.connect() as conn:
                    return name, count_worklist(conn, name, settings, today)

            self.runner.start(work, on_done=lambda counted: self._show_count(*counted), owner=self, droppable=True)

    def _show_count(self, name: str, count: int) -> None:
        for row in range(self.lists.count()):
            item = self.lists.item(row)
            if item.data(HOUSEHOLD_ROLE) == name:
                item.setText(self.name_with_count(name, count))

    def name_with_count(self, name: str, count: int) -> str:
        return self.tr("%1（%2）").replace("%2", str(count)).replace("%1", list_name(name))

    def show_current(self) -> None:
        item = self.lists.currentItem()
        if item is None:
            return
        name = item.data(HOUSEHOLD_ROLE)
        if name == self._read_queued:
            return  # a read of this list is queued and not begun: it will read what is there when it runs
        store, today = self.store, self.working_day or computer_today()
        # The same list read again (after an edit): stay on the row the worker had reached.
        keep = self.table.currentIndex().row() if self.current is not None and self.current.name == name else -1
        self.title.setText(self.tr("正在读取……"))
        if self.current is None or self.current.name != name:
            # A county's list takes seconds to read: the rows of the list left behind must not stand under the one
            # chosen meanwhile, where a double-click opened a household of the wrong list.
            self.current = None
            self.model.clear()
            self.empty.hide()  # nor the words of an empty list left behind
        self._read_queued = name

        def work(_progress: Progress) -> tuple[Worklist, HouseholdsHeld | None]:
            if self._read_queued == name:
                self._read_queued = None
            settings = load_settings(store)
            with store.engine.connect() as conn:
                worklist = run_worklist(conn, name, settings, today)
                # An empty list of a database with no household in use (none at all, or only voided ones) is no
                # news: the first step is.
                return worklist, None if worklist.rows else households_held(conn)

        self.runner.start(work, on_done=lambda read: self._show_list(*read, keep=keep), owner=self, droppable=True)

    def _show_list(self, worklist: Worklist, held: HouseholdsHeld | None = None, *, keep: int = -1) -> None:
        """Show a list read; ``held``: the households the database holds, read when the list is empty (with none
        in use, it says why and the first step)."""
        self._show_count(worklist.name, worklist.count)  # the count beside its name says what the table shows
        item = self.lists.currentItem()
        if item is not None and item.data(HOUSEHOLD_ROLE) != worklist.name:
            return  # another list was chosen while this one was read: its own reading follows
        same_list = self.current is not None and self.current.name == worklist.name
        self.current = worklist
        rows = self.tr("%n 条", "", worklist.count)
        households = self.tr("涉及 %n 户", "", worklist.households)
        title = (
            self.tr("%1：%2，%3").replace("%2", rows).replace("%3", households).replace("%1", list_name(worklist.name))
        )
        self.model.reset(worklist, keep_sort=same_list)
        header = self.table.horizontalHeader()
        order = self.model.sort_key[1] if self.model.sort_key else Qt.SortOrder.AscendingOrder
        header.blockSignals(True)  # the model is already in this order: only the arrow is to be drawn
        header.setSortIndicator(self.model.sort_column(), order)
        header.blockSignals(False)
        late = {"overdue": 0, "missing": 0, "undated": 0}
        for row in worklist.rows:
            if lateness := self.model.lateness(row):
                late[lateness] += 1
        if late["overdue"] or late["missing"] or late["undated"]:
            title += (
                self.tr("；%1 户措施已过计划完成日期，%2 户尚未制定措施")
                .replace("%1", str(late["overdue"]))
                .replace("%2", str(late["missing"]))
            )
        if late["undated"]:  # a measure exists: not counted as 尚未制定措施
            title += self.tr("，%1 户措施未定完成日期").replace("%1", str(late["undated"]))
        doubles = sum(1 for row in worklist.rows if row.detail.get("other_households"))
        if doubles:
            title += self.tr("；%n 人在多户中登记，发放前请核实", "", doubles)
        self.title.setText(title)
        self.show_empty(worklist, held)
        if keep >= 0 and worklist.rows:
            self.table.setCurrentIndex(self.model.index(min(keep, len(worklist.rows) - 1), 0))

    def show_empty(self, worklist: Worklist, held: HouseholdsHeld | None) -> None:
        """An empty list's table gives way to a line saying so, in words of that list; with no household in use,
        why (none yet, or only voided ones) and the first step for whoever is looking."""
        empty = not worklist.rows
        self.table.setVisible(not empty)
        self.empty.setVisible(empty)
        if not empty:
            self.empty.clear()
        elif held is not None and held.live == 0:
            self.empty.setText(worklists_empty(held, self.role))
        else:
            self.empty.setText(_translate(EMPTY_TEXTS.get(worklist.name, "")) or self.tr("清单上现在没有人。"))

    def _open_row(self, index: QModelIndex) -> None:
        household = self.model.household_id(self.table.currentIndex().row())
        if household is not None:
            self.open_household.emit(household)
