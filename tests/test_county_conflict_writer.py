"""冲突 page: the county's side of a conflict names the station that sent it (or the county), not only a user name
that every station may have; real batches between a county and two stations."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.tasks import TaskRunner
from forms.records import Household
from sync.county_conflicts import list_conflicts
from sync.trunk import county_change
from tests.test_sync_support import World, add_household, open_conflicts_page

pytest_plugins = ["tests.test_sync_support"]


def shared_household(world: World) -> str:
    """A household at S1, made at station A and synced so that both stations hold it."""
    with world.a.unit_of_work("caiji") as uow:
        household_id = add_household(uow, world.site_id("S1"), room="302", phone="13800000000").id
    world.sync("a")
    world.sync("b")
    return household_id


def set_phone(world: World, who: str, household_id: str, phone: str) -> None:
    with world.stores[who].unit_of_work("caiji") as uow:  # each station has its own 采集员 named caiji
        household = uow.get(Household, household_id)
        assert household is not None
        household.phone = phone


def headers(qtbot: QtBot, world: World, runner: TaskRunner) -> list[str]:
    """The column titles above the values of the first conflict, as the clerk sees them."""
    page = open_conflicts_page(qtbot, world, runner)
    page.table.setCurrentCell(0, 0)
    return [label.text() for label in page.grid_host.findChildren(QLabel)]


def test_the_county_value_names_the_station_that_sent_it(qtbot: QtBot, world: World, runner: TaskRunner) -> None:
    household_id = shared_household(world)
    set_phone(world, "a", household_id, "13911111111")
    world.sync("a")
    set_phone(world, "b", household_id, "13922222222")
    world.sync("b")
    (conflict,) = list_conflicts(world.county)
    assert conflict.county_station == "者海镇工作站" and conflict.station_name == "娜姑镇工作站"

    shown = headers(qtbot, world, runner)
    assert "县里现有的值（工作站“者海镇工作站”的 caiji 送来）" in shown  # whom to call about 13911111111
    assert "工作站“娜姑镇工作站”的值" in shown


def the_county_and_b_disagree(world: World, clerk: str) -> str:
    """The county's ``clerk`` corrects the shared household's phone after a call, station B types another: one
    conflict, the county's value written at the county. The household's id."""
    household_id = shared_household(world)
    with county_change(world.county, clerk) as uow:
        household = uow.get(Household, household_id)
        assert household is not None
        household.phone = "13933333333"
    set_phone(world, "b", household_id, "13922222222")
    world.sync("b")
    return household_id


def test_a_value_the_clerk_wrote_is_called_the_countys(qtbot: QtBot, world: World, runner: TaskRunner) -> None:
    the_county_and_b_disagree(world, "clerk")
    (conflict,) = list_conflicts(world.county)
    assert conflict.county_wrote_it and conflict.county_station is None

    assert "县里现有的值（县里 clerk 修改）" in headers(qtbot, world, runner)
