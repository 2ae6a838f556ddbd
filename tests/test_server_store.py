"""The county's store on PostgreSQL, through the same SQLAlchemy code as on SQLite: opened by URL, migrated by the
same Alembic scripts, writers queued like SQLite's BEGIN IMMEDIATE, and sync's portable row path (`sync.rows`)
reading and writing exactly what the SQLite fast path does."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, make_url, select

from forms.errors import StoreError
from forms.records import Base, Employment, Household, JournalEntry, Measure, Member, Site, Visit
from forms.schema import HEAD_REVISION, read_revision_of
from forms.store import Store
from sync.http_client import push
from sync.rows import CODECS, TABLE_ORDER, load
from tests.test_server_support import LiveServer, OnlineWorld, PgAdmin

pytest_plugins = ["tests.test_sync_support", "tests.test_server_support"]


@pytest.fixture
def empty_pg(pg_admin: PgAdmin) -> Iterator[str]:
    yield pg_admin.create("anju_empty_test")
    pg_admin.drop("anju_empty_test")


def test_a_new_postgresql_database_is_migrated_to_the_models(empty_pg: str) -> None:
    with Store.open(empty_pg) as store:
        assert store.engine.dialect.name == "postgresql"
        assert store.path == Path("anju_empty_test") and "***" in store.location
        with store.engine.connect() as conn:
            assert read_revision_of(conn, store.location) == HEAD_REVISION
            diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        assert diffs == []
    with Store.open(empty_pg, create=False) as again:  # up to date: opened as it is
        assert again.station_id.startswith("local-")


def test_a_postgresql_database_is_refused_when_it_cannot_be_used(pg_admin: PgAdmin, empty_pg: str) -> None:
    with pytest.raises(StoreError, match="county init") as empty:
        Store.open(empty_pg, create=False)
    assert "空的" in empty.value.zh
    foreign = create_engine(make_url(empty_pg).set(drivername="postgresql+psycopg"))
    with foreign.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE invoices (id integer)")
    foreign.dispose()
    with pytest.raises(StoreError, match="another program"):
        Store.open(empty_pg)
    wrong = make_url(empty_pg).set(password="not-the-password").render_as_string(hide_password=False)
    with pytest.raises(StoreError, match="Cannot use the database") as refused:
        Store.open(wrong)
    assert "not-the-password" not in refused.value.zh + refused.value.en  # passwords never reach a message
    with pytest.raises(StoreError, match="Cannot use the database address"):
        Store.open("mysql://root@localhost/anju")


def test_an_sqlite_url_is_the_file(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'station.db'}") as store:
        assert store.path == tmp_path / "station.db" and store.path.exists()


def test_writers_on_postgresql_queue_so_the_journal_stays_one_gap_free_chain(pg_admin: PgAdmin) -> None:
    url = pg_admin.create("anju_writers_test")
    with Store.open(url) as store:
        with store.unit_of_work("clerk") as uow:
            site = uow.add(Site(code="S1", name="幸福社区"))
        start = threading.Barrier(3)
        failures: list[BaseException] = []

        def write(who: str) -> None:
            start.wait()
            try:
                for n in range(15):
                    with store.unit_of_work(who) as uow:
                        uow.add(Household(site_id=site.id, room=f"{who}-{n}"))
            except BaseException as exc:  # collected: an assertion in a thread would be lost
                failures.append(exc)

        threads = [threading.Thread(target=write, args=(who,)) for who in ("zhang", "li", "wang")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert failures == []
        with store.engine.connect() as conn:
            seqs = list(conn.execute(select(JournalEntry.seq).order_by(JournalEntry.seq)).scalars())
            households = conn.execute(select(func.count()).select_from(Household)).scalar_one()
        assert households == 45
        assert seqs == list(range(1, 47))
        assert store.verify_journal().ok
    pg_admin.drop("anju_writers_test")


def test_the_portable_row_path_reads_back_what_the_station_wrote(
    online_world: OnlineWorld, live_server: LiveServer
) -> None:
    """Every kind of column (dates, booleans, JSON, numbers) survives the county's database and the return file:
    after an exchange, the county's rows (Core path on PostgreSQL, driver path on SQLite) equal the station's."""
    w = online_world
    site_id = w.site_id("S1")
    with w.edit("a") as uow:
        household = uow.add(
            Household(site_id=site_id, room="301", collected_on=date(2026, 3, 1), extra={"楼层": 3, "有电梯": True})
        )
        member = uow.add(
            Member(
                household_id=household.id,
                name="张三",
                relation="户主",
                birth_date=date(1980, 5, 17),
                job_intent=True,
                trained=False,
                extra={"技能": ["电工", "焊工"]},
            )
        )
        uow.add(
            Employment(
                member_id=member.id,
                form="乡村公益性岗位",
                monthly_income=2500,
                organised=True,
                contract_start=date(2026, 1, 1),
                contract_end=date(2026, 12, 31),
                accident_insurance=False,
            )
        )
        uow.add(Visit(household_id=household.id, visited_on=date(2026, 3, 2), outcome="入户"))
        uow.add(Measure(household_id=household.id, kind="技能培训", started_on=date(2026, 3, 2), due_on=None))
    assert push(w.a, url=live_server.url).record.outcome == "ok"
    with w.county.engine.connect() as county, w.a.engine.connect() as station:
        for table in TABLE_ORDER:
            ids = [r for (r,) in station.execute(select(CODECS[table].table.c.id))]
            assert load(county, table, ids) == load(station, table, ids), table
        assert load(county, "members", [member.id])[member.id]["birth_date"] == "1980-05-17"
        assert load(county, "households", [household.id])[household.id]["extra"] == {"楼层": 3, "有电梯": True}
