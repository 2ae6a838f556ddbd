"""Figures for the desktop: cold start to a usable household table, and filter-as-you-type latency.

- Cold start: ``anju --selftest --db DEMO`` (a fresh process that opens the database, builds the main window and
  exits once the household table holds its rows) against a fresh process that shows a bare PySide6 window.
- Filter latency: typing a filter into the household table until its first page can be drawn, against plain
  sqlite3 running the same SQL filter.
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
QTimer.singleShot(0, app.quit)
app.exec()
"""

FILTERS = ("zs", "张", "5303", "3-2-301")


def _offscreen() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, env=_offscreen(), capture_output=True)


def cold_start_figures(households: int, runs: int) -> list[Figure]:
    db = demo_database(households)
    anju = [sys.executable, "-m", "desktop.cli", "--selftest", "--db", str(db)]
    return [
        Figure(
            name=f"cold start to household table ({households:,})",
            ours=lambda _: _run(anju),
            raw=lambda _: _run([sys.executable, "-c", BARE_WINDOW]),
            raw_name="a bare PySide6 window in a new process",
            runs=runs,
            target=3.0,
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
