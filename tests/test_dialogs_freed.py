"""A dialog the user has closed is deleted on the GUI thread, as soon as the code that showed it lets it go.

Python's cyclic garbage collector runs on whichever thread happens to allocate, and background work (a backup, the
store loading after the login) runs Python on `desktop.tasks.TaskRunner`'s threads. A dialog kept alive by a
reference cycle was deleted there: Qt cannot stop a widget's timers from another thread, so they stayed armed and
fired on freed memory, and the program crashed (seen when a backup to a stick followed the passphrase dialog)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

import desktop.county  # noqa: F401 - first: desktop.page_parts and the county pages import each other
from desktop.settings_page import BackupPassphraseDialog


@pytest.fixture
def no_cycle_collection() -> Iterator[None]:
    """Only reference counting frees what the test lets go: what is left over would wait for the collector."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_the_closed_backup_passphrase_dialog_is_deleted_when_let_go_not_later_on_a_background_thread(
    qtbot: QtBot, no_cycle_collection: None
) -> None:
    dialog = BackupPassphraseDialog(county_can_open=False)
    fields = dialog.findChildren(QLineEdit)
    qtbot.keyClicks(fields[0], "abc")
    qtbot.keyClick(fields[-1], Qt.Key.Key_Return)  # Enter in the last field: the dialog's action (`EnterMovesOn`)
    dialog.close()
    deleted: list[bool] = []
    dialog.destroyed.connect(lambda: deleted.append(True))
    del dialog
    assert deleted == [True]
