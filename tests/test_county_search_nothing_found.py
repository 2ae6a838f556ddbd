"""A county list's search that finds nothing says so (审核, 重复人员): the list went blank under the search box,
with nothing saying why, and a clerk who had typed a name minutes before took it for nothing left to do. Real
county and station databases, real batches (`tests.test_sync_support`)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.county.duplicates_page import DuplicatesPage
from desktop.county.list_page import ListDetailPage
from desktop.county.review_page import ReviewPage
from desktop.tasks import TaskRunner
from tests.test_sync_support import CLERK, World, add_household, one_family_at_both_stations

pytest_plugins = ["tests.test_sync_support"]


def search_for(qtbot: QtBot, page: ReviewPage | DuplicatesPage, text: str, rows: int) -> None:
    page.search.setText(text)
    qtbot.waitUntil(lambda: page.table.rowCount() == rows and not page._typing.isActive(), timeout=3000)


def assert_says_nothing_found_and_clears(qtbot: QtBot, page: ReviewPage | DuplicatesPage, listed: int) -> None:
    said = page.nothing_found
    assert not said.isVisible()
    search_for(qtbot, page, "没有这个人", 0)
    assert said.isVisible() and "没有与“没有这个人”相符的" in said.text() and "清除查找" in said.text()
    search_for(qtbot, page, "没有这个", 0)
    assert "没有与“没有这个”相符的" in said.text()  # what is typed now
    said.linkActivated.emit("clear")  # the clerk clicks 清除查找
    qtbot.waitUntil(lambda: page.table.rowCount() == listed, timeout=3000)
    assert page.search.text() == "" and not said.isVisible() and page.search.hasFocus()


def opened(qtbot: QtBot, page: ListDetailPage, rows: int) -> None:
    qtbot.addWidget(page)
    page.resize(953, 481)
    page.show()
    page.activateWindow()
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == rows, timeout=5000)


def test_a_review_search_that_finds_nothing_says_so_and_clears(qtbot: QtBot, world: World, runner: TaskRunner) -> None:
    with world.edit("a") as uow:
        for n in range(3):
            add_household(uow, world.site_id("S1"), room=f"10{n}", status="已完成")
    world.sync("a")
    page = ReviewPage(world.county, runner, CLERK)
    opened(qtbot, page, 3)
    assert_says_nothing_found_and_clears(qtbot, page, 3)
    page.showing.setCurrentIndex(page.showing.findData("attention"))  # none needs a look: not the search's doing
    page.search.setText("101")
    qtbot.waitUntil(lambda: not page._typing.isActive(), timeout=3000)
    assert page.table.rowCount() == 0 and not page.nothing_found.isVisible()


def test_a_duplicates_search_that_finds_nothing_says_so_and_clears(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    one_family_at_both_stations(world)
    page = DuplicatesPage(world.county, runner, CLERK)
    opened(qtbot, page, 2)
    assert_says_nothing_found_and_clears(qtbot, page, 2)


def test_what_clearing_the_search_lists_is_said_as_the_filters_leave_it(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    """With a station chosen, clearing the search lists that station's households, not 全部 as the message said."""
    for who, site, rooms in (("a", "S1", ("101", "102")), ("b", "S2", ("201",))):
        with world.edit(who) as uow:
            for room in rooms:
                add_household(uow, world.site_id(site), room=room, status="已完成")
        world.sync(who)
    page = ReviewPage(world.county, runner, CLERK)
    opened(qtbot, page, 3)
    said = page.nothing_found
    search_for(qtbot, page, "没有这个人", 0)
    assert "清除查找</a>（查找框右端的 ×），列出全部 3 户。" in said.text()

    page.station_filter.setCurrentIndex(page.station_filter.findText("者海镇工作站"))
    search_for(qtbot, page, "没有这户", 0)
    assert "列出按“者海镇工作站”筛选出的 2 户。" in said.text() and "全部" not in said.text()
    page.showing.setCurrentIndex(page.showing.findData("clean"))
    qtbot.waitUntil(lambda: "“者海镇工作站”、“可直接审核通过的”筛选出的 2 户" in said.text(), timeout=3000)
    said.linkActivated.emit("clear")
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=3000)  # what the message promised
