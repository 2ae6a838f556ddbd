"""待跟进 and 住户 on the station laptops (1366×768 at 125%: a window of about 1077×534 to Qt) and on 1280×800.

待跟进's columns were each as wide as their contents with long headers over two lines: on 1280×800 a blank strip
was left on the right under headers broken in two, and on the laptop a list of people (意向工种 …) was a sideways
scroll wide. The columns now share out the table's width (`desktop.fitted_columns`): headers on one line where
there is room, the last column taking the rest; with too little room 安置点 and the other free-text columns are
narrowed, the cut text ending in “…” and whole in the cell's tooltip. In English, 住户's 户编号 was cut short with
no way to read it: it is whole in its tooltip.

A real demo database, the real main window at those sizes, tooltips as Qt asks for them (a help event).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyleOptionFrame,
    QTableView,
    QToolButton,
    QToolTip,
)
from pytestqt.qtbot import QtBot

from desktop.county.stations_page import WRAPPING
from desktop.i18n import install_translator
from desktop.main_window import WINDOW_FRAME, MainWindow
from desktop.table_headers import WrappingHeader, wrapped_lines
from desktop.worklists_page import NAMES_WIDTH, WorklistsPage
from forms.demo import write_demo
from forms.idnumber import make_ric
from forms.records import Employment
from forms.store import Store
from forms.users import Account
from forms.worklists import WORKLISTS
from sync.county_stations import BEHIND
from tests.factories import add_household, add_member, add_site
from tests.test_sync_support import World

pytest_plugins = ["tests.test_i18n", "tests.test_sync_support"]

LAPTOP = QSize(1093, 614 - 40)  # 1366×768 at 125%, less the taskbar (`tests.test_app.LAPTOP_SCREENS`)
WIDE = QSize(1280, 800 - 40)
CLERK = Account("zhang", "张站长", "站长")
COUNTY_CLERK = Account("clerk", "赵科长", "县级管理员")
# 零就业, 转失业, 就业意愿 and 培训意愿: fewer columns than the subsidy lists and 两后生 (出生日期, 文化程度 …).
SHORTER_LISTS = ("zero_employment", "became_unemployed", "job_seekers", "training")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("narrow") / "demo.db"
    with Store.open(path) as store:
        write_demo(store, 300, seed=3, today=date(2026, 11, 29))
    return path


@pytest.fixture
def window_at(qtbot: QtBot, demo_db: Path) -> Iterator[object]:
    opened: list[tuple[MainWindow, Store]] = []

    def open_at(screen: QSize) -> MainWindow:
        store = Store.open(demo_db)
        main = MainWindow(store, CLERK)
        qtbot.addWidget(main)
        main.resize(screen - WINDOW_FRAME)
        main.show()
        main.start_background_work(backups=False)
        opened.append((main, store))
        return main

    yield open_at
    for main, store in opened:
        main.runner.wait()
        main.close()
        store.close()


def show_list(qtbot: QtBot, main: MainWindow, name: str) -> QTableView:
    main.show_page("worklists")
    page = main.worklists
    page.lists.setCurrentRow(list(WORKLISTS).index(name))
    qtbot.waitUntil(lambda: page.current is not None and page.current.name == name, timeout=10_000)
    QApplication.processEvents()
    return page.table


def headers(table: QTableView) -> list[str]:
    model = table.model()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def filled_without_scrolling(table: QTableView) -> bool:
    """Every column on screen and together as wide as the table: no blank strip, no sideways scroll."""
    right = sum(table.columnWidth(c) for c in range(table.model().columnCount()))
    return right == table.viewport().width() and table.horizontalScrollBar().maximum() == 0


def tooltip_at(qtbot: QtBot, table: QTableView, index: QModelIndex) -> str:
    """The tooltip Qt shows for a cell when the pointer rests on it ("" for none)."""
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    where = table.visualRect(index).center()
    QApplication.sendEvent(
        table.viewport(), QHelpEvent(QEvent.Type.ToolTip, where, table.viewport().mapToGlobal(where))
    )
    return QToolTip.text() if QToolTip.isVisible() else ""


def cut(table: QTableView, index: QModelIndex) -> bool:
    return table.fontMetrics().horizontalAdvance(str(index.data())) + 6 > table.columnWidth(index.column())


def test_on_1280_by_800_each_list_fills_the_table_with_its_headers_on_one_line(qtbot: QtBot, window_at: object) -> None:
    main = window_at(WIDE)  # type: ignore[operator]
    for name in WORKLISTS:
        table = show_list(qtbot, main, name)
        assert filled_without_scrolling(table), (name, headers(table))
        if name not in SHORTER_LISTS:
            continue  # the others need their room: their long headers may take two lines
        header = table.horizontalHeader()
        assert isinstance(header, WrappingHeader)
        for column, text in enumerate(headers(table)):  # 措施计划完成日期 and 未完成措施数 were broken in two
            assert table.columnWidth(column) >= header.one_line_width(column), (name, text)
        assert header.height() < 2 * header.fontMetrics().lineSpacing()  # and the header row is one line tall


def test_on_the_laptop_a_list_of_households_fits_and_a_narrowed_site_is_whole_in_its_tooltip(
    qtbot: QtBot, window_at: object
) -> None:
    main = window_at(LAPTOP)  # type: ignore[operator]
    for name in SHORTER_LISTS:
        table = show_list(qtbot, main, name)
        assert filled_without_scrolling(table), (name, headers(table))
        header = table.horizontalHeader()
        for column in range(len(headers(table))):  # each header whole, on one line or two
            assert table.columnWidth(column) >= header.sectionSizeFromContents(column).width(), name
    # On a list of people with subsidies (补助上限, 重复登记 besides) 安置点 gives way and says itself whole on hover,
    # on a screen a little narrower than the laptop's (on the laptop the page has room for it since the names and
    # the page's right margin gave the table some: `desktop.worklists_page.NARROWEST_NAMES`).
    main.resize(QSize(LAPTOP.width() - 60, LAPTOP.height()) - WINDOW_FRAME)
    table = show_list(qtbot, main, "transport_subsidy")
    model = table.model()
    site = headers(table).index("安置点")
    narrowed = [model.index(r, site) for r in range(model.rowCount()) if cut(table, model.index(r, site))]
    assert narrowed
    assert tooltip_at(qtbot, table, narrowed[0]) == narrowed[0].data()
    number = headers(table).index("户编号")  # a number is whole: no tooltip to say it again
    whole = next(model.index(r, number) for r in range(model.rowCount()) if model.index(r, number).data())
    assert not cut(table, whole)
    assert tooltip_at(qtbot, table, whole) == ""


def test_a_late_household_tooltip_still_says_why_it_is_red(qtbot: QtBot, window_at: object) -> None:
    main = window_at(LAPTOP)  # type: ignore[operator]
    table = show_list(qtbot, main, "zero_employment")
    model = table.model()
    late = next(
        model.index(r, 0) for r in range(model.rowCount()) if model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole)
    )
    said = tooltip_at(qtbot, table, late)
    assert late.data(Qt.ItemDataRole.ToolTipRole) in said


def test_in_english_on_1280_by_800_the_shorter_lists_fit_without_a_sideways_scroll(
    qtbot: QtBot, window_at: object, english: QApplication
) -> None:
    """Their English headers (Resettlement site, Household head) are shorter on this page: Site, Head."""
    main = window_at(WIDE)  # type: ignore[operator]
    for name in SHORTER_LISTS:
        table = show_list(qtbot, main, name)
        assert filled_without_scrolling(table), (name, headers(table))


def test_in_english_on_the_laptop_the_household_number_is_whole_in_its_tooltip(
    qtbot: QtBot, window_at: object, english: QApplication
) -> None:
    main = window_at(LAPTOP)  # type: ignore[operator]
    with qtbot.waitSignal(main.households.model.counted, timeout=10_000):
        main.households.apply_filter()
    table = main.households.table
    QApplication.processEvents()
    assert filled_without_scrolling(table)
    model, last = table.model(), table.model().columnCount() - 1
    assert model.headerData(last, Qt.Orientation.Horizontal) == "National household number"
    number = next(model.index(r, last) for r in range(model.rowCount()) if model.index(r, last).data())
    assert tooltip_at(qtbot, table, number) == number.data()
    assert main.households.search.toolTip() == main.households.search.placeholderText()  # the hint, cut, whole


def text_room(box: QLineEdit) -> int:
    """The width a line edit draws its text (and its hint) in, as Qt works it out: its contents less its text
    margins, Qt's own 2 pixels either side, and the room its clear button keeps (counted even while hidden)."""
    option = QStyleOptionFrame()
    box.initStyleOption(option)
    contents = box.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, box)
    margins = box.textMargins()
    buttons = sum(button.width() for button in box.findChildren(QToolButton))
    return contents.width() - margins.left() - margins.right() - 2 * 2 - buttons


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_on_the_laptop_the_search_boxs_hint_fits_its_box(
    qtbot: QtBot, window_at: object, english: QApplication, language: str
) -> None:
    """住户's search hint in English (“… (e.g. zs) / ID number / … (e.g. 3-2-301)”) was cut on the laptop, whole only
    in its tooltip: the worker reading it did not learn that a room is found as 3-2-301."""
    if language == "zh_CN":
        install_translator(english, "zh_CN")
    main = window_at(LAPTOP)  # type: ignore[operator]
    households_list(qtbot, main)
    search = main.households.search
    hint = search.placeholderText()
    assert "3-2-301" in hint and "zs" in hint
    assert search.fontMetrics().horizontalAdvance(hint) <= text_room(search), (hint, text_room(search))


# The 待跟进 lists that fit the laptop in each language with their addresses and long numbers whole (but 户编号 in
# English): all but 合同即将到期, whose eleven columns (two dates, the days left, 户编号, 证件号码 and 联系电话) need
# some 100 pixels more than the page has beside the names, and fit with its numbers narrowed
# (`test_on_the_laptop_contracts_ending_fits_...` below).
LAPTOP_FITS = {language: [name for name in WORKLISTS if name != "contracts_ending"] for language in ("zh_CN", "en")}


def no_sideways_scroll(table: QTableView) -> bool:
    QApplication.processEvents()
    return table.horizontalScrollBar().maximum() == 0


def whole(table: QTableView, column: int) -> bool:
    """Every value of the column shown whole (as wide as its widest cell)."""
    return table.columnWidth(column) >= table.sizeHintForColumn(column)


def header_tooltip(qtbot: QtBot, table: QTableView, column: int) -> str:
    """The tooltip Qt shows when the pointer rests on a column's header ("" for none)."""
    header = table.horizontalHeader()
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    where = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)
    QApplication.sendEvent(
        header.viewport(), QHelpEvent(QEvent.Type.ToolTip, where, header.viewport().mapToGlobal(where))
    )
    return QToolTip.text() if QToolTip.isVisible() else ""


def households_list(qtbot: QtBot, main: MainWindow) -> QTableView:
    with qtbot.waitSignal(main.households.model.counted, timeout=10_000):
        main.households.apply_filter()
    QApplication.processEvents()
    return main.households.table


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_on_the_laptop_the_lists_need_no_sideways_scroll_with_names_and_numbers_whole(
    qtbot: QtBot, window_at: object, english: QApplication, language: str
) -> None:
    """Every header kept room for a sort arrow though one column has one, and English labels (National household
    number) took two lines: 住户 cut its 户编号 short in English, and most 待跟进 lists were a sideways scroll wide in
    English (three of the person lists in Chinese too). The arrow's room is on the sorted column only, long English
    labels have shorter ones, and a header row whose columns allow it is one line tall.

    Where a list is still too wide, in English (whose list names take more of the page), its 户编号 gives way before
    楼栋单元门牌: 两后生 showed “…元201”, the room without its building, beside a 户编号 whole, whose first digits are
    the county's code on every row. The 户编号 is cut at its start, keeping the village's serial."""
    if language == "zh_CN":
        install_translator(english, "zh_CN")
    main = window_at(LAPTOP)  # type: ignore[operator]
    table = households_list(qtbot, main)
    assert no_sideways_scroll(table)
    for column in (0, 1, 4, 5, 7):  # 户主, 证件号码, 人数, 联系电话, 户编号: none cut
        assert whole(table, column), headers(table)[column]
    header = table.horizontalHeader()
    assert header.height() < 2 * header.fontMetrics().lineSpacing()  # the header row on one line
    for name in LAPTOP_FITS[language]:
        table = show_list(qtbot, main, name)
        assert no_sideways_scroll(table), (language, name, headers(table))
        keys = main.worklists.model.keys
        for key in ("head_name", "member_name", "address", "id_number", "phone"):
            if key in keys:
                assert whole(table, keys.index(key)), (language, name, key)
        number = keys.index("hh_number")
        if language == "zh_CN" or whole(table, number):
            assert whole(table, number), (language, name)
            continue
        model, margin = table.model(), table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
        for row in range(model.rowCount()):
            text = str(model.index(row, number).data() or "")
            shown = table.fontMetrics().elidedText(
                text, Qt.TextElideMode.ElideLeft, table.columnWidth(number) - 2 * margin
            )
            assert shown.endswith(text[-7:]), (name, text, shown)  # cut at its start: the serial in the village


def test_in_english_a_header_with_a_shorter_label_says_the_full_one_on_hover(
    qtbot: QtBot, window_at: object, english: QApplication
) -> None:
    main = window_at(LAPTOP)  # type: ignore[operator]
    table = households_list(qtbot, main)
    header = table.horizontalHeader()
    assert isinstance(header, WrappingHeader)
    shown = [header.shown_label(c) for c in range(header.count())]
    assert shown[-1] == "Household no."
    assert header_tooltip(qtbot, table, len(shown) - 1) == "National household number"
    assert header_tooltip(qtbot, table, 0) == "Household head"
    assert header_tooltip(qtbot, table, shown.index("Phone")) == ""  # shown whole: nothing to add
    table = show_list(qtbot, main, "job_seekers")
    header = table.horizontalHeader()
    assert isinstance(header, WrappingHeader)
    for column, label in enumerate(headers(table)):  # the model keeps the full label (what a screen reader says)
        tip = header_tooltip(qtbot, table, column)
        assert tip == ("" if header.shown_label(column) == label else label), label
    assert "Kind of work wanted" in headers(table)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_sort_arrow_has_room_on_the_sorted_column_only(
    qtbot: QtBot, window_at: object, english: QApplication, language: str
) -> None:
    """A click on a header sorts by it: that column makes room for the arrow (the free-text columns give way), the
    others keep none; and the room goes when another list, unsorted, is shown."""
    if language == "zh_CN":
        install_translator(english, "zh_CN")
    main = window_at(LAPTOP)  # type: ignore[operator]
    table = households_list(qtbot, main)
    header = table.horizontalHeader()

    def with_arrow(column: int) -> int:  # Qt's own measure: the label on one line and an arrow's room
        return QHeaderView.sectionSizeFromContents(header, column).width()

    members = 4  # 人数: a column of one-digit counts under a short header
    assert table.columnWidth(members) < with_arrow(members)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=section_centre(header, members))
    assert header.sortIndicatorSection() == members
    assert table.columnWidth(members) >= with_arrow(members)
    assert no_sideways_scroll(table)

    training = show_list(qtbot, main, "training")
    unsorted = [training.columnWidth(c) for c in range(training.model().columnCount())]
    table = show_list(qtbot, main, "job_seekers")
    header = table.horizontalHeader()
    name = main.worklists.model.keys.index("member_name")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=section_centre(header, name))
    assert header.sortIndicatorSection() == name
    assert table.columnWidth(name) >= with_arrow(name)
    assert no_sideways_scroll(table)
    table = show_list(qtbot, main, "training")  # shown in its own order: the arrow goes, and its room
    assert header.sortIndicatorSection() == -1
    assert [table.columnWidth(c) for c in range(table.model().columnCount())] == unsorted


def section_centre(header: QHeaderView, column: int) -> QPoint:
    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)


def test_in_english_on_1280_by_800_every_list_fits_without_a_sideways_scroll(
    qtbot: QtBot, window_at: object, english: QApplication
) -> None:
    """合同即将到期 was 15 pixels short in English (its 联系电话 a short scroll away): the names give it room."""
    main = window_at(WIDE)  # type: ignore[operator]
    for name in WORKLISTS:
        table = show_list(qtbot, main, name)
        assert no_sideways_scroll(table), (name, headers(table))


def names_in_view(page: WorklistsPage) -> bool:
    """Every list's name in view, whole: no scroll bar beside them, the last one's foot inside the list."""
    QApplication.processEvents()
    names = page.lists
    last = names.visualItemRect(names.item(names.count() - 1))
    return not names.verticalScrollBar().isVisible() and last.bottom() <= names.viewport().height()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_on_the_laptop_the_names_give_the_table_room_and_stay_in_view(
    qtbot: QtBot, window_at: object, english: QApplication, language: str
) -> None:
    """The names took 200 pixels whatever the window: on the laptop 两后生 and the subsidy lists were a sideways
    scroll wide. On a narrow page the names narrow (wrapping onto more lines), never so far that one of them is out
    of view; on a wider window they widen again; a divider the worker drags stays where it was put."""
    if language == "zh_CN":
        install_translator(english, "zh_CN")
    laptop = window_at(LAPTOP)  # type: ignore[operator]
    wide = window_at(WIDE)  # type: ignore[operator]
    for main in (laptop, wide):
        show_list(qtbot, main, "two_after")
    narrow_names, wide_names = laptop.worklists.lists.width(), wide.worklists.lists.width()
    assert narrow_names < NAMES_WIDTH and narrow_names < wide_names
    assert names_in_view(laptop.worklists) and names_in_view(wide.worklists)
    page = laptop.worklists
    assert no_sideways_scroll(page.table)
    handle = page.splitter.handle(1)  # the worker drags the divider 60 pixels right, then maximises the window
    start = QPoint(handle.width() // 2, handle.height() // 2)
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, start + QPoint(60, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(60, 0))
    dragged = page.lists.width()
    assert dragged > narrow_names
    laptop.resize(WIDE - WINDOW_FRAME)
    QApplication.processEvents()
    assert page.lists.width() == dragged


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_on_the_laptop_the_stations_table_needs_no_sideways_scroll_and_wraps_names_whole(
    qtbot: QtBot, world: World, english: QApplication, language: str
) -> None:
    """Each column was as wide as its text on one line: with the demo county's names (以礼街道以礼社区就业服务站, two
    sites each) during an upgrade (0.4.0（需升级到 0.5.0）), 登记时间 and 待处理冲突 were a sideways scroll away, 41
    pixels and more in English. The sites, the version and the station's name now wrap onto a second line when room
    is short (the rows grow); the times and counts stay on one line, whole."""
    if language == "zh_CN":
        install_translator(english, "zh_CN")
    main = MainWindow(world.county, COUNTY_CLERK)
    qtbot.addWidget(main)
    main.resize(LAPTOP - WINDOW_FRAME)
    main.show()
    main.show_page("county")
    page = main.pages["county"].stations  # type: ignore[attr-defined]
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=5000)
    main.runner.wait()  # every read the window asked for done: none comes after the stations shown below
    QApplication.processEvents()
    towns = (("以礼街道以礼社区", "以礼街道幸福社区"), ("娜姑镇阳光安置点", "宝云街道金钟社区"))
    long = []
    for station, sites in zip(page.stations, towns, strict=True):
        when = station.enrolled_at  # a batch imported and a return file written, at a time of day
        named = replace(station, name=f"{sites[0]}就业服务站", site_names=sites, app_version="0.4.0", last_batch=2)
        long.append(replace(named, last_import_at=when, last_return_at=when))
    assert all(station.standing == BEHIND for station in long)
    page.show_stations(long)
    QApplication.processEvents()
    table = page.table
    assert table.horizontalScrollBar().maximum() == 0
    assert sum(table.columnWidth(c) for c in range(table.columnCount())) <= table.viewport().width()
    metrics = table.fontMetrics()
    text_margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1  # as Qt paints
    for row in range(table.rowCount()):
        assert table.rowHeight(row) >= table.sizeHintForRow(row)  # tall enough for its wrapped text
        for column in range(table.columnCount()):
            text = table.item(row, column).text()
            if column in WRAPPING:  # on two lines at most, no word wider than the column
                width = table.visualItemRect(table.item(row, column)).width() - 2 * text_margin
                assert wrapped_lines(text, width, metrics) <= 2, text
                assert metrics.boundingRect(QRect(0, 0, width, 1000), Qt.TextFlag.TextWordWrap, text).width() <= width
            else:  # times, batches and counts on one line
                assert table.columnWidth(column) >= table.sizeHintForColumn(column), text
    main.runner.wait()


@pytest.fixture(scope="module")
def contracts_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with 公益性岗位 contracts about to end, and ended, on the computer's date (the lists count from it,
    and the demo's own may all have ended by then): a long site name, a tall building, 4-character post types, 19-digit
    户编号, phones, contracts ended some days ago (已到期 12 天, wider than a count of days)."""
    path = tmp_path_factory.mktemp("contracts") / "demo.db"
    shutil.copy(demo_db, path)
    today = date.today()
    posts = (("1702", "治安巡逻", 25), ("1701", "保洁", 10), ("902", "道路养护", 0), ("201", "护林", -5))
    with Store.open(path) as store, store.unit_of_work("zhang") as uow:
        site = add_site(uow, "S90", "以礼街道以礼社区安置点")
        for n, (room, post, days) in enumerate((*posts, ("1002", "水管员", -12))):
            home = add_household(uow, site, building="12", unit="2", room=room, hh_number=f"530326104204{n + 71:07d}",
                                 household_type="脱贫户", status="已完成")  # fmt: skip
            born = date(1976 + n, 3, 9)
            worker = add_member(uow, home, f"普{'开秀芳云'[n % 4]}{'英兰'[n % 2]}", relation="户主", sex="女",
                                birth_date=born, id_number=make_ric("532233", born, 2 * n + 2), phone=f"1771662{n:04d}",
                                labour_skill="普通劳动力")  # fmt: skip
            uow.add(Employment(member_id=worker.id, form="乡村公益性岗位", welfare_post_type=post,
                               start_month=f"{today.year - 1:04d}-01", contract_start=date(today.year - 1, 1, 1),
                               contract_end=today + timedelta(days=days)))  # fmt: skip
    return path


@contextmanager
def on_the_laptop(qtbot: QtBot, db: Path, screen: QSize = LAPTOP) -> Iterator[MainWindow]:
    """The station's window on ``db`` as the clerk sees it on the laptop (1366×768 at 125%, or the ``screen``
    given, less the frame), with its background work started; closed, and its database with it, afterwards."""
    store = Store.open(db)
    main = MainWindow(store, CLERK)
    qtbot.addWidget(main)
    main.resize(screen - WINDOW_FRAME)
    main.show()
    main.start_background_work(backups=False)
    try:
        yield main
    finally:
        main.runner.wait()
        main.close()
        store.close()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_on_the_laptop_contracts_ending_fits_with_what_the_worker_acts_on_whole(
    qtbot: QtBot, contracts_db: Path, english: QApplication, language: str
) -> None:
    """合同即将到期 was the one list a sideways scroll wide on the laptop, 82 pixels in Chinese and 148 in English,
    with its free text (安置点, 公益性岗位类型, 楼栋单元门牌) already at its narrowest. Its 户编号 gives way now,
    then its 证件号码, cut at their start: the last digits stay, the whole number is in the tooltip. The names, the
    phone, the dates, the days left and the address (楼栋单元门牌, what the worker goes to) are whole: in English a
    contract ended was “ended 12 days ago”, which left the address “…元201”, the room without its building; it is
    “12 d ago” now, no wider than its header (Days left)."""
    if language == "zh_CN":
        install_translator(english, "zh_CN")
    with on_the_laptop(qtbot, contracts_db) as main:
        table = show_list(qtbot, main, "contracts_ending")
        keys = main.worklists.model.keys
        model = table.model()
        assert model.rowCount() >= 5
        assert no_sideways_scroll(table) and filled_without_scrolling(table), (language, headers(table))
        for key in ("head_name", "member_name", "phone", "contract_start", "contract_end", "days_left", "address"):
            assert whole(table, keys.index(key)), (language, key)
        texts = {model.index(r, keys.index("days_left")).data() for r in range(model.rowCount())}
        assert {"已到期 12 天", "12 d ago"} & texts  # the widest of them, whole
        addresses = {model.index(r, keys.index("address")).data() for r in range(model.rowCount())}
        assert "12栋2单元1002" in addresses  # the longest of them is among the rows checked whole
        # What is cut is free text or a long number, its end in view and the whole of it in the tooltip.
        give_way = {"site_name", "welfare_post_type", "hh_number", "id_number", "address"}
        margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1  # as Qt paints
        metrics = table.fontMetrics()
        cut_columns = set()
        for column, key in enumerate(keys):
            for row in range(model.rowCount()):
                index = model.index(row, column)
                text = str(index.data() or "")
                if table.sizeHintForIndex(index).width() <= table.columnWidth(column):
                    assert tooltip_at(qtbot, table, index) == "", (language, key, text)  # whole: nothing to add
                    continue
                cut_columns.add(key)
                assert key in give_way, (language, key, text)
                assert tooltip_at(qtbot, table, index) == text, (language, key)
                if key in ("hh_number", "id_number", "address"):  # cut at the start: the room, the last digits
                    shown = metrics.elidedText(text, Qt.TextElideMode.ElideLeft, table.columnWidth(column) - 2 * margin)
                    kept = 2 if key == "hh_number" else 4  # 户编号 narrows to its header (`TO_HEADER`)
                    assert shown.startswith("…") and shown.endswith(text[-kept:]), (language, key, shown)
        assert "hh_number" in cut_columns, language  # what gave the room
        table.grab()  # painted at that size without complaint


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_on_a_1366_by_768_laptop_contracts_ending_names_each_site_whole(
    qtbot: QtBot, contracts_db: Path, english: QApplication, language: str
) -> None:
    """合同即将到期 on a 1366×768 laptop (at 100%) cut its longer site names to “以礼街道以礼…”, the 街道 every
    site of the station shares, while its 户编号 and 证件号码 stood whole: its numbers give way first now (their last
    digits stay, the whole in the tooltip), and each site is named whole."""
    if language == "zh_CN":
        install_translator(english, "zh_CN")
    with on_the_laptop(qtbot, contracts_db, QSize(1366, 768 - 40)) as main:
        table = show_list(qtbot, main, "contracts_ending")
        keys, model = main.worklists.model.keys, table.model()
        column = keys.index("site_name")
        sites = {model.index(r, column).data() for r in range(model.rowCount())}
        assert "以礼街道以礼社区安置点" in sites  # the long one, with typical ones (以礼街道以礼社区)
        assert whole(table, column), (language, table.columnWidth(column), sites)
        for key in ("welfare_post_type", "address", "phone", "days_left"):
            assert whole(table, keys.index(key)), (language, key)
        assert no_sideways_scroll(table)


def test_on_the_laptop_at_125_percent_contracts_ending_shows_more_of_a_site_than_its_town(
    qtbot: QtBot, contracts_db: Path
) -> None:
    """At 125% the list has no room for a whole site name, but what it shows of one went past the 街道 (“以礼…”, which
    is every site of a station in one town) only once its 户编号 and 证件号码 were down to their last digits."""
    with on_the_laptop(qtbot, contracts_db) as main:
        table = show_list(qtbot, main, "contracts_ending")
        keys, model = main.worklists.model.keys, table.model()
        column = keys.index("site_name")
        margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1  # as Qt paints
        room = table.columnWidth(column) - 2 * margin
        for row in range(model.rowCount()):
            index = model.index(row, column)
            shown = table.fontMetrics().elidedText(str(index.data()), Qt.TextElideMode.ElideRight, room)
            # 以礼街道以…, 宝云街道金…: the 街道 and the start of the site's own name
            assert len(shown.rstrip("…")) >= 5, shown
            if shown != index.data():
                assert tooltip_at(qtbot, table, index) == index.data()
        assert no_sideways_scroll(table)


@pytest.mark.parametrize(("screen", "scale"), [(QSize(1366, 768 - 40), "100%"), (LAPTOP, "125%")])
def test_on_a_1366_by_768_laptop_at_100_and_125_percent_a_fresh_demos_contracts_name_each_site_whole(
    qtbot: QtBot, tmp_path: Path, screen: QSize, scale: str
) -> None:
    """At 125% (QT_SCALE_FACTOR=1.25) Qt's fonts keep their size in logical pixels, so each site name is as wide as at
    100%, but the 1366-pixel screen is 1093 of them (`LAPTOP`): with 户编号 and 证件号码 at “…0102” 合同即将到期 still
    needed 24 pixels more and cut every site to its 街道 (“以礼街道…”, “宝云街道…”), the same for all of a town's.
    Each site of a fresh demo (`anju demo`) is now whole at both scales, with no sideways scroll."""
    path = tmp_path / "demo.db"
    with Store.open(path) as store:
        write_demo(store, 2000, seed=1)  # as `anju demo` makes it by default
    with on_the_laptop(qtbot, path, screen) as main:
        table = show_list(qtbot, main, "contracts_ending")
        keys, model = main.worklists.model.keys, table.model()
        assert model.rowCount() >= 10
        column = keys.index("site_name")
        margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1  # as Qt paints
        metrics = QFontMetrics(table.font())
        for row in range(model.rowCount()):
            site = str(model.index(row, column).data())
            assert metrics.horizontalAdvance(site) + 2 * margin <= table.columnWidth(column), (scale, site)
        assert no_sideways_scroll(table)


def test_in_english_on_the_laptop_a_fresh_demo_shows_each_contract_address_whole(
    qtbot: QtBot, english: QApplication, tmp_path: Path
) -> None:
    """What a newcomer sees: a demo made today (`anju demo`), 合同即将到期 in English on the laptop. Its list is long
    enough to scroll, and the scroll bar and two-digit row numbers take some 20 pixels of the table's width: “ended
    12 days ago” cut the address to “…1单元703”, and so did “12 days ago”, which fitted the short list above. “12 d ago”
    is no wider than the column's header, so the days cost the table nothing."""
    path = tmp_path / "demo.db"
    with Store.open(path) as store:
        write_demo(store, 2000, seed=1)  # as `anju demo` makes it by default
    with on_the_laptop(qtbot, path) as main:
        table = show_list(qtbot, main, "contracts_ending")
        keys, model = main.worklists.model.keys, table.model()
        assert model.rowCount() >= 10 and table.verticalScrollBar().isVisible()
        days = [str(model.index(r, keys.index("days_left")).data()) for r in range(model.rowCount())]
        assert any("ago" in text for text in days), days  # a contract ended, its renewal not yet entered
        for key in ("address", "days_left", "head_name", "member_name", "phone"):
            assert whole(table, keys.index(key)), (key, days)
        assert no_sideways_scroll(table)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_on_the_laptop_a_station_with_no_household_is_told_the_first_step_whole(
    qtbot: QtBot, tmp_path: Path, template_db: Path, language: str, request: pytest.FixtureRequest
) -> None:
    """A station just set up: 待跟进 showed every list as headings squeezed to the left over a blank table, and 住户
    named only 新增住户. Both say the first step (the roster import) in full, on the laptop, in either language."""
    if language == "en":
        request.getfixturevalue("english")
    path = tmp_path / "new.db"
    shutil.copyfile(template_db, path)
    with on_the_laptop(qtbot, path) as main:
        show_list(qtbot, main, "zero_employment")
        said = main.worklists.empty
        assert said.isVisible() and not main.worklists.table.isVisible()
        assert main.worklists.title.isVisible()  # 零就业家庭：0 条 above it
        for label in (said, main.households.empty):
            if label is main.households.empty:
                main.show_page("households")
                qtbot.waitUntil(label.isVisible, timeout=10_000)
            QApplication.processEvents()
            assert ("Import a roster" if language == "en" else "导入花名册") in label.text()
            page = label.parentWidget()
            assert page is not None
            corner = label.mapTo(page, QPoint(label.width(), label.height()))
            assert corner.x() <= page.width() and corner.y() <= page.height()  # on screen
            assert label.height() >= label.heightForWidth(label.width())  # every line shown, none cut
