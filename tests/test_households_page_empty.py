"""住户 with no household at all: a station that has not imported its roster yet is told that first step, besides
新增住户; a filter that finds nothing still says what to change."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from desktop.households_page import HouseholdsPage
from desktop.tasks import TaskRunner
from forms.store import Store
from tests.factories import add_household, add_member, add_site


def said_when_shown(qtbot: QtBot, page: HouseholdsPage) -> str:
    with qtbot.waitSignal(page.model.counted, timeout=10_000):
        page.apply_filter()
    return page.empty.text() if page.empty.isVisible() else ""


def test_with_no_household_the_list_names_the_roster_import(qtbot: QtBot, store: Store) -> None:
    runner = TaskRunner()
    page = HouseholdsPage(store, runner)
    qtbot.addWidget(page)
    page.show()
    said = said_when_shown(qtbot, page)
    assert said.startswith("还没有住户。") and "「导入导出」" in said and "导入花名册" in said and "新增住户" in said
    runner.wait()


def test_a_status_that_finds_nothing_does_not_send_the_worker_to_import(qtbot: QtBot, store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        home = add_household(uow, add_site(uow), room="101", status="已完成")
        add_member(uow, home, "王五", relation="户主", sex="男", birth_date=date(1980, 1, 1))
    runner = TaskRunner()
    page = HouseholdsPage(store, runner)
    qtbot.addWidget(page)
    page.show()
    assert said_when_shown(qtbot, page) == ""
    page.status.setCurrentIndex(page.status.findData("作废"))
    said = said_when_shown(qtbot, page)
    assert said.startswith("没有住户。") and "导入花名册" not in said and "全部状态" in said
    runner.wait()
