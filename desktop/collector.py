"""Python's cycle collector runs on the GUI thread only, while the app runs.

Left automatic, the collector runs on whichever thread happens to allocate, and the app runs Python on its task
threads (`desktop.tasks.TaskRunner`: the store loading after the login, a backup, an import). A widget kept alive by
a reference cycle (a dialog whose child holds one of its methods, a slot's lambda that holds its dialog) was then
deleted there: Qt cannot stop a widget's timers from another thread, they stayed armed and fired on freed memory,
and the program crashed (tests/test_dialogs_freed.py). Collecting on a timer on the GUI thread, with the thresholds
Python itself uses, deletes such widgets where they live; Anki does the same for the same reason.

Bulk work pauses the collector (`forms.collector.paused`): the timer leaves it be until that work ends, rather than
walk a county's rows every second.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from forms.collector import is_paused

#: How often the GUI thread looks whether a collection is due.
EVERY_MS = 1000


class CollectorOnGuiThread(QObject):
    """Switches automatic collection off and collects, generation by generation as Python would, on a timer."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start(EVERY_MS)

    def collect_if_due(self) -> None:
        if is_paused():
            return
        young, middle, old = gc.get_count()
        if young > self.thresholds[0]:
            generation = 0
            if middle > self.thresholds[1]:
                generation = 2 if old > self.thresholds[2] else 1
            gc.collect(generation)

    def stop(self) -> None:
        """Back to automatic collection, as it was (the app's window has closed; a test goes on in the process)."""
        self.timer.stop()
        if self.was_enabled:
            gc.enable()
