"""The county clerk's pages on the small laptop (1366×768 at 125%: a window of about 1077×534 to Qt), in both
languages, on the demo county (`sync.county_demo`: three stations with their real names, conflicts, duplicates).

In English a conflict's side-by-side grid was wider than the page: its headers (“County value (changed at the
county by xian)”, “Value from station “大井镇兴和安置点就业服务站””) stood on one line each, so “Or type a new
value” and its box were a sideways scroll away. The headers now wrap. On 重复人员, “此人属于这一户” stood under each
household's members, below the bottom of the panel: it now comes first, the members under it. And from the
keyboard, Tab from either list reached the note, the buttons and the tab bar before the choices made for the entry
shown: now the list, the choices, the note, the buttons.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.county import CountyPage
from desktop.i18n import install_translator
from desktop.main_window import WINDOW_FRAME, MainWindow
from forms.store import Store
from sync.county_conflicts import list_conflicts
from sync.county_demo import write_county_demo
from sync.duplicates import list_duplicates
from tests.test_narrow_lists import COUNTY_CLERK, LAPTOP

pytest_plugins = ["tests.test_i18n"]


@pytest.fixture(scope="module")
def demo_county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("county-laptop") / "county-demo.db"
    write_county_demo(db, 100, seed=5, today=date(2026, 11, 29))
    return db


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest, english: QApplication) -> str:
    """Each language in turn, installed before the window is made (asked for before `county_window`)."""
    if request.param == "zh_CN":
        install_translator(english, "zh_CN")
    return str(request.param)


@pytest.fixture
def county_window(qtbot: QtBot, demo_county: Path, tmp_path: Path) -> Iterator[MainWindow]:
    """The county clerk's window at the laptop's size, on a copy of the demo county (decisions change it)."""
    db = tmp_path / demo_county.name
    shutil.copyfile(demo_county, db)
    store = Store.open(db, create=False)
    main = MainWindow(store, COUNTY_CLERK)
    qtbot.addWidget(main)
    main.resize(LAPTOP - WINDOW_FRAME)
    main.show()
    main.show_page("county")
    yield main
    main.runner.wait()
    main.close()
    store.close()


def county_page(main: MainWindow) -> CountyPage:
    page = main.pages["county"]
    assert isinstance(page, CountyPage)
    return page


def test_on_the_laptop_each_conflict_shows_every_choice_without_a_sideways_scroll(
    qtbot: QtBot, language: str, demo_county: Path, tmp_path: Path
) -> None:
    db = tmp_path / demo_county.name
    shutil.copyfile(demo_county, db)
    with Store.open(db, create=False) as store:
        main = MainWindow(store, COUNTY_CLERK)
        qtbot.addWidget(main)
        main.resize(LAPTOP - WINDOW_FRAME)
        main.show()
        main.show_page("county")
        county = county_page(main)
        county.tabs.setCurrentWidget(county.conflicts)
        page = county.conflicts
        qtbot.waitUntil(lambda: page.table.rowCount() == 4, timeout=10_000)
        main.runner.wait()  # every read the window asked for done: none rebuilds the grid looked at below
        QApplication.processEvents()
        for row in range(page.table.rowCount()):
            page.table.setCurrentCell(row, 0)
            labels = page.grid_host.findChildren(QLabel)
            # The new grid laid out in its scroll area: each header and value at least as wide as it needs.
            qtbot.waitUntil(lambda: all(x.width() >= x.minimumSizeHint().width() for x in labels))  # noqa: B023
            assert page.group is not None
            area = page.scroll_area
            assert area.horizontalScrollBar().maximum() == 0, page.table.text(row, 2)
            # Every header whole and inside the page, the typed-value box too.
            right = area.viewport().mapToGlobal(area.viewport().rect().topRight()).x()
            for label in labels:
                assert label.mapToGlobal(label.rect().topRight()).x() <= right, label.text()
            for _buttons, typed in page.decisions.values():
                assert typed.mapToGlobal(typed.rect().topRight()).x() <= right
        main.runner.wait()
        main.close()


def test_on_the_laptop_a_duplicates_choice_of_household_and_the_person_are_in_sight_without_scrolling(
    qtbot: QtBot, language: str, county_window: MainWindow
) -> None:
    """“此人属于这一户” stood under the household's members: at the laptop's size, under a family of three or more it
    was below the bottom of the panel, and the clerk had to scroll each household to find how to choose it. The
    person in question, in red among the housemates, was also below it in a large household: now listed first."""
    county = county_page(county_window)
    county.tabs.setCurrentWidget(county.duplicates)
    page = county.duplicates
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10_000)
    county_window.runner.wait()  # every read done: none rebuilds the households looked at below
    QApplication.processEvents()
    for row in range(page.table.rowCount()):
        page.table.setCurrentCell(row, 0)
        choices = page.keep.buttons()
        assert len(choices) >= 2
        qtbot.waitUntil(lambda: all(c.isVisible() for c in choices))  # noqa: B023 - laid out in the scroll area
        QApplication.processEvents()
        viewport = page.scroll_area.viewport()
        # The person in question (in red) too, in each household however large: whom the entry is about.
        people = [x for x in page.columns_host.findChildren(QLabel) if "#b00020" in x.styleSheet()]
        assert len(people) == len(choices)
        for shown in (*choices, *people):
            top_left = shown.mapTo(viewport, shown.rect().topLeft())
            bottom_right = shown.mapTo(viewport, shown.rect().bottomRight())
            assert viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right), (
                page.table.text(row, 0),
                shown.text(),
            )
        assert page.group is not None and page.group.people[0].name in page.detail_title.text()  # named


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_a_conflict_is_settled_from_the_keyboard_tab_from_the_list_reaching_its_choices_first(
    qtbot: QtBot, county_window: MainWindow
) -> None:
    """The choices are made anew for each conflict shown, and so came last in the Tab order: Tab from the list
    stopped on the empty scroll area, then the note, the buttons and the tab bar, and only then on the choices (and
    from the typed value back out to the navigation). Now the list, the choices, the note, the buttons."""
    county_window.activateWindow()
    qtbot.waitExposed(county_window)
    county = county_page(county_window)
    county.tabs.setCurrentWidget(county.conflicts)
    page = county.conflicts
    qtbot.waitUntil(lambda: page.table.rowCount() == 4, timeout=10_000)
    county_window.runner.wait()
    QApplication.processEvents()
    page.table.setFocus()
    page.table.setCurrentCell(0, 0)
    assert page.group is not None
    (conflict,) = page.group.conflicts  # the demo's conflicts are one field each
    buttons, typed = page.decisions[conflict.id]
    qtbot.waitUntil(typed.isVisible)  # the choices shown, as they are before the clerk's next key
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert focused() is buttons.button(0), focused()  # 采用县里的值
    qtbot.keyClick(focused(), Qt.Key.Key_Right)
    assert focused() is buttons.button(1)  # 采用工作站的值
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert buttons.checkedId() == 1 and page.resolve_button.isEnabled()
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is typed or typed.isAncestorOf(focused())  # the typed value, were a new one needed
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is page.note
    page.note.insert("电话核实")  # as the input method commits it (QTest types no Chinese)
    qtbot.keyClick(page.note, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # 按所选处理(&R)
    qtbot.waitUntil(lambda: "已处理 1 处冲突" in page.notice.text(), timeout=10_000)
    qtbot.waitUntil(lambda: page.table.rowCount() == 3, timeout=10_000)
    assert conflict.id not in [c.id for c in list_conflicts(county.store)]
    settled = next(c for c in list_conflicts(county.store, "resolved") if c.id == conflict.id)
    assert (settled.resolution, settled.note) == ("station", "电话核实")


def test_a_duplicate_is_merged_from_the_keyboard_tab_from_the_list_reaching_the_households_first(
    qtbot: QtBot, county_window: MainWindow
) -> None:
    """The same on 重复人员: Tab from the list went to the empty scroll area, the note and out to the tab bar
    before the households' 此人属于这一户."""
    county_window.activateWindow()
    qtbot.waitExposed(county_window)
    county = county_page(county_window)
    county.tabs.setCurrentWidget(county.duplicates)
    page = county.duplicates
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10_000)
    county_window.runner.wait()
    QApplication.processEvents()
    listed = page.table.rowCount()
    page.table.setFocus()
    page.table.setCurrentCell(0, 0)
    assert page.group is not None
    number = page.group.id_number
    first, second, *_ = page.keep.buttons()
    qtbot.waitUntil(second.isVisible)  # the households shown, as they are before the clerk's next key
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert focused() is first, focused()  # 此人属于这一户, of the first household
    qtbot.keyClick(focused(), Qt.Key.Key_Right)
    assert focused() is second
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert second.isChecked() and page.merge_button.isEnabled()
    qtbot.keyClick(focused(), Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # 合并(&M)
    qtbot.waitUntil(lambda: f"已合并 {number}" in page.notice.text(), timeout=10_000)
    qtbot.waitUntil(lambda: page.table.rowCount() == listed - 1, timeout=10_000)
    assert number not in [group.id_number for group in list_duplicates(county.store)]
