"""工作站: every enrolled station with its last batch, its cursor and its last return file (`list_stations`); a
station whose laptop was lost is revoked here (停用, `revoke_station`)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.county.common import Notice, local_time
from desktop.tasks import TaskRunner
from forms.store import Store
from forms.users import Account
from sync.county_admin import StationInfo, list_stations, revoke_station


class StationsPage(QWidget):
    counted = Signal(int)

    COLUMNS = (
        QT_TRANSLATE_NOOP("StationsPage", "工作站"),
        QT_TRANSLATE_NOOP("StationsPage", "服务安置点"),
        QT_TRANSLATE_NOOP("StationsPage", "最近批次"),
        QT_TRANSLATE_NOOP("StationsPage", "已应用到变更序号"),
        QT_TRANSLATE_NOOP("StationsPage", "最近导入"),
        QT_TRANSLATE_NOOP("StationsPage", "最近回执"),
        QT_TRANSLATE_NOOP("StationsPage", "待处理冲突"),
        QT_TRANSLATE_NOOP("StationsPage", "登记时间"),
    )

    def __init__(
        self, store: Store, runner: TaskRunner, parent: QWidget | None = None, *, account: Account | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.account = account
        self._outcome = ""
        self.stations: list[StationInfo] = []
        self.setObjectName("stations_page")
        self.summary = QLabel(self.tr("正在读取……"), self)
        self.summary.setObjectName("stations_summary")
        self.summary.setStyleSheet("font-size: 14px;")
        self.refresh_button = QPushButton(self.tr("刷新(&R)"), self)
        self.refresh_button.setObjectName("stations_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.revoke_button = QPushButton(self.tr("停用工作站(&D)…"), self)
        self.revoke_button.setObjectName("stations_revoke")
        self.revoke_button.setToolTip(
            self.tr("工作站的电脑丢失或被盗时停用它：县里不再接收它的批次，也不再为它写回执。")
        )
        self.revoke_button.setEnabled(False)
        self.revoke_button.clicked.connect(self.ask_revoke)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("stations_table")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (the arrows move in it), not cell by cell
        self.table.setAccessibleName(self.tr("工作站列表"))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._update_buttons)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        explain = QLabel(
            self.tr(
                "“已应用到变更序号”是县里已收到的该工作站最后一条变更：工作站的下一批应从它之后开始，否则导入时会提示缺口。"
                "“最近回执”是县里最近一次为该工作站写出回执的时间。"
            ),
            self,
        )
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #555;")
        self.notice = Notice("stations_message", self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.revoke_button)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addWidget(explain)

    def refresh(self) -> None:
        store = self.store
        self.runner.start(
            lambda _progress: list_stations(store), on_done=self.show_stations, on_error=self._not_read, owner=self
        )

    def _not_read(self, exc: BaseException, traceback: str) -> None:
        self.summary.setText(self.tr("未能读取，原因见下。"))
        self.notice.failed(exc, traceback)

    def show_stations(self, stations: list[StationInfo]) -> None:
        self.notice.clear()
        if self._outcome:  # what the last action did, said over the list it changed
            self.notice.ok(self._outcome)
            self._outcome = ""
        self.stations = stations
        waiting = sum(1 for s in stations if s.last_import_at is None)
        self.summary.setText(
            self.tr("已登记 %1 个工作站，其中 %2 个尚未送来过批次。")
            .replace("%1", str(len(stations)))
            .replace("%2", str(waiting))
            if stations
            else self.tr("尚未登记工作站。请用命令 anju enrol 为工作站写出登记包。")
        )
        self.table.setRowCount(len(stations))
        for r, s in enumerate(stations):
            values = (
                s.name,
                "、".join(s.sites),
                str(s.last_batch) if s.last_batch else "—",
                str(s.cursor),
                local_time(s.last_import_at),
                local_time(s.last_return_at),
                str(s.open_conflicts),
                local_time(s.enrolled_at),
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, s.id)
                if c in (2, 3, 6):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 6 and s.open_conflicts:
                    item.setForeground(Qt.GlobalColor.darkRed)
                if s.revoked_at is not None:
                    item.setForeground(Qt.GlobalColor.gray)
                    item.setToolTip(self.tr("已停用：%1").replace("%1", s.revoked_reason or ""))
                self.table.setItem(r, c, item)
        self.counted.emit(len(stations))
        self._update_buttons()

    def selected(self) -> StationInfo | None:
        row = self.table.currentRow()
        return self.stations[row] if 0 <= row < len(self.stations) and self.table.selectedItems() else None

    def _update_buttons(self) -> None:
        station = self.selected()
        self.revoke_button.setEnabled(station is not None and station.revoked_at is None)

    def ask_revoke(self) -> QInputDialog | None:
        """Ask why, then revoke the selected station: whoever holds a lost or stolen laptop gets nothing more."""
        station = self.selected()
        if station is None or station.revoked_at is not None:
            return None
        dialog = QInputDialog(self)
        dialog.setObjectName("revoke_reason")
        dialog.setWindowTitle(self.tr("停用工作站"))
        dialog.setLabelText(
            self.tr(
                "停用“%1”后，县里不再接收它的批次，也不再为它写回执（U盘和联网都一样），拿着这台电脑的人得不到任何数据。"
                "若该站换了电脑，之后可以用原名重新登记。请写明原因："
            ).replace("%1", station.name)
        )
        dialog.setTextValue(self.tr("笔记本电脑丢失"))
        dialog.setOkButtonText(self.tr("停用(&D)"))
        dialog.setCancelButtonText(self.tr("取消(&C)"))
        dialog.textValueSelected.connect(lambda reason: self.revoke(station, reason))
        dialog.open()
        return dialog

    def revoke(self, station: StationInfo, reason: str) -> None:
        store, actor = self.store, self.account.username if self.account else "county"
        self.revoke_button.setEnabled(False)

        def done(info: StationInfo) -> None:
            self._outcome = self.tr("已停用，现名“%1”。若该站换了电脑，请用 anju enrol 以原名重新登记。").replace(
                "%1", info.name
            )
            self.refresh()

        def failed(exc: BaseException, traceback: str) -> None:
            self.notice.failed(exc, traceback)
            self.refresh()

        self.runner.start(
            lambda _progress: revoke_station(store, station.id, actor, reason),
            on_done=done,
            on_error=failed,
            owner=self,
        )
