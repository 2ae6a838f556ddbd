"""A big import's rows go in on the bulk writer thread (`forms.bulk.BackgroundInserts`): the same records and
journal as when written at once, and a failure or a cancel while the writer is busy leaves nothing written."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forms import bulk
from forms.excel.apply import Applier, Cancelled, ImportOptions
from forms.excel.roster_import import import_roster
from forms.records import JournalEntry, Member, Site
from forms.store import Store
from tests.test_excel_import import ON, SITE, journal_size, members, messy_roster

WRITER = "anju-bulk-writer"


def writer_running() -> bool:
    return any(t.name == WRITER for t in threading.enumerate())


@pytest.fixture
def small_statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Two rows per statement, so the few rows of a test roster take several chunks on the writer thread; yields
    the sizes of the statements queued for the writer, and checks that no writer outlives its import."""
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 2)
    monkeypatch.setattr(bulk, "usable_cores", lambda: 2)  # whatever machine runs the tests
    monkeypatch.setattr(bulk, "MIN_ROWS_PER_STATEMENT", 1)
    queued: list[int] = []
    real = bulk._values_sql

    def noted(sql: str, rows: int) -> str:  # made only for a statement queued for the writer
        queued.append(rows)
        return real(sql, rows)

    monkeypatch.setattr(bulk, "_values_sql", noted)
    yield queued
    assert not writer_running()


def sited(path: Path) -> Store:
    store = Store.open(path)
    with store.unit_of_work("test") as uow:
        uow.add(Site(code=SITE[0], name=SITE[1], county="会泽县"))
    return store


def contents(store: Store) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Members and journal entries without what differs between two imports (ids, times, hashes)."""
    with store.reading() as session:
        people = sorted(
            (m.name, m.id_number, m.sex, m.birth_date, m.relation, m.education, m.name_initials, m.id_check)
            for m in session.scalars(select(Member))
        )
        entries = [
            (e.seq, e.record_table, e.op, e.actor, sorted(json.loads(e.changes).items()))
            for e in session.scalars(select(JournalEntry).order_by(JournalEntry.seq))
        ]
    for entry in entries:
        for key, change in entry[4]:
            if key.endswith("_id"):
                change[1] = "…"
    return people, entries


def test_rows_written_on_the_writer_thread_are_those_written_at_once(
    tmp_path: Path, small_statements: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = messy_roster(tmp_path / "roster.xlsx")
    with sited(tmp_path / "threaded.db") as threaded:
        result = import_roster(threaded, path, ImportOptions(on=ON))
        assert max(small_statements) == 2, "the rows went in on the writer thread"
        assert threaded.verify_journal().ok
        got = contents(threaded)
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 1000)  # every table in one statement, written at once
    small_statements.clear()
    with sited(tmp_path / "at-once.db") as at_once:
        expected = import_roster(at_once, path, ImportOptions(on=ON))
        assert not small_statements
        assert contents(at_once) == got
    assert result.counts == expected.counts and result.journal_entries == expected.journal_entries == len(got[1]) - 1


def test_a_low_limit_on_parameters_makes_smaller_chunks_still_one_statement_each(
    tmp_path: Path, small_statements: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite builds differ in how many parameters a statement takes (32,766 by default, 999 before 3.32): the
    records and the journal entries of a chunk must both fit, or the writer would go row by row."""
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 2000)
    limit = 3 * len(Member.__table__.columns)  # 3 members per statement, however many columns a member has
    monkeypatch.setattr(bulk, "_variable_limit", lambda _conn: limit)
    with sited(tmp_path / "low-limit.db") as store:
        result = import_roster(store, messy_roster(tmp_path / "roster.xlsx"), ImportOptions(on=ON))
        assert store.verify_journal().ok and len(members(store)) == result.counts["members.created"] == 7
    assert set(small_statements) == {3}  # households, members and journal entries: whole chunks of 3


def test_on_one_core_the_rows_are_written_at_once(
    site_store: Store, tmp_path: Path, small_statements: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "usable_cores", lambda: 1)
    result = import_roster(site_store, messy_roster(tmp_path / "roster.xlsx"), ImportOptions(on=ON))
    assert not small_statements and result.counts["members.created"] == len(members(site_store)) == 7


def test_a_writer_that_fails_mid_import_leaves_nothing_written(
    site_store: Store, tmp_path: Path, small_statements: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = messy_roster(tmp_path / "roster.xlsx")
    real_write = Applier.write

    def write_a_repeated_id(applier: Applier) -> int:
        # The last new member takes the first one's id: its chunk, after others went in, breaks the primary key.
        new = applier.changes.new[Member]
        new[-1]["id"] = new[0]["id"]
        return real_write(applier)

    monkeypatch.setattr(Applier, "write", write_a_repeated_id)
    before = journal_size(site_store)
    with pytest.raises(IntegrityError, match="UNIQUE") as failed:
        import_roster(site_store, path, ImportOptions(on=ON))
    assert "bulk writer thread" in str(failed.value)  # says where it happened, and which statement
    assert len(small_statements) > 2  # chunks were queued before the one that failed
    assert journal_size(site_store) == before and not members(site_store)
    assert site_store.verify_journal().ok
    assert not (tmp_path / "roster.errors.xlsx").exists() and not (tmp_path / "roster.errors.xlsx.tmp").exists()


def test_a_cancel_while_the_writer_is_busy_leaves_nothing_written(
    site_store: Store, tmp_path: Path, small_statements: list[int]
) -> None:
    path = messy_roster(tmp_path / "roster.xlsx")
    before = journal_size(site_store)
    asked_while_writing: list[bool] = []

    def cancelled() -> bool:
        asked_while_writing.append(writer_running())
        return asked_while_writing[-1]

    with pytest.raises(Cancelled):
        import_roster(site_store, path, ImportOptions(on=ON, cancelled=cancelled))
    assert asked_while_writing[-1] and small_statements  # stopped between chunks, the writer at work
    assert journal_size(site_store) == before and not members(site_store)
    assert site_store.verify_journal().ok


@pytest.fixture
def site_store(store: Store) -> Store:
    with store.unit_of_work("test") as uow:
        uow.add(Site(code=SITE[0], name=SITE[1], county="会泽县"))
    return store
