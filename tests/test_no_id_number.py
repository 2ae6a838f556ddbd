"""People recorded before they have an ID number (暂无证件号码): a newborn not yet registered (未落户), a child or an
adult whose 户口簿 is with a relative. The station worker records them at the door — they count in 家庭人数 —
with a reason and a birth date, completes the household, and types the number in when it comes; a later national
roster matches them by name in their household instead of adding a twin."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.editor import HouseholdEditor
from forms.check import CheckReport, check_database
from forms.excel.apply import ImportOptions
from forms.excel.export import ExportOptions, export
from forms.excel.roster_import import import_roster
from forms.findings import Finding
from forms.idnumber import make_ric
from forms.records import Household, Measure, Member
from forms.settings import RuleSettings
from forms.store import Store
from forms.worklists import run_worklist
from tests.factories import add_household, add_member, add_site
from tests.test_editor import (
    COMPLETE_HOUSEHOLD,
    COMPLETE_MEMBER,
    add_head,
    focused,
    line,
    open_household,
    settle,
)

pytest_plugins = ["tests.test_sync_support"]

TODAY = date(2026, 5, 20)
BABY_BORN = date(2026, 3, 2)
BABY_ID = make_ric("530326", BABY_BORN, 12)  # an even order code: a girl


@pytest.fixture
def household_id(store: Store) -> str:
    """张三's household, with a measure so that 零就业 does not stand in the way of completing it."""
    with store.unit_of_work("setup") as uow:
        site = add_site(uow, code="530326AZ001", name="幸福社区安置点")
        household = add_household(uow, site, hh_number="H001", **COMPLETE_HOUSEHOLD)
        add_head(uow, household)
        uow.add(Measure(household_id=household.id, kind="职业介绍", started_on=TODAY, due_on=date(2026, 8, 1)))
    return household.id


def codes(editor: HouseholdEditor) -> set[str]:
    return {f.code for f in editor.session.findings() if not f.accepted}


def pick(qtbot: QtBot, initials: str) -> None:
    """Type a choice by its pinyin initials and move on, as a worker does."""
    qtbot.keyClicks(focused(), initials)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def test_a_newborn_without_a_number_is_recorded_with_a_reason_and_birth_date_and_the_household_completed(
    qtbot: QtBot, editor: HouseholdEditor, household_id: str, store: Store
) -> None:
    open_household(qtbot, editor, household_id)
    member_id = editor.add_member()
    assert member_id is not None
    view = editor.view_of(member_id)
    assert view is not None and focused() is view.input("name")
    view.input("name").setText("张小宝")  # type: ignore[union-attr]
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is view.input("id_type")
    pick(qtbot, "zwzjhm")  # 暂无证件号码
    assert view.input("id_type").currentText() == "暂无证件号码"  # type: ignore[union-attr]
    # The reason is asked for next; there is no number to type, and sex and birth date are typed by hand.
    assert focused() is view.input("no_id_reason")
    assert not view.input("id_number").isVisibleTo(view)  # type: ignore[union-attr]
    assert any("暂无证件号码原因" in f.zh for f in editor.session.findings())  # asked for until answered
    pick(qtbot, "xsewlh")  # 新生儿未落户
    assert focused() is view.input("sex")
    # Without a birth date the baby's age, and whether it is labour, cannot be known: that stops 已完成.
    assert "member.birth_unknown" in codes(editor)
    finding = next(f for f in editor.session.findings() if f.code == "member.birth_unknown")
    assert "张小宝" in finding.zh and "出生日期" in finding.zh
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, editor)
    assert editor.draft.status == "草稿" and "出生日期" in editor.banner.text()
    assert focused() is view.input("birth_date")  # the refusal takes the worker to what is missing
    qtbot.keyClicks(focused(), "2026.3.2")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert line(view, "birth_date").text() == "2026-03-02" and line(view, "age").text() == "0"
    assert "member.birth_unknown" in codes(editor)  # the sex is still missing
    assert editor.focus_field(member_id, "sex")
    line(view, "sex").setText("女")  # what the input method commits
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is view.input("birth_date")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    for name, value in (
        ("ethnicity", "汉族"),
        ("relation", "之女"),
        ("student_status", "学龄前儿童"),
        ("health", "健康"),
        ("labour_skill", "无劳动力"),
    ):
        editor.session.edit(member_id, name, value)
        editor.session.commit(member_id, name)
    # What is left is a reminder, not an error: the household can be completed, the baby counted in it.
    assert "member.birth_unknown" not in codes(editor)
    assert editor.session.blocking() == []
    reminder = next(f for f in editor.session.findings() if f.code == "member.no_id_number")
    assert reminder.severity == "warning" and "张小宝暂无证件号码" in reminder.zh
    assert editor.session.complete() == []
    settle(qtbot, editor)
    with store.reading() as session:
        baby = session.get(Member, member_id)
        household = session.get(Household, household_id)
    assert baby is not None and household is not None and household.status == "已完成"
    assert (baby.id_type, baby.id_number, baby.sex, baby.birth_date) == ("暂无证件号码", None, "女", BABY_BORN)
    assert (baby.extra or {}).get("no_id_reason") == "新生儿未落户"


def test_the_number_typed_in_later_goes_on_the_same_person_and_ends_the_reminder(
    qtbot: QtBot, editor: HouseholdEditor, household_id: str, store: Store
) -> None:
    with store.unit_of_work("setup") as uow:
        household = uow.session.get(Household, household_id)
        assert household is not None
        baby = add_baby(uow, household)
    open_household(qtbot, editor, household_id)
    assert "member.no_id_number" in codes(editor) and editor.session.blocking() == []
    view = editor.member_view(baby.id)
    assert editor.focus_field(baby.id, "id_type")
    view.input("id_type").lineEdit().selectAll()  # type: ignore[union-attr]
    pick(qtbot, "jmsfz")  # 居民身份证: the birth date typed by hand stays until the number says otherwise
    assert line(view, "birth_date").text() == "2026-03-02"
    assert focused() is view.input("id_number")
    qtbot.keyClicks(focused(), BABY_ID)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    settle(qtbot, editor)
    assert "member.no_id_number" not in codes(editor) and editor.session.blocking() == []
    with store.reading() as session:
        rows = session.scalars(select(Member).where(Member.household_id == household_id)).all()
    assert len(rows) == 2
    kept = next(m for m in rows if m.id == baby.id)
    assert (kept.id_type, kept.id_number, kept.birth_date, kept.sex) == ("居民身份证", BABY_ID, BABY_BORN, "女")


def findings(report: CheckReport) -> list[Finding]:
    """What `anju check` lists, open ones only."""
    return [e.finding for g in report.groups for e in g.entries if not e.finding.accepted]


def add_baby(uow: object, household: Household, **fields: object) -> Member:
    values = {
        **COMPLETE_MEMBER,
        "id_type": "暂无证件号码",
        "extra": {"no_id_reason": "新生儿未落户"},
        "sex": "女",
        "birth_date": BABY_BORN,
        "relation": "之女",
        "student_status": "学龄前儿童",
        "education": None,
        "labour_skill": "无劳动力",
        **fields,
    }
    return add_member(uow, household, name="张小宝", **values)  # type: ignore[arg-type]


def test_two_babies_without_numbers_are_not_duplicates_and_a_baby_is_never_labour(store: Store) -> None:
    """Two babies without a number are not "the same person" (as two made-up numbers such as 0 under 其他 were), a
    baby recorded with a birth date is never labour, and anyone without a resident ID number must have a birth date
    (else they were silently left out of 劳动力, and a 零就业 household with them went unseen)."""
    with store.unit_of_work("setup") as uow:
        site = add_site(uow)
        homes = []
        for order, room in ((22, "101"), (24, "102")):
            home = add_household(uow, site, **{**COMPLETE_HOUSEHOLD, "room": room})
            # An old head who cannot work: the household is labour only if the baby were counted as labour.
            add_member(uow, home, "李奶奶", **{**COMPLETE_MEMBER, "relation": "户主", "sex": "女",
                       "id_number": make_ric("530326", date(1950, 1, 1), order), "birth_date": date(1950, 1, 1),
                       "labour_skill": "丧失劳动力"})  # fmt: skip
            add_baby(uow, home, labour_skill="普通劳动力", relation="之孙女")  # a slip of the worker's hand
            homes.append(home.id)
        home3 = add_household(uow, site, **{**COMPLETE_HOUSEHOLD, "room": "103"})
        add_head(uow, home3, id_type="其他", id_number="E12345678", sex=None, birth_date=None)  # a passport
    found = {(f.household_id, f.code) for f in findings(check_database(store, RuleSettings(), TODAY))}
    for home in homes:
        assert (home, "member.no_id_number") in found
        assert (home, "member.id_duplicate") not in found
        assert (home, "household.zero_employment") not in found  # a baby never makes a labour household
    assert (home3.id, "member.birth_unknown") in found


def test_the_member_sheet_shows_no_number_and_says_why(store: Store, household_id: str, tmp_path: Path) -> None:
    with store.unit_of_work("setup") as uow:
        household = uow.session.get(Household, household_id)
        assert household is not None
        add_baby(uow, household)
    path = tmp_path / "成员.xlsx"
    export(store, "members", path, ExportOptions(on=TODAY))
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if "证件类型" in r)
    baby = next(r for r in rows if "张小宝" in r)
    assert baby[header.index("证件类型")] == "暂无证件号码"
    assert baby[header.index("证件号码")] in (None, "")
    assert baby[header.index("出生日期")] not in (None, "")


def test_the_member_sheet_with_a_baby_without_a_number_imports_into_another_database_as_it_was(
    store: Store, household_id: str, tmp_path: Path
) -> None:
    """Export then import round-trips: the baby's row was refused as 证件号码为空."""
    with store.unit_of_work("setup") as uow:
        household = uow.session.get(Household, household_id)
        assert household is not None
        add_baby(uow, household)
    path = tmp_path / "成员.xlsx"
    export(store, "members", path, ExportOptions(on=TODAY))
    with Store.open(tmp_path / "other.db") as other:
        with other.unit_of_work("setup") as uow:
            add_site(uow, code="530326AZ001", name="幸福社区安置点")
        result = import_roster(other, path, ImportOptions(on=TODAY))
        assert not result.problems, [p.zh for p in result.problems]
        with other.reading() as session:
            baby = session.scalars(select(Member).where(Member.name == "张小宝")).one()
            assert (baby.id_type, baby.id_number, baby.birth_date, baby.sex) == ("暂无证件号码", None, BABY_BORN, "女")
        again = import_roster(other, path, ImportOptions(on=TODAY))
        assert again.journal_entries == 0 and not again.problems


def test_a_national_roster_with_the_babys_number_matches_her_by_name_in_her_household(
    store: Store, household_id: str, tmp_path: Path
) -> None:
    with store.unit_of_work("setup") as uow:
        household = uow.session.get(Household, household_id)
        assert household is not None
        baby_id = add_baby(uow, household).id
        head = uow.session.scalars(select(Member).where(Member.relation == "户主")).one()
        head_number = head.id_number
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["户编号", "安置点名称", "楼栋", "单元", "门牌号", "姓名", "证件号码", "与户主关系", "民族"])
    ws.append(["H001", "幸福社区安置点", "3", "2", "301", "张三", head_number, "户主", "汉族"])
    ws.append(["H001", "幸福社区安置点", "3", "2", "301", "张小宝", BABY_ID, "之女", "汉族"])
    path = tmp_path / "花名册.xlsx"
    book.save(path)
    result = import_roster(store, path, ImportOptions(on=TODAY))
    assert result.counts["members.created"] == 0
    with store.reading() as session:
        rows = session.scalars(select(Member).where(Member.household_id == household_id)).all()
    assert len(rows) == 2
    baby = next(m for m in rows if m.name == "张小宝")
    assert baby.id == baby_id and baby.id_number == BABY_ID
    # The roster had no 证件类型 column: the type still says 暂无证件号码, and the reminder says what to change.
    reminder = next(
        f for f in findings(check_database(store, RuleSettings(), TODAY)) if f.code == "member.no_id_number"
    )
    assert BABY_ID in reminder.zh and "居民身份证" in reminder.zh


def test_the_follow_up_list_names_each_person_without_a_number_until_it_is_typed_in(
    store: Store, household_id: str
) -> None:
    with store.unit_of_work("setup") as uow:
        household = uow.session.get(Household, household_id)
        assert household is not None
        baby_id = add_baby(uow, household).id
    with store.reading() as session:
        listed = run_worklist(session.connection(), "no_id_number", RuleSettings(), TODAY)
    assert listed.zh == "暂无证件号码人员"
    assert [(r.member_name, r.head_name, r.detail["birth_date"]) for r in listed.rows] == [
        ("张小宝", "张三", BABY_BORN)
    ]
    with store.unit_of_work("the number came") as uow:
        baby = uow.session.get(Member, baby_id)
        assert baby is not None
        baby.id_type, baby.id_number = "居民身份证", BABY_ID
    with store.reading() as session:
        assert run_worklist(session.connection(), "no_id_number", RuleSettings(), TODAY).rows == ()
