"""住户, 待跟进 and 工作台 with no household in use: each says why (none yet, or only voided ones) and the first
step, in the words of whoever is looking.

They all told “站长在「导入导出」页点“导入花名册””: to a 采集员, who has no 「导入导出」; to a county clerk, whose
households come in the stations' batches (only 工作台 told the county its own); and, on 待跟进, to a database whose
households were all voided, while 住户 said 还没有住户 over households it merely hides by default."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from forms.store import Store
from forms.users import Account
from tests.factories import add_household, add_member, add_site

STATION_ADMIN = Account("zhanzhang", "李站长", "站长")
SURVEYOR = Account("caiji", "王采集", "采集员")
COUNTY_CLERK = Account("xian", "赵科长", "县级管理员")


@contextmanager
def window_of(qtbot: QtBot, store: Store, account: Account) -> Iterator[MainWindow]:
    main = MainWindow(store, account)
    qtbot.addWidget(main)
    main.show()
    main.start_background_work(backups=False)  # each screen reads the database, as at start
    try:
        yield main
    finally:
        main.runner.wait()
        main.close()


def said(main: MainWindow) -> dict[str, str]:
    """What 住户, 待跟进 (its first list) and 工作台 say in place of their lists, once each has read the database."""
    texts = {}
    for page, label in (
        ("households", main.households.empty),
        ("worklists", main.worklists.empty),
        ("dashboard", main.dashboard.first_step),
    ):
        main.show_page(page)
        for _ in range(5):  # a read may queue another (待跟进's counts after its first list)
            main.runner.wait()
            QApplication.processEvents()
        assert label.isVisible(), page
        texts[page] = label.text()
    return texts


def test_with_no_household_the_station_admin_is_told_to_import_the_roster(qtbot: QtBot, store: Store) -> None:
    with window_of(qtbot, store, STATION_ADMIN) as main:
        for page, text in said(main).items():
            # said to the 站长, who does it
            assert "第一步：在「导入导出」页点“选择文件并导入…”导入花名册" in text, page
            assert "新增住户" in text and "还没有住户" in text, page


def test_with_no_household_a_surveyor_is_told_to_ask_the_station_admin(qtbot: QtBot, store: Store) -> None:
    """A 采集员's window has no 「导入导出」: the import is the 站长's; 新增住户 is theirs."""
    with window_of(qtbot, store, SURVEYOR) as main:
        assert "excel" not in main.pages
        for page, text in said(main).items():
            assert "请站长在「导入导出」页导入花名册" in text and "新增住户" in text, page


def test_with_no_household_the_county_clerk_is_told_of_the_stations_batches(qtbot: QtBot, store: Store) -> None:
    """住户 and 待跟进 told the county clerk to import a roster: a county's households come in the batches."""
    with window_of(qtbot, store, COUNTY_CLERK) as main:
        for page, text in said(main).items():
            assert "导入花名册" not in text, page
            assert "工作站登记" in text and "批次" in text and "「同步」页" in text, page


@pytest.mark.parametrize("account", [STATION_ADMIN, COUNTY_CLERK], ids=lambda a: a.role)
def test_with_only_voided_households_each_page_says_so_not_that_there_are_none(
    qtbot: QtBot, store: Store, account: Account
) -> None:
    """Households all voided (merged into their copies, or recorded by mistake): 住户 hides them by default and said
    还没有住户, 待跟进 said each list's own “nobody is on it” as if the households were all fine."""
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        for room in ("101", "102"):
            home = add_household(uow, site, room=room, status="作废")
            add_member(uow, home, f"王{room}", relation="户主", sex="男", birth_date=date(1980, 1, 1))
    with window_of(qtbot, store, account) as main:
        texts = said(main)
    assert texts["households"].startswith("没有在册住户：2 户都已作废")
    assert "在状态里选“作废”才列出" in texts["households"]
    assert texts["worklists"].startswith("没有在册住户（2 户都已作废，作废的住户不进清单），所以各清单都是空的。")
    assert texts["dashboard"].startswith("没有在册住户（2 户都已作废，不计入），所以数字都是 0。")
    for text in texts.values():
        assert "还没有住户" not in text
        assert ("「同步」页" in text) == (account is COUNTY_CLERK)  # and how households in use come, for them
