"""A county and two enrolled stations in real files, with real keys, for the sync scenario tests.

No tests here: the world is built once per session (county init, three sites, two packages accepted) and each
test gets a fresh copy of its three database files, so a test costs copies, not key generation and scrypt.

Station A serves sites S1 and S3, station B serves S1 and S2: both stations see the households at S1.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.county.conflicts_page import ConflictsPage
from desktop.editor import HouseholdEditor
from desktop.tasks import TaskRunner
from forms.idnumber import make_ric
from forms.journal import canonical_json, entry_hash
from forms.records import Employment, Household, JournalEntry, Measure, Member, Site, Synced, Visit
from forms.store import Store, UnitOfWork
from forms.users import Account
from sync.county_sites import add_site
from sync.enrolment import accept_package, enrol_station, init_county
from sync.importing import ImportReport, import_files
from sync.outbox import export_batch
from sync.station_apply import ReturnOutcome, apply_return

DBS = ("county.db", "a.db", "b.db")
ACTORS = {"a": "zhang", "b": "li", "county": "clerk"}


def build_world(folder: Path) -> None:
    with Store.open(folder / "county.db") as county:
        init_county(county, "会泽县")
        for code, name in (("S1", "幸福社区"), ("S2", "新村"), ("S3", "阳光小区")):
            add_site(county, code, name, "clerk", county="会泽县")
        packages = {
            "a": enrol_station(county, "者海镇工作站", ["S1", "S3"], folder / "a.anju-station", "clerk"),
            "b": enrol_station(county, "娜姑镇工作站", ["S1", "S2"], folder / "b.anju-station", "clerk"),
        }
    for key, made in packages.items():
        with Store.open(folder / f"{key}.db") as station:
            accept_package(station, made.path, made.passphrase)


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sync-world")
    build_world(folder)
    return folder


def copy_databases(source: Path, target: Path) -> None:
    for name in DBS:
        for suffix in ("", "-wal", "-shm"):
            if (source / f"{name}{suffix}").exists():
                shutil.copyfile(source / f"{name}{suffix}", target / f"{name}{suffix}")


#: The county clerk the county pages are opened as.
CLERK = Account("clerk", "赵科长", "县级管理员")


@pytest.fixture
def runner(world: World) -> Iterator[TaskRunner]:
    """The background work of the pages under test, waited for before the world's databases close."""
    made = TaskRunner()
    yield made
    made.wait()


#: The day the county editor is opened on (`county_editor`), as the station editor's tests (`tests.test_editor`).
COUNTY_TODAY = date(2026, 5, 20)


@pytest.fixture
def county_editor(qtbot: QtBot, world: World, runner: TaskRunner) -> Iterator[HouseholdEditor]:
    """The household editor on the county's database, as the clerk opens a household from the county screens."""
    page = HouseholdEditor(world.county, runner, CLERK, today=COUNTY_TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    yield page
    page.flush()
    runner.wait()
    QApplication.processEvents()


@dataclass
class World:
    root: Path
    stick: Path
    stores: dict[str, Store] = field(default_factory=dict)

    @property
    def county(self) -> Store:
        return self.stores["county"]

    @property
    def a(self) -> Store:
        return self.stores["a"]

    @property
    def b(self) -> Store:
        return self.stores["b"]

    def site_id(self, code: str) -> str:
        with self.county.reading() as session:
            found = session.scalar(select(Site.id).where(Site.code == code))
        assert found is not None
        return found

    def edit(self, who: str) -> UnitOfWork:
        return self.stores[who].unit_of_work(ACTORS[who])

    def export(self, who: str) -> Path:
        return export_batch(self.stores[who], self.stick).path

    def county_import(self, *paths: Path) -> ImportReport:
        return import_files(self.county, list(paths))

    def station_import(self, who: str, path: Path) -> ReturnOutcome:
        return apply_return(self.stores[who], path.read_bytes(), path.name)

    def sync(self, who: str) -> tuple[ImportReport, ReturnOutcome]:
        """One USB round trip: export at the station, import at the county, import the return file back."""
        report = self.county_import(self.export(who))
        assert not report.refused, [r.error for r in report.refused]
        (path, _made), *_ = report.returns
        return report, self.station_import(who, path)

    def get(self, who: str, model: type[Synced], record_id: str) -> Any:
        with self.stores[who].reading() as session:
            return session.get(model, record_id)

    def count(self, who: str, model: type[Synced], *, live: bool = True) -> int:
        query = select(func.count()).select_from(model)
        if live:
            query = query.where(model.deleted_at.is_(None))
        with self.stores[who].reading() as session:
            return int(session.scalar(query) or 0)

    def journal_sources(self, who: str) -> list[str]:
        with self.stores[who].reading() as session:
            return list(session.scalars(select(JournalEntry.source).order_by(JournalEntry.seq)))

    def county_rev(self) -> int:
        with self.county.engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT county_rev FROM sync_state").scalar_one())

    def count_history(self) -> int:
        with self.county.engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM sync_history").scalar_one())

    def close(self) -> None:
        for store in self.stores.values():
            store.close()


@pytest.fixture
def world(world_template: Path, tmp_path: Path) -> Iterator[World]:
    copy_databases(world_template, tmp_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    made = World(tmp_path, stick)
    for key, name in zip(("county", "a", "b"), DBS, strict=True):
        made.stores[key] = Store.open(tmp_path / name, create=False)
    yield made
    made.close()


def open_conflicts_page(qtbot: QtBot, world: World, runner: TaskRunner, rows: int = 1) -> ConflictsPage:
    """The county's 冲突 page as the clerk opens it, once it lists its ``rows`` open conflicts."""
    page = ConflictsPage(world.county, runner, CLERK)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == rows, timeout=5000)
    return page


def add_household(uow: UnitOfWork, site_id: str, room: str = "101", members: int = 2, **fields: Any) -> Household:
    """A household with ``members`` people (the first is 户主), the fewest fields that make it valid."""
    household = uow.add(Household(site_id=site_id, building="1", unit="1", room=room, **fields))
    for n in range(members):
        uow.add(Member(household_id=household.id, name=f"成员{room}{n}", relation="户主" if n == 0 else "之子"))
    return household


def edit_at_both(world: World, model: type[Synced], record_id: str, field: str, values: tuple[Any, Any]) -> None:
    """Stations A and B each change one field of the same record (A's value first), each syncing after: the county
    takes A's and keeps B's in a conflict."""
    for who, value in zip(("a", "b"), values, strict=True):
        with world.edit(who) as uow:
            setattr(uow.get(model, record_id), field, value)
        world.sync(who)


def alter_last_member_insert(station: Store, alter: Callable[[dict[str, Any]], None]) -> int:
    """Change the station's last journaled member insert and make its hash match again (a tampered program)."""
    with station.engine.begin() as conn:
        entry = dict(
            conn.exec_driver_sql("SELECT * FROM journal WHERE record_table = 'members' ORDER BY seq DESC LIMIT 1")
            .mappings()
            .one()
        )
        changes = json.loads(entry["changes"])
        alter(changes)
        entry["changes"] = canonical_json(changes)
        conn.exec_driver_sql(
            "UPDATE journal SET changes = ?, hash = ? WHERE seq = ?",
            (entry["changes"], entry_hash(entry), entry["seq"]),
        )
    return int(entry["seq"])


FAMILY = [
    ("王大", "户主", make_ric("530326", date(1980, 1, 1), 11)),
    ("李二", "配偶", make_ric("530326", date(1982, 2, 2), 22)),
]


def one_family_at_both_stations(world: World, *, newborn_at_b: bool = False) -> dict[str, str]:
    """The family of 王大 entered at station A and again at station B under other record ids, at S1, which both
    serve (two stations imported one roster): each copy with 王大's job, a visit and a 帮扶措施."""
    homes = {}
    for who, room in (("a", "302"), ("b", "0302")):
        with world.edit(who) as uow:
            home = uow.add(Household(site_id=world.site_id("S1"), building="3", unit="1", room=room))
            for name, relation, number in FAMILY:
                person = uow.add(Member(household_id=home.id, name=name, relation=relation, id_number=number))
                if relation == "户主":
                    uow.add(Employment(member_id=person.id, form="外出务工", place_scope="省外", start_month="2025-03"))
            if newborn_at_b and who == "b":
                newborn = make_ric("530326", date(2025, 3, 3), 33)
                uow.add(Member(household_id=home.id, name="王小", relation="之子", id_number=newborn))
            uow.add(Visit(household_id=home.id, visited_on=date(2026, 5, 1), surveyor="张", outcome="入户"))
            uow.add(Measure(household_id=home.id, kind="职业指导", started_on=date(2026, 5, 1), staff=who))
            homes[who] = home.id
        world.sync(who)
    world.sync("a")  # station A hears of B's copy too
    return homes


def live_members(world: World, who: str, household_id: str) -> list[str]:
    with world.stores[who].reading() as session:
        return sorted(
            session.scalars(select(Member.name).where(Member.household_id == household_id, Member.deleted_at.is_(None)))
        )
