"""The Qt application entry: open a database, log in (or create the first account), show the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from desktop.i18n import install_translator
from desktop.login import FirstRunDialog, LoginDialog
from desktop.main_window import MainWindow
from forms.errors import AnjuError
from forms.resources import resource_path
from forms.store import Store
from forms.users import Account, has_users


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


def default_database() -> Path:
    """The last database opened, or a station database in the user's data folder."""
    last = QSettings().value("last_database")
    if isinstance(last, str) and Path(last).exists():
        return Path(last)
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "anju.db"


def open_store(db: Path, *, quiet: bool = False) -> Store | None:
    try:
        return Store.open(db)
    except AnjuError as exc:
        if quiet:  # the self-test runs unattended: a dialog would wait for nobody
            print(f"错误：{exc.zh}\nError: {exc.en}", file=sys.stderr)
        else:
            QMessageBox.critical(None, "无法打开数据库 / Cannot open the database", f"{exc.zh}\n\n{exc.en}")
        return None


def log_in(store: Store) -> Account | None:
    dialog: FirstRunDialog | LoginDialog = FirstRunDialog(store) if not has_users(store) else LoginDialog(store)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.account


def run(db: Path | None, *, selftest: bool = False) -> int:
    app = application()
    path = db or default_database()
    store = open_store(path, quiet=selftest)
    while store is None and not selftest:
        chosen, _ = QFileDialog.getOpenFileName(
            None,
            QCoreApplication.translate("app", "选择安居数据库"),
            str(path.parent),
            QCoreApplication.translate("app", "数据库 (*.db *.sqlite)"),
        )
        if not chosen:
            return 2
        store = open_store(Path(chosen))
    if store is None:
        return 2
    if selftest:
        account: Account | None = Account("selftest", "自检", "县级管理员")
    else:
        account = log_in(store)
        if account is None:
            store.close()
            return 0
        QSettings().setValue("last_database", str(store.path))
    window = MainWindow(store, account)
    window.show()
    window.start_background_work(backups=not selftest)
    if selftest:
        # Exit 0 once the household table holds its first rows: the window, the database and a query all work.
        window.households.model.counted.connect(lambda _n: QTimer.singleShot(0, app.quit))
        window.households.model.failed.connect(lambda _msg: app.exit(3))
    code = app.exec()
    window.runner.wait()
    store.close()
    return code
