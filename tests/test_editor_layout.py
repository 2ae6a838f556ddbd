"""住户编辑 as a station worker sees it on a 1366×768 laptop at 125% (a window about 1093 pixels wide, less the
navigation): what each list says is readable, in Chinese and English, and a field's red message sits under the
field, not over it. Real SQLite file, real widgets, offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QLineEdit, QStyleOptionViewItem, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop.editor import HouseholdEditor
from desktop.i18n import install_translator
from desktop.tasks import TaskRunner
from forms.records import Employment, Measure
from forms.store import Store
from tests.factories import add_household, add_member, add_site
from tests.test_editor import COMPLETE_HOUSEHOLD, COMPLETE_MEMBER, add_head, open_household, shown_editor

LAPTOP = (1093 - 130, 540)  # 1366×768 at 125%, less the navigation; the height a maximised window has
STATE = 4  # the member list's 劳动力 / 就业


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    assert install_translator(qapp, "en")
    yield
    install_translator(qapp, "zh_CN")


def working_household(store: Store, second_name: str) -> str:
    """A head and a second member, both of labour age and both employed (劳动力，已就业, the longest state)."""
    with store.unit_of_work("setup") as uow:
        household = add_household(uow, add_site(uow), **COMPLETE_HOUSEHOLD)
        head = add_head(uow, household)
        other = add_member(
            uow,
            household,
            name=second_name,
            relation="之兄弟姐妹",
            sex="男",
            birth_date=date(1988, 2, 3),
            labour_skill="普通劳动力",
            **COMPLETE_MEMBER,
        )
        for member in (head, other):
            uow.add(Employment(member_id=member.id, form="县内务工", place_scope="县内", start_month="2026-03"))
    return household.id


def member_list_on_a_laptop(qtbot: QtBot, editor: HouseholdEditor, household_id: str) -> QTableWidget:
    """The household's member list, shown in an editor the size of a station laptop's window."""
    editor.resize(*LAPTOP)
    open_household(qtbot, editor, household_id)
    assert editor.roster is not None
    table = editor.roster.table
    qtbot.waitUntil(table.isVisible)
    return table


def shown_whole(table: QTableWidget, column: int, spare: int = 0) -> None:
    """The column is as wide as its cells and header (plus ``spare``) and lies inside the list: no sideways
    scrolling to read it."""
    assert table.columnWidth(column) >= table.sizeHintForColumn(column) + spare
    assert table.columnWidth(column) >= table.horizontalHeader().sectionSizeHint(column)
    assert table.columnViewportPosition(column) + table.columnWidth(column) <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0


@pytest.mark.parametrize("name", ["欧阳建国", "阿卜杜热合曼·买买提", "王芳 13800001234"])
def test_on_a_laptop_the_member_list_shows_who_works_with_room_to_spare_whatever_the_names(
    qtbot: QtBot, store: Store, runner: TaskRunner, name: str
) -> None:
    """“劳动力，已就业” in a column exactly its width had 业 against the grid line, read “劳动力，已就” at 125%;
    a long name (a Uyghur name, a phone number pasted with it) pushed the column out of the list altogether. The
    column keeps a few pixels to spare and stays in view; the name gives way, whole in its tooltip."""
    household_id = working_household(store, name)
    with shown_editor(qtbot, store, runner) as editor:
        table = member_list_on_a_laptop(qtbot, editor, household_id)
        assert [table.item(row, STATE).text() for row in range(2)] == ["劳动力，已就业", "劳动力，已就业"]
        shown_whole(table, STATE, spare=4)
        for column in (2, 3):  # 性别, 年龄
            shown_whole(table, column)
        assert table.item(1, 0).toolTip() == name and table.item(1, 1).toolTip() == "之兄弟姐妹"
        member = editor.member_view(editor.draft.members[0].id)
        qtbot.waitUntil(member.isVisible)
        assert member.horizontalScrollBar().maximum() == 0  # the member form is not squeezed for it


def shown_name(table: QTableWidget, row: int) -> list[str]:
    """The lines a member's name is drawn on in the list, each asserted to fit its column and the row's height."""
    delegate = table.itemDelegateForColumn(0) or table.itemDelegate()
    option = QStyleOptionViewItem()
    option.initFrom(table.viewport())  # type: ignore[attr-defined]
    delegate.initStyleOption(option, table.model().index(row, 0))  # type: ignore[attr-defined]
    lines = option.text.split("\n")  # type: ignore[attr-defined]
    metrics = table.fontMetrics()
    for line in lines:
        assert metrics.horizontalAdvance(line) + 8 <= table.columnWidth(0), line  # no “…”
    assert table.rowHeight(row) >= len(lines) * metrics.lineSpacing()
    return lines


@pytest.mark.parametrize("name", ["阿卜杜热合曼·艾合买提江", "迪丽热巴·迪力木拉提", "努尔艾合麦提·阿卜杜克热木"])
def test_on_a_laptop_a_long_minority_name_is_read_whole_in_the_member_list(
    qtbot: QtBot, store: Store, runner: TaskRunner, name: str
) -> None:
    """A Uyghur name (the person's own name, a dot, the father's) read “阿卜杜…” on a 1366×768 laptop, whole only on
    hover; brothers share the part after the dot, so the worker hovered row after row to find whom to open. The list
    takes what the member's form can spare, and a name still too long goes onto two lines at its dot."""
    household_id = working_household(store, name)
    with shown_editor(qtbot, store, runner) as editor:
        table = member_list_on_a_laptop(qtbot, editor, household_id)
        member = editor.member_view(editor.draft.members[1].id)
        qtbot.waitUntil(member.isVisible)
        assert "".join(shown_name(table, 1)) == name
        assert shown_name(table, 0) == ["张三"]  # a short name keeps its one line, and its row its height
        assert table.rowHeight(0) == table.verticalHeader().defaultSectionSize()
        for column in (2, 3, STATE):
            shown_whole(table, column)
        assert member.horizontalScrollBar().maximum() == 0  # the member form is not squeezed for it


def test_in_english_the_member_list_shows_who_works_without_scrolling_sideways(
    qtbot: QtBot, store: Store, runner: TaskRunner, english: None
) -> None:
    """In English the header “Labour / employed” and “Labour, not employed” made the last column so wide that the
    list scrolled sideways and read “Labour / employe” over “…” for the relation. Shorter words, and the relation's
    header gives way (“Rela…”, whole in its tooltip)."""
    household_id = working_household(store, "欧阳建国")
    with shown_editor(qtbot, store, runner) as editor:
        table = member_list_on_a_laptop(qtbot, editor, household_id)
        assert table.horizontalHeaderItem(STATE).text() == "Labour / work"
        assert table.item(0, STATE).text() == "Labour, works"
        for column in (2, 3, STATE):
            shown_whole(table, column)
        assert table.horizontalHeaderItem(1).toolTip() == "Relation"
        assert table.item(1, 0).toolTip() == "欧阳建国" and table.item(1, 1).toolTip() == "之兄弟姐妹"


def test_on_a_laptop_an_overdue_measure_says_so_in_the_list(qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    """帮扶措施's 状态 column, the one a worker acts on, read “已过…” beside a measure form with its fields half
    empty; the list now has the room and the form still fits."""
    with store.unit_of_work("setup") as uow:
        household = add_household(uow, add_site(uow), **COMPLETE_HOUSEHOLD)
        add_head(uow, household)
        due = date(2026, 3, 29)  # 52 days before the editor's today
        uow.add(Measure(household_id=household.id, kind="公益性岗位安置", started_on=date(2026, 3, 1), due_on=due))
    with shown_editor(qtbot, store, runner) as editor:
        editor.resize(*LAPTOP)
        open_household(qtbot, editor, household.id)
        assert editor.measures is not None
        editor.tabs.setCurrentWidget(editor.measures)
        table = editor.measures.table
        qtbot.waitUntil(table.isVisible)
        assert table.item(0, 3).text() == "已过计划完成日期 52 天"
        for column in range(4):
            shown_whole(table, column)
        form = editor.measures.current_detail()
        assert form is not None
        qtbot.waitUntil(form.isVisible)
        assert form.horizontalScrollBar().maximum() == 0  # type: ignore[attr-defined]


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("width", [LAPTOP[0], 1280 - 130])
def test_a_field_s_red_message_sits_under_the_field_once_the_window_has_caught_up(
    qtbot: QtBot, store: Store, runner: TaskRunner, width: int
) -> None:
    """A screenshot taken in the same instant as the paste showed “姓名中不能有数字” over the name field's lower edge:
    the message is shown at once and the form makes room a moment later, before anything is painted. Once that
    moment has passed the field keeps its height, the message is under it and the next question under that."""
    household_id = working_household(store, "欧阳建国")
    with shown_editor(qtbot, store, runner) as editor:
        editor.resize(width, LAPTOP[1])
        open_household(qtbot, editor, household_id)
        view = editor.member_view(editor.draft.members[0].id)
        qtbot.waitUntil(view.isVisible)
        name = view.input("name")
        assert isinstance(name, QLineEdit)
        height = name.height()
        name.setFocus()
        name.selectAll()
        name.insert("王芳 13800001234")
        view.commit("name")
        message = view.messages["name"]
        qtbot.waitUntil(lambda: message.isVisible() and "数字" in message.text())
        QApplication.processEvents()
        body = view.widget()
        assert body is not None
        field, under, after = rect_in(name, body), rect_in(message, body), rect_in(view.rows["id_type"], body)
        assert name.height() == height  # not squeezed to make room
        assert field.bottom() < under.top() and under.bottom() < after.top()
        assert message.height() >= message.heightForWidth(message.width())  # every line of it
