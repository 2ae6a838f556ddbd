"""工作站: every enrolled station with its last batch, its last return file and the Anju it runs
(`list_stations`: during an upgrade, 需升级 marks who still needs the installer); a station whose laptop was lost is
revoked here (停用, `revoke_station`).

The 县级管理员 also enrols a station here (登记工作站, the one-time passphrase shown once), adds a site (新增安置点)
and writes a station's return file after reviewing (写出回执), so decisions made today reach the station with
the stick that goes back today, not with its next batch (`desktop.county.station_dialogs`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor
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
from desktop.county.list_page import nothing_yet
from desktop.county.station_dialogs import EnrolDialog, EnrolledDialog, ReturnFileDialog, SiteDialog
from desktop.i18n import QT_TRANSLATE_NOOP, without_mnemonic
from desktop.table_headers import narrowest_wrap, wrap_headers
from desktop.tasks import TaskRunner
from forms.store import Store
from forms.users import Account
from forms.version import APP_VERSION
from sync.county_return import ReturnFile
from sync.county_stations import AHEAD, BEHIND, CURRENT, UNKNOWN, StationInfo, list_stations, revoke_station
from sync.enrolment import Enrolment

#: What a return file carries, by table, for the clerk's "共 N 条记录（住户 1、审核意见 1）".
RECORD_NAMES = {
    "sites": QT_TRANSLATE_NOOP("StationsPage", "安置点"),
    "households": QT_TRANSLATE_NOOP("StationsPage", "住户"),
    "members": QT_TRANSLATE_NOOP("StationsPage", "成员"),
    "employments": QT_TRANSLATE_NOOP("StationsPage", "就业经历"),
    "visits": QT_TRANSLATE_NOOP("StationsPage", "走访记录"),
    "measures": QT_TRANSLATE_NOOP("StationsPage", "帮扶措施"),
    "finding_overrides": QT_TRANSLATE_NOOP("StationsPage", "接受的提醒"),
    "reviews": QT_TRANSLATE_NOOP("StationsPage", "审核意见"),
}


#: Columns whose text wraps onto a second line when the table has no room for every column on one line, the first
#: first: the sites a station serves, the Anju version with its 需升级 note, the station's name. A county has a
#: handful of stations, so a taller row costs little; in English on a 1366×768 laptop at 125% (and in Chinese
#: during an upgrade) the times and counts after them were a sideways scroll away.
WRAPPING = (1, 2, 0)


class StationsPage(QWidget):
    counted = Signal(int)

    VERSION_COLUMN = 2
    BATCH_COLUMN = 3
    UNSENT_COLUMN = 6
    CONFLICTS_COLUMN = 7
    COLUMNS = (
        QT_TRANSLATE_NOOP("StationsPage", "工作站"),
        QT_TRANSLATE_NOOP("StationsPage", "服务安置点"),
        QT_TRANSLATE_NOOP("StationsPage", "安居版本"),
        QT_TRANSLATE_NOOP("StationsPage", "最近批次"),
        QT_TRANSLATE_NOOP("StationsPage", "最近导入"),
        QT_TRANSLATE_NOOP("StationsPage", "最近回执"),
        QT_TRANSLATE_NOOP("StationsPage", "待写回执"),
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
        self.summary.setWordWrap(True)  # whom a return file is owed may name many stations
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
        # What only the county clerk does (the page is the 县级管理员's; a page made for anyone else hides them).
        self.enrol_button = self._button("stations_enrol", self.tr("登记工作站(&E)…"), self.ask_enrol)
        self.enrol_button.setToolTip(self.tr("为新工作站写出登记包（可直接写到U盘），并显示只用一次的口令。"))
        self.site_button = self._button("stations_add_site", self.tr("新增安置点(&A)…"), self.ask_add_site)
        self.site_button.setToolTip(self.tr("添加本县的安置点；它随下一次回执到达各工作站。"))
        self.return_button = self._button("stations_return_file", self.tr("写出回执(&W)…"), self.ask_return_file)
        self.return_button.setToolTip(
            self.tr("审核、退回和处理冲突之后，为所选工作站写出回执，让这些结果随U盘带回工作站。")
        )
        self.return_button.setEnabled(False)
        self.clerk = account is not None and account.role == "县级管理员"
        for button in (self.enrol_button, self.site_button, self.return_button):
            button.setVisible(self.clerk)
        self.enrol_dialog: EnrolDialog | None = None
        self.enrolled_dialog: EnrolledDialog | None = None
        self.site_dialog: SiteDialog | None = None
        self.return_dialog: ReturnFileDialog | None = None
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("stations_table")
        wrap_headers(self.table)  # 待处理冲突 over two lines: 登记时间 on screen at 1366×768 at 125%
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (the arrows move in it), not cell by cell
        self.table.setAccessibleName(self.tr("工作站列表"))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._update_buttons)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # widths from `fit_columns`
        header.setStretchLastSection(True)
        self.table.viewport().installEventFilter(self)  # fitted again as the table is resized
        explain = QLabel(
            self.tr(
                "“最近批次”是县里已收到该工作站的第几批（连同以前各批）；之后送来的批次若缺了前面的，导入时会说明缺哪一批。"
                "“最近回执”是县里最近一次为该工作站写出回执的时间；"
                "“待写回执”是此后县里有了新结果、还没写进回执的住户数（审核、冲突处理、别的工作站改了共用安置点的住户等），"
                "不是0的，选中后点“写出回执…”，随U盘带回工作站。"
                "“安居版本”是该工作站最近一批所用的安居：“需升级”的要有人带安装程序去安装；"
                "“未知”是县里升级后还没收到它的批次，它可能仍需升级。"
            ),
            self,
        )
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #555;")
        self.explain = explain
        # None enrolled (a county just set up): the first step, in place of nine narrow headings over nothing.
        self.empty = nothing_yet("stations", self)
        self.notice = Notice("stations_message", self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        # The clerk's actions on a row of their own: five buttons beside the summary do not fit 1024 pixels.
        actions = QHBoxLayout()
        for button in (self.enrol_button, self.site_button, self.return_button, self.revoke_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addWidget(explain)
        layout.addWidget(self.empty)
        layout.addStretch(0)

    def refresh(self) -> None:
        store = self.store
        self.runner.start(
            lambda _progress: list_stations(store, count_unsent=True),
            on_done=self.show_stations,
            on_error=self._not_read,
            owner=self,
        )

    def _not_read(self, exc: BaseException, traceback: str) -> None:
        self.summary.setText(self.tr("未能读取，原因见下。"))
        self.notice.failed(exc, traceback)

    def show_stations(self, stations: list[StationInfo]) -> None:
        self.notice.clear()
        if self._outcome:  # what the last action did, said over the list it changed
            self.notice.ok(self._outcome)
            self._outcome = ""
        was = self.selected()
        self.stations = stations
        waiting = sum(1 for s in stations if s.last_import_at is None)
        self.summary.setText(
            self.tr("已登记 %1 个工作站，其中 %2 个尚未送来过批次。")
            .replace("%1", str(len(stations)))
            .replace("%2", str(waiting))
            + self._upgrade_summary(stations)
            + self._unsent_summary(stations)
            if stations
            else self.tr("尚未登记工作站。")
        )
        for part in (self.table, self.explain):
            part.setVisible(bool(stations))
        self.empty.setVisible(not stations)
        self.empty.setText("" if stations else self._empty_text())
        self.table.setRowCount(len(stations))
        for r, s in enumerate(stations):
            values = (
                s.name,
                "、".join(s.site_names),  # the codes are in the tooltip
                self._version_text(s),
                self.tr("第 %1 批").replace("%1", str(s.last_batch)) if s.last_batch else "—",
                local_time(s.last_import_at),
                local_time(s.last_return_at),
                "—" if s.revoked_at is not None else str(s.unsent),
                str(s.open_conflicts),
                local_time(s.enrolled_at),
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, s.id)
                if c == 1:
                    item.setToolTip(self.tr("安置点代码：%1").replace("%1", "、".join(s.sites)))
                if c == self.BATCH_COLUMN:
                    item.setToolTip(self._batch_tip(s))
                if c in (self.UNSENT_COLUMN, self.CONFLICTS_COLUMN):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == self.UNSENT_COLUMN and s.unsent:
                    item.setForeground(QColor("#a05a00"))
                    item.setToolTip(
                        self.tr(
                            "县里有 %1 户的新结果还没写进给该工作站的回执。选中它，点“写出回执…”，随U盘带回工作站。"
                        ).replace("%1", str(s.unsent))
                    )
                if c == self.CONFLICTS_COLUMN and s.open_conflicts:
                    item.setForeground(Qt.GlobalColor.darkRed)
                if c == self.VERSION_COLUMN:
                    self._mark_version(item, s)
                if s.revoked_at is not None:
                    item.setForeground(Qt.GlobalColor.gray)
                    item.setToolTip(self.tr("已停用：%1").replace("%1", s.revoked_reason or ""))
                self.table.setItem(r, c, item)
        # The station chosen stays chosen, not the row it was in: a station enrolled or revoked moves the rows.
        self.table.clearSelection()
        again = next((r for r, s in enumerate(stations) if was is not None and s.id == was.id), None)
        if again is not None:
            self.table.selectRow(again)
        self.fit_columns()
        self.counted.emit(len(stations))
        self._update_buttons()

    def _empty_text(self) -> str:
        if not self.clerk:
            return self.tr("工作站由县级管理员在本页登记。登记好的工作站列在这里，连同各站最近送来的批次。")
        return self.tr(
            "工作站登记后，它导出的批次才能在县里导入。第一步：点上面的「登记工作站…」，填工作站名称，"
            "勾选它服务的安置点（本县还没有安置点的，先点「新增安置点…」），把登记包写到U盘。"
            "随后显示的一次性口令，请另行告诉站长（电话或当面）。\n\n"
            "站长在工作站的「同步」页点「导入登记包…」，选U盘上的登记包、输入口令。"
            "之后该站导出的批次，在县里的「同步」页导入。登记好的工作站列在这里。"
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Each column as wide as its text on one line where the table has room; where it has not, the `WRAPPING`
        columns give way in turn down to their text on two lines (no word cut), and the rows grow to show it."""
        table, header = self.table, self.table.horizontalHeader()
        metrics = table.fontMetrics()
        widths = [
            max(table.sizeHintForColumn(c), header.sectionSizeFromContents(c).width()) for c in range(len(self.COLUMNS))
        ]
        excess = sum(widths) - table.viewport().width()
        for column in WRAPPING:
            if excess <= 0:
                break
            texts = [item.text() for r in range(table.rowCount()) if (item := table.item(r, column)) and item.text()]
            if not texts:
                continue
            margin = table.sizeHintForColumn(column) - max(metrics.horizontalAdvance(text) for text in texts)
            wrapped = max(narrowest_wrap(text, metrics.horizontalAdvance(text), metrics) for text in texts) + margin
            least = max(wrapped, header.sectionSizeFromContents(column).width())
            given = max(0, min(excess, widths[column] - least))
            widths[column] -= given
            excess -= given
        for column, width in enumerate(widths):
            table.setColumnWidth(column, width)
        table.resizeRowsToContents()

    def _batch_tip(self, station: StationInfo) -> str:
        """Up to which batch the county has the station's changes, and the change number a gap is counted from: an
        import refused for a gap names the missing changes by number (变更序号 16–20), and this is the last one the
        county has. Not a column: beside an import's "已应用 15 条变更" it said nothing to the clerk, and only a gap
        ever needs it."""
        if not station.last_batch:
            return self.tr("该工作站尚未送来批次。")
        return (
            self.tr(
                "县里已收到该工作站第 %1 批及以前各批的变更（到变更序号 %2）。之后送来的批次若与它之间缺了变更，"
                "导入时会说明缺哪一批、哪些变更序号，那一批不导入，并写出回执让工作站重新发送。"
            )
            .replace("%1", str(station.last_batch))
            .replace("%2", str(station.cursor))
        )

    # ---- 安居版本: who still needs the installer during an upgrade -----------------------------------------------

    def _version_text(self, station: StationInfo) -> str:
        if station.revoked_at is not None or station.standing == CURRENT:
            return station.app_version or self.tr("未知")
        if station.standing == BEHIND:
            return self.tr("%1（需升级到 %2）").replace("%1", station.app_version or "").replace("%2", APP_VERSION)
        if station.standing == AHEAD:
            return self.tr("%1（比县里新）").replace("%1", station.app_version or "")
        return self.tr("未知") if station.app_version is None else station.app_version

    def _mark_version(self, item: QTableWidgetItem, station: StationInfo) -> None:
        """需升级 in red, 未知 in amber (it may well need the installer too), each with what to do."""
        if station.standing == BEHIND:
            item.setForeground(Qt.GlobalColor.darkRed)
            item.setToolTip(
                self.tr("县里的安居是 %1。下次去该工作站时带上 %1 的安装程序，装好后它的下一批会显示新版本。").replace(
                    "%1", APP_VERSION
                )
            )
        elif station.standing == AHEAD:
            item.setToolTip(
                self.tr("该工作站的安居比县里的 %1 新，请把县里电脑上的安居升级到同一版本。").replace("%1", APP_VERSION)
            )
        elif station.standing == UNKNOWN:
            item.setForeground(QColor("#a05a00"))
            item.setToolTip(
                self.tr("县里升级到 %1 之后还没收到这个工作站的批次，不知道它用的是哪个版本；它可能仍需升级。").replace(
                    "%1", APP_VERSION
                )
            )

    def _upgrade_summary(self, stations: list[StationInfo]) -> str:
        """“2 个需升级到 0.3.0，1 个版本未知。”, for the stations in use; empty once every one is up to date."""
        in_use = [s for s in stations if s.revoked_at is None]
        behind = sum(1 for s in in_use if s.standing == BEHIND)
        unknown = sum(1 for s in in_use if s.standing == UNKNOWN)
        parts = []
        if behind:
            parts.append(self.tr("%1 个需升级到安居 %2").replace("%1", str(behind)).replace("%2", APP_VERSION))
        if unknown:
            parts.append(self.tr("%1 个安居版本未知").replace("%1", str(unknown)))
        # One sentence after the one before it (in English after a space: the translation of "%1。" is " %1.").
        return self.tr("%1。").replace("%1", self.tr("，").join(parts)) if parts else ""

    def _unsent_summary(self, stations: list[StationInfo]) -> str:
        """Whom a return file is owed: “县里的新结果还没写进回执：幸福站（3 户）。”, empty when none is."""
        owed = [s for s in stations if s.revoked_at is None and s.unsent]
        if not owed:
            return ""
        names = self.tr("、").join(
            self.tr("%1（%2 户）").replace("%1", s.name).replace("%2", str(s.unsent)) for s in owed
        )
        return self.tr("县里的新结果还没写进回执：%1。").replace("%1", names)

    def selected(self) -> StationInfo | None:
        row = self.table.currentRow()
        return self.stations[row] if 0 <= row < len(self.stations) and self.table.selectedItems() else None

    def _update_buttons(self) -> None:
        station = self.selected()
        self.revoke_button.setEnabled(station is not None and station.revoked_at is None)
        # A revoked station is refused with the reason, not a grey button that says nothing.
        self.return_button.setEnabled(station is not None)

    def _button(self, name: str, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(without_mnemonic(text).rstrip("…"))
        button.clicked.connect(slot)
        return button

    @property
    def actor(self) -> str:
        return self.account.username if self.account else "county"

    # ---- 登记工作站, 新增安置点 ----------------------------------------------------------------------------------

    def ask_enrol(self) -> EnrolDialog | None:
        if not self.clerk:
            return None
        dialog = EnrolDialog(self.store, self.runner, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.enrolled.connect(self.show_enrolled)
        self.enrol_dialog = dialog
        dialog.open()
        return dialog

    def show_enrolled(self, made: Enrolment) -> EnrolledDialog:
        """The passphrase, large, in a window of its own; the list shows the new station meanwhile."""
        self._outcome = (
            self.tr("已登记工作站“%1”，登记包：%2。").replace("%1", made.station_name).replace("%2", str(made.path))
        )
        self.refresh()
        dialog = EnrolledDialog(made, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.enrolled_dialog = dialog
        dialog.open()
        return dialog

    def ask_add_site(self) -> SiteDialog | None:
        if not self.clerk:
            return None
        dialog = SiteDialog(self.store, self.runner, self.actor, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.added.connect(self._site_added)
        self.site_dialog = dialog
        dialog.open()
        return dialog

    def _site_added(self, code: str) -> None:
        self.notice.ok(
            self.tr("已添加安置点 %1。它随下一次回执到达各工作站；登记工作站时可以勾选它。").replace("%1", code)
        )

    # ---- 写出回执 ------------------------------------------------------------------------------------------------

    def ask_return_file(self) -> ReturnFileDialog | None:
        station = self.selected()
        if station is None or not self.clerk:
            return None
        if station.revoked_at is not None:
            self.notice.error(
                self.tr(
                    "工作站“%1”已停用，不再为它写回执：拿着那台电脑的人不应再得到数据。"
                    "若该站换了电脑，请点“登记工作站…”以原名重新登记。"
                ).replace("%1", station.name),
                f"Station “{station.name}” was revoked; no return file is written for it: whoever holds that computer "
                "must get no more data. If the station has a new computer, enrol it again under its own name (Enrol "
                "station…).",
            )
            return None
        self.notice.clear()
        dialog = ReturnFileDialog(self.store, self.runner, station, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.written.connect(self.show_written)
        self.return_dialog = dialog
        dialog.open()
        return dialog

    def show_written(self, written: tuple[Path, ReturnFile]) -> None:
        path, made = written
        counts = self.tr("、").join(
            f"{self.tr(RECORD_NAMES.get(table, table))} {count}" for table, count in made.manifest.counts.items()
        )
        self._outcome = (
            self.tr("已为工作站“%1”写出回执：%2。").replace("%1", made.station_name).replace("%2", str(path))
            + (self.tr("它取代了U盘上同一批次的旧回执。") if made.replaced else "")
            + (
                self.tr("共 %1 条记录（%2）。").replace("%1", str(made.manifest.total)).replace("%2", counts)
                if made.manifest.total
                else self.tr("没有新的记录，回执只确认县里已收到的批次。")
            )
            + self.tr("请把U盘交给站长，在工作站的“同步”页点“导入回执…”导入。")
        )
        self.refresh()

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
        store, actor = self.store, self.actor
        self.revoke_button.setEnabled(False)

        def done(info: StationInfo) -> None:
            self._outcome = self.tr("已停用，现名“%1”。若该站换了电脑，请点“登记工作站…”以原名重新登记。").replace(
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
