"""在线同步记录: every exchange with the county server, newest first, and on failure what to do; and the status bar
widget that says online or offline, how many changes wait, and when the station last synced.

The table model holds plain rows read in pages off the UI thread (`fetchMore` queues the next page on the task
runner), like the other log screens; selecting a row shows its whole message in 中文 and English, so a station
admin can read it out to the county on the phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
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
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from desktop.county.common import ERROR_COLOUR, MUTED_COLOUR, OK_COLOUR, local_time
from desktop.i18n import QT_TRANSLATE_NOOP
from desktop.online_sync import OFFLINE, ONLINE, SYNCING, UNCONFIGURED, OnlineSync, SyncStatus
from desktop.tasks import TaskRunner
from forms.store import Store
from forms.sync_records import SyncExchange

PAGE_ROWS = 200
AMBER = "#b26a00"

# Marked for lupdate here and translated where shown (SyncLogModel.tr).
TRIGGERS = {
    "timer": QT_TRANSLATE_NOOP("SyncLogModel", "定时"),
    "manual": QT_TRANSLATE_NOOP("SyncLogModel", "立即同步"),
    "command": QT_TRANSLATE_NOOP("SyncLogModel", "命令行"),
    "retry": QT_TRANSLATE_NOOP("SyncLogModel", "重试"),
}
OUTCOMES = {
    "ok": (QT_TRANSLATE_NOOP("SyncLogModel", "成功"), OK_COLOUR),
    "offline": (QT_TRANSLATE_NOOP("SyncLogModel", "未连接"), AMBER),
    "refused": (QT_TRANSLATE_NOOP("SyncLogModel", "被拒绝"), ERROR_COLOUR),
    "failed": (QT_TRANSLATE_NOOP("SyncLogModel", "失败"), ERROR_COLOUR),
}
#: A failure that was the county server turning stations away while busy (HTTP 503): amber like 未连接, because
#: it mends itself; red 失败 sent workers to call for help over the morning rush.
BUSY = (QT_TRANSLATE_NOOP("SyncLogModel", "服务器忙"), AMBER)
Index = QModelIndex | QPersistentModelIndex


def english() -> bool:
    return QLocale().language() == QLocale.Language.English


@dataclass(frozen=True)
class ExchangeRow:
    id: int
    started_at: str
    finished_at: str
    trigger: str
    server_url: str | None
    outcome: str
    http_status: int | None
    batch_no: int | None
    sent: int
    received: int
    updated: int
    message_zh: str
    message_en: str

    def message(self) -> str:
        return self.message_en if english() and self.message_en else self.message_zh

    def shown_outcome(self) -> tuple[str, str]:
        """(the untranslated label, its colour) of how the exchange ended."""
        if self.outcome == "failed" and self.http_status == 503:
            return BUSY
        return OUTCOMES.get(self.outcome, (self.outcome, MUTED_COLOUR))


def read_exchanges(store: Store, before_id: int | None, limit: int = PAGE_ROWS) -> list[ExchangeRow]:
    """One page of the sync log, newest first, starting below ``before_id``."""
    table = SyncExchange.__table__
    query = select(*(table.c[f] for f in ExchangeRow.__dataclass_fields__)).order_by(table.c.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(table.c.id < before_id)
    with store.engine.connect() as conn:
        return [ExchangeRow(*row) for row in conn.execute(query)]


class SyncLogModel(QAbstractTableModel):
    TIME, TRIGGER, OUTCOME, BATCH, SENT, RECEIVED, UPDATED, MESSAGE = range(8)
    HEADERS = (
        QT_TRANSLATE_NOOP("SyncLogModel", "时间"),
        QT_TRANSLATE_NOOP("SyncLogModel", "方式"),
        QT_TRANSLATE_NOOP("SyncLogModel", "结果"),
        QT_TRANSLATE_NOOP("SyncLogModel", "批次"),
        QT_TRANSLATE_NOOP("SyncLogModel", "发送"),
        QT_TRANSLATE_NOOP("SyncLogModel", "收到"),
        QT_TRANSLATE_NOOP("SyncLogModel", "更新"),
        QT_TRANSLATE_NOOP("SyncLogModel", "说明"),
    )

    def __init__(self, store: Store, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.rows: list[ExchangeRow] = []
        self._more = True
        self._loading = False
        self._generation = 0  # a page that arrives after a reload belongs to the old rows: dropped

    # ---- rows -----------------------------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def reload(self) -> None:
        """Read the newest page again (after an exchange)."""
        self._generation += 1
        generation, store = self._generation, self.store
        self._loading = True
        self.runner.start(
            lambda _p: read_exchanges(store, None), on_done=lambda rows: self._reset(generation, rows), owner=self
        )

    def _reset(self, generation: int, rows: list[ExchangeRow]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self.rows = rows
        self._more = len(rows) == PAGE_ROWS
        self._loading = False
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's default argument
        return not parent.isValid() and self._more and not self._loading and bool(self.rows)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._loading = True
        generation, store, last = self._generation, self.store, self.rows[-1].id
        self.runner.start(
            lambda _p: read_exchanges(store, last), on_done=lambda rows: self._append(generation, rows), owner=self
        )

    def _append(self, generation: int, rows: list[ExchangeRow]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._more = len(rows) == PAGE_ROWS
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    # ---- Qt -------------------------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.OUTCOME:
            return QColor(row.shown_outcome()[1])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.BATCH, self.SENT, self.RECEIVED, self.UPDATED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.MESSAGE:
            return f"{row.message_zh}\n{row.message_en}"
        return None

    def _text(self, row: ExchangeRow, column: int) -> str:
        if column == self.TIME:
            return local_time(row.started_at)
        if column == self.TRIGGER:
            return self.tr(TRIGGERS.get(row.trigger, row.trigger))
        if column == self.OUTCOME:
            label = self.tr(row.shown_outcome()[0])
            with_status = self.tr("%1（%2）").replace("%2", str(row.http_status)).replace("%1", label)  # “Busy (503)”
            return with_status if row.http_status and row.outcome != "ok" else label
        if column == self.BATCH:
            return str(row.batch_no) if row.batch_no is not None else ""
        if column == self.SENT:
            return str(row.sent)
        if column == self.RECEIVED:
            return str(row.received)
        if column == self.UPDATED:
            return str(row.updated)
        return row.message()


# ---- the status bar ---------------------------------------------------------------------------------------------


def status_text(status: SyncStatus) -> tuple[str, str]:
    """(the line for the status bar, its colour), in the UI language (one context, "SyncStatus", for the status
    bar widget and the sync log screen alike)."""
    if status.state == UNCONFIGURED:
        return QCoreApplication.translate("SyncStatus", "在线同步：未设置服务器"), MUTED_COLOUR
    parts: list[str] = []
    if status.state == SYNCING:
        parts.append(QCoreApplication.translate("SyncStatus", "● 正在同步…"))
        colour = MUTED_COLOUR
    elif status.state == ONLINE and status.last_outcome == "failed":
        # The server answered with an error of its own: the network is fine, the county's side is not. A 503 is the
        # server turning stations away while it is busy, which a few minutes mend; "出错" would send for help.
        busy = status.http_status == 503
        parts.append(
            (
                QCoreApplication.translate("SyncStatus", "● 在线（县里服务器正忙）")
                if busy
                else QCoreApplication.translate("SyncStatus", "● 在线（县里服务器暂时出错）")
            )
            + _retry(status)
        )
        colour = AMBER
    elif status.state == ONLINE:
        parts.append(
            QCoreApplication.translate("SyncStatus", "● 在线")
            if status.last_outcome == "ok"
            else QCoreApplication.translate("SyncStatus", "● 在线（上次同步被拒绝）")
        )
        colour = OK_COLOUR if status.last_outcome == "ok" else ERROR_COLOUR
    elif status.state == OFFLINE:
        parts.append(QCoreApplication.translate("SyncStatus", "● 离线") + _retry(status))
        colour = AMBER
    else:
        parts.append(QCoreApplication.translate("SyncStatus", "● 尚未同步"))
        colour = MUTED_COLOUR
    if status.pending is not None:
        parts.append(QCoreApplication.translate("SyncStatus", "待发送 %1 条").replace("%1", str(status.pending)))
    parts.append(QCoreApplication.translate("SyncStatus", "上次同步 %1").replace("%1", local_time(status.last_sync_at)))
    return " · ".join(parts), colour


def waiting_text(status: SyncStatus) -> str:
    """The station's changes waiting for the county's decision, short for the status bar ("" when none wait). The
    sync's message says it once, in full; a worker who did not open the log saw only "● 在线" and took the county's
    value, shown meanwhile, for her correction undone."""
    if not status.waiting:
        return ""
    return QCoreApplication.translate("SyncStatus", "%1 处修改待县里处理").replace("%1", str(status.waiting))


def waiting_tooltip(status: SyncStatus) -> str:
    """What the waiting count means, and where to see both values: the households' editors, named here."""
    text = QCoreApplication.translate(
        "SyncStatus",
        "本站的这些修改与县里的修改冲突，等县里处理：处理前本站显示县里保留的值，本站的修改没有丢失，不必重新填写。"
        "点这里打开该户，可看到双方的值。",
    )
    return "\n".join([text, *(where for _id, where in status.waiting_households)])


def _retry(status: SyncStatus) -> str:
    next_in = status.next_in()  # counted from now: the line is shown again at each pending-count refresh
    if next_in is None:
        return ""
    return QCoreApplication.translate("SyncStatus", "，%1 后重试").replace("%1", _duration(next_in))


def _duration(seconds: float) -> str:
    if seconds < 60:
        return QCoreApplication.translate("SyncStatus", "%1 秒").replace("%1", str(max(1, round(seconds))))
    return QCoreApplication.translate("SyncStatus", "%1 分钟").replace("%1", str(round(seconds / 60)))


class SyncStatusWidget(QWidget):
    """For the main window's status bar: the sync state in one line and a 立即同步 button. ``open_log`` asks for
    the sync log screen (a click on the line)."""

    open_log = Signal()
    open_household = Signal(str)  # a household whose change waits for the county: its editor shows both values

    def __init__(self, online: OnlineSync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.online = online
        self.setObjectName("sync_status")
        self.label = QPushButton(self)
        self.label.setObjectName("sync_status_text")
        self.label.setFlat(True)
        self.label.setAccessibleName(self.tr("同步状态"))
        self.label.clicked.connect(self.open_log.emit)
        # Short, beside the state, and only while a change waits: at 1366×768 and 125% the status bar also holds
        # the editor's messages and who is logged in.
        self.waiting = QPushButton(self)
        self.waiting.setObjectName("sync_waiting")
        self.waiting.setAccessibleName(self.tr("待县里处理的修改"))  # named while hidden too; its text says how many
        self.waiting.setFlat(True)
        self.waiting.setCursor(Qt.CursorShape.PointingHandCursor)
        self.waiting.setStyleSheet(f"color: {AMBER}; border: none; padding: 0 4px; text-decoration: underline;")
        self.waiting.clicked.connect(self.show_waiting)
        self.waiting.hide()
        self._waiting_households: tuple[tuple[str, str], ...] = ()  # those the line shows
        self.button = QToolButton(self)
        self.button.setObjectName("sync_now_small")
        self.button.setText(self.tr("立即同步(&Y)"))  # the sync log's own 立即同步 is the same: its Alt+Y
        self.button.setAccessibleName(self.tr("立即同步"))
        self.button.clicked.connect(online.sync_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.waiting)
        layout.addWidget(self.button)
        online.status_changed.connect(self.show_status)
        self.show_status(online.status)

    def show_status(self, status: SyncStatus) -> None:
        text, colour = status_text(status)
        self.label.setText(text)
        self.label.setStyleSheet(f"color: {colour}; border: none; padding: 0 4px;")
        self.label.setToolTip(f"{status.message_zh}\n{status.message_en}".strip() or (status.server_url or ""))
        self.waiting.setText(waiting_text(status))
        self.waiting.setAccessibleDescription(waiting_text(status))
        self.waiting.setToolTip(waiting_tooltip(status))
        self.waiting.setVisible(bool(status.waiting))
        self._waiting_households = status.waiting_households
        self.button.setEnabled(status.state not in (UNCONFIGURED, SYNCING))

    def show_waiting(self) -> None:
        """The household whose change waits, opened; with several, a menu of them to pick from."""
        households = self._waiting_households
        if len(households) == 1:
            self.open_household.emit(households[0][0])
            return
        menu = QMenu(self)
        menu.setObjectName("sync_waiting_menu")
        for household_id, where in households:
            menu.addAction(where, partial(self.open_household.emit, household_id))
        menu.popup(self.waiting.mapToGlobal(self.waiting.rect().topLeft()))


# ---- the screen ------------------------------------------------------------------------------------------------------


class SyncLogPage(QWidget):
    """The sync log screen: where things stand, 立即同步, and every exchange."""

    def __init__(self, store: Store, runner: TaskRunner, online: OnlineSync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_log_page")
        self.online = online
        title = QLabel(self.tr("在线同步记录"), self)
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.status_line = QLabel(self)
        self.status_line.setObjectName("sync_log_status")
        self.status_line.setWordWrap(True)
        self.server_line = QLabel(self)
        self.server_line.setObjectName("sync_log_server")
        self.server_line.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.server_line.setWordWrap(True)  # the English advice is wider than a 1024-pixel screen
        self.server_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sync_button = QPushButton(self.tr("立即同步"), self)
        self.sync_button.setObjectName("sync_now")
        self.sync_button.setAccessibleName(self.tr("立即同步"))
        self.sync_button.clicked.connect(online.sync_now)

        self.model = SyncLogModel(store, runner, self)
        self.table = QTableView(self)
        self.table.setObjectName("sync_log")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (the arrows move in it), not cell by cell
        self.table.setAccessibleName(self.tr("同步记录"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SyncLogModel.MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _previous: self.show_row(current.row()))
        self.detail = QLabel(self)
        self.detail.setObjectName("sync_log_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName(self.tr("同步结果说明"))

        top = QHBoxLayout()
        top.addWidget(self.status_line, 1)
        top.addWidget(self.sync_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.server_line)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)

        online.status_changed.connect(self.show_status)
        online.exchanged.connect(lambda _record: self.model.reload())
        self.model.modelReset.connect(self._select_newest)
        self.show_status(online.status)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.model.reload()

    def show_status(self, status: SyncStatus) -> None:
        text, colour = status_text(status)
        self.status_line.setText(" · ".join(part for part in (text, waiting_text(status)) if part))
        self.status_line.setStyleSheet(f"color: {colour}; font-size: 14px;")
        if status.state == UNCONFIGURED:
            self.server_line.setText(
                self.tr(
                    "本站还不知道县里服务器的地址，只能用U盘同步（同步 → 导出到U盘）。"
                    "若县里有服务器，请县里设置它的地址，本站用U盘同步一次、导入回执后就能联网同步。"
                )
            )
        else:
            self.server_line.setText(self.tr("县里服务器：%1").replace("%1", status.server_url or "—"))
        self.sync_button.setEnabled(status.state not in (UNCONFIGURED, SYNCING))

    def _select_newest(self) -> None:
        if self.model.rows:
            self.table.selectRow(0)
            self.show_row(0)
        else:
            self.detail.setText(self.tr("还没有在线同步记录。"))
            self.detail.setStyleSheet(f"color: {MUTED_COLOUR};")

    def show_row(self, row: int) -> None:
        if not 0 <= row < len(self.model.rows):
            return
        item = self.model.rows[row]
        colour = OUTCOMES.get(item.outcome, ("", MUTED_COLOUR))[1]
        self.detail.setText(f"{item.message_zh}\n{item.message_en}" if item.message_en else item.message_zh)
        self.detail.setStyleSheet(f"color: {colour}; padding: 6px 0;")
