"""The household's heading in the editor (门牌 · 户主 · 安置点) when its 户主 is not one person: what a station
worker putting it right reads there. Real SQLite file, real widgets, offscreen."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from desktop.editor import HouseholdEditor
from forms.store import Store
from tests.factories import add_household, add_member, add_site
from tests.test_editor import COMPLETE_HOUSEHOLD, COMPLETE_MEMBER, add_head, codes, open_household
from tests.test_editor_layout import LAPTOP, english

__all__ = ["english"]  # a fixture


def test_with_two_heads_recorded_the_title_names_both_in_member_order(
    qtbot: QtBot, editor: HouseholdEditor, store: Store
) -> None:
    """The title showed one 户主 (the first in character order: 刘建华, added last) beside the error that there
    were two: the worker read it as the one to keep. It now says there are two and who, in member order."""
    with store.unit_of_work("setup") as uow:
        household = add_household(uow, add_site(uow), **COMPLETE_HOUSEHOLD)
        add_head(uow, household)  # 张三
        add_member(uow, household, name="刘建华", relation="户主", birth_date=date(1990, 1, 2), **COMPLETE_MEMBER)
    open_household(qtbot, editor, household.id)
    assert any("head" in code for code in codes(editor))  # the error that says what to do
    assert "户主有 2 人：张三、刘建华" in editor.title.text()
    assert "户主 刘建华" not in editor.title.text()

    # Put right in the member's form: the title says who the 户主 is again.
    view = editor.member_view(editor.draft.members[1].id)
    view.inputs["relation"].set_value("配偶")
    view.commit("relation")
    assert "户主 张三" in editor.title.text() and "刘建华" not in editor.title.text()


def test_in_english_the_title_names_both_heads_with_english_commas(
    qtbot: QtBot, editor: HouseholdEditor, store: Store, english: None
) -> None:
    with store.unit_of_work("setup") as uow:
        household = add_household(uow, add_site(uow), **COMPLETE_HOUSEHOLD)
        add_head(uow, household)
        add_member(uow, household, name="刘建华", relation="户主", birth_date=date(1990, 1, 2), **COMPLETE_MEMBER)
    open_household(qtbot, editor, household.id)
    assert "2 household heads: 张三, 刘建华" in editor.title.text()


def test_a_head_whose_name_is_not_typed_yet_is_in_the_title_by_place(
    qtbot: QtBot, editor: HouseholdEditor, store: Store
) -> None:
    """The 户主 chosen before the name was typed left the title without a 户主 at all."""
    with store.unit_of_work("setup") as uow:
        household = add_household(uow, add_site(uow), **COMPLETE_HOUSEHOLD)
        add_member(uow, household, name="", relation="户主", **COMPLETE_MEMBER)
    open_household(qtbot, editor, household.id)
    assert "户主 第1位成员" in editor.title.text()


def test_two_long_names_in_the_title_leave_the_editor_on_a_laptop_screen(
    qtbot: QtBot, editor: HouseholdEditor, store: Store
) -> None:
    """Both 户主 named in the title, with Uyghur names and a long site name, made the editor 1,086 pixels wide at
    least: past the edge of a 1366×768 laptop at 125%. The title goes onto a second line instead."""
    with store.unit_of_work("setup") as uow:
        site = add_site(uow, name="娜姑镇阳光社区安置点")
        household = add_household(uow, site, **{**COMPLETE_HOUSEHOLD, "building": "12", "room": "1702"})
        for name in ("阿卜杜热合曼·艾合买提江", "努尔艾合麦提·阿卜杜克热木"):
            add_member(uow, household, name=name, relation="户主", **COMPLETE_MEMBER)
    editor.resize(*LAPTOP)
    open_household(qtbot, editor, household.id)
    assert "户主有 2 人：阿卜杜热合曼·艾合买提江、努尔艾合麦提·阿卜杜克热木" in editor.title.text()
    assert editor.minimumSizeHint().width() <= LAPTOP[0]
    qtbot.waitUntil(lambda: editor.width() == LAPTOP[0])
    assert editor.title.height() >= editor.title.heightForWidth(editor.title.width())  # every line of it
