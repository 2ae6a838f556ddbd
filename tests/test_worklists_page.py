"""待跟进 in a county: the list shown is read before the other lists are counted, and reading again after a change
shows the new rows, once."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.tasks import TaskRunner
from desktop.worklists_page import WorklistsPage, list_name
from forms.demo import write_demo
from forms.store import Store
from forms.worklists import WORKLISTS
from tests.factories import add_household, add_member, add_site


@pytest.fixture
def demo_store(store: Store) -> Store:
    write_demo(store, 120, seed=3, today=date(2026, 11, 29))
    return store


def names_shown(page: WorklistsPage) -> list[str]:
    return [page.lists.item(row).text() for row in range(page.lists.count())]


def open_lists(qtbot: QtBot, store: Store) -> WorklistsPage:
    """The 待跟进 page shown, its lists counted (the first one is then read)."""
    runner = TaskRunner()
    page = WorklistsPage(store, runner)
    qtbot.addWidget(page)
    page.show()
    page.refresh_counts()
    runner.wait()
    return page


def test_the_first_list_is_shown_before_the_others_are_counted(qtbot: QtBot, demo_store: Store) -> None:
    """All nine lists were counted in one task before the first list was read: at 50,000 households the worker
    looked at an empty table for seven seconds (the subsidy lists were most of it), and a save queued behind the
    counts waited for all nine. The list shown is read first now, and counted by its rows."""
    runner = TaskRunner()
    page = WorklistsPage(demo_store, runner)
    qtbot.addWidget(page)
    page.show()
    when_shown: list[list[str]] = []
    page.model.modelReset.connect(lambda: when_shown.append(names_shown(page)) if page.model.rowCount() else None)
    page.refresh_counts()
    runner.wait()
    qtbot.waitUntil(lambda: page.current is not None and all("（" in text for text in names_shown(page)))
    assert page.current is not None and page.current.name == "zero_employment" and page.current.count > 0
    first, *others = when_shown[0]  # the names as they stood when the rows came
    assert first == f"零就业家庭（{page.current.count}）"
    assert others == [list_name(name) for name in list(WORKLISTS)[1:]]  # not counted yet
    assert len(when_shown) == 1  # read once


def test_reading_again_after_a_change_shows_the_new_rows_and_their_count(qtbot: QtBot, demo_store: Store) -> None:
    """An Excel import recounted the lists but left the list shown as it was: 零就业家庭（n+1） beside a table and a
    title of n households. The list shown is read again with the counts; and once, when the main window asks for
    it again straight after (as it does after an edit)."""
    page = open_lists(qtbot, demo_store)
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    assert page.current is not None
    before = page.current.count
    with demo_store.unit_of_work("zhang") as uow:  # a 零就业 household arrives (an import, another station's return)
        home = add_household(uow, add_site(uow, code="S99"), room="999", status="已完成")
        add_member(uow, home, "新来", relation="户主", sex="男", birth_date=date(1990, 1, 1), labour_skill="普通劳动力")
    reads: list[int] = []
    page.model.modelReset.connect(lambda: reads.append(page.model.rowCount()) if page.model.rowCount() else None)
    page.refresh_counts()  # what the Excel page's data_changed does
    page.runner.wait()
    qtbot.waitUntil(lambda: bool(reads), timeout=10_000)
    assert reads == [before + 1]
    assert page.model.rowCount() == before + 1 and page.title.text().startswith(f"零就业家庭：{before + 1} 条")
    assert page.lists.item(0).text() == f"零就业家庭（{before + 1}）"
    reading, release = threading.Event(), threading.Event()
    page.runner.start(lambda _progress: (reading.set(), release.wait(10)))  # the database busy: the read stays queued
    assert reading.wait(5)
    page.refresh_counts()
    page.show_current()  # what the main window does after an edit: the read queued is not queued twice
    release.set()
    page.runner.wait()
    qtbot.waitUntil(lambda: len(reads) > 1, timeout=10_000)
    qtbot.wait(100)
    assert reads == [before + 1, before + 1]


def shown_column(page: WorklistsPage, key: str) -> list[str]:
    column = page.model.keys.index(key)
    return [str(page.model.index(row, column).data()) for row in range(page.model.rowCount())]


def test_a_list_goes_door_by_door_and_its_address_header_sorts_numbers_as_numbers(qtbot: QtBot, store: Store) -> None:
    """The list's SQL ordered flats as text: 1栋1单元 went 1002, 1301, 201, 202 and 10栋 came before 2栋, where the
    exported list (and the worker walking the stairs) goes 201, 202, 1002. The page shows a list door by door, site
    by site; a click on 楼栋单元门牌 sorts its numbers as numbers too, either way, site by site (it sorted the
    addresses of all sites as one: 阳光社区's 1栋1单元101 came first, between nothing of its own, and a worker walking
    幸福社区 found its doors split around another site's)."""
    with store.unit_of_work("zhang") as uow:
        later, first = add_site(uow, "S02", "阳光社区安置点"), add_site(uow, "S01", "幸福社区安置点")  # 幸 before 阳
        places = [(later, "1", "1", "101"), (first, "10", "1", "101"), (first, "2", "1", "101")]
        places += [(first, "1", "1", room) for room in ("1002", "1301", "202", "201")]
        for n, (site, building, unit, room) in enumerate(places):
            home = add_household(uow, site, building=building, unit=unit, room=room, status="已完成")
            add_member(uow, home, f"户主{n}", relation="户主", sex="男", birth_date=date(1990, 1, 1),
                       labour_skill="普通劳动力")  # fmt: skip
    page = open_lists(qtbot, store)
    qtbot.waitUntil(lambda: page.current is not None and page.model.rowCount() == len(places), timeout=10_000)
    walked = ["1栋1单元201", "1栋1单元202", "1栋1单元1002", "1栋1单元1301", "2栋1单元101", "10栋1单元101"]
    assert shown_column(page, "address") == [*walked, "1栋1单元101"]
    assert shown_column(page, "site_name") == ["幸福社区安置点"] * 6 + ["阳光社区安置点"]
    address = page.model.keys.index("address")
    page.table.sortByColumn(address, Qt.SortOrder.AscendingOrder)  # what a click on its header does
    assert shown_column(page, "address") == [*walked, "1栋1单元101"]
    assert shown_column(page, "site_name") == ["幸福社区安置点"] * 6 + ["阳光社区安置点"]
    page.table.sortByColumn(address, Qt.SortOrder.DescendingOrder)  # the same backwards, as 住户 sorts it
    assert shown_column(page, "address") == ["1栋1单元101", *reversed(walked)]
    assert shown_column(page, "site_name") == ["阳光社区安置点"] + ["幸福社区安置点"] * 6


def shown_list(qtbot: QtBot, page: WorklistsPage, name: str) -> None:
    page.lists.setCurrentRow(list(WORKLISTS).index(name))
    qtbot.waitUntil(lambda: page.current is not None and page.current.name == name, timeout=10_000)


def test_an_empty_list_says_what_it_holds_and_that_nothing_is_on_it(qtbot: QtBot, store: Store) -> None:
    """零就业家庭（0）, a good state, showed its headings squeezed to the left over a blank table: the worker could
    not tell "nothing to do" from "broken". An empty list says in words what it holds and that nobody is on it; a
    list with rows shows its table again."""
    with store.unit_of_work("zhang") as uow:  # one household, its only member past working age: not 零就业
        home = add_household(uow, add_site(uow), room="101", status="已完成")
        add_member(uow, home, "老王", relation="户主", sex="男", birth_date=date(1940, 1, 1))
        add_member(uow, home, "小王", relation="孙子", sex="男", birth_date=date(2024, 1, 1), id_type="暂无证件号码")
    page = open_lists(qtbot, store)
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    assert page.current is not None and page.current.name == "zero_employment" and page.current.count == 0
    assert page.empty.isVisible() and not page.table.isVisible()
    assert page.empty.text() == "没有零就业家庭：有劳动力的户都至少有一人就业。"
    shown_list(qtbot, page, "two_after")
    assert page.empty.isVisible() and page.empty.text().startswith("没有两后生：")
    shown_list(qtbot, page, "no_id_number")  # 小王 is on it: the table, not the words
    assert page.model.rowCount() == 1 and page.table.isVisible() and not page.empty.isVisible()


def test_with_no_household_yet_the_lists_say_the_first_step(qtbot: QtBot, store: Store) -> None:
    """A station just set up has every list empty: each says to import the roster or add households first."""
    page = open_lists(qtbot, store)
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    for name in ("zero_employment", "contracts_ending"):
        shown_list(qtbot, page, name)
        said = page.empty.text()
        assert page.empty.isVisible() and not page.table.isVisible()
        assert said.startswith("还没有住户") and "「导入导出」" in said and "导入花名册" in said and "新增住户" in said
