"""`anju check` side by side: the screens cut into slices on several connections give the very report one connection
gives, whatever the number of slices; the connections read one snapshot; a writer at work or a read-only file makes
the check fall back to one connection instead of waiting or failing."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Connection, create_engine

from forms.check import CheckReport, check_database
from forms.rules import screening
from forms.rules.screening import _Lanes, readers
from forms.settings import RuleSettings
from forms.store import Store
from tests.factories import add_household, add_member, add_site
from tests.test_read_only_media import read_only, station  # noqa: F401 - fixtures
from tests.test_rules_support import ON, RandomDb, fresh_store, random_dbs


def _entries(report: CheckReport) -> list[tuple[str, str, tuple[object, ...]]]:
    return [
        (group.rule.code, group.rule.severity, (e.finding, e.hh_number, e.address, e.head_name, e.member_name))
        for group in report.groups
        for e in group.entries
    ]


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(db=random_dbs(min_households=1, max_households=60))
def test_any_number_of_slices_gives_the_report_of_one_connection(
    db: RandomDb, template_db: Path, tmp_path: Path
) -> None:
    with fresh_store(template_db, tmp_path, "slices.db") as store:
        db.write(store)
        one = check_database(store, db.settings, db.on, connections=1)
        for count in (2, 3, 4, 7):
            many = check_database(store, db.settings, db.on, connections=count)
            assert _entries(many) == _entries(one)
            assert (many.households, many.screened) == (one.households, one.screened)


def test_empty_tables_slice_to_nothing(store: Store) -> None:
    """No rows at all: every slice is empty, and the report too."""
    report = check_database(store, RuleSettings(), ON, connections=3)
    assert (report.households, report.groups) == (0, ())


def _live_members(conn: Connection) -> int:
    return int(conn.exec_driver_sql("SELECT count(*) FROM members WHERE deleted_at IS NULL").scalar_one())


def _one_household(store: Store, name: str) -> None:
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow, code=name)
        add_member(uow, add_household(uow, site), name, relation="户主")


def test_the_readers_see_one_snapshot_while_a_writer_commits(store: Store) -> None:
    _one_household(store, "张三")
    with readers(store.engine, 3) as conns:
        assert len(conns) == 3
        before = [_live_members(conn) for conn in conns]
        _one_household(store, "李四")  # commits while the readers are open
        assert [_live_members(conn) for conn in conns] == before == [1, 1, 1]
    with store.engine.connect() as conn:
        assert _live_members(conn) == 2


def test_a_writer_at_work_makes_the_check_use_one_connection(store: Store) -> None:
    writer = store.engine.connect().execution_options(write=True)
    with writer, writer.begin(), readers(store.engine, 3) as conns:
        assert len(conns) == 1
        assert _live_members(conns[0]) == 0
    with readers(store.engine, 3) as conns:  # the lock's busy timeout is put back: the next check runs side by side
        assert len(conns) == 3
        timeouts = {int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one()) for conn in conns}
    assert screening.LOCK_WAIT_MS not in timeouts


def test_a_read_only_database_is_checked_on_one_connection(db_path: Path) -> None:
    with Store.open(db_path) as store:
        _one_household(store, "张三")
    engine = create_engine(f"sqlite:///file:{db_path}?mode=ro&uri=true")
    try:
        with readers(engine, 2) as conns:
            assert len(conns) == 1
            assert _live_members(conns[0]) == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize("lanes", [1, 2, 3])
def test_a_failing_screen_query_fails_the_check(lanes: int) -> None:
    """What a query raises reaches the check, on one connection or several, and the threads stop."""

    def boom(conn: Any) -> list[Any]:
        raise ZeroDivisionError("boom")

    tasks = [lambda conn: [1], boom, *[lambda conn: [2]] * 20]
    running = _Lanes([object()] * lanes, tasks)  # type: ignore[list-item]
    try:
        assert running.result(0) == [1]
        with pytest.raises(ZeroDivisionError):
            running.result(1)
    finally:
        running.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("anju-check")]


def test_a_database_on_a_cd_is_checked_side_by_side(station: Path) -> None:  # noqa: F811
    """On a file nothing can change (opened immutable: `forms.read_only_open`) there is no write lock to take, and
    none needed: every connection reads the same file, and the report is the one of one connection."""
    with read_only(station, folder=True, file=True), Store.open(station, read_only=True) as store:
        with readers(store.engine, 3) as conns:
            assert len(conns) == 3
            assert {_live_members(conn) for conn in conns} == {12}
        one = check_database(store, RuleSettings(), ON, connections=1)
        many = check_database(store, RuleSettings(), ON, connections=3)
    assert _entries(many) == _entries(one) and many.households == one.households == 6


def test_a_command_that_only_reads_checks_side_by_side_on_one_snapshot(station: Path) -> None:  # noqa: F811
    """`anju check` opens the database query-only: its lock may still be taken (nothing is written), and a save
    made meanwhile by the app is not seen by any of the readers; they still may not write afterwards."""
    with Store.open(station, read_only=True) as store, Store.open(station) as app:
        with readers(store.engine, 3) as conns:
            assert len(conns) == 3
            _one_household(app, "李四")  # the app saves while the check reads
            assert {_live_members(conn) for conn in conns} == {12}
        with store.engine.connect() as conn:
            assert _live_members(conn) == 13
            assert conn.exec_driver_sql("PRAGMA query_only").scalar_one() == 1
