"""The Qt application entry: open a database, log in (or create the first account), show the main window.

Nothing heavy comes before the first screen. For a database already at this program's schema, the login
dialog checks the password and the 住户 table shows its first page with plain sqlite3 (`forms.quick_open`),
while the store (SQLAlchemy, the models, the rules: most of the start-up time) loads in the background
(`desktop.store_loading`); the other screens are built when it is there. A new database, one to upgrade, or a
file that is not right takes the old path: open the store first, with its messages and its upgrade copy.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from desktop.collector import CollectorOnGuiThread
from desktop.crash_dialog import CLOSING, RUNNING, enter_phase, install_crash_handling
from desktop.error_log import set_database
from desktop.help_window import guide_text
from desktop.household_model import PAGE
from desktop.i18n import install_translator
from desktop.login import FirstRunDialog, LoginDialog
from desktop.main_window import MainWindow
from desktop.missing_database import find_missing_database
from desktop.restore_dialog import ChosenBackup, choose_backup, restore_chosen, tell_restored
from desktop.store_loading import StoreLoading, tell_cannot_open
from desktop.tasks import TaskRunner
from desktop.unwritable_database import find_writable_database
from forms.accounts import Account
from forms.errors import AnjuError
from forms.quick_open import QuickDatabase
from forms.resources import resource_path

if TYPE_CHECKING:
    from forms.store import Store

SELFTEST_ACCOUNT = Account("selftest", "自检", "县级管理员")


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv)
    app.setOrganizationName("Anju")
    app.setApplicationName("Anju")
    app.setApplicationDisplayName("安居 Anju")
    app.setWindowIcon(QIcon(str(resource_path("icons", "anju.png"))))
    install_translator(app, str(QSettings().value("language", "zh_CN")))
    return app


def app_data_folder() -> Path:
    """This user's data folder for Anju: the station database by default, and the program's log (``logs/``)."""
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def default_database(*, ask: bool = True) -> Path | None:
    """The last database opened, or a station database in the user's data folder. When the last one is not there
    (its stick is out) the user is asked what to open (`desktop.missing_database`; ``ask=False``, the self-test:
    said on stderr); None: nothing to open."""
    folder = app_data_folder()
    local = folder / "anju.db"
    last = QSettings().value("last_database")
    if isinstance(last, str) and last and Path(last) != local:
        if Path(last).exists():
            return Path(last)
        if not ask:
            zh, en = f"找不到上次使用的数据库“{last}”。", f"The last database, “{last}”, is not there."
            tell_cannot_open(zh, en, quiet=True)
            return None
        chosen = find_missing_database(Path(last), local)
        if chosen != local:
            return chosen
    folder.mkdir(parents=True, exist_ok=True)
    return local


def open_store(db: Path, *, quiet: bool = False) -> Store | None:
    from forms.store import Store

    try:
        return Store.open(db)
    except AnjuError as exc:
        tell_cannot_open(exc.zh, exc.en, quiet=quiet)
        return None


def log_in(store: Store) -> tuple[Account | None, Store | None]:
    """Log in, or on a database without accounts create the first one. A station's new laptop may instead restore
    the station's backup (从备份恢复…): the store is closed (the restore refuses a database this program still
    holds), the backup restored, the database opened again and its accounts log in. Returns the account (None:
    cancelled) and the store now open (None: it could not be opened again, the user was told)."""
    from forms.users import has_users

    while True:
        first_run = not has_users(store)
        dialog: FirstRunDialog | LoginDialog = FirstRunDialog(store) if first_run else LoginDialog(store)
        answer = dialog.exec()
        if answer == QDialog.DialogCode.Accepted:
            return dialog.account, store
        if not first_run or answer != FirstRunDialog.RESTORE:
            return None, store
        chosen = choose_backup(None, store.path)
        if chosen is None:
            continue  # cancelled, or told why that file cannot be restored: the first-run dialog again
        path = store.path
        store.close()
        result = restore_chosen(None, chosen, path)
        reopened = open_store(path)
        if reopened is None:
            return None, None
        store = reopened
        if result is not None:
            tell_restored(None, result)


def run(db: Path | None, *, selftest: bool = False) -> int:
    """The app, from the database to open to the window closed. An error no one caught is logged and told in one
    message (`desktop.crash_dialog`): in a slot, the app goes on; here, in the start itself, the app ends."""
    app = application()
    crashes = install_crash_handling(app_data_folder(), selftest=selftest)
    collector = CollectorOnGuiThread(app)  # before the first dialog, whose cycles must not be freed on a task thread
    try:
        return start(app, db, selftest=selftest)
    except Exception as exc:
        return crashes.failed(exc)
    finally:
        collector.stop()


def start(app: QApplication, db: Path | None, *, selftest: bool) -> int:
    path = db or default_database(ask=not selftest)
    if path is not None:  # one that cannot be saved to is not opened: the worker would type in vain
        path = find_writable_database(path, quiet=selftest)
    if path is None:
        return 2
    set_database(path)
    quick = QuickDatabase.open(path)
    if quick is None:  # new, older, newer or damaged: the store explains, upgrades or creates
        return run_after_opening(app, path, selftest=selftest)
    runner = TaskRunner()
    loading = StoreLoading(path, runner, quiet=selftest)
    if selftest:
        account: Account | None = SELFTEST_ACCOUNT
    elif not quick.has_users():  # the first run writes an account (or restores a backup): that needs the store
        store = loading.wait()
        if store is None:
            return close_when_loaded(loading, runner, failed=True)
        runner.wait()
        return log_in_and_show(app, store)
    else:
        loading.start()  # while the worker types her password
        dialog = LoginDialog(quick)
        account = dialog.account if dialog.exec() == QDialog.DialogCode.Accepted else None
    if account is None or loading.error is not None:
        return close_when_loaded(loading, runner, failed=loading.error is not None)
    if not selftest:
        QSettings().setValue("last_database", str(path))
    window = MainWindow(None, account, runner=runner, path=path, first_page=quick.first_page(PAGE))
    return show(app, window, loading.then(window.attach_store), selftest=selftest)


def run_after_opening(app: QApplication, path: Path, *, selftest: bool) -> int:
    """The path that opens the store before anything is shown: a first run, or a database to upgrade."""
    store = open_store(path, quiet=selftest)
    while store is None and not selftest:
        chosen, _ = QFileDialog.getOpenFileName(
            None,
            QCoreApplication.translate("app", "选择安居数据库"),
            str(path.parent),
            QCoreApplication.translate("app", "数据库 (*.db *.sqlite)"),
        )
        found = find_writable_database(Path(chosen)) if chosen else None
        if found is None:
            return 2
        set_database(found)
        store = open_store(found)
    if store is None:
        return 2
    if selftest:
        window = MainWindow(store, SELFTEST_ACCOUNT)
        return show(app, window, StoreLoading.done(store, window.runner), selftest=True)
    return log_in_and_show(app, store)


def log_in_and_show(app: QApplication, store: Store) -> int:
    """The login (or the first run) on an open store, then the window."""
    account, opened = log_in(store)
    if account is None or opened is None:
        if opened is not None:
            opened.close()
        return 0 if opened is not None else 2
    QSettings().setValue("last_database", str(opened.path))
    window = MainWindow(opened, account)
    loaded = StoreLoading.done(opened, window.runner)
    return show(app, window, loaded, selftest=False)


def show(app: QApplication, window: MainWindow, loading: StoreLoading, *, selftest: bool) -> int:
    window.show_fitting()
    enter_phase(RUNNING)
    QTimer.singleShot(0, loading.start)  # once the window is drawn, unless it started during the login
    window.start_background_work(backups=not selftest)  # waits for the store if it is still loading
    if selftest:
        # Print when the table is on screen; exit 0 once the store has loaded and the table holds every id:
        # the window, the database and both ways of reading it work. The user guide (F1) must be there too.
        guide_text()
        QTimer.singleShot(0, lambda: print("selftest: household table shown", flush=True))
        window.households.model.counted.connect(lambda _n: QTimer.singleShot(0, app.quit))
        window.households.model.failed.connect(lambda _msg: app.exit(3))
    loading.failed.connect(lambda: app.exit(2))
    code = app.exec()
    enter_phase(CLOSING)
    restoring = window.restore_request  # 设置 → 从备份恢复…: the window closed for it
    let_go(window, loading.store)
    if restoring is not None and loading.store is not None:
        return restore_and_reopen(restoring, loading.store.path)
    return code


def let_go(window: MainWindow, store: Store | None) -> None:
    """Once the window has closed: finish its work and close the store. For a restore the window is deleted too,
    so that nothing it had queued (a screen's read answered just as it closed, which starts the next one) opens
    the database again: the restore would refuse it as open in another program."""
    runner = window.runner
    runner.wait()
    if window.restore_request is not None:
        runner.setParent(None)  # kept to wait on: the window made it, when the store opened before the window
        shiboken6.delete(window)  # its screens go, and the callbacks bound to them are dropped (`TaskRunner`)
        QCoreApplication.processEvents()  # what was queued for them arrives now, and is dropped
        runner.wait()
    if store is not None:
        store.close()


def restore_and_reopen(chosen: ChosenBackup, path: Path) -> int:
    """Restore the backup the 站长 chose in 设置 into ``path``, now that the window and its store are closed,
    then open the database again, from the login (the accounts are the backup's). A restore that fails changes
    nothing: the database opens as it was."""
    from sync.outbox import sent_and_held

    before = sent_and_held(path)  # how far this station's changes went before the backup replaces them
    result = restore_chosen(None, chosen, path)
    if result is not None:
        tell_restored(None, result, before)
    return run(path)


def close_when_loaded(loading: StoreLoading, runner: TaskRunner, *, failed: bool) -> int:
    """The login was cancelled, or the store failed to open: let the background open end, close what it opened."""
    runner.wait()
    if loading.store is not None:
        loading.store.close()
    return 2 if failed else 0
