"""``anju demo --county``: a demo county made the way a real one is, so every county page has something true to show.

A county database with its sites, three stations enrolled with two sites each (a package accepted at each), each
station's households recorded at the station (`forms.demo.generate`) and carried to the county as sealed batches
(`sync.outbox.export_batch` → `sync.importing.import_files`), the return files taken back at the stations, and a
county clerk's day in between: nothing is written into the county's tables by hand, so the demo stays true as the
sync code changes. What the pages then show:

- 工作站: three stations, each with its last batch (the third sent only one, which waits for review).
- 重复人员: a family that moved to another station's site and was recorded there too (same 证件号码 at two
  stations; also 整户合并), besides the generator's women still listed in the household they married out of.
- 冲突: the clerk returned (退回) a household the station marked 已完成 the same day, corrected a phone or an income
  the station also changed; the station's next batch brings its value.
- 审核: the first two stations' clean households approved (批量审核通过), the rest and all of the third's waiting.

The station databases are kept beside the county's (``NAME.stations/``, with accounts ``zhanzhang`` and
``caiji``), so a trainer can open a station as well, and the two stay in step: a batch exported there imports here.
Same seed and date → the same households, people, decisions and conflicts (keys, times and the ids of sync
bookkeeping are new each time, as they must be).
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from forms import demo_names as names
from forms.commands import DEMO_ACCOUNTS, DEMO_PASSWORD
from forms.demo import TABLES, generate
from forms.demo_mark import mark_demo
from forms.records import MODEL_BY_TABLE, Employment, Household, Visit
from forms.store import Store, UnitOfWork
from forms.users import create_user

from .county_conflicts import list_conflicts
from .county_review import approve_clean, return_household, review_queue
from .county_sites import add_site
from .county_stations import list_stations
from .duplicates import list_duplicates
from .enrolment import PACKAGE_SUFFIX, accept_package, enrol_station, init_county, package_name
from .errors import SyncError
from .identity import COUNTY, Identity, load_identity
from .importing import ImportReport, import_files
from .outbox import export_batch
from .trunk import county_change

Row = dict[str, Any]

STATIONS = 3
FEWEST_HOUSEHOLDS = 100  # about 30 a station: each has drafts, phones and jobs for the story to pick from
SITES_PER_STATION = 2
#: The station demo's accounts, each where its role works: the 县级管理员 at the county, the others at each station.
COUNTY_ACCOUNTS = [account for account in DEMO_ACCOUNTS if account[2] == "县级管理员"]
STATION_ACCOUNTS = [account for account in DEMO_ACCOUNTS if account[2] != "县级管理员"]
CLERK = COUNTY_ACCOUNTS[0][0]
SURVEYOR = next(username for username, _, role in STATION_ACCOUNTS if role == "采集员")
RETURN_COMMENT = "请核实家庭成员的就业情况，补充一次入户走访后再标记已完成。"


@dataclass(frozen=True)
class DemoStation:
    name: str
    db: Path
    sites: list[str]
    households: int
    batches: int


@dataclass(frozen=True)
class CountyDemo:
    """What `write_county_demo` made: the county, its stations, and what waits on each county page."""

    db: Path
    stations: list[DemoStation]
    households: int
    conflicts: int
    duplicates: int
    approved: int
    to_review: int
    seconds: float


def stations_folder(db: Path) -> Path:
    """Where the stations of the demo county at ``db`` are kept: ``county-demo.db`` → ``county-demo.stations``."""
    return db.with_suffix(".stations")


class _Story:
    """The county demo's rows and its own random choices (a stream apart from the generator's)."""

    def __init__(self, households: int, seed: int, today: date) -> None:
        self.today = today
        self.rng = random.Random(f"county-demo-{seed}")
        rows: dict[str, list[Row]] = {table: [] for table in TABLES}
        for chunk in generate(households, seed, today, sites=STATIONS * SITES_PER_STATION):
            for table, chunk_rows in chunk.items():
                rows[table].extend(chunk_rows)
        # Neighbouring sites (of one 街道 or 镇) go to one station where they can.
        self.sites = sorted(rows["sites"], key=lambda site: (site["town"], site["code"]))
        groups = [self.sites[i : i + SITES_PER_STATION] for i in range(0, len(self.sites), SITES_PER_STATION)]
        #: station name → its sites, each station named after its first site (街道/镇 + 社区), as stations are
        self.groups = {f"{group[0]['name']}就业服务站": group for group in groups}
        station_of_site = {site["id"]: name for name, group in self.groups.items() for site in group}
        self.rows: dict[str, dict[str, list[Row]]] = {name: defaultdict(list) for name in self.groups}
        station_of_household: dict[str, str] = {}
        for household in rows["households"]:
            station = station_of_site[household["site_id"]]
            station_of_household[household["id"]] = station
            self.rows[station]["households"].append(household)
        station_of_member: dict[str, str] = {}
        for member in rows["members"]:
            station = station_of_household[member["household_id"]]
            station_of_member[member["id"]] = station
            self.rows[station]["members"].append(member)
        for spell in rows["employments"]:
            self.rows[station_of_member[spell["member_id"]]]["employments"].append(spell)
        for table in ("visits", "measures"):
            for row in rows[table]:
                self.rows[station_of_household[row["household_id"]]][table].append(row)
        # Chosen before anything is recorded, in this order, so the same seed makes the same story.
        first, second, third = self.groups
        self.moved = {  # station → the family that moved to one of its sites from another station's
            second: self.moved_family(first, second, 0),
            third: self.moved_family(second, third, 1),
            first: self.moved_family(third, first, 2),
        }
        unfinished = self.unfinished(first)  # the clerk returns it, the station finishes it: a conflict
        self.returned = {first: unfinished} if unfinished is not None else {}

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def pick(self, *choices: Sequence[Row]) -> Row | None:
        """One row of the first of ``choices`` that has any (the likeliest first, then what will do), the same for
        the same seed; None when all are empty (a station with no households: a very small demo)."""
        for rows in choices:
            if rows:
                return self.rng.choice(list(rows))
        return None

    def members_of(self, station: str) -> dict[str, list[Row]]:
        found: dict[str, list[Row]] = defaultdict(list)
        for member in self.rows[station]["members"]:
            found[member["household_id"]].append(member)
        return found

    def moved_family(self, source: str, target: str, serial: int) -> dict[str, list[Row]]:
        """A household of ``source`` that moved to a site of ``target`` and was recorded there again: new records,
        the same people (the same 证件号码), a new flat. The old station still lists them: a duplicate for the
        county, which it may merge (整户合并)."""
        members_of = self.members_of(source)
        households = self.rows[source]["households"]
        families = [h for h in households if h["status"] == "已完成" and 2 <= len(members_of[h["id"]]) <= 5]
        old = self.pick(families, households)
        if old is None:
            return {}
        site = self.rng.choice(self.groups[target])
        buildings = [int(h["building"]) for h in self.rows[target]["households"] if h["site_id"] == site["id"]]
        moved_on = self.today - timedelta(days=self.rng.randint(20, 60))
        surveyor = old["collector"]
        household = {
            **old,
            "id": self.uid(),
            "site_id": site["id"],
            "building": str(max(buildings, default=0) + 1),  # a new building: no flat of the generator's
            "unit": "1",
            "room": f"{serial + 1}01",
            "collector": surveyor,
            "collected_on": moved_on,
            "status": "已完成",
        }
        new_ids = {member["id"]: self.uid() for member in members_of[old["id"]]}
        members = [{**m, "id": new_ids[m["id"]], "household_id": household["id"]} for m in members_of[old["id"]]]
        spells = [
            {**spell, "id": self.uid(), "member_id": new_ids[spell["member_id"]]}
            for spell in self.rows[source]["employments"]
            if spell["member_id"] in new_ids and spell["end_month"] is None
        ]
        from_site = next(site["name"] for site in self.sites if site["id"] == old["site_id"])
        visit = {
            "id": self.uid(),
            "household_id": household["id"],
            "visited_on": moved_on,
            "surveyor": surveyor,
            "outcome": "入户",
            "notes": f"从{from_site}搬来。",
        }
        return {"households": [household], "members": members, "employments": spells, "visits": [visit]}

    def unfinished(self, station: str) -> Row | None:
        """A household whose survey the station has not finished (草稿) when it sends its first batch: the county
        will return it, and the station finish it, on the same day."""
        households = self.rows[station]["households"]
        household = self.pick([h for h in households if h["status"] == "已完成"], households)
        if household is not None:
            household["status"] = "草稿"
        return household


def write_county_demo(db: Path, households: int, seed: int = 1, today: date | None = None) -> CountyDemo:
    """Make the demo county at ``db`` (a new file) and its stations in `stations_folder` (which must not exist)."""
    today = today or date.today()
    started = time.perf_counter()
    folder = stations_folder(db)
    if folder.exists():
        raise SyncError(f"“{folder}”已存在。", f"“{folder}” already exists.")
    story = _Story(households, seed, today)
    names_ = list(story.groups)
    folder.mkdir(parents=True)
    stores: dict[str, Store] = {}
    with tempfile.TemporaryDirectory(prefix="anju-demo-stick-") as stick_dir, Store.open(db) as county:
        stick = Path(stick_dir)  # the USB stick: packages, batches and return files pass through it
        try:
            init_county(county, names.COUNTY)
            for username, display_name, role in COUNTY_ACCOUNTS:
                create_user(county, username, display_name, role, DEMO_PASSWORD)
            for site in story.sites:  # with the generator's ids, which its households refer to (same seed, same ids)
                fields = {key: site[key] for key in ("county", "town", "address")}
                add_site(county, site["code"], site["name"], CLERK, id=site["id"], **fields)
            for name in names_:
                codes = [site["code"] for site in story.groups[name]]
                made = enrol_station(county, name, codes, stick / (package_name(name) + PACKAGE_SUFFIX), CLERK)
                station = stores[name] = Store.open(folder / f"{package_name(name)}.db")
                accept_package(station, made.path, made.passphrase)
                made.path.unlink()  # as the README asks once the station has accepted it
                for username, display_name, role in STATION_ACCOUNTS:
                    create_user(station, username, display_name, role, DEMO_PASSWORD)

            # Each station surveys its households (and one family that moved in from another station's site).
            first, second, third = names_
            for name in names_:
                with stores[name].unit_of_work(SURVEYOR) as uow:
                    for table in TABLES[1:]:
                        uow.insert_rows(
                            MODEL_BY_TABLE[table], story.rows[name][table] + story.moved[name].get(table, [])
                        )

            # The first two stations send their first batch; the clerk approves what needs no reading.
            _carry(county, [stores[first], stores[second]], stick)
            approve_clean(county, CLERK)

            # The next day the clerk and the stations change the same few records, neither knowing.
            _edit_at_both(story, county, stores[first], first, ("status", "phone"))
            _edit_at_both(story, county, stores[second], second, ("phone", "income"))

            # Their second batches bring the conflicts, with the third station's first batch, still to review.
            _carry(county, [stores[first], stores[second], stores[third]], stick)
            for demo in (county, *stores.values()):  # so that --force may replace them, and only them
                mark_demo(demo, seed, today)
        finally:
            for store in stores.values():
                store.close()
        result = _what_waits(county, db, folder, story, names_, time.perf_counter() - started)
    return result


def _carry(county: Store, stations: Sequence[Store], stick: Path) -> None:
    """One trip of the stick: each station exports its batch, the county imports them all at once, and each
    station imports the return file the county wrote for it."""
    report = import_files(county, [export_batch(station, stick).path for station in stations])
    _stop_on(report)
    returns = {made.station_id: path for path, made in report.returns}
    for station in stations:
        _stop_on(import_files(station, [returns[_identity(station).id]]))


def _stop_on(report: ImportReport) -> None:
    """A file refused on the way stops the demo, saying why (the command then removes what it made)."""
    errors: list[SyncError] = [result.error for result in report.refused if result.error is not None]
    errors += report.unwritten
    if errors:
        raise SyncError(f"演示县未能生成：{errors[0].zh}", f"The demo county could not be made: {errors[0].en}")


def _identity(store: Store) -> Identity:
    with store.engine.connect() as conn:
        identity = load_identity(conn)
    assert identity is not None  # the county, or a station that accepted its package
    return identity


def _edit_at_both(story: _Story, county: Store, station: Store, name: str, kinds: Sequence[str]) -> None:
    """The county and the station change the same field of one record on the same day, neither knowing of the
    other's change: the station's next batch brings its value, the county keeps its own, and a conflict opens."""
    households = story.rows[name]["households"]
    for kind in kinds:
        if kind == "status":  # the clerk returns the draft the station finishes (已完成) the same day, after a visit
            household = story.returned.get(name)
            if household is None:
                continue
            return_household(county, household["id"], CLERK, RETURN_COMMENT)
            with station.unit_of_work(SURVEYOR) as uow:
                found = uow.get(Household, household["id"])
                assert found is not None
                found.status = "已完成"
                visit = Visit(id=story.uid(), household_id=household["id"], visited_on=story.today, outcome="入户")
                visit.surveyor, visit.notes = household["collector"], "已核实家庭成员就业情况。"
                uow.add(visit)
        elif kind == "phone":  # the clerk corrects the phone from the 务工监测 sheet; the station got a new one
            household = story.pick([h for h in households if h["phone"] and h is not story.returned.get(name)])
            if household is None:
                continue
            for store, actor in ((county, CLERK), (station, SURVEYOR)):
                with _change(store, actor) as uow:
                    found = uow.get(Household, household["id"])
                    assert found is not None
                    found.phone = names.phone(story.rng)
        else:  # income: the clerk takes the 务工监测 figure; the station's visit heard another
            spells = story.rows[name]["employments"]
            ongoing = [s for s in spells if s["end_month"] is None]
            spell = story.pick([s for s in ongoing if s["form"] == "外出务工"], ongoing, spells)
            if spell is None:
                continue
            for store, actor, change in ((county, CLERK, 300), (station, SURVEYOR, -500)):
                with _change(store, actor) as uow:
                    found_spell = uow.get(Employment, spell["id"])
                    assert found_spell is not None
                    found_spell.monthly_income = (spell["monthly_income"] or 3000) + change


def _change(store: Store, actor: str) -> AbstractContextManager[UnitOfWork]:
    """A county change (stamped with county revisions) at the county, a plain unit of work at a station."""
    return county_change(store, actor) if _identity(store).role == COUNTY else store.unit_of_work(actor)


def _what_waits(county: Store, db: Path, folder: Path, story: _Story, names_: list[str], seconds: float) -> CountyDemo:
    stations = {s.name: s for s in list_stations(county)}
    queue = review_queue(county)
    with county.engine.connect() as conn:
        approved = int(conn.exec_driver_sql("SELECT count(*) FROM households WHERE status = '已审核'").scalar_one())
        total = int(conn.exec_driver_sql("SELECT count(*) FROM households").scalar_one())
    made = [
        DemoStation(
            name,
            folder / f"{package_name(name)}.db",
            [site["code"] for site in story.groups[name]],
            len(story.rows[name]["households"]) + len(story.moved[name].get("households", [])),
            stations[name].last_batch,
        )
        for name in names_
    ]
    return CountyDemo(
        db,
        made,
        total,
        len(list_conflicts(county)),
        len(list_duplicates(county)),
        approved,
        len(queue),
        seconds,
    )


def remove_county_demo(db: Path) -> None:
    """The demo county at ``db`` (with its -wal and -shm) and its stations' folder: to make it again (``--force``),
    or what a demo that failed half way made."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    folder = stations_folder(db)
    if folder.is_dir():
        shutil.rmtree(folder)
