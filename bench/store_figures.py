"""Figures for the store: writing demo data, and backups, each against plain sqlite3 doing the same work (and
Python's gzip, for the compressed daily backup)."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import tempfile
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from bench.runner import Figure
from forms.backup import auto_backup, auto_backup_dir, backup
from forms.demo import generate, write_demo
from forms.journal import to_json_value
from forms.records import MODEL_BY_TABLE
from forms.store import Store

TODAY = date(2026, 11, 29)
SEED = 1
WORKDIR = Path(tempfile.mkdtemp(prefix="anju-bench-"))


@cache
def empty_database() -> Path:
    """A migrated, empty database; every run starts from a copy, so migrations are not timed."""
    path = WORKDIR / "empty.db"
    Store.open(path).close()
    return path


def fresh_copy(name: str) -> Path:
    target = WORKDIR / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(empty_database(), target)
    return target


def _sql_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return to_json_value(value)


@cache
def raw_rows(households: int) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """The demo rows exactly as they are stored (sync metadata and derived fields included), per table."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for chunk in generate(households, SEED, TODAY):
        for table, rows in chunk.items():
            grouped.setdefault(table, []).extend(rows)
    statements = []
    for table, rows in grouped.items():
        model = MODEL_BY_TABLE[table]
        columns = [c.key for c in model.__table__.columns]
        meta = {"rev": 0, "updated_at": "2026-11-29T00:00:00.000000Z", "updated_by": "demo", "origin": "bench"}
        full = []
        for row in rows:
            values = {**dict.fromkeys(columns), **meta, **row, **model.derive(row)}
            full.append(tuple(_sql_value(values[c]) for c in columns))
        statements.append((table, columns, full))
    return statements


def raw_insert(path: Path, households: int) -> None:
    """Plain sqlite3: the same rows, same durability settings, one executemany per table, one transaction."""
    statements = raw_rows(households)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN IMMEDIATE")
    for table, columns, rows in statements:
        marks = ", ".join("?" * len(columns))
        conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    conn.execute("COMMIT")
    conn.close()


def demo_figures(households: int, runs: int) -> list[Figure]:
    raw_rows(households)  # generate the baseline's rows before anything is timed

    def ours(path: Path) -> None:
        with Store.open(path) as store:
            write_demo(store, households, seed=SEED, today=TODAY)

    return [
        Figure(
            name=f"anju demo --households {households:,}",
            ours=ours,
            raw=lambda path: raw_insert(path, households),
            raw_name="sqlite3 executemany of the same rows",
            setup=lambda: fresh_copy("demo.db"),
            runs=runs,
            note="ours = generate + write + journal every record; raw = insert the pre-made rows only",
        )
    ]


@cache
def demo_database(households: int) -> Path:
    path = WORKDIR / f"demo-{households}.db"
    if not path.exists():
        with Store.open(path) as store:
            write_demo(store, households, seed=SEED, today=TODAY)
    return path


def raw_backup(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    src.backup(dst)
    dst.close()
    src.close()


def backup_figures(households: int, runs: int) -> list[Figure]:
    source = demo_database(households)
    target = WORKDIR / "backup.sqlite"

    def setup() -> Path:
        target.unlink(missing_ok=True)
        return target

    return [
        Figure(
            name=f"anju backup ({households:,} households)",
            ours=lambda out: backup(source, out),
            raw=lambda out: raw_backup(source, out),
            raw_name="sqlite3 Connection.backup",
            setup=setup,
            runs=runs,
            note="ours adds integrity_check of the copy and a rename into place",
        ),
        Figure(
            name=f"daily backup, compressed ({households:,} households)",
            ours=lambda _out: auto_backup(source, today=TODAY),
            raw=lambda out: raw_packed_backup(source, out),
            raw_name="sqlite3 Connection.backup + gzip level 1",
            setup=lambda: fresh_daily_backups(source),
            runs=runs,
            note="ours adds integrity_check of the copy, renames into place and keeps the last 7",
        ),
    ]


def fresh_daily_backups(source: Path) -> Path:
    """No backup of the day yet (so each run makes one), and where the raw run writes its copy."""
    shutil.rmtree(auto_backup_dir(source), ignore_errors=True)
    target = WORKDIR / "backup.sqlite"
    target.unlink(missing_ok=True)
    return target


def raw_packed_backup(source: Path, target: Path) -> None:
    raw_backup(source, target)
    with open(target, "rb") as plain, gzip.open(f"{target}.gz", "wb", compresslevel=1) as packed:
        shutil.copyfileobj(plain, packed, 1 << 20)
    target.unlink()
