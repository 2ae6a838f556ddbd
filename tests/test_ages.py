"""The people of a household across ages and over time, as a station worker meets them: a newborn is not asked
for a 劳动技能 it cannot have, a child recorded as 无劳动力 who turns 16 with nobody editing the record is named for
assessment on the day, and the editor, `anju check` and the lists agree on who that is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.editor import HouseholdEditor
from forms.check import check_database
from forms.fieldchecks import field_findings
from forms.idnumber import make_ric
from forms.questionnaire import load_packaged
from forms.records import Member
from forms.rules import household_findings
from forms.rules.labour import add_years
from forms.settings import RuleSettings
from forms.store import Store
from forms.worklists import run_worklist
from tests.factories import add_household, add_member, add_site
from tests.test_editor import (
    COMPLETE_HOUSEHOLD,
    COMPLETE_MEMBER,
    TODAY,
    add_head,
    focused,
    line,
    open_household,
    settle,
)
from tests.test_rules_support import ON, household, person

pytest_plugins = ["tests.test_sync_support"]


@pytest.fixture
def household_id(store: Store) -> str:
    with store.unit_of_work("setup") as uow:
        site = add_site(uow)
        home = add_household(uow, site, **COMPLETE_HOUSEHOLD)
        add_head(uow, home)
    return home.id


def required_fields(editor: HouseholdEditor, member_id: str) -> set[str]:
    return {
        field
        for f in editor.session.findings()
        if f.code == "field.required" and f.record_id == member_id
        for field in f.fields
    }


def test_a_newborns_labour_capacity_is_filled_in_as_no_labour_from_its_id_number(
    qtbot: QtBot, editor: HouseholdEditor, household_id: str, store: Store
) -> None:
    """The national list records every child under 16 as 无劳动力: the worker is not asked for it, and the member
    sheet still has it. A grandfather of 86 is still asked (丧失劳动力 or 弱劳动力 is for the worker to say)."""
    open_household(qtbot, editor, household_id)
    baby = editor.add_member()
    assert baby is not None
    view = editor.view_of(baby)
    assert view is not None
    view.input("name").setText("张小宝")  # type: ignore[union-attr]
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is view.input("id_number")
    qtbot.keyClicks(focused(), make_ric("530326", TODAY - timedelta(days=40), 13))
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert line(view, "age").text() == "0"
    assert view.input("labour_skill").currentText() == "无劳动力"  # type: ignore[union-attr]
    assert "labour_skill" not in required_fields(editor, baby)
    settle(qtbot, editor)
    with store.reading() as session:
        saved = session.get(Member, baby)
    assert saved is not None and saved.labour_skill == "无劳动力"

    grandfather = editor.add_member()
    assert grandfather is not None
    for name, value in (("name", "张老汉"), ("id_number", make_ric("530326", date(1940, 2, 29), 15))):
        editor.session.edit(grandfather, name, value)
        editor.session.commit(grandfather, name)
    assert "labour_skill" in required_fields(editor, grandfather)


def test_a_labour_capacity_chosen_before_the_birth_date_is_kept_for_the_field_check_to_question(
    qtbot: QtBot, editor: HouseholdEditor, household_id: str
) -> None:
    open_household(qtbot, editor, household_id)
    child = editor.add_member()
    assert child is not None
    for name, value in (
        ("name", "张小妹"),
        ("labour_skill", "普通劳动力"),
        ("id_number", make_ric("530326", add_years(TODAY, -15), 14)),
    ):
        editor.session.edit(child, name, value)
        editor.session.commit(child, name)
    assert editor.draft.record(child).values["labour_skill"] == "普通劳动力"
    [finding] = [f for f in editor.session.findings() if f.record_id == child and "labour_skill" in f.fields]
    assert finding.code == "field.constraint" and "无劳动力" in finding.zh and finding.blocks_completion


def _skill_findings(age_days: int, skill: str) -> list[str]:
    questionnaire = load_packaged()
    values = {
        **COMPLETE_MEMBER,
        "name": "李四",
        "relation": "之子",
        "birth_date": add_years(ON, -16) + timedelta(days=age_days),
        "labour_skill": skill,
    }
    found = field_findings(questionnaire, "member", values, record_id="m", household_id="h", today=ON)
    return [f.code for f in found if "labour_skill" in f.fields]


def test_a_child_under_16_recorded_as_labour_is_an_error_and_at_16_is_not() -> None:
    assert _skill_findings(1, "普通劳动力") == ["field.constraint"]  # 16 tomorrow
    assert _skill_findings(1, "无劳动力") == []
    assert _skill_findings(0, "普通劳动力") == []  # 16 today
    assert _skill_findings(1, "") == ["field.required"]  # an unanswered child stays asked (an old record)


def _turning_16(skill: str, student: str | None = None, days_to_birthday: int = 0) -> list[str]:
    son = person("李小明", birth=add_years(ON, -16) + timedelta(days=days_to_birthday), skill=skill, student=student)
    bundle = household(person("李父", age=70, skill="丧失劳动力"), son)
    return [f.code for f in household_findings(bundle, RuleSettings(), ON) if f.member_id == son.id]


def test_a_child_recorded_as_no_labour_is_named_for_assessment_on_the_day_they_turn_16() -> None:
    assert "member.working_age_no_labour" in _turning_16("无劳动力")
    assert "member.working_age_no_labour" not in _turning_16("无劳动力", days_to_birthday=1)
    assert "member.working_age_no_labour" not in _turning_16("无劳动力", student="普通高中一年级")
    assert "member.working_age_no_labour" not in _turning_16("普通劳动力")
    sixty = person("李爷", birth=add_years(ON, -60), skill="无劳动力")
    assert not [f for f in household_findings(household(sixty), RuleSettings(), ON) if f.member_id == sixty.id]


def test_anju_check_names_the_household_whose_child_turned_16_on_the_day_and_the_lists_follow_the_assessment(
    store: Store,
) -> None:
    """31 December the boy is 15; on 1 January he is 16 with no edit. `anju check` names him that day; once the
    worker records him as 普通劳动力 his household, with nobody in work, is on the 零就业 list."""
    new_year = date(2027, 1, 1)
    born = add_years(new_year, -16)
    with store.unit_of_work("setup") as uow:
        site = add_site(uow)
        home = add_household(uow, site, **{**COMPLETE_HOUSEHOLD, "status": "已完成"})
        add_head(uow, home, birth_date=date(1950, 3, 3), id_number=make_ric("530326", date(1950, 3, 3), 11),
                 labour_skill="丧失劳动力")  # fmt: skip
        son = add_member(uow, home, name="张小明", relation="之子", id_type="居民身份证", sex="男", birth_date=born,
                         id_number=make_ric("530326", born, 13), ethnicity="汉族", education="初中", health="健康",
                         labour_skill="无劳动力")  # fmt: skip
    settings = RuleSettings()

    def named(on: date) -> list[str]:
        report = check_database(store, settings, on)
        group = [g for g in report.groups if g.rule.code == "member.working_age_no_labour"]
        return [e.member_name or "" for g in group for e in g.entries]

    assert named(new_year - timedelta(days=1)) == []
    assert named(new_year) == ["张小明"]
    with store.unit_of_work("worker") as uow:
        record = uow.session.get(Member, son.id)
        assert record is not None
        record.labour_skill = "普通劳动力"
    with store.engine.connect() as conn:
        assert run_worklist(conn, "zero_employment", settings, new_year).count == 1
        assert run_worklist(conn, "zero_employment", settings, new_year - timedelta(days=1)).count == 0
    assert named(new_year) == []
