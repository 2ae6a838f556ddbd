"""The editor's inputs on their own: dates and months as people type them, type-to-search, yes/no keys, and the
in-memory draft's rules of what is written."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.editor.draft import Draft, EditRecord
from desktop.editor.widgets import (
    ChoiceInput,
    DateInput,
    MonthInput,
    PhoneInput,
    YesNoInput,
    make_input,
    parse_date,
    parse_month,
)
from forms.questionnaire import load_packaged


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("20240315", date(2024, 3, 15)),
        ("2024-03-15", date(2024, 3, 15)),
        ("2024.3.15", date(2024, 3, 15)),
        ("2024/3/5", date(2024, 3, 5)),
        ("2024年3月15日", date(2024, 3, 15)),
        ("2024年3月5号", date(2024, 3, 5)),  # as said, and written on many a paper form
        ("2024 年 3 月 5 日", date(2024, 3, 5)),  # as some input methods space it
        ("".join(chr(0xFF10 + int(d)) for d in "20240315"), date(2024, 3, 15)),  # full-width, from an input method
        ("20240230", None),
        ("2024-13-01", None),
        ("3.15", None),
    ],
)
def test_dates_are_read_as_people_type_them(typed: str, expected: date | None) -> None:
    assert parse_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2024-03", "2024-03"),
        ("202403", "2024-03"),
        ("2024.3", "2024-03"),
        ("2024年3月", "2024-03"),
        ("2024年3月份", "2024-03"),
        ("2024 年 3 月", "2024-03"),
        ("2024年3月5日", "2024-03"),  # the day a job began, from its contract: the month is asked
        ("20240305", "2024-03"),
        ("202413", None),
        ("2024年3月32日", None),
    ],
)
def test_months_are_read_as_people_type_them(typed: str, expected: str | None) -> None:
    assert parse_month(typed) == expected


def field(form: str, name: str):  # type: ignore[no-untyped-def]
    return load_packaged().form(form).field(name)


def options(list_name: str) -> list[tuple[object, str]]:
    return [(value, value) for value in load_packaged().choices[list_name].values]


def test_a_date_input_keeps_what_it_cannot_read_and_tidies_what_it_can(qtbot: QtBot) -> None:
    widget = make_input(field("visit", "visited_on"))
    qtbot.addWidget(widget)
    assert isinstance(widget, DateInput) and widget.objectName() == "visited_on"
    assert widget.accessibleName() == "走访日期"
    widget.setText("2024.3.15")
    assert widget.value() == date(2024, 3, 15)
    widget.tidy()
    assert widget.text() == "2024-03-15"
    widget.setText("2024-02-30")
    assert widget.value() == "2024-02-30"  # raw: the field checks say what is wrong with it
    month = make_input(field("employment", "start_month"))
    qtbot.addWidget(month)
    assert isinstance(month, MonthInput)
    qtbot.keyClicks(month, "202403")
    month.tidy()
    assert month.text() == "2024-03" and month.value() == "2024-03"


def test_a_choice_is_found_by_pinyin_initials_in_the_popup(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    combo = make_input(field("member", "ethnicity"), options("ethnicity"), host)
    assert isinstance(combo, ChoiceInput)
    host.show()
    combo.setFocus()
    qtbot.keyClicks(combo, "hz")
    popup = combo.completer().popup()
    assert popup.isVisible()
    shown = [popup.model().index(row, 0).data() for row in range(popup.model().rowCount())]
    # 汉族 and 回族 are both "hz" (拉祜族 lhz contains it too): the person picks, nothing is guessed.
    assert shown[:2] == ["汉族", "回族"] and "彝族" not in shown
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert combo.value() == "回族" and combo.currentText() == "回族"
    combo.lineEdit().setText("hz")  # ambiguous and not chosen: kept as typed, never guessed
    assert combo.value() == "hz"
    combo.lineEdit().setText("mgz")
    assert combo.value() == "蒙古族"
    combo.tidy()
    assert combo.currentText() == "蒙古族"
    QApplication.processEvents()


def test_a_site_is_picked_by_the_initials_of_a_word_inside_its_name_as_the_popup_offers_it(qtbot: QtBot) -> None:
    """Site names begin with their town (钟屏街道兴和社区, 钟屏街道安康社区): a worker types the initials of the
    part that tells them apart, xh for 兴和. The popup offered that site alone, but Tab left “xh” typed in 安置点名称,
    and the new household was not saved (请先选择“安置点名称”)."""
    host = QWidget()
    qtbot.addWidget(host)
    sites = [("s1", "钟屏街道兴和社区"), ("s2", "钟屏街道安康社区"), ("s3", "以礼街道丰泽社区")]
    combo = make_input(field("household", "site_id"), sites, host)
    assert isinstance(combo, ChoiceInput)
    host.show()
    combo.setFocus()
    qtbot.keyClicks(combo, "xh")
    popup = combo.completer().popup()
    assert popup.isVisible() and popup.model().rowCount() == 1
    assert popup.model().index(0, 0).data() == "钟屏街道兴和社区"
    assert combo.value() == "s1"  # what Tab and Enter commit
    combo.tidy()
    assert combo.currentText() == "钟屏街道兴和社区"
    combo.lineEdit().setText("jd")  # 街道 is in two of the names: the person picks, nothing is guessed
    assert combo.value() == "jd"
    combo.lineEdit().setText("fz")
    assert combo.value() == "s3"
    QApplication.processEvents()


@pytest.mark.parametrize(
    "typed",
    [
        "+86 138 1234 5678",  # a WeChat contact card
        "+86-138-1234-5678",
        "(+86)13812345678",
        "（+86）138 1234 5678",  # full-width brackets from a Chinese input method
        "0086 13812345678",
        "8613812345678",
        "".join(chr(ord(c) + 0xFEE0) for c in "+86 138-1234-5678").replace(chr(0xFF00), "\u3000"),  # full-width
        "138 1234 5678",
    ],
)
def test_a_mobile_number_with_the_country_code_is_kept_as_its_eleven_digits(qtbot: QtBot, typed: str) -> None:
    """+86 before a mobile number (as a phone's contact card shows it) was kept and the field said 应填写电话号码
    （只含数字）: the Excel import drops it (`forms.excel.repair.clean_phone`), the editor did not."""
    widget = make_input(field("household", "phone"))
    qtbot.addWidget(widget)
    assert isinstance(widget, PhoneInput)
    widget.setText(typed)
    assert widget.value() == "13812345678"
    widget.tidy()
    assert widget.text() == "13812345678"


def test_a_number_that_is_not_a_mobile_keeps_its_country_code_for_the_checks_to_name(qtbot: QtBot) -> None:
    widget = make_input(field("household", "phone"))
    qtbot.addWidget(widget)
    widget.setText("+86 871 6512 3456")  # a landline: not an 11-digit mobile, the check says so
    assert widget.value() == "+8687165123456"
    widget.setText("86138123456")  # 11 digits that start 86: taken as typed, never cut to 9
    assert widget.value() == "86138123456"


def test_yes_no_answers_to_letters_and_digits(qtbot: QtBot) -> None:
    widget = make_input(field("member", "job_intent"))
    qtbot.addWidget(widget)
    assert isinstance(widget, YesNoInput) and widget.value() is None
    chosen: list[bool] = []
    widget.chosen.connect(lambda: chosen.append(True))
    for key, expected in ((Qt.Key.Key_Y, True), (Qt.Key.Key_N, False), (Qt.Key.Key_S, True), (Qt.Key.Key_0, False)):
        qtbot.keyClick(widget, key)
        assert widget.value() is expected
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    assert widget.value() is None and len(chosen) == 5
    widget.set_value(True)
    assert widget.currentText() == "是" and len(chosen) == 5  # showing a stored answer is not an edit


def test_a_draft_writes_only_readable_answers_and_retries_after_a_failure() -> None:
    questionnaire = load_packaged()
    household = EditRecord("households", "h1", {"site_id": "s1", "status": "草稿"}, stored=True)
    visit = EditRecord("visits", "v1", {"household_id": "h1", "visited_on": None, "outcome": "入户"}, stored=False)
    draft = Draft(questionnaire, household, [visit], sites=[("s1", "幸福")])
    draft.set("h1", "room", "301")
    draft.set("h1", "collected_on", "2024-02-30")  # not a date: not written
    draft.set("h1", "relocation_type", "卡户")  # not one of the choices: not written
    draft.set("v1", "outcome", "家中无人")
    batch = draft.snapshot()
    assert batch is not None
    assert [(s.table, s.insert, s.changes) for s in batch.records] == [("households", None, {"room": "301"})]
    assert "v1" in draft.dirty  # a visit without its date waits in memory
    draft.set("v1", "visited_on", date(2024, 3, 1))
    batch = draft.snapshot()
    assert batch is not None and batch.records[0].insert == {
        "household_id": "h1",
        "visited_on": date(2024, 3, 1),
        "outcome": "家中无人",
    }
    assert draft.snapshot() is None
    draft.restore(batch)  # the save failed: the insert is tried again with the next save
    again = draft.snapshot()
    assert again is not None and again.records[0].insert == batch.records[0].insert
