"""The county clerk's pages before anything has come in, in a laptop window, in both languages: a county just set up
(``anju county init``), then one whose stations are enrolled but have sent nothing.

工作站, 冲突 and 审核 showed their column headings squeezed into a strip on the left over an empty grey panel: the
clerk could not tell whether something was broken or what to do first. Each now says what it lists, when things
appear and what to do (登记工作站 first), as 重复人员 does; the list comes back as soon as there is something in it.
Real SQLite files for the county and its stations, real batches.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.county import CountyPage
from desktop.county.conflicts_page import ConflictsPage
from desktop.county.review_page import ReviewPage
from desktop.county.stations_page import StationsPage
from desktop.i18n import install_translator
from desktop.main_window import WINDOW_FRAME, MainWindow
from forms.records import Household
from forms.store import Store
from sync.county_review import approve_household
from sync.county_sites import add_site
from sync.enrolment import enrol_station, init_county
from tests.test_narrow_lists import COUNTY_CLERK, LAPTOP
from tests.test_sync_support import World, add_household, edit_at_both

pytest_plugins = ["tests.test_i18n", "tests.test_sync_support"]

#: The first step 工作站 says, by language: the button, where the package goes, and where the station takes it in.
FIRST_STEP = {
    "zh_CN": ("「登记工作站…」", "把登记包写到U盘", "「导入登记包…」"),
    "en": ("“Enrol station…”", "enrolment package to a USB stick", "“Accept enrolment package…”"),
}
#: What 冲突 and 审核 say, by language: what they list, and whether a batch has come in.
SAID = {
    "zh_CN": {
        "conflict": "就是冲突",
        "review": "等县里审核的住户",
        "no_batch": "还没有导入过工作站的批次",
        "no_conflict": "已导入的批次没有待处理的冲突",
        "all_reviewed": "送来的住户都已审核",
    },
    "en": {
        "conflict": "A conflict is one item",
        "review": "households waiting for the county's review",
        "no_batch": "No station's batch has been imported yet",
        "no_conflict": "leave no conflict to settle",
        "all_reviewed": "Every household sent so far has been reviewed",
    },
}


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest, english: QApplication) -> str:
    """Each language in turn, installed before the window is made."""
    if request.param == "zh_CN":
        install_translator(english, "zh_CN")
    return str(request.param)


def laptop_window(qtbot: QtBot, store: Store) -> MainWindow:
    main = MainWindow(store, COUNTY_CLERK)
    qtbot.addWidget(main)
    main.resize(LAPTOP - WINDOW_FRAME)
    main.show()
    main.show_page("county")
    return main


def county_page(main: MainWindow) -> CountyPage:
    page = main.pages["county"]
    assert isinstance(page, CountyPage)
    return page


def opened(qtbot: QtBot, main: MainWindow, page: QWidget) -> None:
    """``page``'s tab shown (which reads it again), and every read done."""
    county = county_page(main)
    if county.tabs.currentWidget() is page:
        page.refresh()  # type: ignore[attr-defined]
    else:
        county.tabs.setCurrentWidget(page)
    main.runner.wait()
    qtbot.waitUntil(lambda: not main.runner.busy, timeout=10_000)  # its result shown, not only read
    QApplication.processEvents()


def says_in_view(page: QWidget, empty: QLabel) -> str:
    """The page's text for nothing to show, in view whole: on the page, not cut at its right or bottom."""
    assert empty.isVisible()
    top_left = empty.mapTo(page, empty.rect().topLeft())
    assert top_left.x() >= 0 and top_left.y() >= 0
    assert top_left.x() + empty.width() <= page.width() and top_left.y() + empty.height() <= page.height()
    assert empty.height() >= empty.heightForWidth(empty.width())  # every line of it
    return empty.text()


@pytest.fixture
def new_county(tmp_path: Path) -> Iterator[Store]:
    """A county database just made, as `anju county init` makes it: no site, no station, no batch."""
    store = Store.open(tmp_path / "county.db")
    init_county(store, "会泽县")
    yield store
    store.close()


def test_a_county_just_set_up_says_on_each_page_what_comes_first_until_a_station_is_enrolled(
    qtbot: QtBot, language: str, new_county: Store, tmp_path: Path
) -> None:
    said = SAID[language]
    main = laptop_window(qtbot, new_county)
    county = county_page(main)

    stations = county.stations
    opened(qtbot, main, stations)
    assert isinstance(stations, StationsPage)
    text = says_in_view(stations, stations.empty)
    assert all(step in text for step in FIRST_STEP[language]), text  # the first step, and where the package goes
    assert not stations.table.isVisible() and stations.enrol_button.isVisible()
    for page in (county.conflicts, county.review):
        opened(qtbot, main, page)
        assert not page.splitter.isVisible()  # no headings over an empty grey panel
        text = says_in_view(page, page.empty)
        assert said["conflict" if page is county.conflicts else "review"] in text and said["no_batch"] in text
    assert isinstance(county.review, ReviewPage) and not county.review.search.isVisible()

    # The first station enrolled: the list of stations takes the text's place.
    add_site(new_county, "S1", "幸福社区", "clerk", county="会泽县")
    enrol_station(new_county, "者海镇工作站", ["S1"], tmp_path / "a.anju-station", "clerk")
    opened(qtbot, main, stations)
    assert stations.table.isVisible() and stations.table.rowCount() == 1 and not stations.empty.isVisible()
    main.runner.wait()
    main.close()


def test_a_page_made_for_someone_else_does_not_send_them_to_a_button_they_do_not_have(
    qtbot: QtBot, new_county: Store
) -> None:
    main = laptop_window(qtbot, new_county)
    page = StationsPage(new_county, main.runner)  # no account: the clerk's buttons hidden
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(page.empty.isVisible, timeout=5000)
    assert not page.enrol_button.isVisible()
    assert "县级管理员" in page.empty.text() and "「登记工作站…」" not in page.empty.text()
    main.runner.wait()
    main.close()


def test_conflicts_and_review_say_none_yet_then_all_done_and_list_what_batches_bring(
    qtbot: QtBot, language: str, world: World
) -> None:
    """Two stations enrolled, nothing sent yet; then a household both stations hold, then a conflict on it."""
    said = SAID[language]
    main = laptop_window(qtbot, world.county)
    county = county_page(main)
    conflicts, review = county.conflicts, county.review
    assert isinstance(conflicts, ConflictsPage) and isinstance(review, ReviewPage)
    for page in (conflicts, review):
        opened(qtbot, main, page)
        assert said["no_batch"] in says_in_view(page, page.empty)

    # A batch brings a household: it waits for review; no conflict.
    with world.edit("a") as uow:
        household_id = add_household(uow, world.site_id("S1"), room="302").id
    world.sync("a")
    world.sync("b")
    opened(qtbot, main, review)
    assert review.table.rowCount() == 1 and review.splitter.isVisible() and review.search.isVisible()
    assert not review.empty.isVisible()
    opened(qtbot, main, conflicts)
    text = says_in_view(conflicts, conflicts.empty)
    assert said["no_conflict"] in text and said["no_batch"] not in text

    # Approved: nothing left to review, and the page says so (not that nothing has come in).
    approve_household(world.county, household_id, "clerk")
    opened(qtbot, main, review)
    text = says_in_view(review, review.empty)
    assert said["all_reviewed"] in text and said["no_batch"] not in text and not review.splitter.isVisible()

    # Both stations change its phone: a conflict, listed in place of the text, and the household back for review.
    edit_at_both(world, Household, household_id, "phone", ("13911111111", "13922222222"))
    opened(qtbot, main, conflicts)
    assert conflicts.table.rowCount() == 1 and conflicts.splitter.isVisible() and not conflicts.empty.isVisible()
    opened(qtbot, main, review)
    assert review.table.rowCount() == 1 and review.splitter.isVisible() and not review.empty.isVisible()
    main.runner.wait()
    main.close()
