"""A household the county moves to another station's site: every county way of moving it (the editor's 安置点, a
conflict settled by command, 分户 at the county, a roster import) reaches the station it left, as a station's move
does. Real databases, real files: station A serves S1 and S3, station B serves S1 and S2 (`tests.test_sync_support`).

Before, a county move was recorded nowhere a return file looks: station A kept the household at 阳光小区 (S3), as
its own, and never heard of it again, while station B took it at 新村 (S2); two stations each thought it theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import openpyxl
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.editor import HouseholdEditor
from desktop.tasks import TaskRunner
from forms import commands as form_commands
from forms.excel import commands as excel_commands
from forms.idnumber import make_ric
from forms.records import Employment, Household, Measure, Member, Site, Visit
from forms.search import HouseholdFilter, household_ids
from forms.splitting import Destination, split_household
from forms.sync_records import SyncMove
from forms.users import Account
from sync import commands as sync_commands
from sync.county_conflicts import list_conflicts
from sync.county_return import write_return_file
from sync.county_stations import list_stations
from sync.duplicates import merge_households
from sync.outbox import station_status
from tests.in_process_cli import run_in_process
from tests.test_sync_support import World, edit_at_both, live_members

pytest_plugins = ["tests.test_sync_support"]

CLERK = Account("clerk", "赵科长", "县级管理员")
HEAD = make_ric("530326", date(1980, 1, 1), 11)
WIFE = make_ric("530326", date(1982, 2, 2), 22)
SON = make_ric("530326", date(2001, 3, 3), 33)


def county_commands(sub: Any) -> None:
    """``anju county …`` as the program registers it (sync's commands extend forms' ``demo``)."""
    form_commands.register(sub)
    sync_commands.register(sub)


@dataclass(frozen=True)
class Family:
    household: str
    head: str
    son: str


def a_family_at_s3(world: World) -> Family:
    """王大's family at 阳光小区 (S3, station A's alone): three people, the son's job, a visit, a measure for the
    son. Synced, so the county holds it and station B does not."""
    with world.edit("a") as uow:
        home = uow.add(Household(site_id=world.site_id("S3"), building="5", unit="1", room="501"))
        people = {
            number: uow.add(Member(household_id=home.id, name=name, relation=relation, id_number=number))
            for name, relation, number in (("王大", "户主", HEAD), ("李二", "配偶", WIFE), ("王小", "之子", SON))
        }
        son = people[SON]
        uow.add(Employment(member_id=son.id, form="外出务工", place_scope="省外", start_month="2025-03"))
        uow.add(Visit(household_id=home.id, visited_on=date(2026, 5, 1), surveyor="张", outcome="入户"))
        uow.add(Measure(household_id=home.id, member_id=son.id, kind="职业指导", started_on=date(2026, 5, 1)))
    world.sync("a")
    world.sync("b")
    assert world.get("b", Household, home.id) is None
    return Family(home.id, people[HEAD].id, son.id)


def listed_at(world: World, who: str, site: str) -> list[str]:
    """The households the station's 住户 list shows with its 安置点 filter on ``site``."""
    with world.stores[who].reading() as session:
        return list(household_ids(session, HouseholdFilter(site_id=world.site_id(site))))


def site_code(world: World, who: str, household_id: str) -> str | None:
    with world.stores[who].reading() as session:
        return session.scalar(
            select(Site.code).join(Household, Household.site_id == Site.id).where(Household.id == household_id)
        )


def under(world: World, who: str, household_id: str) -> dict[str, int]:
    """How many live members, jobs, visits and measures the station holds under a household."""
    with world.stores[who].reading() as session:
        members = select(Member.id).where(Member.household_id == household_id, Member.deleted_at.is_(None))
        queries = {
            "members": select(func.count()).select_from(members.subquery()),
            "jobs": select(func.count()).where(Employment.member_id.in_(members), Employment.deleted_at.is_(None)),
            "visits": select(func.count()).where(Visit.household_id == household_id, Visit.deleted_at.is_(None)),
            "measures": select(func.count()).where(Measure.household_id == household_id, Measure.deleted_at.is_(None)),
        }
        return {name: int(session.scalar(query) or 0) for name, query in queries.items()}


def take_return_files_twice(world: World) -> None:
    """The county writes each station's return file; each station imports it, then the same file again, which
    changes nothing."""
    for who in ("a", "b"):
        path, _made = write_return_file(world.county, world.stores[who].station_id, world.stick)
        world.station_import(who, path)
        again = world.station_import(who, path)
        assert again.already and again.applied.changed == 0, who
        assert world.stores[who].verify_journal().ok and station_status(world.stores[who]).pending == 0, who


def assert_moved_whole(world: World, family: Family) -> None:
    """The household is at 新村 everywhere, whole; station A, which served its old site, no longer has it there."""
    whole = {"members": 3, "jobs": 1, "visits": 1, "measures": 1}
    assert site_code(world, "county", family.household) == "S2"
    assert under(world, "county", family.household) == whole  # nothing lost at the county
    assert under(world, "b", family.household) == whole  # station B takes it in whole
    assert family.household in listed_at(world, "b", "S2")
    assert site_code(world, "a", family.household) == "S2"  # it was still 阳光小区's (S3) at station A
    assert family.household not in listed_at(world, "a", "S3")


def test_a_household_the_county_editor_moves_reaches_the_station_it_left(qtbot: QtBot, world: World) -> None:
    family = a_family_at_s3(world)
    runner = TaskRunner()
    editor = HouseholdEditor(world.county, runner, CLERK, today=date(2026, 6, 1))
    qtbot.addWidget(editor)
    editor.show()
    with qtbot.waitSignal(editor.opened, timeout=10_000):
        editor.open(family.household)
    view = editor.household_view
    assert view is not None and editor.focus_field(family.household, "site_id")
    view.input("site_id").lineEdit().setText("新村")  # type: ignore[union-attr]
    editor.flush()
    runner.wait()
    qtbot.waitUntil(lambda: not editor.session.saving, timeout=10_000)
    assert world.get("county", Household, family.household).site_id == world.site_id("S2")

    take_return_files_twice(world)
    assert_moved_whole(world, family)


def test_a_site_conflict_settled_by_command_moves_the_household_off_the_other_station(world: World) -> None:
    """A at S1 gives the household 阳光小区 (S3), B gives it 新村 (S2); the county took A's, and the clerk then
    takes B's with anju county resolve: station A, which took the move to S3, must hear it went on to S2."""
    family = a_family_at_s3(world)
    with world.edit("a") as uow:  # to S1 first, so both stations hold it
        uow.get(Household, family.household).site_id = world.site_id("S1")  # type: ignore[union-attr]
    world.sync("a")
    world.sync("b")
    edit_at_both(world, Household, family.household, "site_id", (world.site_id("S3"), world.site_id("S2")))
    (conflict,) = list_conflicts(world.county)
    world.sync("a")  # station A has heard all there was before the clerk decides
    assert world.get("a", Household, family.household).site_id == world.site_id("S3")

    code, _out, err = run_in_process(
        county_commands,
        *("county", "resolve", str(conflict.id), "--take", "station", "--db", str(world.county.path)),
        *("--user", "clerk", "--note", "住新村"),
    )
    assert code == 0, err
    owed = {s.name: s.unsent for s in list_stations(world.county, count_unsent=True)}
    assert owed == {"者海镇工作站": 1, "娜姑镇工作站": 1}  # 待写回执: the station it left is owed one too
    take_return_files_twice(world)
    assert_moved_whole(world, family)


def test_a_roster_imported_at_the_county_that_names_another_site_moves_the_household_for_both_stations(
    world: World,
) -> None:
    family = a_family_at_s3(world)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["安置点名称", "楼栋", "单元", "门牌号", "姓名", "证件号码", "与户主关系"])
    for name, number, relation in (("王大", HEAD, "户主"), ("李二", WIFE, "配偶"), ("王小", SON, "之子")):
        ws.append(["新村", "5", "1", "501", name, number, relation])
    roster = world.root / "县里花名册.xlsx"
    wb.save(roster)
    code, _out, err = run_in_process(
        excel_commands.register, "import-roster", str(roster), "--db", str(world.county.path), "--user", "clerk"
    )
    assert code == 0, err
    assert world.get("county", Household, family.household).site_id == world.site_id("S2")

    take_return_files_twice(world)
    assert_moved_whole(world, family)


def test_a_split_at_the_county_to_another_site_takes_the_son_off_the_old_household_at_the_station(
    world: World,
) -> None:
    """分户 at the county: 王小 becomes a household of his own at 新村. Station A still had him in 王大's household,
    with his job and measure, until its return file; station B gets his new household with them."""
    family = a_family_at_s3(world)
    done = split_household(
        world.county,
        "clerk",
        family.household,
        [family.son],
        family.son,
        Destination(world.site_id("S2"), "8", "2", "802"),
        collector="赵",
        today=date(2026, 6, 1),
    )
    take_return_files_twice(world)

    assert live_members(world, "a", family.household) == ["李二", "王大"]  # 王小 had stayed here at station A
    assert live_members(world, "b", done.new_id) == ["王小"]
    assert under(world, "b", done.new_id) == {"members": 1, "jobs": 1, "visits": 0, "measures": 1}
    assert under(world, "county", done.new_id) == under(world, "b", done.new_id)
    assert under(world, "county", family.household) == {"members": 2, "jobs": 0, "visits": 1, "measures": 0}
    assert world.get("a", Member, family.son).household_id == done.new_id


def test_a_household_moved_to_a_site_both_serve_stays_at_the_old_station_and_reaches_the_other(world: World) -> None:
    """S3 → S1: station A serves both, so it keeps the household (now at 幸福社区); station B, which serves S1,
    takes it in whole. An edit that moves nothing is no move."""
    family = a_family_at_s3(world)
    with world.county.unit_of_work("clerk") as uow:
        uow.get(Household, family.household).room = "502"  # type: ignore[union-attr]
    take_return_files_twice(world)
    with world.county.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sync_moves").scalar_one() == 0
    with world.county.unit_of_work("clerk") as uow:
        uow.get(Household, family.household).site_id = world.site_id("S1")  # type: ignore[union-attr]
    take_return_files_twice(world)
    whole = {"members": 3, "jobs": 1, "visits": 1, "measures": 1}
    for who in ("a", "b"):
        assert family.household in listed_at(world, who, "S1"), who
        assert under(world, who, family.household) == whole, who
    assert world.get("a", Household, family.household).room == "502"


def test_a_merge_across_sites_notes_each_move_once_and_reaches_the_station_it_left(world: World) -> None:
    """王大's family recorded at station A (阳光小区, S3) and again at station B (新村, S2); the county merges them
    whole, keeping B's. The son's job, the visit and the measure leave S3 for S2: each move was noted twice, by the
    merge and by the stamping of its edits (`sync.county_moves`), so every merge grew the county's move table by
    twice what it moved. Now once; station A still hears where they went."""
    family = a_family_at_s3(world)
    with world.edit("b") as uow:
        home = uow.add(Household(site_id=world.site_id("S2"), building="2", unit="1", room="0201"))
        for name, relation, number in (("王大", "户主", HEAD), ("李二", "配偶", WIFE), ("王小", "之子", SON)):
            uow.add(Member(household_id=home.id, name=name, relation=relation, id_number=number))
    world.sync("b")
    merge_households(world.county, home.id, family.household, "clerk")
    with world.county.engine.connect() as conn:
        noted = conn.execute(
            select(SyncMove.record_table, SyncMove.record_id, func.count()).group_by(
                SyncMove.record_table, SyncMove.record_id
            )
        ).all()
    assert sorted(table for table, _id, _times in noted) == ["employments", "measures", "visits"]
    assert {times for *_, times in noted} == {1}
    take_return_files_twice(world)
    assert world.get("a", Household, family.household).status == "作废"
    assert under(world, "a", family.household) == {"members": 0, "jobs": 0, "visits": 0, "measures": 0}
    assert under(world, "b", home.id) == {"members": 3, "jobs": 1, "visits": 1, "measures": 1}
