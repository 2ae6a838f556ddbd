"""The Qt application entry: open a database and show the main window.

For now the main window is a plain overview of the open database; the screens of DESIGN.md §6 come next.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSettings, QStandardPaths, QThreadPool, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)
from sqlalchemy import func, select

from forms.errors import AnjuError
from forms.records import Household, Member
from forms.schema import HEAD_REVISION
from forms.store import Store
from forms.version import APP_VERSION


class _BackupSignals(QObject):
    finished = Signal(str)


class AutoBackupTask(QRunnable):
    """Today's rolling backup, made off the UI thread after the window is up."""

    def __init__(self, db: Path) -> None:
        super().__init__()
        self.db = db
        self.signals = _BackupSignals()

    def run(self) -> None:
        from forms.backup import auto_backup

        try:
            made = auto_backup(self.db)
            self.signals.finished.emit(f"今日自动备份已保存：{made.name}" if made else "今日已有自动备份")
        except AnjuError as exc:
            self.signals.finished.emit(f"自动备份失败：{exc.zh}")


class MainWindow(QMainWindow):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle(f"安居 Anju {APP_VERSION} — {store.path.name}")
        self.resize(900, 600)
        central = QWidget(self)
        form = QFormLayout(central)
        with store.reading() as session:
            households = session.scalar(
                select(func.count()).select_from(Household).where(Household.deleted_at.is_(None))
            )
            members = session.scalar(select(func.count()).select_from(Member).where(Member.deleted_at.is_(None)))
        self.summary = QLabel(f"{households} 户，{members} 人", central)
        self.summary.setObjectName("summary")
        form.addRow("数据库：", QLabel(str(store.path), central))
        form.addRow("站点编号：", QLabel(store.station_id, central))
        form.addRow("数据结构版本：", QLabel(HEAD_REVISION, central))
        form.addRow("住户：", self.summary)
        self.setCentralWidget(central)
        self.statusBar().showMessage("就绪")

    def start_auto_backup(self) -> None:
        task = AutoBackupTask(self.store.path)
        task.signals.finished.connect(self.statusBar().showMessage)
        QThreadPool.globalInstance().start(task)


def default_database() -> Path:
    """The last database opened, or a station database in the user's data folder."""
    last = QSettings("Anju", "Anju").value("last_database")
    if isinstance(last, str) and Path(last).exists():
        return Path(last)
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "anju.db"


def open_store(db: Path) -> Store | None:
    try:
        return Store.open(db)
    except AnjuError as exc:
        QMessageBox.critical(None, "无法打开数据库", f"{exc.zh}\n\n{exc.en}")
        return None


def run(db: Path | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("安居 Anju")
    path = db or default_database()
    store = open_store(path)
    while store is None:
        chosen, _ = QFileDialog.getOpenFileName(None, "选择安居数据库", str(path.parent), "数据库 (*.db *.sqlite)")
        if not chosen:
            return 2
        store = open_store(Path(chosen))
    QSettings("Anju", "Anju").setValue("last_database", str(store.path))
    window = MainWindow(store)
    window.show()
    window.start_auto_backup()
    code = app.exec()
    QThreadPool.globalInstance().waitForDone()
    store.close()
    return code
