"""待跟进: the follow-up worklists with their counts; any row opens its household.

On the 零就业 list a household whose 帮扶措施 is past its planned date, or that has no open measure at all, is
shown in red and counted in the title: those are the households to visit first (动态清零, policy 2021-49).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QLocale, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.household_model import status_text
from desktop.tasks import Progress, TaskRunner
from forms.settings import load_settings
from forms.store import Store
from forms.worklists import WORKLISTS, Worklist, count_worklist, run_worklist

HOUSEHOLD_ROLE = Qt.ItemDataRole.UserRole
LATE_COLOUR = QColor("#b00020")

# Headers are marked for lupdate here and translated where shown (WorklistsPage.tr).
HOUSEHOLD_HEADERS = (
    QT_TRANSLATE_NOOP("WorklistsPage", "安置点"),
    QT_TRANSLATE_NOOP("WorklistsPage", "楼栋单元门牌"),
    QT_TRANSLATE_NOOP("WorklistsPage", "户主"),
    QT_TRANSLATE_NOOP("WorklistsPage", "户编号"),
)
MEMBER_HEADERS = (
    QT_TRANSLATE_NOOP("WorklistsPage", "姓名"),
    QT_TRANSLATE_NOOP("WorklistsPage", "证件号码"),
    QT_TRANSLATE_NOOP("WorklistsPage", "联系电话"),
)
#: Headers for the list-specific columns of `forms.worklists` rows.
DETAIL_HEADERS = {
    "labour": QT_TRANSLATE_NOOP("WorklistsPage", "劳动力人数"),
    "next_due": QT_TRANSLATE_NOOP("WorklistsPage", "措施计划完成日期"),
    "status": QT_TRANSLATE_NOOP("WorklistsPage", "状态"),
    "amount": QT_TRANSLATE_NOOP("WorklistsPage", "补助金额（元）"),
    "max_amount": QT_TRANSLATE_NOOP("WorklistsPage", "补助上限（元）"),
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


def list_name(name: str) -> str:
    """A worklist's name in the UI language: `forms.worklists` names each list in both (`desktop.i18n` sets the
    default locale)."""
    spec = WORKLISTS[name]
    return spec.en if QLocale().language() == QLocale.Language.English else spec.zh


class WorklistsPage(QWidget):
    open_household = Signal(str)

    def __init__(self, store: Store, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.setObjectName("worklists_page")
        self.lists = QListWidget(self)
        self.lists.setObjectName("worklist_names")
        self.lists.setAccessibleName(self.tr("待跟进清单"))
        self.lists.setFixedWidth(320)
        self.lists.setStyleSheet("QListWidget { font-size: 14px; } QListWidget::item { padding: 6px 4px; }")
        self.lists.setWordWrap(True)  # the English names are longer than the Chinese ones
        self.lists.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for name in WORKLISTS:
            item = QListWidgetItem(list_name(name), self.lists)
            item.setData(HOUSEHOLD_ROLE, name)
        self.title = QLabel(self)
        self.title.setObjectName("worklist_title")
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.title.setWordWrap(True)  # the 零就业 title grows with its late counts: it must not widen the window
        self.table = QTableWidget(0, 0, self)
        self.table.setObjectName("worklist_rows")
        self.table.setAccessibleName(self.tr("清单内容"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self._open_row)

        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.table)
        layout = QHBoxLayout(self)
        layout.addWidget(self.lists)
        layout.addLayout(right, 1)
        self.lists.currentRowChanged.connect(lambda _row: self.show_current())
        self.current: Worklist | None = None

    def refresh_counts(self) -> None:
        """Count every list in the background and show the counts beside their names."""
        store, today = self.store, date.today()

        def work(_progress: Progress) -> dict[str, int]:
            settings = load_settings(store)
            with store.engine.connect() as conn:
                return {name: count_worklist(conn, name, settings, today) for name in WORKLISTS}

        self.runner.start(work, on_done=self._show_counts, owner=self, droppable=True)

    def _show_counts(self, counts: dict[str, int]) -> None:
        for row in range(self.lists.count()):
            item = self.lists.item(row)
            name = item.data(HOUSEHOLD_ROLE)
            count = str(counts.get(name, 0))
            item.setText(self.tr("%1（%2）").replace("%2", count).replace("%1", list_name(name)))
        if self.lists.currentRow() < 0 and self.lists.count():
            self.lists.setCurrentRow(0)

    def show_current(self) -> None:
        item = self.lists.currentItem()
        if item is None:
            return
        name = item.data(HOUSEHOLD_ROLE)
        store, today = self.store, date.today()
        # The same list read again (after an edit): stay on the row the worker had reached.
        keep = self.table.currentRow() if self.current is not None and self.current.name == name else -1
        self.title.setText(self.tr("正在读取……"))

        def work(_progress: Progress) -> Worklist:
            settings = load_settings(store)
            with store.engine.connect() as conn:
                return run_worklist(conn, name, settings, today)

        self.runner.start(work, on_done=lambda worklist: self._show_list(worklist, keep), owner=self, droppable=True)

    def _show_list(self, worklist: Worklist, keep: int = -1) -> None:
        self.current = worklist
        rows = self.tr("%n 条", "", worklist.count)
        households = self.tr("涉及 %n 户", "", worklist.households)
        title = (
            self.tr("%1：%2，%3").replace("%2", rows).replace("%3", households).replace("%1", list_name(worklist.name))
        )
        member_list = any(row.member_id for row in worklist.rows)
        detail_keys = sorted({key for row in worklist.rows for key in row.detail})
        headers = [*HOUSEHOLD_HEADERS, *(MEMBER_HEADERS if member_list else ())]
        self.table.clear()
        self.table.setColumnCount(len(headers) + len(detail_keys))
        self.table.setHorizontalHeaderLabels(
            [self.tr(h) for h in headers + [DETAIL_HEADERS.get(k, k) for k in detail_keys]]
        )
        self.table.setRowCount(len(worklist.rows))
        late = {"overdue": 0, "missing": 0}
        due_column = len(headers) + detail_keys.index("next_due") if "next_due" in detail_keys else None
        for r, row in enumerate(worklist.rows):
            values = [row.site_name, row.address, row.head_name, row.hh_number]
            if member_list:
                values += [row.member_name, row.id_number, row.phone]
            values += [row.detail.get(key) for key in detail_keys]
            if "status" in detail_keys and row.detail.get("status"):  # shown as the 住户 list shows it
                values[len(headers) + detail_keys.index("status")] = status_text(str(row.detail["status"]))
            for c, value in enumerate(values):
                item = QTableWidgetItem(self.show_value(value))
                item.setData(HOUSEHOLD_ROLE, row.household_id)
                self.table.setItem(r, c, item)
            if due_column is not None:
                lateness = self._mark_due(r, due_column, row.detail["next_due"], worklist.on)
                if lateness:
                    late[lateness] += 1
        if late["overdue"] or late["missing"]:
            title += (
                self.tr("；%1 户措施已过计划完成日期，%2 户尚未制定措施")
                .replace("%1", str(late["overdue"]))
                .replace("%2", str(late["missing"]))
            )
        self.title.setText(title)
        if keep >= 0 and worklist.rows:
            self.table.setCurrentCell(min(keep, len(worklist.rows) - 1), 0)

    def _mark_due(self, row: int, column: int, due: object, today: date) -> str | None:
        """Colour a 零就业 household whose next measure is past its date, or that has none open; say which."""
        if due is None:
            self.table.item(row, column).setText(self.tr("未制定措施"))
            tip = self.tr("该户没有未完成的帮扶措施：请走访并制定措施。")
            lateness = "missing"
        elif isinstance(due, date) and due < today:
            tip = self.tr("措施计划完成日期已过 %1 天：请走访跟进。").replace("%1", str((today - due).days))
            lateness = "overdue"
        else:
            return None
        for c in range(self.table.columnCount()):
            if (cell := self.table.item(row, c)) is not None:
                cell.setForeground(LATE_COLOUR)
                cell.setToolTip(tip)
        return lateness

    def show_value(self, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return self.tr("是") if value else self.tr("否")
        return str(value)

    def _open_row(self, index: object) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is not None:
            self.open_household.emit(item.data(HOUSEHOLD_ROLE))
