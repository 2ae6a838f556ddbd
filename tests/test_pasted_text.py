"""Text pasted into the household editor from WeChat, Word and Excel, through the clipboard and Ctrl+V, as a
station worker pastes it, then read back from the database.

A cell copied from Excel ends in a line feed, a WeChat message has several lines, Word's line break inside a
paragraph is \\x0b. The one-line inputs (every answer of the questionnaire) hid the line break and saved it: the
ID number then failed its check with a message nobody could understand, the lists and the printed sheet showed
boxes, search did not find the name, and the digits-only 月收入 refused "3000\\n" whole. Now a pasted line break or
tab becomes a space (trimmed at the ends) and invisible characters go, as the text enters, so the worker sees what
is saved; a reason (multi-line) keeps its line breaks but loses the rest.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.editor import HouseholdEditor
from desktop.editor.draft import columns_of, storable
from desktop.editor.split import SplitDialog
from forms.idnumber import make_ric
from forms.questionnaire import Field, load_packaged
from forms.records import Employment, Household, Member, Visit
from forms.splitting import Destination
from forms.store import Store
from forms.typed_text import lines, one_line
from tests.factories import add_household, add_site
from tests.test_editor import COMPLETE_HOUSEHOLD, add_head, open_household, settle

INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff]")
NUMBER = make_ric("530326", date(1990, 7, 3), 24)


@pytest.fixture
def household_id(store: Store) -> str:
    with store.unit_of_work("setup") as uow:
        household = add_household(uow, add_site(uow), **COMPLETE_HOUSEHOLD)
        add_head(uow, household)
    return household.id


def paste(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Put ``text`` on the clipboard and paste it over what the field holds, with the keyboard."""
    QApplication.clipboard().setText(text)
    widget.setFocus()
    target = widget.lineEdit() if isinstance(widget, QComboBox) else widget
    assert target is not None
    qtbot.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(target, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def shown(widget: QWidget) -> str:
    edit = widget.lineEdit() if isinstance(widget, QComboBox) else widget
    assert isinstance(edit, QLineEdit)
    return edit.text()


def test_text_pasted_into_every_kind_of_field_is_saved_on_one_line_without_invisible_characters(
    qtbot: QtBot, editor: HouseholdEditor, household_id: str, store: Store
) -> None:
    open_household(qtbot, editor, household_id)
    head = editor.draft.members[0].id
    spell = editor.add_spell(head)
    visit = editor.add_visit()
    assert spell is not None and visit is not None
    pastes = (  # (record, field, what the clipboard holds, what the field shows at once)
        (head, "name", "王\u200b芳\x07\n", "王芳 "),  # a WeChat name with a zero-width space and a bell
        (head, "id_number", f"{NUMBER}\n", f"{NUMBER} "),  # an Excel cell
        (head, "phone", "138 0000 1234\r\n", "138 0000 1234 "),
        (head, "ethnicity", "汉族\n", "汉族 "),  # a choice
        (household_id, "room", "\t302\n", " 302 "),
        (
            household_id,
            "notes",
            "户主在外省务工\n\n孩子在县城读书\x0b周末回家",
            "户主在外省务工 孩子在县城读书 周末回家",
        ),
        (spell, "form", "县内务工\n", "县内务工 "),
        (spell, "place_scope", "县内\n", "县内 "),
        (spell, "employer", "会泽县\x0b恒达\x01建材有限公司\n", "会泽县 恒达建材有限公司 "),
        (spell, "monthly_income", "3000\n", "3000"),  # digits only: the space is not taken either
        (spell, "start_month", "2026-03\n", "2026-03 "),
        (visit, "visited_on", "2026-05-18\n", "2026-05-18 "),
        (visit, "notes", "已电话核实\n本人在广东打工\n", "已电话核实 本人在广东打工 "),
    )
    for record, name, text, at_once in pastes:
        view = editor.view_of(record)
        assert view is not None and editor.focus_field(record, name), name
        widget = view.input(name)
        paste(qtbot, widget, text)
        assert shown(widget) == at_once, name  # what will be saved is what the worker sees
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # leaving the field commits it
        assert not INVISIBLE.search(shown(widget)) and shown(widget) == shown(widget).strip(), name
    assert editor.focus_field(head, "name")
    paste(qtbot, QApplication.focusWidget(), "王芳\n13800001234\n")  # a WeChat message of two lines
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    roster = editor.roster
    assert roster is not None
    qtbot.waitUntil(lambda: roster.table.item(0, 0).text() == "王芳 13800001234")  # one line in the list too
    assert editor.focus_field(head, "name")
    paste(qtbot, QApplication.focusWidget(), "王芳\n")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    settle(qtbot, editor)

    with store.reading() as session:
        person = session.get(Member, head)
        household = session.get(Household, household_id)
        work = session.scalars(select(Employment).where(Employment.member_id == head)).one()
        went = session.scalars(select(Visit).where(Visit.household_id == household_id)).one()
    assert person is not None and household is not None
    assert (person.name, person.id_number, person.phone, person.ethnicity) == ("王芳", NUMBER, "13800001234", "汉族")
    assert (person.sex, person.birth_date) == ("女", date(1990, 7, 3))  # the number was read: it is one
    assert (household.room, household.notes) == ("302", "户主在外省务工 孩子在县城读书 周末回家")
    assert (work.form, work.place_scope, work.employer) == ("县内务工", "县内", "会泽县 恒达建材有限公司")
    assert (work.monthly_income, work.start_month) == (3000, "2026-03")
    assert (went.visited_on, went.notes) == (date(2026, 5, 18), "已电话核实 本人在广东打工")
    ids = [f for f in editor.session.findings() if "id_number" in f.fields]
    assert ids == []  # no message about an ID number the worker cannot see anything wrong with


def test_a_reason_pasted_keeps_its_line_breaks_and_loses_the_rest(
    qtbot: QtBot, editor: HouseholdEditor, household_id: str, store: Store
) -> None:
    open_household(qtbot, editor, household_id)
    dialog = editor.ask_void()
    assert dialog is not None
    paste(qtbot, dialog.reason, "与3栋2单元302重复登记\r\n经\x0b社区\u200b核实\x07\n")
    assert dialog.reason.toPlainText() == "与3栋2单元302重复登记\n经 社区核实\n"
    with qtbot.waitSignal(editor.status_changed, timeout=5_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    settle(qtbot, editor)
    with store.reading() as session:
        stored = session.get(Household, household_id)
    assert stored is not None and stored.void_reason == "与3栋2单元302重复登记\n经 社区核实"


def test_the_split_dialog_takes_a_pasted_room_number_on_one_line(qtbot: QtBot) -> None:
    dialog = SplitDialog([], [("s1", "幸福社区安置点")], Destination("s1", "3", "2", "301"))
    qtbot.addWidget(dialog)
    paste(qtbot, dialog.room, "302\x07\n")
    paste(qtbot, dialog.building, "5\u200b\x0b")
    assert (dialog.room.text(), dialog.building.text()) == ("302 ", "5 ")
    assert dialog.destination() == Destination("s1", "5", "2", "302")


def test_no_answer_is_written_with_a_line_break_whatever_hands_it_over() -> None:
    """The save path cleans too: a value set without a widget (a stored one carried over, a derived one)."""
    form = load_packaged().form("member")
    name = columns_of("members")["name"]

    def never(_item: Field) -> frozenset[str]:
        return frozenset()

    assert storable(name, form.by_name["name"], "李\x0b四\n", never) == "李 四"
    assert storable(name, form.by_name["name"], "\n\u200b", never) is None
    void = columns_of("households")["void_reason"]
    assert storable(void, None, " 重复\x0c录入\r\n经核实 ", never) == "重复 录入\n经核实"


def test_the_rule_is_the_exports() -> None:
    assert one_line("会电焊\x0b想学厨师\x01") == "会电焊 想学厨师"  # as `without_controls` writes it
    assert one_line("张\u3000三") == "张\u3000三"  # an ideographic space is typed, not pasted by mistake
    assert one_line("a \t b", trim=False) == "a b" and one_line(" a\n", trim=False) == " a "
    assert lines("第一行\u2028第二行\x85第三行\t完") == "第一行\n第二行\n第三行 完"
