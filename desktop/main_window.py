"""The main window: a list of screens on the left, the screen on the right, sync and user in the status bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.enter_buttons import EnterPressesButtons
from desktop.help_window import add_help_button
from desktop.households_page import HouseholdsPage
from desktop.login import IdleWatcher
from desktop.status_bar import StatusBar
from desktop.switch_user import UserSwitch, WindowLock
from desktop.tasks import TaskRunner
from forms.accounts import Account
from forms.errors import AnjuError
from forms.version import APP_VERSION

if TYPE_CHECKING:
    from pathlib import Path

    from desktop.dashboard import Dashboard
    from desktop.editor import HouseholdEditor
    from desktop.excel_page import ExcelPage
    from desktop.login import LoginDialog
    from desktop.online_sync import OnlineSync
    from desktop.restore_dialog import ChosenBackup
    from desktop.worklists_page import WorklistsPage
    from forms.clock import ClockDoubt
    from forms.quick_open import FirstPage
    from forms.store import Store

IDLE_LOCK_MINUTES = 10.0
AUTO_BACKUP_CHECK_MS = 60 * 60 * 1000  # the app may stay open for days: check hourly for the day's backup
# What a window's frame adds to its size on Windows (borders, and the title bar at 125% scaling), near enough.
WINDOW_FRAME = QSize(16, 40)

# Screens each role sees (DESIGN.md §1): surveyors record; the station admin also syncs and manages accounts;
# the county clerk reviews and merges.
ROLE_SCREENS = {
    "采集员": ("dashboard", "households", "worklists"),
    "站长": ("dashboard", "households", "worklists", "sync", "sync_log", "excel", "settings"),
    "县级管理员": ("dashboard", "households", "worklists", "sync", "county", "excel", "settings"),
}


class MainWindow(QMainWindow):
    locked = Signal()

    def __init__(
        self,
        store: Store | None,
        account: Account,
        *,
        runner: TaskRunner | None = None,
        idle_minutes: float = IDLE_LOCK_MINUTES,
        path: Path | None = None,
        first_page: FirstPage | None = None,
    ) -> None:
        """The window for ``account``. ``store`` may be None while it loads (see `desktop.app`): the window then
        shows the 住户 table's ``first_page`` from ``path`` at once, and `attach_store` builds the other screens.
        """
        super().__init__()
        self.account = account
        self.runner = runner or TaskRunner(self)
        self.setObjectName("main_window")
        name = store.path.name if store is not None else path.name if path is not None else ""
        self.setWindowTitle(f"安居 Anju {APP_VERSION} — {name}")
        self.resize(1200, 760)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(self.tr("功能导航"))
        self.nav.setFixedWidth(130)
        self.nav.setStyleSheet("QListWidget { font-size: 15px; } QListWidget::item { padding: 10px 8px; }")
        self.stack = QStackedWidget(self)
        self.pages: dict[str, QWidget] = {}
        self._worklists_stale = False  # households changed since 待跟进 last read its lists: read them when shown
        self._editor: HouseholdEditor | None = None  # built when a household is first opened

        central = QWidget(self)
        self._column = QVBoxLayout(central)  # the clock's warning goes above the screens, when there is one
        self._column.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout()
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self._column.addLayout(layout, 1)
        self.setCentralWidget(central)
        self.central = central  # the screens and their list, which the lock hides (`switch_user`)
        self.nav.currentRowChanged.connect(self._show_row)
        self.stack.currentChanged.connect(self._forget_editor_hint)

        self._list_screens(store, first_page)
        self.setStatusBar(StatusBar(self))  # a message too long for a small laptop's bar is cut with … and a tooltip
        add_help_button(self)  # 帮助 in the status bar, and F1: the user guide at the screen on show

        self.online: OnlineSync | None = None
        self._sync_status: QWidget | None = None  # the online sync's state in the status bar, for the 站长
        self.excel: ExcelPage | None = None  # built with the store, for the roles that have 导入导出
        self._editor_return: QWidget = self.households
        self._background_requested: bool | None = None  # start_background_work's backups, when it waits

        self.lock_screen = WindowLock(self)  # also sees that Windows logging off loses nothing
        self.switching = UserSwitch(self)
        self.user_label = self.switching.name_button()  # who is working; a click on it is 换人登录
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().showMessage(self.tr("就绪") if store is not None else self.tr("正在打开数据库…"))

        self._shortcut(self.tr("查找住户"), QKeySequence.StandardKey.Find, self.focus_search)
        self._shortcut(self.tr("锁定"), QKeySequence("Ctrl+L"), self.lock)
        self._shortcut(self.tr("换人登录"), QKeySequence("Ctrl+Shift+L"), self.switch_user)
        self._shortcut(
            self.tr("新增住户"),
            QKeySequence("Ctrl+Shift+N"),
            lambda: self.new_household(self.households.site.currentData()),
        )

        self.idle = IdleWatcher(idle_minutes, self)
        QApplication.instance().installEventFilter(self.idle)  # type: ignore[union-attr]
        self.idle.idle.connect(lambda: self.lock(idle=True))
        QApplication.instance().installEventFilter(EnterPressesButtons(self))  # type: ignore[union-attr]

        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(AUTO_BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(self.start_auto_backup)
        self._backup_timer.timeout.connect(lambda: self.clock.check())  # a date put right meanwhile

        self._store: Store | None = None
        self._open_when_loaded: str | None = None
        #: 设置 → 从备份恢复…: the backup to restore once this window has closed and let go of the database
        self.restore_request: ChosenBackup | None = None
        if store is not None:
            self.attach_store(store)

    def show_fitting(self) -> None:
        """Show the window at its usual size, or maximised on a screen too small for it. Old station laptops have
        1366×768 screens (less the taskbar) or 1024×768 ones; there a window of the usual size would put its
        status bar and the editor's bottom buttons below the screen's edge."""
        screen = self.screen()
        room = screen.availableGeometry().size() if screen is not None else None
        framed = self.size() + WINDOW_FRAME
        if room is not None and (framed.width() > room.width() or framed.height() > room.height()):
            self.showMaximized()
        else:
            self.show()
        if self.stack.currentWidget() is self.households:  # keyboard-first: the first thing typed is a search
            self.households.search.setFocus()

    def _screen_titles(self) -> list[tuple[str, str]]:
        """The screens this role sees, in the order of the navigation list, with their titles."""
        titles = {
            "dashboard": self.tr("工作台"),
            "households": self.tr("住户"),
            "worklists": self.tr("待跟进"),
            "sync": self.tr("同步"),
            "county": self.tr("县级"),
            "sync_log": self.tr("同步记录"),
            "excel": self.tr("导入导出"),  # Excel roster import and ledger export (desktop/excel_page.py)
            "settings": self.tr("设置"),
        }
        screens = ROLE_SCREENS.get(self.account.role, ())
        return [(key, titles[key]) for key in titles if key in screens]

    def _list_screens(self, store: Store | None, first_page: FirstPage | None = None) -> None:
        """Every screen the role sees is listed at once; until the store has loaded, the ones other than 住户
        hold a "loading" placeholder, replaced in attach_store."""
        # 打印户表 for many households at once is an export (whole ID numbers in a loose file): for those who export.
        exports = "excel" in ROLE_SCREENS.get(self.account.role, ())
        self.households = HouseholdsPage(
            store, self.runner, self, first_page=first_page, printing=exports, role=self.account.role
        )
        self.households.open_household.connect(self.open_household)
        self.households.new_household.connect(self.new_household)
        for key, title in self._screen_titles():
            self.add_page(key, title, self.households if key == "households" else self._placeholder())
        self.show_page("households")  # the screen a worker opens the app for

    def _placeholder(self) -> QWidget:
        label = QLabel(self.tr("正在打开数据库…"), self)
        label.setObjectName("loading_placeholder")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    @property
    def store(self) -> Store:
        """The open store; only screens built by attach_store use it, so it is there whenever they run."""
        assert self._store is not None, "the store has not loaded yet"
        return self._store

    @property
    def has_store(self) -> bool:
        return self._store is not None

    def attach_store(self, store: Store) -> None:
        """The store has loaded: build every screen that needs it, and let the 住户 table fetch all its ids."""
        from desktop.dashboard import Dashboard
        from desktop.worklists_page import WorklistsPage

        self._store = store
        self.setWindowTitle(f"安居 Anju {APP_VERSION} — {store.path.name}")
        from desktop.clock_banner import ClockBanner

        self.clock = ClockBanner(store, self.runner, self.account, self)  # its 确认日期 is for some roles only
        self._column.insertWidget(0, self.clock)
        self.clock.doubt_changed.connect(self._clock_checked)
        self.dashboard: Dashboard = Dashboard(store, self.runner, self, role=self.account.role)
        self._replace_page("dashboard", self.dashboard)
        self.worklists: WorklistsPage = WorklistsPage(store, self.runner, self, role=self.account.role)
        self._replace_page("worklists", self.worklists)
        self.worklists.open_household.connect(self.open_household)
        if "sync" in self.pages:
            from desktop.sync_page import SyncPage

            self.sync = SyncPage(store, self.runner, self)
            self._replace_page("sync", self.sync)
            self.sync.data_changed.connect(self.households.model.refresh)
            self.sync.data_changed.connect(self.households.reload_sites)  # an enrolment brings the county's sites
            self.sync.data_changed.connect(self._households_changed)
        if "county" in self.pages:
            from desktop.county import CountyPage

            self.county = CountyPage(store, self.runner, self.account, self)
            self._replace_page("county", self.county)
            self.county.open_household.connect(self.open_household)
        if self.account.role != "县级管理员":  # stations push to the county server when they can reach it
            from desktop.online_sync import OnlineSync
            from desktop.sync_log_page import SyncLogPage, SyncStatusWidget

            if self.online is None:  # kept through 换人登录: it is the station's, not a person's
                self.online = OnlineSync(store, self.runner, self)
                # A return file that changed records (the county's or another station's edits) changes the counts,
                # and the 住户 list: a household the county sent stayed out of it until the program was restarted.
                self.online.exchanged.connect(lambda record: self._online_changes(record.updated))
            # The 站长 syncs (DESIGN.md §1): only a role with the 同步 screens sees the state and 立即同步. A 采集员's
            # window exchanges in the background all the same, so what she records reaches the county.
            if "sync_log" in self.pages:
                status = self._sync_status = SyncStatusWidget(self.online, self)
                self.statusBar().insertPermanentWidget(0, status)
                self._replace_page("sync_log", SyncLogPage(store, self.runner, self.online, self))
                status.open_log.connect(lambda: self.show_page("sync_log"))
                status.open_household.connect(self.open_household)
        if "excel" in self.pages:
            from desktop.excel_page import ExcelPage

            excel = self.excel = ExcelPage(store, self.runner, self.account, self)
            self._replace_page("excel", excel)
            for refresh in (self.households.model.refresh, self.dashboard.refresh, self.worklists.refresh_counts):
                excel.data_changed.connect(refresh)  # an import changes households: every table re-reads
        if "settings" in self.pages:
            from desktop.settings_page import SettingsPage

            settings = SettingsPage(store, self.runner, self.account, self)
            self._replace_page("settings", settings)
            settings.rules_changed.connect(self.recount)
            settings.restore_requested.connect(self.close_to_restore)
        self.households.attach_store(store)
        self.statusBar().showMessage(self.tr("就绪"), 3000)
        if self._background_requested is not None:
            self.start_background_work(backups=self._background_requested)
        if self._open_when_loaded is not None:
            self.open_household(self._open_when_loaded)
            self._open_when_loaded = None

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

    def _replace_page(self, key: str, page: QWidget) -> None:
        """Put the built screen where its placeholder was (and on show, if the placeholder was on show)."""
        if key not in self.pages:
            page.hide()
            return
        placeholder = self.pages[key]
        showing = self.stack.currentWidget() is placeholder
        self.stack.insertWidget(self.stack.indexOf(placeholder), page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.pages[key] = page
        if showing:
            self.stack.setCurrentWidget(page)

    def show_page(self, key: str) -> None:
        page = self.pages[key]
        self.nav.setCurrentRow(list(self.pages.values()).index(page))
        self.stack.setCurrentWidget(page)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            page = list(self.pages.values())[row]
            self.stack.setCurrentWidget(page)
            if self._worklists_stale and page is self.pages.get("worklists") and self._store is not None:
                self._refresh_worklists()

    def _forget_editor_hint(self) -> None:
        """The editor's Ctrl+Tab hint is about its pages: once another screen is shown it would only mislead."""
        editor, bar = self._editor, self.statusBar()
        shown = self.stack.currentWidget()
        # Only the hint itself: a message said since (已保存 …) stays.
        if editor is not None and shown is not editor and bar.currentMessage() == editor.tabs.part_hint():
            bar.clearMessage()

    def _households_changed(self) -> None:
        """Households changed (an edit from any screen, a return file, an online exchange): the 工作台 counts again
        now, and 待跟进 reads its lists again when it is next shown (at once if it is on screen)."""
        if self._store is None:
            return
        self.dashboard.refresh()
        self._worklists_stale = True
        if self.stack.currentWidget() is self.worklists:
            self._refresh_worklists()

    def _online_changes(self, updated: int) -> None:
        """An online exchange changed ``updated`` records here: every list of households reads them again, for
        whoever is working (the exchange is the station's; the screens are rebuilt at 换人登录, so look them up)."""
        if not updated or self._store is None:
            return
        self.households.model.refresh()
        self.households.reload_sites()  # an enrolment's sites, or a site the county added
        self._households_changed()

    def _refresh_worklists(self) -> None:
        self._worklists_stale = False
        self.worklists.refresh_counts()
        self.worklists.show_current()  # a household edited may have left the list, or joined another

    def focus_search(self) -> None:
        self.show_page("households")
        self.households.search.setFocus()
        self.households.search.selectAll()

    def _shortcut(self, text: str, keys: QKeySequence | QKeySequence.StandardKey, slot: Callable[[], None]) -> None:
        action = QAction(text, self)
        action.setShortcut(keys)
        action.triggered.connect(slot)
        self.addAction(action)

    # ---- the lock and 换人登录 (desktop.switch_user) -----------------------------------------------------------------

    def lock(self, *, idle: bool = False, switching: bool = False) -> None:
        """Hide the data behind a password prompt (idle, Ctrl+L, 换人登录); see `WindowLock`."""
        self.lock_screen.lock(idle=idle, switching=switching)

    @property
    def is_locked(self) -> bool:
        return self.lock_screen.dialog is not None

    @property
    def lock_dialog(self) -> LoginDialog | None:
        return self.lock_screen.dialog

    @property
    def open_editor(self) -> HouseholdEditor | None:
        """The household editor if it was ever opened (`editor` would build it)."""
        return self._editor

    def switch_user(self) -> None:
        """Hand the laptop to a colleague: lock, for them to log in with their own name (`desktop.switch_user`)."""
        self.switching.from_window()

    def rebuild_for(self, account: Account) -> None:
        """换人登录 (`desktop.switch_user`): every screen made for the person leaving goes (a 采集员 after a 站长 must
        not keep 同步 or 设置, nor the editor saving under the 站长's name); the next person's are built as at start.
        The online sync stays."""
        store = self.store
        self.account = account
        self.switching.show_user()
        if self._editor is not None:
            self.stack.removeWidget(self._editor)
            self._editor.deleteLater()
            self._editor = None
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages = {}
        self.nav.clear()
        self._column.removeWidget(self.clock)
        self.clock.deleteLater()
        if self._sync_status is not None:
            self.statusBar().removeWidget(self._sync_status)
            self._sync_status.deleteLater()
            self._sync_status = None
        self.excel = None
        for gone in ("sync", "county"):  # screens only some roles have
            self.__dict__.pop(gone, None)
        had_online = self.online is not None
        if self.online is not None and account.role == "县级管理员":  # a county account has no station to sync
            self.online.stop()
            self.online.deleteLater()
            self.online = None
        self._worklists_stale = False
        self._list_screens(store)
        self._editor_return = self.households
        self.attach_store(store)
        self._fill_screens()
        self.ask_to_choose_password()
        if self.online is not None and not had_online:
            self.online.start()

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
            editor.saved.connect(lambda _household: setattr(self, "_worklists_stale", True))
            editor.status_changed.connect(lambda household, _status: self.households.model.forget(household))
            editor.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            editor.session.doubt_clock(self.clock.doubt)
            self._editor = editor
        return self._editor

    def open_household(self, household_id: str) -> None:
        """Show one household in the editor; Esc brings back the screen it was opened from."""
        if self._store is None:  # a row of the first page, opened while the store loads: open it when it has
            self._open_when_loaded = household_id
            self.statusBar().showMessage(self.tr("正在打开数据库，马上打开这一户…"))
            return
        current = self.stack.currentWidget()
        if current is not None and current is not self.editor:  # None (no screen yet): the way back stays
            self._editor_return = current
        self.stack.setCurrentWidget(self.editor)
        self.editor.open(household_id)

    def new_household(self, site_id: str | None = None) -> None:
        """A household the survey finds that is not in the list yet: the editor starts it at ``site_id`` (the site
        the 住户 list is filtered to; the only site, or one to pick, when None). It is written with its first
        answer, and the list shows it once the editor closes."""
        if self._store is None:
            self.statusBar().showMessage(self.tr("正在打开数据库，请稍候再新增住户。"), 5000)
            return
        current = self.stack.currentWidget()
        if current is not None and current is not self.editor:  # None (no screen yet): the way back stays
            self._editor_return = current
        self.stack.setCurrentWidget(self.editor)
        self.editor.new_household(site_id)

    def close_editor(self) -> None:
        self.stack.setCurrentWidget(self._editor_return)
        household = self.editor.household_id
        if household is not None and household not in self.households.model.ids:
            self.households.model.refresh()  # a new household: the list finds it (if it matches the filter)
        if self._editor_return is self.worklists or self._worklists_stale:
            self._households_changed()
        else:
            self.dashboard.refresh()

    def open_next_household(self, current_id: str) -> None:
        """Ctrl+PgDown in the editor: the next household in the 住户 table's current order."""
        ids = self.households.model.ids
        if current_id in ids and ids.index(current_id) + 1 < len(ids):
            self.editor.open(ids[ids.index(current_id) + 1])
        else:
            self.statusBar().showMessage(self.tr("已经是最后一户。"), 5000)

    def recount(self) -> None:
        """The labour rule's settings changed: count the dashboard and the worklists again at once."""
        self.dashboard.refresh()
        self.worklists.refresh_counts()
        self.worklists.show_current()

    def start_background_work(self, *, backups: bool = True) -> None:
        """Fill the screens and start the day's backup; waits for attach_store when the store is loading."""
        if self._store is None:
            self._background_requested = backups
            return
        self._background_requested = None
        self._fill_screens()
        self.ask_to_choose_password()
        if self.online is not None:
            self.online.start()
        if backups:
            self.start_auto_backup()
            self._backup_timer.start()

    def ask_to_choose_password(self) -> None:
        """Just logged in (at the start, or 换人登录) with a password someone else typed: ask for one's own."""
        from desktop.password_dialog import ask_to_choose_own

        ask_to_choose_own(self.store, self.account, self)

    def _fill_screens(self) -> None:
        """What every screen reads once the store is there (at start, and for the next person at 换人登录)."""
        self.households.model.refresh()
        self.dashboard.refresh()
        # 待跟进 counts its lists when it is first shown: counted here, a county's nine lists (seconds each) stood in
        # the database's queue before the first search typed.
        self._worklists_stale = True
        if self.stack.currentWidget() is self.pages.get("worklists"):
            self._refresh_worklists()
        self.clock.check()

    def _clock_checked(self, doubt: ClockDoubt | None) -> None:
        """Every screen that counts ages and lists counts from the same day: while the computer's date cannot be
        today, the latest day known to have come (the editor, the 工作台 and 待跟进 alike), not 2009."""
        if self._editor is not None:
            self._editor.session.doubt_clock(doubt)
        working_day = doubt.known if doubt is not None else None
        if working_day != self.dashboard.working_day:
            self.dashboard.working_day = self.worklists.working_day = working_day
            if self.excel is not None:
                self.excel.set_working_day(working_day)
            self._households_changed()  # counted again from that day

    def start_auto_backup(self) -> None:
        """The day's backup, beside the database's queue rather than in it: it reads through a connection of its own
        (in WAL mode that read holds up no save and no search), step by step on a low-priority thread, so the
        first search typed after login is not answered only once a county's 470 MB have been copied and checked."""
        from forms.backup import auto_backup

        path = self.store.path

        def done(made: object) -> None:
            if made is not None:
                self.statusBar().showMessage(self.tr("今日自动备份已保存"), 5000)
            self._pack_backups()

        self.runner.start(
            lambda progress: auto_backup(path, pack=False, between_steps=progress.check),
            on_done=done,
            on_error=self._backup_failed,
            owner=self,
            alongside=True,
        )

    def _pack_backups(self) -> None:
        """Compress the daily backups beside the database work: a three-year station's copy takes seconds of one
        core, and the households opened meanwhile must not wait behind it in the database's queue. Closing the app
        stops it; the plain copy is then the day's backup, compressed at the next start."""
        from forms.backup import pack_auto_backups

        path = self.store.path
        self.runner.start(
            lambda progress: pack_auto_backups(path, progress.check),
            on_error=self._backup_failed,
            owner=self,
            droppable=True,
            alongside=True,
        )

    def _backup_failed(self, exc: BaseException, _traceback: str) -> None:
        self.statusBar().showMessage(self.tr("自动备份失败：") + _one_line(exc))

    def close_to_restore(self, chosen: ChosenBackup) -> None:
        """Close the window so the database can be restored (`desktop.app.restore_and_reopen`): the restore refuses
        a database this program still holds, and the screens would go on showing the old data. Closing asks first,
        as ever, when an import runs or the editor holds an unsaved change; answered No, nothing is restored."""
        self.restore_request = chosen
        if not self.close():
            self.restore_request = None

    def closeEvent(self, event: QCloseEvent) -> None:
        # Locked, closing is 退出安居; else it asks before it cancels an import or loses what cannot be saved.
        if not self.lock_screen.may_close():
            event.ignore()
            return
        self.lock_screen.closed()
        QApplication.instance().removeEventFilter(self.idle)  # type: ignore[union-attr]
        self._backup_timer.stop()
        if self.online is not None:
            self.online.stop()
        self.runner.shutdown()  # queued reads are dropped; saves already running finish
        super().closeEvent(event)


def _one_line(exc: BaseException) -> str:
    """An error for the status bar, which shows one line: 中文（English）, as the editor says a failed save."""
    return f"{exc.zh}（{exc.en}）" if isinstance(exc, AnjuError) else f"{type(exc).__name__}: {exc}"
