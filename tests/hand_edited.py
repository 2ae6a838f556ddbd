"""A small demo station database, and changes made to a copy of it the way a hand edit makes them (plain SQL, no
Anju): for the tests of what exports and ``anju check`` say of values and references Anju never writes. A pytest
plugin (``pytest_plugins = ["tests.hand_edited"]``): the demo is written once per test module, each test gets its
own copy."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from forms.demo import write_demo
from forms.store import Store

#: The demo's day, as the tests' exports and checks are dated.
ON = "2026-11-29"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    path = tmp_path_factory.mktemp("hand-edited") / "demo.db"
    shutil.copyfile(template_db, path)
    with Store.open(path) as store:
        write_demo(store, 40, seed=11, today=date.fromisoformat(ON))
    return path


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "station.db"
    shutil.copyfile(demo_db, path)
    return path


def edit(db: Path, *statements: str, foreign_keys: bool = True) -> None:
    """Change the file as a hand edit does: plain SQL, no Anju (with ``foreign_keys=False``, as a tool that does not
    enforce references)."""
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    with conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


def query(db: Path, sql: str) -> list[tuple[str, ...]]:
    conn = sqlite3.connect(db)
    rows = conn.execute(sql).fetchall()
    conn.close()
    return rows
