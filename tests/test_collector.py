"""When the cycle collector runs: paused by bulk work, however such work overlaps, and in the desktop app only on
the GUI thread (`forms.collector`, `desktop.collector`)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.collector import CollectorOnGuiThread
from forms.check import paused as check_paused
from forms.collector import is_paused
from forms.excel import gc_paused
from sync.rows import bulk


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        (gc.enable if was else gc.disable)()


def test_overlapping_pauses_keep_the_collector_off_until_the_last_ends(collector_on: None) -> None:
    """An import on one task thread and a sync batch on another: the first to end switched the collector back on
    under the other, which then walked a county's rows on every pass."""
    importing, syncing = gc_paused(), bulk()
    importing.__enter__()
    syncing.__enter__()
    importing.__exit__(None, None, None)
    assert not gc.isenabled() and is_paused()  # the sync goes on
    with check_paused():
        pass
    assert not gc.isenabled()
    syncing.__exit__(None, None, None)
    assert gc.isenabled() and not is_paused()


def test_a_pause_leaves_off_a_collector_that_was_off(collector_on: None) -> None:
    gc.disable()  # as the desktop app keeps it (`desktop.collector`)
    with gc_paused(), bulk():
        pass
    assert not gc.isenabled()


def test_a_pause_ends_however_its_work_ends(collector_on: None) -> None:
    with pytest.raises(ValueError), gc_paused():
        raise ValueError
    assert gc.isenabled() and not is_paused()


class Kept(QObject):
    """A Qt object kept alive by a reference cycle, as a dialog was whose child held one of its methods."""

    def __init__(self, deleted_on: list[int]) -> None:
        super().__init__()
        self.me = self
        # Direct: said on the thread that deletes it.
        self.destroyed.connect(lambda: deleted_on.append(threading.get_ident()), Qt.ConnectionType.DirectConnection)


def test_in_the_app_what_a_cycle_kept_is_deleted_on_the_gui_thread_not_on_a_task_thread(
    qtbot: QtBot, collector_on: None
) -> None:
    collector = CollectorOnGuiThread(QApplication.instance())
    try:
        deleted_on: list[int] = []
        Kept(deleted_on)  # let go at once: only the collector can free it
        gc.collect()  # and one more, made in the test, for the task thread's allocations to find
        Kept(deleted_on)
        deleted_on.clear()

        def task() -> None:  # a task thread's work: allocations, cycles among them, as loading the store makes
            for _ in range(20_000):
                pair: list[object] = []
                pair.append(pair)

        worker = threading.Thread(target=task)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(deleted_on), timeout=5000)
        assert deleted_on == [threading.get_ident()]  # the GUI thread's, where the object lives
    finally:
        collector.stop()
    assert gc.isenabled()
