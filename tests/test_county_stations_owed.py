"""工作站 page: whom a return file is owed. After reviewing, the clerk sees which stations have county results no
return file has carried yet (待写回执), writes theirs, and the station takes them; real files, real databases."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from desktop.county.station_dialogs import ReturnFileDialog
from desktop.county.stations_page import StationsPage
from desktop.editor import HouseholdEditor
from desktop.tasks import TaskRunner
from forms.records import Household
from sync.county_review import approve_household
from sync.county_stations import list_stations, revoke_station
from sync.identity import load_state
from tests.test_sync_support import CLERK, World, add_household

pytest_plugins = ["tests.test_sync_support"]


def shown(page: StationsPage) -> dict[str, str]:
    """Station name → its 待写回执 cell."""
    column = page.COLUMNS.index("待写回执")
    return {page.table.item(r, 0).text(): page.table.item(r, column).text() for r in range(page.table.rowCount())}


def open_stations_page(qtbot: QtBot, world: World, runner: TaskRunner) -> StationsPage:
    """The county's 工作站 page as the clerk opens it, once it lists both stations."""
    page = StationsPage(world.county, runner, account=CLERK)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=5000)
    return page


def test_the_stations_page_says_whom_a_return_file_is_owed_until_it_is_written(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    with world.edit("a") as uow:  # at S1, which both stations serve
        household_id = add_household(uow, world.site_id("S1"), room="302", status="已完成").id
    world.sync("a")
    world.sync("b")
    page = open_stations_page(qtbot, world, runner)
    assert shown(page) == {"者海镇工作站": "0", "娜姑镇工作站": "0"}  # each round trip left nothing behind
    assert "还没写进回执" not in page.summary.text()

    approve_household(world.county, household_id, "clerk")
    page.refresh()
    qtbot.waitUntil(lambda: shown(page)["者海镇工作站"] != "0", timeout=5000)
    assert shown(page) == {"者海镇工作站": "1", "娜姑镇工作站": "1"}  # one household, at a site both serve
    assert "还没写进回执：" in page.summary.text()
    assert "者海镇工作站（1 户）" in page.summary.text() and "娜姑镇工作站（1 户）" in page.summary.text()

    page.table.selectRow(next(r for r in range(2) if page.table.item(r, 0).text() == "者海镇工作站"))
    page.return_button.click()
    dialog = page.return_dialog
    assert isinstance(dialog, ReturnFileDialog)
    before = set(world.stick.glob("*.return"))
    dialog.destination.path.setText(str(world.stick))
    dialog.ok.click()
    qtbot.waitUntil(lambda: "已为工作站“者海镇工作站”写出回执" in page.notice.text(), timeout=5000)
    qtbot.waitUntil(lambda: shown(page)["者海镇工作站"] == "0", timeout=5000)
    assert shown(page)["娜姑镇工作站"] == "1"  # still owed: the clerk knows whom to write for next
    assert "者海镇工作站（" not in page.summary.text() and "娜姑镇工作站（1 户）" in page.summary.text()

    (written,) = [p for p in before if str(p) in page.notice.text()]  # written over the last batch's return file
    world.station_import("a", written)
    assert world.get("a", Household, household_id).status == "已审核"


def test_a_household_that_moved_away_is_news_for_the_station_it_left(world: World) -> None:
    """分户 to another site: station B moves a household from S1 (which both serve) to S2 (B's alone). Station A,
    which held it, is owed a return file saying where it went, and takes it."""
    with world.edit("a") as uow:
        household_id = add_household(uow, world.site_id("S1"), room="501").id
    world.sync("a")
    world.sync("b")
    with world.edit("b") as uow:
        household = uow.get(Household, household_id)
        assert household is not None
        household.site_id = world.site_id("S2")
    world.sync("b")
    counted = {s.name: s.unsent for s in list_stations(world.county, count_unsent=True)}
    assert counted == {"者海镇工作站": 1, "娜姑镇工作站": 0}
    world.sync("a")
    assert world.get("a", Household, household_id).site_id == world.site_id("S2")
    counted = {s.name: s.unsent for s in list_stations(world.county, count_unsent=True)}
    assert counted == {"者海镇工作站": 0, "娜姑镇工作站": 0}


def test_a_revoked_station_is_owed_nothing(qtbot: QtBot, world: World, runner: TaskRunner) -> None:
    """No return file is ever written for a revoked station, so it is not named among those owed one."""
    with world.edit("a") as uow:
        household_id = add_household(uow, world.site_id("S1"), status="已完成").id
    world.sync("a")
    revoke_station(world.county, "者海镇工作站", "clerk", "笔记本电脑丢失")
    approve_household(world.county, household_id, "clerk")
    counted = {s.name: s.unsent for s in list_stations(world.county, count_unsent=True)}
    assert counted["娜姑镇工作站"] > 0 and sum(counted.values()) == counted["娜姑镇工作站"]
    page = open_stations_page(qtbot, world, runner)
    assert "停用" not in page.summary.text().split("还没写进回执")[-1]
    assert [cell for name, cell in shown(page).items() if "停用" in name] == ["—"]


def edit_in_county_editor(
    qtbot: QtBot, world: World, runner: TaskRunner, household_id: str, field: str, text: str
) -> None:
    """The clerk opens the household in the county's editor, types ``text`` into ``field`` and the editor saves."""
    editor = HouseholdEditor(world.county, runner, CLERK, today=date(2026, 6, 1))
    qtbot.addWidget(editor)
    editor.show()
    with qtbot.waitSignal(editor.opened, timeout=10_000):
        editor.open(household_id)
    view = editor.household_view
    assert view is not None and editor.focus_field(household_id, field)
    box = view.input(field)
    (box.lineEdit() if isinstance(box, QComboBox) else box).setText(text)  # type: ignore[union-attr]
    editor.flush()
    runner.wait()
    qtbot.waitUntil(lambda: not editor.session.saving, timeout=10_000)


def test_an_edit_in_the_county_editor_is_owed_at_once(qtbot: QtBot, world: World, runner: TaskRunner) -> None:
    """The clerk corrects a household's room, then moves another to a site of station B's, in the county's editor.
    The 工作站 page showed 0 for both stations until something else (an import, a return file) gave the edits
    their revisions: the clerk could not tell that anyone was owed them. Now both are counted at once, and the
    page only reads (the edits keep waiting for their revisions, as before)."""
    with world.edit("a") as uow:
        shared = add_household(uow, world.site_id("S1"), room="302").id  # S1: both stations serve it
        own = add_household(uow, world.site_id("S3"), room="501").id  # S3: station A's alone
    world.sync("a")
    world.sync("b")
    page = open_stations_page(qtbot, world, runner)
    assert shown(page) == {"者海镇工作站": "0", "娜姑镇工作站": "0"}

    edit_in_county_editor(qtbot, world, runner, shared, "room", "303")
    page.refresh()
    qtbot.waitUntil(lambda: shown(page)["者海镇工作站"] != "0", timeout=5000)
    assert shown(page) == {"者海镇工作站": "1", "娜姑镇工作站": "1"}
    assert "者海镇工作站（1 户）" in page.summary.text() and "娜姑镇工作站（1 户）" in page.summary.text()

    edit_in_county_editor(qtbot, world, runner, own, "site_id", "新村")  # to S2, station B's alone
    with world.county.engine.connect() as conn:
        stamped = load_state(conn).stamped_seq
    page.refresh()
    qtbot.waitUntil(lambda: shown(page)["者海镇工作站"] == "2", timeout=5000)
    assert shown(page) == {"者海镇工作站": "2", "娜姑镇工作站": "2"}  # A hears where it went, B gets it
    with world.county.engine.connect() as conn:
        assert load_state(conn).stamped_seq == stamped  # the page read; it wrote nothing

    world.sync("a")  # the batch's import stamps the edits; the return file carries them
    assert world.get("a", Household, own).site_id == world.site_id("S2")
    assert world.get("a", Household, shared).room == "303"
    page.refresh()
    qtbot.waitUntil(lambda: shown(page)["者海镇工作站"] == "0", timeout=5000)
    assert shown(page)["娜姑镇工作站"] == "2"
