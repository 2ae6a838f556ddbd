"""冲突 page: a value the county's own clerk changed is headed with the name the county gave that account (赵科长),
not its login (xian), which the other clerks at the county may never have seen; a station's login stays as sent
(station accounts are not synced to the county). Real batches between a county and two stations."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.tasks import TaskRunner
from forms.commands import DEMO_PASSWORD
from forms.users import create_user
from sync.county_conflicts import list_conflicts
from tests.test_county_conflict_writer import headers, set_phone, shared_household, the_county_and_b_disagree
from tests.test_sync_support import World

pytest_plugins = ["tests.test_sync_support"]


def test_the_countys_own_change_is_headed_with_the_accounts_display_name(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    create_user(world.county, "xian", "赵科长", "县级管理员", DEMO_PASSWORD)
    the_county_and_b_disagree(world, "xian")
    (conflict,) = list_conflicts(world.county)
    assert conflict.county_wrote_it and conflict.county_updated_by == "xian"

    shown = headers(qtbot, world, runner)
    assert "县里现有的值（县里 赵科长 修改）" in shown, shown


def test_a_stations_login_stays_even_where_the_county_has_an_account_of_that_login(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    """The county's caiji is not station A's caiji: calling the county's colleague about A's value would be wrong."""
    create_user(world.county, "caiji", "县里的钱录入员", "县级管理员", DEMO_PASSWORD)
    household_id = shared_household(world)
    set_phone(world, "a", household_id, "13911111111")
    world.sync("a")
    set_phone(world, "b", household_id, "13922222222")
    world.sync("b")

    shown = headers(qtbot, world, runner)
    assert "县里现有的值（工作站“者海镇工作站”的 caiji 送来）" in shown, shown


def test_a_change_made_at_the_command_line_is_headed_as_the_command_lines(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    """An ``anju`` command's change is journaled as cli:NAME (it asks no password, `forms.commandline.command_actor`):
    the heading said “县里 cli:clerk 修改”, and an account of that login must not lend it its display name."""
    create_user(world.county, "clerk", "赵科长", "县级管理员", DEMO_PASSWORD)
    the_county_and_b_disagree(world, "cli:clerk")

    shown = headers(qtbot, world, runner)
    assert "县里现有的值（县里 命令行（clerk） 修改）" in shown, shown
    assert not any("cli:" in text or "赵科长" in text for text in shown), shown
