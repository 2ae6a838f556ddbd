"""What makes a database a demo: ``anju demo`` marks every database it makes (a setting), and ``--force`` replaces
only a database so marked. ``anju demo --force --db station.db``, typed with the wrong name or copied from the README
onto a real station's database, deleted the station's work without a question.

Standard library only: ``anju demo`` checks its target before the store (SQLAlchemy, the migrations) is loaded.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Protocol

from .sqlite_paths import read_only_uri

#: The setting ``anju demo`` leaves in the databases it makes: its seed and survey date.
DEMO_SETTING = "demo"


class _Settings(Protocol):
    def set_setting(self, key: str, value: object) -> None: ...


def mark_demo(store: _Settings, seed: int, today: date) -> None:
    store.set_setting(DEMO_SETTING, {"seed": seed, "date": today.isoformat()})


def is_demo(path: Path) -> bool:
    """Whether the database at ``path`` was made by ``anju demo`` (False for anything else, a file that is not a
    database included)."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return False
    try:
        return conn.execute("SELECT 1 FROM settings WHERE key = ?", (DEMO_SETTING,)).fetchone() is not None
    except sqlite3.Error:
        return False
    finally:
        conn.close()
