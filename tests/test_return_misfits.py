"""A station takes the county's return file only with values that fit their fields.

The county's database can be edited by hand (a clerk with a SQLite browser, a script); its return file then carries
such a value to the station. The station keeps its own value there, takes the rest, and says whose field it was, so
the worker can tell the county (`sync.station_apply.apply_records`).
"""

from __future__ import annotations

from datetime import date

import pytest

from desktop.cli import main
from forms.records import Household, Member, Visit
from forms.store import Store
from sync.county_return import write_return_file
from sync.trunk import county_change
from tests.test_sync_support import World, add_household

pytest_plugins = ["tests.test_sync_support"]


def synced_family(world: World) -> tuple[str, str, str]:
    """A household of station A with two members, the first born 1980-08-04, at the county and at A: its id and
    the two members' ids."""
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), hh_number="530326000070")
    world.sync("a")
    with world.a.reading() as session:
        first, second = sorted(
            session.query(Member).filter(Member.household_id == household.id), key=lambda m: m.name or ""
        )
    with world.edit("a") as uow:
        member = uow.get(Member, first.id)
        assert member is not None
        member.birth_date = date(1980, 8, 4)
    world.sync("a")
    return household.id, first.id, second.id


def by_hand(store: Store, sql: str, *params: object) -> None:
    """What a clerk does with a SQLite browser: straight into the file, past Anju."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql(sql, params)


def stored(store: Store, sql: str, *params: object) -> list[tuple[object, ...]]:
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.exec_driver_sql(sql, params)]


def test_a_date_the_county_edited_by_hand_is_not_taken_the_rest_is_and_the_import_names_it(world: World) -> None:
    household_id, first_id, second_id = synced_family(world)
    with county_change(world.county, "clerk") as uow:  # the clerk's ordinary edits: new revisions of both members
        for member_id, phone in ((first_id, "13911111111"), (second_id, "13922222222")):
            member = uow.get(Member, member_id)
            assert member is not None
            member.phone = phone
    by_hand(world.county, "UPDATE members SET birth_date = '1980/8/4' WHERE id = ?", first_id)

    path, _ = write_return_file(world.county, world.a.station_id, world.stick)
    outcome = world.station_import("a", path)

    first, second = world.get("a", Member, first_id), world.get("a", Member, second_id)
    assert second.phone == "13922222222" and first.phone == "13911111111"  # the good changes are taken
    assert first.birth_date == date(1980, 8, 4)  # the station's own date stays
    assert stored(world.a, "SELECT birth_date FROM members WHERE id = ?", first_id) == [("1980-08-04",)]
    zh, en = outcome.message()
    assert "县里发回的文件中，户编号 530326000070 成员1010的“出生日期”是“1980/8/4”，不是日期" in zh
    assert "这一项没有更新，本站保留原来的值" in zh and "请告诉县里核对改正" in zh
    assert "birth_date “1980/8/4” is not a date" in en

    # The same file again changes nothing more, and has nothing more to say about the date.
    before = stored(world.a, "SELECT id, rev, phone, birth_date FROM members ORDER BY id")
    journal = stored(world.a, "SELECT count(*) FROM journal")
    again = world.station_import("a", path)
    assert again.already and "出生日期" not in again.message()[0]
    assert again.applied.changed == 0 and again.applied.unchanged == again.applied.received > 0  # 同步记录's 跳过
    assert stored(world.a, "SELECT id, rev, phone, birth_date FROM members ORDER BY id") == before
    assert stored(world.a, "SELECT count(*) FROM journal") == journal
    assert world.get("a", Household, household_id).hh_number == "530326000070"


def test_the_value_the_county_corrects_comes_with_its_next_return_file(world: World) -> None:
    _household_id, first_id, _second_id = synced_family(world)
    with county_change(world.county, "clerk") as uow:
        member = uow.get(Member, first_id)
        assert member is not None
        member.phone = "13911111111"
    by_hand(world.county, "UPDATE members SET birth_date = 'abc' WHERE id = ?", first_id)
    path, _ = write_return_file(world.county, world.a.station_id, world.stick)
    assert "“abc”，不是日期" in world.station_import("a", path).message()[0]

    by_hand(world.county, "UPDATE members SET birth_date = '1980-08-14' WHERE id = ?", first_id)
    with county_change(world.county, "clerk") as uow:  # the correction, saved as an edit, gets a revision
        member = uow.get(Member, first_id)
        assert member is not None
        member.phone = "13933333333"
    path, _ = write_return_file(world.county, world.a.station_id, world.stick)
    outcome = world.station_import("a", path)
    assert "不合格式" not in outcome.message()[0] and "县里发回的文件中" not in outcome.message()[0]
    assert world.get("a", Member, first_id).birth_date == date(1980, 8, 14)


def test_a_new_visit_whose_date_is_not_one_waits_for_the_county_and_the_household_is_taken(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    household_id, _first_id, _second_id = synced_family(world)
    with county_change(world.county, "clerk") as uow:
        household = uow.get(Household, household_id)
        assert household is not None
        household.phone = "13800000000"
        visit = uow.add(Visit(household_id=household_id, visited_on=date(2026, 5, 3), outcome="入户"))
    by_hand(world.county, "UPDATE visits SET visited_on = '2026/5/3' WHERE id = ?", visit.id)

    path, _ = write_return_file(world.county, world.a.station_id, world.stick)
    assert main(["sync", "import", str(path), "--db", str(world.root / "a.db")]) == 0  # as anju sync import says it
    said = capsys.readouterr().out

    assert world.get("a", Household, household_id).phone == "13800000000"
    assert world.get("a", Visit, visit.id) is None
    assert "户编号 530326000070的“走访日期”是“2026/5/3”，不是日期，这条走访记录没有导入" in said
    again = world.station_import("a", path)  # still not taken, and still said
    assert world.get("a", Visit, visit.id) is None and "这条走访记录没有导入" in again.message()[0]
