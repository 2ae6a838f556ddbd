"""Three households from paper by keyboard alone, one after another, as a station worker enters a day's visits:
Ctrl+Shift+N, Enter through each form, Space on a check box, Alt+letters, Ctrl+Tab, Ctrl+Enter, Esc — with the
dates as people write them (2026年5月3号, 2024年3月份) and ID numbers ending in a lowercase x. Real SQLite file,
real widgets, offscreen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.editor.form_view import FormView
from forms.idnumber import make_ric
from forms.records import Employment, Household, Member
from forms.store import Store
from tests.factories import add_site
from tests.test_keyboard import CTRL, SHIFT, alt, close, focused, owner, surveyor_window


def with_x(prefix: str, born: date) -> str:
    """An ID number whose check character is X, as the worker types it: with a lowercase x."""
    number = next(n for n in (make_ric(prefix, born, seq) for seq in range(10, 999)) if n.endswith("X"))
    return number[:-1] + "x"


def answer(qtbot: QtBot, view: FormView, answers: dict[str, str], ticks: tuple[str, ...] = ()) -> None:
    """Fill a form from paper: each question's answer typed (or committed by the input method for Chinese), the
    check boxes named in ``ticks`` ticked with Space, then Enter, until Enter leaves the form."""
    for _ in range(3 * len(view.inputs)):
        widget = focused()
        if widget is None or not view.isAncestorOf(widget):
            return
        if isinstance(widget, QCheckBox):
            if widget.objectName() in ticks:
                qtbot.keyClick(widget, Qt.Key.Key_Space)
        else:
            text = answers.get(owner(view, widget))
            if isinstance(widget, QComboBox) and widget.isEditable() and text:
                widget.lineEdit().setText(text)
            elif isinstance(widget, QLineEdit) and text:
                if text.isascii():
                    qtbot.keyClicks(widget, text)
                else:
                    widget.setText(text)  # committed by the input method at once, as 2026年5月3号 is
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    raise AssertionError("Enter never left the form")


def test_three_households_are_entered_one_after_another_by_keyboard_with_dates_as_people_write_them(
    qtbot: QtBot, store: Store
) -> None:
    """采集日期 written 2026年5月3号 (号, as it is said) stayed red (“应填写日期”) and 已完成 was refused; a job's
    开始时间 written 2024年3月份 too. Both are read as meant now; the rest of the day's work needed no mouse."""
    with store.unit_of_work("setup") as uow:
        add_site(uow)
    main = surveyor_window(qtbot, store)
    editor = main.editor
    main.households.search.setFocus()
    families = [
        ("3", "301", [("张大山", with_x("530326", date(1980, 4, 12)), "户主"), ("李秀英", "", "配偶")]),
        ("5", "502", [("阿卜杜热合曼·艾合买提江", with_x("653101", date(1975, 1, 5)), "户主")]),
        ("7", "703", [("王芳", make_ric("530326", date(1990, 2, 3), 22), "户主")]),
    ]
    for building, room, people in families:
        qtbot.waitUntil(lambda: focused() is main.households.search)  # Esc brought the worker back to the list
        with qtbot.waitSignal(editor.opened, timeout=10_000):
            qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL | SHIFT)
        assert editor.household_view is not None
        household = {"building": building, "unit": "2", "room": room, "collected_on": "2026年5月3号"}
        answer(qtbot, editor.household_view, {**household, "relocation_type": "卡户", "household_type": "脱贫户"})
        assert editor.roster is not None and focused() is editor.roster.add_button
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # 新增成员
        for number, (name, id_number, relation) in enumerate(people):
            if number:
                alt(qtbot, Qt.Key.Key_N, lambda n=number: len(editor.draft.members) == n + 1)  # 新增成员(&N)
            member = editor.draft.members[-1].id
            view = editor.view_of(member)
            assert view is not None
            facts = {"name": name, "id_number": id_number or make_ric("530326", date(1982, 9, 3), 22)}
            more = {"id_type": "居民身份证", "ethnicity": "汉族", "relation": relation, "education": "初中"}
            answer(qtbot, view, {**facts, **more, "labour_skill": "普通劳动力"}, ticks=("health.健康",))
            if number == 0:
                alt(qtbot, Qt.Key.Key_J, lambda m=member: editor.draft.spells_of(m))  # 新增就业记录(&J)
                job = editor.view_of(editor.draft.spells_of(member)[0].id)
                assert job is not None
                answer(qtbot, job, {"form": "县内务工", "place_scope": "县内", "start_month": "2024年3月份"})
        qtbot.keyClick(focused(), Qt.Key.Key_Tab, CTRL)  # 走访
        alt(qtbot, Qt.Key.Key_V, lambda: editor.draft.records("visits"))  # 新增走访(&V)
        visit = editor.view_of(editor.draft.records("visits")[0].id)
        assert visit is not None
        answer(qtbot, visit, {"outcome": "入户"})
        qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)  # 标记已完成
        assert editor.draft.status == "已完成", editor.banner.text()
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)  # back to the list, for the next household
    close(main)

    with store.reading() as session:
        homes = session.scalars(select(Household).order_by(Household.room)).all()
        members = {m.name: m for m in session.scalars(select(Member))}
        jobs = session.scalars(select(Employment)).all()
    assert [(h.room, h.collected_on, h.status) for h in homes] == [
        (room, date(2026, 5, 3), "已完成") for room in ("301", "502", "703")
    ]
    head = members["阿卜杜热合曼·艾合买提江"]
    assert head.id_number == with_x("653101", date(1975, 1, 5)).upper() and head.birth_date == date(1975, 1, 5)
    assert members["张大山"].id_number.endswith("X") and members["张大山"].birth_date == date(1980, 4, 12)
    assert [j.start_month for j in jobs] == ["2024-03"] * 3


def test_typing_over_a_value_filled_in_already_replaces_it_after_enter(qtbot: QtBot, store: Store) -> None:
    """A new household's 采集日期 is filled in with today and a new member's 证件类型 with 居民身份证. Reached with
    Enter (not Tab) the cursor sat after the value, and what the worker typed went on the end: 2026-12-0220260503,
    refused as not a date, and 居民身份证jm, not in the list. Enter selects the next field's text as Tab does."""
    with store.unit_of_work("setup") as uow:
        add_site(uow)
    main = surveyor_window(qtbot, store)
    editor = main.editor
    main.households.search.setFocus()
    qtbot.waitUntil(lambda: focused() is main.households.search)
    with qtbot.waitSignal(editor.opened, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL | SHIFT)
    view = editor.household_view
    assert view is not None
    collected = view.inputs["collected_on"]
    assert isinstance(collected, QLineEdit) and collected.text() != ""  # today, filled in
    while focused() is not collected:
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.keyClicks(collected, "20260503")
    qtbot.keyClick(collected, Qt.Key.Key_Return)
    assert editor.draft.household.values["collected_on"] == date(2026, 5, 3)
    assert collected.text() == "2026-05-03"

    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL)  # 新增成员: the cursor in the name
    qtbot.waitUntil(lambda: len(editor.draft.members) == 1)
    member = editor.draft.members[0].id
    form = editor.view_of(member)
    assert form is not None and form.inputs["id_type"].value() == "居民身份证"
    name = focused()
    assert isinstance(name, QLineEdit)
    name.setText("王芳")  # committed by the input method
    qtbot.keyClick(name, Qt.Key.Key_Return)  # to 证件类型, filled in already
    qtbot.keyClicks(focused(), "jm")  # its initials: 居民身份证
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert editor.draft.record(member).values["id_type"] == "居民身份证"
    assert not any(f.code == "field.choice" for f in editor.session.findings())
    close(main)
