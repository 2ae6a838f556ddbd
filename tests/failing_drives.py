"""Real failures of the disk, for the tests of what a user is told: a database that cannot grow (a full disk) and
a file Windows would not let be replaced (open in Excel). No mocks: SQLite and the operating system refuse."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event


def _cannot_grow(dbapi_connection: Any, _record: object) -> None:
    pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
    dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")


def _read_only(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.execute("PRAGMA query_only = 1")


@contextmanager
def disk_full(engine: Engine | type[Engine] = Engine) -> Iterator[None]:
    """The database of ``engine`` (by default every one opened meanwhile: the commands open their own) stops at
    the pages it has: a write that needs a new page fails as on a full disk, with SQLITE_FULL ("database or disk is
    full")."""
    with _on_every_connection(engine, _cannot_grow):
        yield


@contextmanager
def read_only(engine: Engine | type[Engine] = Engine) -> Iterator[None]:
    """Every write fails with SQLITE_READONLY ("attempt to write a readonly database"), as for a database on a
    write-protected stick; root ignores chmod, SQLite's query_only does not."""
    with _on_every_connection(engine, _read_only):
        yield


@contextmanager
def _on_every_connection(engine: Engine | type[Engine], pragma: Any) -> Iterator[None]:
    event.listen(engine, "connect", pragma)
    if isinstance(engine, Engine):
        engine.dispose()  # the connections already open are made again, with it
    try:
        yield
    finally:
        event.remove(engine, "connect", pragma)
        if isinstance(engine, Engine):
            engine.dispose()


@contextmanager
def open_in_excel(path: Path) -> Iterator[None]:
    """``path`` as Windows treats a workbook open in Excel: it cannot be replaced or deleted (PermissionError). On
    Linux the immutable attribute does that, even for root; skipped where it cannot be set."""
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)
