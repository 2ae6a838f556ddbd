"""Figures for the desktop: cold start to a usable household table, and filter-as-you-type latency.

- Cold start: from starting a fresh ``anju --selftest --db DEMO`` process until it reports the household table
  on screen with its rows, against starting a fresh process until it reports a bare PySide6 window on screen.
  Both report with the same line on stdout, printed from a zero timer after ``show()``; each process then runs
  to its end untimed (ours loads the store, fetches every id and must exit 0; checked before the next run).
- Filter latency: typing a filter into the household table until its first page can be drawn, against plain
  sqlite3 running the same SQL filter.
- Sort by 楼栋单元门牌: a click on the header (door by door, sorted in Python: `forms.household_list.in_door_order`)
  until the first page can be drawn, against plain sqlite3 sorting the ids by those columns as text, length first
  (what the table did in SQL before: 201 before 1002, but every site's 101s together and 2A栋 after 10栋).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.runner import Figure
from bench.store_figures import demo_database

BARE_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.show()
QTimer.singleShot(0, lambda: print("selftest: window shown", flush=True))
QTimer.singleShot(0, app.quit)
app.exec()
"""
SHOWN = "selftest: "

FILTERS = ("zs", "张", "5303", "3-2-301")


def _offscreen() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


class _Starts:
    """Processes started by a run, finished (and checked) before the next run starts."""

    def __init__(self) -> None:
        self.running: list[tuple[list[str], subprocess.Popen[str]]] = []

    def until_shown(self, command: list[str]) -> None:
        process = subprocess.Popen(
            command, env=_offscreen(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        self.running.append((command, process))
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(SHOWN):
                return
        raise RuntimeError(f"{command} ended without showing its window (exit {process.wait()})")

    def finish(self) -> None:
        for command, process in self.running:
            assert process.stdout is not None
            process.stdout.read()
            if process.wait() != 0:
                raise RuntimeError(f"{command} exited {process.returncode}")
        self.running.clear()


def cold_start_figures(households: int, runs: int) -> list[Figure]:
    db = demo_database(households)
    anju = [sys.executable, "-m", "desktop.cli", "--selftest", "--db", str(db)]
    starts = _Starts()
    return [
        Figure(
            name=f"cold start to household table ({households:,})",
            ours=lambda _: starts.until_shown(anju),
            raw=lambda _: starts.until_shown([sys.executable, "-c", BARE_WINDOW]),
            raw_name="a bare PySide6 window in a new process",
            setup=starts.finish,
            runs=runs,
            target=3.0,
            note="start until the window reports itself drawn; ours then loads the store and must exit 0",
        )
    ]


class _FilterBench:
    """One QApplication and one household table, reused across runs."""

    def __init__(self, db: Path) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from desktop.household_model import PAGE, HouseholdTableModel
        from desktop.tasks import TaskRunner
        from forms.store import Store

        self.app = QApplication.instance() or QApplication([])
        self.store = Store.open(db, create=False)
        self.runner = TaskRunner()
        self.model = HouseholdTableModel(self.store, self.runner)
        self.page = PAGE
        self.db = db

    def ours(self, text: str) -> None:
        from PySide6.QtCore import QEventLoop

        from forms.search import HouseholdFilter

        loop = QEventLoop()
        self.model.counted.connect(loop.quit)
        self.model.set_filter(HouseholdFilter(text=text))
        loop.exec()
        self.model.counted.disconnect(loop.quit)
        for row in range(min(self.page, self.model.rowCount())):
            self.model.index(row, 0).data()

    def raw(self, text: str) -> None:
        from forms.search import HouseholdFilter, household_ids_query

        sql = str(household_ids_query(HouseholdFilter(text=text)).compile(compile_kwargs={"literal_binds": True}))
        conn = sqlite3.connect(self.db)
        conn.execute(sql).fetchall()
        conn.close()

    def sort(self, descending: bool) -> None:
        """Click 楼栋单元门牌 (the default view), one way or the other, until its first page can be drawn."""
        from PySide6.QtCore import QEventLoop, Qt

        from desktop.household_model import COLUMNS

        column = [key for _header, _attribute, key in COLUMNS].index("address")
        loop = QEventLoop()
        self.model.counted.connect(loop.quit)
        self.model.sort(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        loop.exec()
        self.model.counted.disconnect(loop.quit)
        for row in range(min(self.page, self.model.rowCount())):
            self.model.index(row, 0).data()

    def raw_sort(self, descending: bool) -> None:
        way = " DESC" if descending else ""
        columns = ("length(building)", "building", "length(unit)", "unit", "length(room)", "room")
        sql = (
            "SELECT id FROM households WHERE deleted_at IS NULL AND status != '作废' ORDER BY "
            + ", ".join(c + way for c in columns)
            + ", id"
        )
        conn = sqlite3.connect(self.db)
        conn.execute(sql).fetchall()
        conn.close()


def filter_figures(households: int, runs: int) -> list[Figure]:
    bench = _FilterBench(demo_database(households))
    figures = []
    for text in FILTERS:

        def ours(_: Any, text: str = text) -> None:
            bench.ours(text)

        def raw(_: Any, text: str = text) -> None:
            bench.raw(text)

        figures.append(
            Figure(
                name=f"filter “{text}” to first page ({households:,})",
                ours=ours,
                raw=raw,
                raw_name="sqlite3 running the same filter SQL",
                runs=runs,
                target=3.0,
            )
        )
    return figures


def sort_figures(households: int, runs: int) -> list[Figure]:
    bench = _FilterBench(demo_database(households))
    figures = []
    for descending in (False, True):

        def ours(_: Any, descending: bool = descending) -> None:
            bench.sort(descending)

        def raw(_: Any, descending: bool = descending) -> None:
            bench.raw_sort(descending)

        way = "descending" if descending else "ascending"
        figures.append(
            Figure(
                name=f"sort by 楼栋单元门牌 {way} ({households:,})",
                ours=ours,
                raw=raw,
                raw_name="sqlite3 sorting the ids by the columns as text",
                runs=runs,
                target=4.0,
                note="ours reads every household's place and sorts in Python (numbers as numbers, site by site)",
            )
        )
    return figures
