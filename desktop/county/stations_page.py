"""工作站: every enrolled station with its last batch, its cursor and its last return file (`list_stations`)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
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
from sync.county_admin import StationInfo, list_stations


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

    def __init__(self, store: Store, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.stations: list[StationInfo] = []
        self.setObjectName("stations_page")
        self.summary = QLabel(self.tr("正在读取……"), self)
        self.summary.setObjectName("stations_summary")
        self.summary.setStyleSheet("font-size: 14px;")
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.setObjectName("stations_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("stations_table")
        self.table.setAccessibleName(self.tr("工作站列表"))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
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
        self.stations = stations
        waiting = sum(1 for s in stations if s.last_import_at is None)
        self.summary.setText(
            self.tr("已登记 %1 个工作站，其中 %2 个尚未送来过批次。")
            .replace("%1", str(len(stations)))
            .replace("%2", str(waiting))
            if stations
            else self.tr("尚未登记工作站。请用命令 anju enrol 为工作站写出站点配置包。")
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
                self.table.setItem(r, c, item)
        self.counted.emit(len(stations))
