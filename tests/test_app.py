"""The desktop window opens on a database and shows what is in it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.app import MainWindow
from forms.store import Store
from tests.factories import add_household, add_member, add_site


def test_main_window_shows_the_open_database(qtbot: QtBot, store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        household = add_household(uow, add_site(uow))
        add_member(uow, household, name="张三")
        add_member(uow, household, name="李四")
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    assert window.summary.text() == "1 户，2 人"
    assert store.path.name in window.windowTitle()


def test_auto_backup_runs_off_the_ui_thread_and_reports_in_the_status_bar(qtbot: QtBot, store: Store) -> None:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.start_auto_backup()
    qtbot.waitUntil(lambda: "自动备份" in window.statusBar().currentMessage(), timeout=10_000)
    assert list((store.path.parent / "station.backups").glob("station-*.sqlite"))
