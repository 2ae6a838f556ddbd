"""The 重复人员 page in the county tab of a laptop window: what it says with nothing to decide, whether a whole 证件号码
can be read, and 整户合并 offered for a family whose baby one station has as the national export wrote it. Real
SQLite files for the county and both stations."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication, QGroupBox, QLabel, QRadioButton
from pytestqt.qtbot import QtBot

from desktop.county.duplicates_page import DuplicateData, DuplicatesPage
from desktop.tasks import TaskRunner
from forms.idnumber import make_ric
from forms.records import Member
from sync.duplicates import DuplicateGroup, DuplicatePerson
from tests.test_sync_support import CLERK, FAMILY, World, one_family_at_both_stations

pytest_plugins = ["tests.test_sync_support", "tests.test_i18n"]

LAPTOP_TAB = (953, 481)  # the county tab of a window 1093×534 (1366×768 at Windows' 125%, maximised)


def opened(qtbot: QtBot, world: World, runner: TaskRunner) -> DuplicatesPage:
    page = DuplicatesPage(world.county, runner, CLERK)
    qtbot.addWidget(page)
    page.resize(*LAPTOP_TAB)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: "正在读取" not in page.summary.text(), timeout=5000)
    return page


def test_with_nothing_to_decide_the_page_says_what_it_looks_for_when_and_what_to_do(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    """It said 「没有重复人员。」 over an empty list and an empty panel, as if nothing had been looked at."""
    page = opened(qtbot, world, runner)
    assert page.summary.text() == "没有待处理的重复人员。"
    said = page.empty.text()
    assert page.empty.isVisible() and not page.table.isVisible() and not page.search.isVisible()
    assert "同一个证件号码登记在两个或更多在册住户中" in said  # what it looks for
    assert "每次打开本页" in said and "「同步」页" in said  # when
    assert "现在不用做什么：继续导入工作站的批次" in said  # what to do meanwhile
    assert page.empty.geometry().bottom() < page.height()  # all of it on the page

    one_family_at_both_stations(world)  # the batches bring a family both stations recorded
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=5000)
    assert not page.empty.isVisible() and page.table.isVisible() and page.search.isVisible()


def number_readable(page: DuplicatesPage) -> bool:
    table = page.table
    return table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(FAMILY[0][2])


def test_a_whole_id_number_is_readable_in_a_laptop_window_without_scrolling_sideways(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    """证件号码 was as wide as its header broken over two lines (证件/号码) whenever no row gave it its width: a search
    that found nothing, or the list being read. It is as wide as an 18-character number, and the list still fits
    with the long names of the demo county's stations."""
    one_family_at_both_stations(world)
    page = opened(qtbot, world, runner)
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=5000)
    table = page.table
    assert number_readable(page)
    page.search.setText("没有这个人")
    qtbot.waitUntil(lambda: table.rowCount() == 0, timeout=2000)
    assert number_readable(page)
    page.search.setText("王大")
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=2000)
    assert number_readable(page) and table.text(0, 0) == FAMILY[0][2]

    page.search.clear()
    stations = ("以礼街道幸福社区就业服务站", "宝云街道翠屏社区就业服务站", "大井镇兴和安置点就业服务站")
    groups = [
        DuplicateGroup(
            make_ric("530326", date(2001, 1, 1), n),
            [
                DuplicatePerson(f"m{n}{s}", "阿依·木沙", f"h{n}{s}", f"幸福社区 2-1-30{s}", st)
                for s, st in enumerate(stations)
            ],
        )
        for n in range(11, 31)
    ]
    page.show_data(DuplicateData(groups))
    qtbot.waitUntil(lambda: table.rowCount() == len(groups), timeout=2000)
    assert number_readable(page)
    last = table.list_model.columnCount() - 1
    assert table.text(0, last) == "、".join(stations)
    assert table.columnViewportPosition(last) + table.columnWidth(last) <= table.viewport().width()
    assert table.columnWidth(last) >= table.sizeHintForColumn(last)  # the stations whole too
    assert not table.horizontalScrollBar().isVisible()


def test_a_family_whose_baby_one_station_has_as_the_national_export_wrote_it_is_offered_whole(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    homes = one_family_at_both_stations(world)
    for who, spelled in (("a", "张𠮷"), ("b", "张?")):
        with world.edit(who) as uow:
            uow.add(Member(household_id=homes[who], name=spelled, relation="之子", birth_date=date(2026, 2, 1)))
        world.sync(who)
    page = opened(qtbot, world, runner)
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=5000)
    assert page.merge_household_button.isVisible() and "整户重复" in page.twin_info.text()
    page.choose(homes["b"])
    assert page.merge_household_button.isEnabled()


def test_twins_nobody_can_tell_apart_are_not_offered_whole_and_the_page_says_what_to_do(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    """Both stations took twins born the same day from the national export as 张? and 张?: 整户合并 was offered and
    paired them by guess. Now it is not offered, and the page says who cannot be told apart and what to do."""
    homes = one_family_at_both_stations(world)
    for who in ("a", "b"):
        with world.edit(who) as uow:
            for _twin in range(2):
                uow.add(Member(household_id=homes[who], name="张?", relation="之子", birth_date=date(2026, 2, 1)))
        world.sync(who)
    page = opened(qtbot, world, runner)
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=5000)
    assert not page.merge_household_button.isVisible() and page.twin_info.isVisible()
    said = page.twin_info.text()
    assert "不能整户合并：没有证件号码的 张?、张?、张?、张? 分不清谁是谁" in said
    assert "请工作站在住户中把姓名改成完整的写法或补录证件号码" in said


def test_the_entry_names_the_person_and_shows_them_in_each_household_without_scrolling(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    """The heading gave only the 18-digit number, and the person (in red) stood among the housemates in their order,
    户主 first then by name: in station A's household of twelve, 李二 was below the bottom of the panel on a laptop,
    and the clerk scrolled each household to find whom the entry was about. Now the heading names them and each
    household lists them first, the housemates under them."""
    homes = one_family_at_both_stations(world)
    with world.edit("a") as uow:  # a large family: ten more, each named before 李二
        for n in range(10):
            uow.add(Member(household_id=homes["a"], name=f"丁{n}", relation="其他", birth_date=date(2000, 1, n + 1)))
    world.sync("a")
    page = opened(qtbot, world, runner)
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=5000)
    for row, (name, relation, number) in enumerate(FAMILY):
        page.table.setCurrentCell(row, 0)
        assert page.group is not None and page.group.id_number == number
        assert f"{name}（证件号码 {number}）出现在 2 个住户中" in page.detail_title.text()
        boxes = [page.columns_host.findChild(QGroupBox, f"duplicate_household_{i}") for i in range(2)]
        qtbot.waitUntil(lambda: all(box is not None and box.isVisible() for box in boxes))  # noqa: B023
        QApplication.processEvents()
        viewport = page.scroll_area.viewport()
        for box in boxes:
            assert box is not None
            (person,) = [line for line in box.findChildren(QLabel) if line.text().startswith(f"{name}（{relation}）")]
            assert "#b00020" in person.styleSheet()  # the person in question, in red
            top_left = person.mapTo(viewport, person.rect().topLeft())
            bottom_right = person.mapTo(viewport, person.rect().bottomRight())
            assert viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right), (name, box.title())


def test_in_english_a_long_name_spelled_two_ways_keeps_the_heading_on_one_line_and_the_households_in_place(
    qtbot: QtBot, world: World, runner: TaskRunner, english: QApplication
) -> None:
    """In English on the laptop, two stations' spellings of a long name (阿依古丽·买买提江, 阿依古丽·买买提) broke
    the heading over two lines and pushed each household's 此人属于这一户 and members down. The heading stays on one
    line, cut with “…”, and says all of it on hover."""
    page = opened(qtbot, world, runner)
    runner.wait()  # the page's own reading done (its “Reading…” is English): it shows nothing after the rows below
    QApplication.processEvents()

    def shown(*names: str) -> tuple[int, int]:
        """Show one person recorded in two households under ``names``: where the heading and the first choice are."""
        number = make_ric("530326", date(1990, 3, 8), 41)
        people = [DuplicatePerson(f"m{i}", name, f"h{i}", f"幸福社区 2-1-30{i}", "S1") for i, name in enumerate(names)]
        page.show_data(DuplicateData([DuplicateGroup(number, people)]))
        choice = page.columns_host.findChild(QRadioButton, "keep_household_0")
        assert choice is not None
        qtbot.waitUntil(choice.isVisible)
        return page.detail_title.height(), choice.mapTo(page, choice.rect().topLeft()).y()

    short = shown("王大", "王大")
    assert not page.detail_title.toolTip()  # whole: nothing more to see on hover
    long = shown("阿依古丽·买买提江", "阿依古丽·买买提")
    assert long == short  # the heading one line high, the households where they were
    title = page.detail_title
    whole = "阿依古丽·买买提江、阿依古丽·买买提 (ID number 53032619900308041"
    assert title.text().startswith("阿依古丽·买买提江、阿依古丽·买买提") and title.text().endswith("…")
    assert title.toolTip().startswith(whole) and title.toolTip().endswith("or keep all.")
