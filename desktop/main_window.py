"""The main window: a list of screens on the left, the screen on the right, sync and user in the status bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop.county import CountyPage
from desktop.dashboard import Dashboard
from desktop.households_page import HouseholdsPage
from desktop.login import IdleWatcher, LoginDialog
from desktop.online_sync import OnlineSync
from desktop.settings_page import SettingsPage
from desktop.sync_log_page import SyncLogPage, SyncStatusWidget
from desktop.sync_page import SyncPage
from desktop.tasks import TaskRunner
from desktop.worklists_page import WorklistsPage
from forms.store import Store
from forms.users import Account
from forms.version import APP_VERSION

if TYPE_CHECKING:
    from desktop.editor import HouseholdEditor

IDLE_LOCK_MINUTES = 10.0
AUTO_BACKUP_CHECK_MS = 60 * 60 * 1000  # the app may stay open for days: check hourly for the day's backup

ROLE_NAMES = (
    QT_TRANSLATE_NOOP("MainWindow", "采集员"),
    QT_TRANSLATE_NOOP("MainWindow", "站长"),
    QT_TRANSLATE_NOOP("MainWindow", "县级管理员"),
)

# Screens each role sees (DESIGN.md §1): surveyors record; the station admin also syncs and manages accounts;
# the county clerk reviews and merges.
ROLE_SCREENS = {
    "采集员": ("dashboard", "households", "worklists"),
    "站长": ("dashboard", "households", "worklists", "sync", "sync_log", "reports", "settings"),
    "县级管理员": ("dashboard", "households", "worklists", "sync", "reports", "county", "settings"),
}


class MainWindow(QMainWindow):
    locked = Signal()

    def __init__(
        self,
        store: Store,
        account: Account,
        *,
        runner: TaskRunner | None = None,
        idle_minutes: float = IDLE_LOCK_MINUTES,
    ) -> None:
        super().__init__()
        self.store = store
        self.account = account
        self.runner = runner or TaskRunner(self)
        self.setObjectName("main_window")
        self.setWindowTitle(f"安居 Anju {APP_VERSION} — {store.path.name}")
        self.resize(1200, 760)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(self.tr("功能导航"))
        self.nav.setFixedWidth(130)
        self.nav.setStyleSheet("QListWidget { font-size: 15px; } QListWidget::item { padding: 10px 8px; }")
        self.stack = QStackedWidget(self)
        self.pages: dict[str, QWidget] = {}

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_row)

        self.dashboard = Dashboard(store, self.runner, self)
        self.add_page("dashboard", self.tr("工作台"), self.dashboard)
        self.households = HouseholdsPage(store, self.runner, self)
        self.add_page("households", self.tr("住户"), self.households)
        self.worklists = WorklistsPage(store, self.runner, self)
        self.add_page("worklists", self.tr("待跟进"), self.worklists)
        screens = ROLE_SCREENS.get(account.role, ())
        if "sync" in screens:
            self.sync = SyncPage(store, self.runner, self)
            self.add_page("sync", self.tr("同步"), self.sync)
            self.sync.data_changed.connect(self.households.model.refresh)
        if "county" in screens:
            self.county = CountyPage(store, self.runner, account, self)
            self.add_page("county", self.tr("县级"), self.county)
            self.county.open_household.connect(self.open_household)
        self.online: OnlineSync | None = None
        if account.role != "县级管理员":  # stations push to the county server when they can reach it
            self.online = OnlineSync(store, self.runner, self)
            status = SyncStatusWidget(self.online, self)
            self.statusBar().addPermanentWidget(status)
            if "sync_log" in screens:
                self.add_page("sync_log", self.tr("同步记录"), SyncLogPage(store, self.runner, self.online, self))
                status.open_log.connect(lambda: self.show_page("sync_log"))
        if "settings" in screens:
            self.add_page("settings", self.tr("设置"), SettingsPage(store, self.runner, account, self))
        for page in (self.households, self.worklists):
            page.open_household.connect(self.open_household)
        self._editor: HouseholdEditor | None = None  # built when a household is first opened
        self._editor_return: QWidget = self.households

        role = self.tr(account.role)  # the roles are marked for translation in ROLE_NAMES
        self.user_label = QLabel(self.tr("%1（%2）").replace("%1", account.display_name).replace("%2", role), self)
        self.user_label.setObjectName("current_user")
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().showMessage(self.tr("就绪"))

        self._shortcut(self.tr("查找住户"), QKeySequence.StandardKey.Find, self.focus_search)
        self._shortcut(self.tr("锁定"), QKeySequence("Ctrl+L"), self.lock)

        self.idle = IdleWatcher(idle_minutes, self)
        QApplication.instance().installEventFilter(self.idle)  # type: ignore[union-attr]
        self.idle.idle.connect(self.lock)
        self._lock_dialog: LoginDialog | None = None

        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(AUTO_BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(self.start_auto_backup)

    # ---- screens ------------------------------------------------------------------------------------------------

    def add_page(self, key: str, title: str, page: QWidget) -> None:
        """Add a screen if the current role may see it."""
        if key not in ROLE_SCREENS.get(self.account.role, ()):
            page.hide()
            return
        self.pages[key] = page
        self.stack.addWidget(page)
        item = QListWidgetItem(title, self.nav)
        item.setData(Qt.ItemDataRole.UserRole, key)
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)

    def show_page(self, key: str) -> None:
        page = self.pages[key]
        self.nav.setCurrentRow(list(self.pages.values()).index(page))
        self.stack.setCurrentWidget(page)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.stack.setCurrentWidget(list(self.pages.values())[row])

    def focus_search(self) -> None:
        self.show_page("households")
        self.households.search.setFocus()
        self.households.search.selectAll()

    def _shortcut(self, text: str, keys: QKeySequence | QKeySequence.StandardKey, slot: Callable[[], None]) -> None:
        action = QAction(text, self)
        action.setShortcut(keys)
        action.triggered.connect(slot)
        self.addAction(action)

    # ---- idle lock ------------------------------------------------------------------------------------------------

    def lock(self) -> None:
        """Hide the data behind a password prompt; only the same user's password unlocks it."""
        if self._lock_dialog is not None:
            return
        self.locked.emit()
        self.centralWidget().hide()
        dialog = LoginDialog(self.store, self, username=self.account.username, locked=True)
        self._lock_dialog = dialog
        dialog.accepted.connect(self._unlock)
        dialog.open()

    def _unlock(self) -> None:
        self._lock_dialog = None
        self.centralWidget().show()
        self.idle.restart()

    @property
    def is_locked(self) -> bool:
        return self._lock_dialog is not None

    # ---- background work ------------------------------------------------------------------------------------------

    @property
    def editor(self) -> HouseholdEditor:
        """The household editor: not a screen in the list; it opens from a household and goes back to it.

        Built on first use, so start-up does not pay for rendering the questionnaire.
        """
        if self._editor is None:
            from desktop.editor import HouseholdEditor

            editor = HouseholdEditor(self.store, self.runner, self.account, self)
            self.stack.addWidget(editor)
            editor.back_requested.connect(self.close_editor)
            editor.next_requested.connect(self.open_next_household)
            editor.saved.connect(self.households.model.forget)
            editor.status_changed.connect(lambda household, _status: self.households.model.forget(household))
            editor.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self._editor = editor
        return self._editor

    def open_household(self, household_id: str) -> None:
        """Show one household in the editor; Esc brings back the screen it was opened from."""
        current = self.stack.currentWidget()
        if current is not self.editor:
            self._editor_return = current
        self.stack.setCurrentWidget(self.editor)
        self.editor.open(household_id)

    def close_editor(self) -> None:
        self.stack.setCurrentWidget(self._editor_return)
        if self._editor_return is self.worklists:
            self.worklists.refresh_counts()
        self.dashboard.refresh()

    def open_next_household(self, current_id: str) -> None:
        """Ctrl+PgDown in the editor: the next household in the 住户 table's current order."""
        ids = self.households.model.ids
        if current_id in ids and ids.index(current_id) + 1 < len(ids):
            self.editor.open(ids[ids.index(current_id) + 1])
        else:
            self.statusBar().showMessage(self.tr("已经是最后一户。"), 5000)

    def start_background_work(self, *, backups: bool = True) -> None:
        self.households.model.refresh()
        self.dashboard.refresh()
        self.worklists.refresh_counts()
        if self.online is not None:
            self.online.start()
        if backups:
            self.start_auto_backup()
            self._backup_timer.start()

    def start_auto_backup(self) -> None:
        from forms.backup import auto_backup

        path = self.store.path

        def done(made: object) -> None:
            if made is not None:
                self.statusBar().showMessage(self.tr("今日自动备份已保存"), 5000)

        self.runner.start(
            lambda _progress: auto_backup(path),
            on_done=done,
            on_error=lambda exc, _tb: self.statusBar().showMessage(self.tr("自动备份失败：") + str(exc)),
            owner=self,
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._editor is not None:
            self._editor.flush()  # the field being typed is saved too
        QApplication.instance().removeEventFilter(self.idle)  # type: ignore[union-attr]
        self._backup_timer.stop()
        if self.online is not None:
            self.online.stop()
        self.runner.shutdown()  # queued reads are dropped; saves already running finish
        super().closeEvent(event)
