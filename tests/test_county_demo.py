"""``anju demo --county``: a demo county on which every county page has something to show, made through the real
enrolment, batch export and import, and the same for the same seed and date."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.county import CountyPage
from desktop.tasks import TaskRunner
from forms.store import Store
from forms.users import authenticate
from sync.county_conflicts import list_conflicts
from sync.county_review import review_queue
from sync.county_stations import list_stations
from sync.duplicates import list_duplicates, list_twins
from tests.test_cli import anju

HOUSEHOLDS, SEED, DATE = "240", "5", "2026-11-29"


def make(folder: Path, *extra: str, households: str = HOUSEHOLDS) -> dict[str, Any]:
    folder.mkdir(exist_ok=True)
    db = folder / "county-demo.db"
    done = anju("demo", "--county", "--db", str(db), "--households", households, "--seed", SEED, "--date", DATE,
                "--json", *extra)  # fmt: skip
    assert done.returncode == 0, done.stderr
    made: dict[str, Any] = json.loads(done.stdout)
    return made


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return make(tmp_path_factory.mktemp("county-demo"))


@pytest.fixture
def county(demo: dict[str, Any]) -> Iterator[Store]:
    with Store.open(demo["db"], create=False) as store:
        yield store


def rows(db: str, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_every_county_page_has_something_to_show(county: Store, demo: dict[str, Any]) -> None:
    stations = list_stations(county)
    assert len(stations) == 3 and sorted(s.last_batch for s in stations) == [1, 2, 2]
    conflicts = list_conflicts(county)
    assert {c.field for c in conflicts} == {"status", "phone", "monthly_income"}
    status = next(c for c in conflicts if c.field == "status")
    assert (status.county_value, status.station_value) == ("退回", "已完成")  # returned while the station finished it
    duplicates = list_duplicates(county)
    moved = [g for g in duplicates if len({p.station for p in g.people}) == 2]
    assert len(moved) >= 3  # a family recorded at two stations: each of its members
    assert len(list_twins(county, duplicates)) >= 3  # and 整户合并 offered for each moved family
    queue = review_queue(county)
    approved = rows(demo["db"], "SELECT count(*) FROM households WHERE status = '已审核'")[0][0]
    assert queue and approved and demo["to_review"] == len(queue) and demo["approved"] == approved


def test_the_stations_data_came_in_their_batches_and_each_station_opens_with_its_accounts(
    county: Store, demo: dict[str, Any]
) -> None:
    imported = rows(demo["db"], "SELECT station_id, batch_no FROM sync_batches WHERE direction = 'import'")
    by_station = {s.id: s.last_batch for s in list_stations(county)}
    assert sorted(imported) == sorted((station, n) for station, last in by_station.items() for n in range(1, last + 1))
    # Every household at the county came from a station (none written into the county by hand).
    origins = {origin for (origin,) in rows(demo["db"], "SELECT DISTINCT origin FROM households")}
    assert origins == set(by_station)
    assert authenticate(county, "xian", "anju2026") is not None
    for station in demo["stations"]:
        with Store.open(station["db"], create=False) as store:
            assert authenticate(store, "zhanzhang", "anju2026") is not None
            assert authenticate(store, "caiji", "anju2026") is not None
        # What the station holds of its own sites is what the county holds: the last return file was taken.
        codes = ",".join(f"'{code}'" for code in station["sites"])
        mine = f"SELECT h.id, h.status FROM households h JOIN sites s ON s.id = h.site_id WHERE s.code IN ({codes})"
        assert sorted(rows(station["db"], mine)) == sorted(rows(demo["db"], mine))


def content(db: str) -> dict[str, list[tuple[Any, ...]]]:
    """What a trainee sees, without the keys, times and bookkeeping ids that are new each time."""
    return {
        "households": rows(db, "SELECT id, site_id, building, unit, room, phone, status FROM households ORDER BY id"),
        "members": rows(db, "SELECT id, household_id, name, id_number FROM members ORDER BY id"),
        "employments": rows(db, "SELECT id, member_id, form, monthly_income FROM employments ORDER BY id"),
        "conflicts": rows(
            db, "SELECT record_table, record_id, field, county_value, station_value FROM sync_conflicts ORDER BY 2, 3"
        ),
        "reviews": rows(db, "SELECT household_id, decision, comment FROM reviews ORDER BY 1, 2"),
        "stations": rows(db, "SELECT name, sites, last_batch FROM sync_stations ORDER BY name"),
    }


def test_the_same_seed_and_date_make_the_same_county_again_over_an_old_one(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    folder = tmp_path / "again"
    folder.mkdir()
    (folder / "county-demo.stations").mkdir()  # the stations of an earlier demo county, its database gone
    refused = anju("demo", "--county", "--db", str(folder / "county-demo.db"), "--households", "100")
    assert refused.returncode == 2 and "county-demo.stations”已存在" in refused.stderr
    assert not (folder / "county-demo.db").exists()

    again = make(folder, "--force")
    assert content(again["db"]) == content(demo["db"])
    assert again["to_review"] == demo["to_review"] and again["conflicts"] == demo["conflicts"]
    assert [Path(s["db"]).parent.name for s in again["stations"]] == ["county-demo.stations"] * 3


def test_a_demo_county_too_small_to_show_every_page_is_refused(tmp_path: Path) -> None:
    refused = anju("demo", "--county", "--db", str(tmp_path / "c.db"), "--households", "20")
    assert refused.returncode == 2 and "演示县至少要 100 户" in refused.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_county_page_shows_rows_on_every_tab(qtbot: QtBot, county: Store) -> None:
    from forms.users import Account

    runner = TaskRunner()
    page = CountyPage(county, runner, Account("xian", "赵科长", "县级管理员"))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.stations.table.rowCount() == 3, timeout=10000)
    for index, title in ((1, "冲突"), (2, "重复人员"), (3, "审核")):
        qtbot.waitUntil(lambda index=index: "（" in page.tabs.tabText(index), timeout=10000)
        assert page.tabs.tabText(index).startswith(title)
    runner.wait()


def test_a_database_that_is_not_the_countys_points_to_the_demo_county(qtbot: QtBot, tmp_path: Path) -> None:
    from forms.users import Account

    db = tmp_path / "demo.db"
    assert anju("demo", "--households", "5", "--db", str(db)).returncode == 0
    with Store.open(db, create=False) as store:
        runner = TaskRunner()
        page = CountyPage(store, runner, Account("xian", "赵科长", "县级管理员"))
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: page.stack.currentWidget() is page.not_county_panel, timeout=5000)
        assert "anju demo --county --db county-demo.db" in page.not_county.text()
        runner.wait()


def test_force_replaces_a_demo_county_only(tmp_path: Path) -> None:
    """``--force`` deletes the database and its stations' folder: a real county database, or a real station's in the
    folder, is left alone and named."""
    real_county = tmp_path / "county.db"
    with Store.open(real_county):
        pass
    refused = anju("demo", "--county", "--db", str(real_county), "--households", "100", "--force")
    assert refused.returncode == 2 and "不是 anju demo 建立的演示数据库" in refused.stderr
    assert real_county.stat().st_size > 0

    stations = tmp_path / "other.stations"
    stations.mkdir()
    with Store.open(stations / "者海镇工作站.db"):
        pass
    refused = anju("demo", "--county", "--db", str(tmp_path / "other.db"), "--households", "100", "--force")
    assert refused.returncode == 2 and "者海镇工作站.db”不是 anju demo 建立的演示数据库" in refused.stderr
    assert (stations / "者海镇工作站.db").exists()
