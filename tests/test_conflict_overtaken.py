"""A conflict a later change has answered is closed, not left for the clerk to "decide" over that later change.

Station A's worker changed 户联系电话 while the county's clerk had changed it too: the county kept its number and
opened a conflict. The return file told A it waits. The worker typed the number again anyway (or the clerk, after a
phone call, typed A's number in the editor): the county took it, as it clashed with nothing now, but the conflict
stayed open, and the clerk taking the county's side later undid the newer edit. Now a later change to the field
settles the conflict (who, when, and why are kept, and the station hears it as a resolution); one that clashes
again takes the old conflict's place; and a page showing a conflict that was settled meanwhile settles nothing.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.tasks import TaskRunner
from forms.records import Household
from sync.county_conflicts import list_conflicts, resolve_conflict
from sync.county_return import write_return_file
from sync.errors import SyncError
from tests.test_conflict_waiting import PHONE_COUNTY, PHONE_STATION, _banner, _clash_at_the_county, _clash_on_the_phone
from tests.test_server_support import OnlineWorld
from tests.test_sync_support import World, open_conflicts_page
from tests.test_sync_support import add_household as add_world_household

pytest_plugins = ["tests.test_sync_support", "tests.test_server_support"]

PHONE_LATER = "13933333333"


def _set_phone(world: World, who: str, household_id: str, phone: str) -> None:
    with world.edit(who) as uow:
        uow.get(Household, household_id).phone = phone  # type: ignore[union-attr]


def test_the_station_typing_its_value_again_settles_the_conflict(qtbot: QtBot, world: World) -> None:
    household_id, _waiting = _clash_on_the_phone(world)
    (opened,) = list_conflicts(world.county)
    _set_phone(world, "a", household_id, PHONE_STATION)  # the worker types it again, over the county's number
    _report, outcome = world.sync("a")

    assert world.get("county", Household, household_id).phone == PHONE_STATION
    assert list_conflicts(world.county) == []  # nothing left for the clerk to decide
    (settled,) = list_conflicts(world.county, "resolved")
    assert settled.id == opened.id and settled.resolution == "station" and settled.resolved_value == PHONE_STATION
    assert settled.resolved_by == "者海镇工作站 zhang"
    assert settled.note is not None and "之后又修改了这个字段" in settled.note, settled.note

    # The station hears it as settled: its "waiting" line is gone, the decision shows instead.
    assert outcome.waiting == 0 and "冲突待县里处理" not in outcome.message()[0]
    assert world.get("a", Household, household_id).phone == PHONE_STATION
    said = _banner(qtbot, world, household_id)
    assert "待县里处理" not in said and "采用了本站的值" in said, said


def test_the_county_editing_the_field_settles_the_conflict(world: World) -> None:
    household_id, _path = _clash_at_the_county(world)
    _set_phone(world, "county", household_id, PHONE_STATION)  # the clerk called and typed A's number in the editor
    path, _made = write_return_file(world.county, world.a.station_id, world.stick)  # stamps the clerk's edit first
    assert list_conflicts(world.county) == []
    (settled,) = list_conflicts(world.county, "resolved")
    assert settled.resolution == "station" and settled.resolved_by == "clerk"
    assert settled.note is not None and "县里" in settled.note, settled.note

    outcome = world.station_import("a", path)
    assert outcome.waiting == 0
    assert world.get("a", Household, household_id).phone == PHONE_STATION


def test_a_later_change_that_clashes_again_is_still_the_one_question(world: World) -> None:
    """Before the return file reached it, A's worker changed the number once more: still not the county's, so
    still a conflict, but the one question, now with A's newest number: taking the station's side takes that."""
    household_id, _path = _clash_at_the_county(world)
    (opened,) = list_conflicts(world.county)
    _set_phone(world, "a", household_id, PHONE_LATER)
    world.county_import(world.export("a"))
    (still,) = list_conflicts(world.county, None)
    assert still.id == opened.id and still.status == "open"
    assert still.station_value == PHONE_LATER and still.county_value == PHONE_COUNTY
    assert world.get("county", Household, household_id).phone == PHONE_COUNTY


def test_the_station_agreeing_with_the_county_settles_the_conflict(world: World) -> None:
    household_id, _path = _clash_at_the_county(world)
    _set_phone(world, "a", household_id, PHONE_COUNTY)  # the worker checked: the county's number is right
    world.county_import(world.export("a"))
    assert list_conflicts(world.county) == []
    (settled,) = list_conflicts(world.county, "resolved")
    assert settled.resolution == "county" and settled.resolved_value == PHONE_COUNTY


def test_settling_a_conflict_a_later_change_settled_is_refused_and_changes_nothing(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    household_id, _waiting = _clash_on_the_phone(world)
    (opened,) = list_conflicts(world.county)
    page = open_conflicts_page(qtbot, world, runner)
    page.table.setCurrentCell(0, 0)

    _set_phone(world, "a", household_id, PHONE_STATION)  # meanwhile the station's batch answers it
    world.sync("a")

    page.choose(opened.id, "county")
    page.resolve_button.click()
    qtbot.waitUntil(lambda: "了结" in page.notice.text(), timeout=5000)
    said = page.notice.text()
    assert "者海镇工作站" in said or "zhang" in said, said
    assert "未作更改" in said, said
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=5000)
    # It is in the page's 最近了结, saying who settled it, how, and why.
    recent = page.recent.text()
    assert page.recent.isVisibleTo(page) and recent.startswith("最近了结的冲突："), recent
    assert (
        "户联系电话：者海镇工作站 zhang 于" in recent and "采用了工作站的值；说明：工作站之后又修改了这个字段" in recent
    )
    assert world.get("county", Household, household_id).phone == PHONE_STATION  # the newer edit stands

    with pytest.raises(SyncError) as refused:
        resolve_conflict(world.county, opened.id, "county", "clerk")
    assert "了结" in refused.value.zh and "未作更改" in refused.value.zh, refused.value.zh


def test_another_stations_later_value_becomes_the_countys_side_of_the_question(world: World) -> None:
    """At S1, which both stations serve: A's change clashed with the clerk's; then B's worker, holding the county's
    number, changes it. Nobody answered A, so A's conflict stays open, but the county's side is B's newer number now:
    keeping the county's value keeps B's edit instead of putting back the clerk's old one."""
    with world.edit("a") as uow:
        household_id = add_world_household(uow, world.site_id("S1"), room="303", phone="13800000000").id
    world.sync("a")
    world.sync("b")
    _set_phone(world, "county", household_id, PHONE_COUNTY)
    _set_phone(world, "a", household_id, PHONE_STATION)
    world.sync("a")
    world.sync("b")  # B receives the county's number
    _set_phone(world, "b", household_id, PHONE_LATER)
    world.sync("b")

    (still,) = list_conflicts(world.county)
    assert still.station_name == "者海镇工作站" and still.station_value == PHONE_STATION
    assert still.county_value == PHONE_LATER
    resolve_conflict(world.county, still.id, "county", "clerk")
    assert world.get("county", Household, household_id).phone == PHONE_LATER


def test_on_the_county_server_sqlite_or_postgresql(online_world: OnlineWorld) -> None:
    """The same through a county database on either backend: settled by the station's later change, brought up to
    date by one clashing again, settled by the county's edit, and refused when settled already."""
    w = online_world
    homes = []
    for room in ("401", "402"):
        with w.edit("a") as uow:
            homes.append(add_world_household(uow, w.site_id("S3"), room=room, phone="13800000000").id)
    w.sync("a")
    for home in homes:
        _set_phone(w, "county", home, PHONE_COUNTY)
        _set_phone(w, "a", home, PHONE_STATION)
    w.sync("a")
    assert len(list_conflicts(w.county)) == 2

    _set_phone(w, "a", homes[0], PHONE_STATION)  # typed again: settles the first
    _set_phone(w, "a", homes[1], PHONE_LATER)  # based on the county's number: taken, settles the second too
    w.sync("a")
    assert list_conflicts(w.county) == []
    first, second = sorted(list_conflicts(w.county, "resolved"), key=lambda c: c.household_id == homes[1])
    assert (first.resolution, second.resolution) == ("station", "value")
    assert second.resolved_value == PHONE_LATER

    with pytest.raises(SyncError, match="了结"):
        resolve_conflict(w.county, first.id, "county", "clerk")
    assert w.get("county", Household, homes[0]).phone == PHONE_STATION

    # The clerk's own edit settles one too.
    _set_phone(w, "county", homes[0], PHONE_COUNTY)
    _set_phone(w, "a", homes[0], PHONE_LATER)
    w.county_import(w.export("a"))
    (third,) = list_conflicts(w.county)
    _set_phone(w, "county", homes[0], PHONE_LATER)
    write_return_file(w.county, w.a.station_id, w.stick)  # stamps the clerk's edit
    assert list_conflicts(w.county) == []
    assert next(c for c in list_conflicts(w.county, "resolved") if c.id == third.id).resolved_by == "clerk"
