"""Every change committed on the county's database is stamped in its own transaction, whatever path wrote it.

A roster the clerk imported at the county (``anju import-roster``, 导入导出) or a 分户 there wrote through forms, which
knows nothing of the county: their changes had no county revision until a later import, return file, county action
or editor save stamped them. Meanwhile a conflict they answered (the household's phone imported from the roster, the
son made 户主 of his own household) stayed open on the 冲突 page and in ``anju county conflicts``, and the counts said
it waited for the clerk. Now sync registers a commit hook with the store (`sync.trunk.stamp_if_county`), and the
conflict closes with the commit that answered it. A station's commits are not touched.
"""

from __future__ import annotations

from datetime import date

import openpyxl
from sqlalchemy import select

from forms.excel import commands as excel_commands
from forms.idnumber import make_ric
from forms.records import Household, Member
from forms.splitting import Destination, split_household, undo_split
from sync.county_conflicts import ConflictInfo, list_conflicts
from sync.county_return import write_return_file
from tests.in_process_cli import run_in_process
from tests.test_sync_support import World, edit_at_both

pytest_plugins = ["tests.test_sync_support"]

FAMILY = (
    ("王大", "户主", make_ric("530326", date(1980, 1, 1), 11)),
    ("李二", "配偶", make_ric("530326", date(1982, 2, 2), 22)),
    ("王小", "之子", make_ric("530326", date(2001, 3, 3), 33)),
)


def a_family_at_s1(world: World) -> tuple[str, dict[str, str]]:
    """王大's family at 幸福社区 (S1), which both stations serve: entered at A, known to the county and to B."""
    with world.edit("a") as uow:
        home = uow.add(Household(site_id=world.site_id("S1"), building="3", unit="1", room="302", phone="13800000000"))
        people = {
            name: uow.add(Member(household_id=home.id, name=name, relation=relation, id_number=number)).id
            for name, relation, number in FAMILY
        }
    world.sync("a")
    world.sync("b")
    return home.id, people


def settled_by_the_clerk(world: World, opened: ConflictInfo, by: str = "clerk") -> ConflictInfo:
    """The conflict, closed by the county's own change with no import, return file or county action since: ``by``
    the clerk's account in the app, "cli:clerk" by an ``anju`` command run as ``--user clerk`` (it asks no
    password, so it is marked as the command line's: `forms.commandline.command_actor`)."""
    assert list_conflicts(world.county) == []  # the 冲突 page and anju county conflicts: nothing waits
    (settled,) = list_conflicts(world.county, "resolved")
    assert settled.id == opened.id and settled.resolved_by == by
    assert settled.note is not None and "县里之后修改了这个字段" in settled.note, settled.note
    return settled


def both_stations_take_their_return_files(world: World) -> None:
    for who in ("a", "b"):
        path, _made = write_return_file(world.county, world.stores[who].station_id, world.stick)
        assert world.station_import(who, path).waiting == 0  # no "冲突待县里处理" left at either station


def test_a_roster_imported_at_the_county_closes_the_phone_conflict_it_answers(world: World) -> None:
    """Stations A and B typed different phone numbers for the family; the clerk imports the county's roster, which
    holds the number the family gave the county."""
    household_id, _people = a_family_at_s1(world)
    edit_at_both(world, Household, household_id, "phone", ("13911111111", "13922222222"))
    (opened,) = list_conflicts(world.county)
    assert opened.field == "phone"

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["安置点名称", "楼栋", "单元", "门牌号", "姓名", "证件号码", "与户主关系", "户联系电话"])
    for name, relation, number in FAMILY:
        sheet.append(["幸福社区", "3", "1", "302", name, number, relation, "13933333333"])
    roster = world.root / "县里花名册.xlsx"
    book.save(roster)
    code, _out, err = run_in_process(
        excel_commands.register, "import-roster", str(roster), "--db", str(world.county.path), "--user", "clerk"
    )
    assert code == 0, err
    assert world.get("county", Household, household_id).phone == "13933333333"

    settled = settled_by_the_clerk(world, opened, "cli:clerk")
    assert settled.resolution == "value" and settled.resolved_value == "13933333333"
    both_stations_take_their_return_files(world)
    for who in ("a", "b"):
        assert world.get(who, Household, household_id).phone == "13933333333"


def test_a_split_at_the_county_closes_the_conflict_on_the_relation_of_the_member_it_makes_head(world: World) -> None:
    """A and B disagreed on what 王小 is to the 户主; the clerk registers him as a household of his own (分户), of
    which he is 户主. Taking it back (撤销分户) is the county's own change too, stamped as it commits."""
    household_id, people = a_family_at_s1(world)
    son = people["王小"]
    edit_at_both(world, Member, son, "relation", ("之孙子", "其他"))
    (opened,) = list_conflicts(world.county)
    assert opened.field == "relation"
    rev_before = world.county_rev()

    done = split_household(
        world.county,
        "clerk",
        household_id,
        [son],
        son,
        Destination(world.site_id("S1"), "8", "2", "802"),
        collector="赵",
        today=date(2026, 6, 1),
    )

    settled = settled_by_the_clerk(world, opened)
    assert settled.resolved_value == "户主"
    assert world.county_rev() > rev_before  # the split has its revisions: the return files carry it
    both_stations_take_their_return_files(world)
    for who in ("a", "b"):
        moved = world.get(who, Member, son)
        assert moved.household_id == done.new_id and moved.relation == "户主"

    rev_split = world.county_rev()
    undo_split(world.county, "clerk", done)
    assert world.county_rev() > rev_split  # 撤销分户 stamped as it committed, not at the next import
    both_stations_take_their_return_files(world)
    assert world.get("a", Member, son).household_id == household_id


def test_a_stations_commits_are_not_stamped(world: World) -> None:
    """The hook runs on every database; at a station it writes nothing: the record keeps the county's revision it
    came with, and the station's own change waits in its outbox for the county to stamp."""
    household_id, _people = a_family_at_s1(world)

    def station_state() -> tuple[int, list[tuple[int, int]]]:
        with world.a.engine.connect() as conn:
            rev = conn.execute(select(Household.rev).where(Household.id == household_id)).scalar_one()
            return rev, conn.exec_driver_sql("SELECT county_rev, stamped_seq FROM sync_state").all()

    before = station_state()
    with world.edit("a") as uow:
        household = uow.get(Household, household_id)
        assert household is not None
        household.room = "303"
    assert world.get("a", Household, household_id).room == "303"
    assert station_state() == before
