"""Household rules: one 户主, and the central rule (零就业 needs an open, dated 帮扶措施 before 已完成); accepting
warnings with a reason."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from forms.errors import AnjuError
from forms.idnumber import make_ric
from forms.records import FindingOverride, Household, JournalEntry, Measure, Member
from forms.rules import HouseholdBundle, can_complete, household_findings, is_zero_employment
from forms.rules.loading import load_bundle
from forms.rules.overrides import accept_warning
from forms.settings import RuleSettings
from forms.store import Store
from tests.factories import add_household, add_member, add_site
from tests.test_rules_support import ON, household, job, measure, person

DEFAULT = RuleSettings()


def codes(findings: list[object]) -> list[str]:
    return [f.code for f in findings]  # type: ignore[attr-defined]


def test_exactly_one_head() -> None:
    head, spouse = person("张三", age=40, relation="户主"), person("李芳", age=38, sex="女", relation="配偶")
    assert "household.head_count" not in codes(household_findings(household(head, spouse), DEFAULT, ON))
    two = household(head, person("张四", age=35, relation="户主"))
    [finding] = [f for f in household_findings(two, DEFAULT, ON) if f.code == "household.head_count"]
    assert "2位户主（张三、张四）" in finding.zh and finding.record_table == "households"
    none = household(person("李芳", age=38, sex="女", relation="配偶"), spouse, make_head=False)
    assert "没有登记户主" in next(f.zh for f in household_findings(none, DEFAULT, ON) if f.code == finding.code)
    assert codes(household_findings(household(), DEFAULT, ON)) == ["household.head_count"]


def test_void_and_tombstoned_households_have_no_findings() -> None:
    assert household_findings(household(status="作废"), DEFAULT, ON) == []
    assert household_findings(household(deleted=True), DEFAULT, ON) == []


# ---- the central rule -------------------------------------------------------------------------------------------

WORKER = person("王五", age=35)


def test_zero_employment_household_can_be_saved_as_a_draft() -> None:
    draft = household(WORKER, status="草稿")
    assert is_zero_employment(draft, DEFAULT, ON)
    assert "household.zero_employment" not in codes(household_findings(draft, DEFAULT, ON))


def test_zero_employment_household_cannot_be_completed_without_an_open_dated_measure() -> None:
    ok, blocking = can_complete(household(WORKER), DEFAULT, ON)
    assert not ok and codes(blocking) == ["household.zero_employment"]
    assert "帮扶措施" in blocking[0].zh and "follow-up measure" in blocking[0].en
    complete = household(WORKER, status="已完成")
    assert codes(household_findings(complete, DEFAULT, ON)) == ["household.zero_employment"]
    approved = household(WORKER, status="已审核")
    assert codes(household_findings(approved, DEFAULT, ON)) == ["household.zero_employment"]


def test_completion_is_allowed_with_an_open_measure_with_a_due_date() -> None:
    assert can_complete(household(WORKER, measures=[measure()]), DEFAULT, ON) == (True, [])
    overdue = measure(due=ON - timedelta(days=5))
    assert can_complete(household(WORKER, measures=[overdue]), DEFAULT, ON)[0]


def test_completion_is_blocked_again_when_the_measure_is_closed_or_has_no_due_date() -> None:
    closed = measure(closed=ON)
    assert not can_complete(household(WORKER, measures=[closed]), DEFAULT, ON)[0]
    undated = measure(due=None)
    assert not can_complete(household(WORKER, measures=[undated]), DEFAULT, ON)[0]
    deleted = measure(deleted=True)
    assert not can_complete(household(WORKER, measures=[deleted]), DEFAULT, ON)[0]


def test_the_zero_employment_message_says_which_date_is_missing_and_from_which_measure() -> None:
    """The measure form calls the date 计划完成日期: the message must use that name, and a worker who has added a
    measure without one must not be told to add a measure."""
    [none] = can_complete(household(WORKER), DEFAULT, ON)[1]
    assert "请添加一项帮扶措施" in none.zh and "计划完成日期" in none.zh and "跟进期限" not in none.zh
    [undated] = can_complete(household(WORKER, measures=[measure(due=None)]), DEFAULT, ON)[1]
    assert "“职业介绍”没有填写计划完成日期" in undated.zh and "请添加" not in undated.zh
    assert "职业介绍" in undated.en and "due date" in undated.en


def test_off_the_list_once_someone_is_employed() -> None:
    home = household(WORKER, status="已完成", measures=[measure(closed=ON)])
    assert is_zero_employment(home, DEFAULT, ON)
    employed = household(WORKER, status="已完成", spells=[job(WORKER, start="2026-11")], measures=[measure(closed=ON)])
    assert not is_zero_employment(employed, DEFAULT, ON)
    assert can_complete(employed, DEFAULT, ON) == (True, [])


def test_households_without_labour_complete_without_a_measure() -> None:
    elders = household(person("李奶奶", age=72, sex="女", skill="丧失劳动力"), status="已完成")
    assert can_complete(elders, DEFAULT, ON) == (True, [])


def test_an_accepted_overridable_error_no_longer_blocks_completion() -> None:
    member = person("张三", age=40)
    assert member.id_number is not None
    bad = replace(member, id_number=member.id_number[:17] + ("1" if member.id_number[17] != "1" else "2"))
    spell = job(bad)
    assert not can_complete(household(bad, spells=[spell]), DEFAULT, ON)[0]
    accepted = household(bad, spells=[spell], accepted=(("member.id_checksum", bad.id),))
    assert can_complete(accepted, DEFAULT, ON) == (True, [])


# ---- accepting warnings in the store ------------------------------------------------------------------------------


def _stored_household(store: Store) -> tuple[str, str]:
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        home = add_household(uow, site, building="1", unit="2", room="301", status="已完成")
        member = add_member(
            uow, home, "周八", relation="户主", labour_skill="技能劳动力", sex="男", birth_date=date(1990, 5, 6),
            id_number=make_ric("530326", date(1990, 5, 6), 11),
        )  # fmt: skip
        uow.add(Measure(household_id=home.id, kind="职业介绍", started_on=ON, due_on=ON + timedelta(days=30)))
    return home.id, member.id


def test_accepting_a_warning_is_stored_journaled_and_no_longer_open(store: Store) -> None:
    household_id, member_id = _stored_household(store)
    with store.engine.connect() as conn:
        bundle = load_bundle(conn, household_id)
    assert bundle is not None
    [warning] = household_findings(bundle, DEFAULT, ON)
    assert warning.code == "member.skilled_unemployed" and not warning.accepted

    with store.unit_of_work("zhang") as uow:
        override = accept_warning(uow, warning, "  在家照顾病人，暂不外出  ", "zhang")
    with store.unit_of_work("zhang") as uow:
        again = accept_warning(uow, warning, "再次接受", "li")
    assert again.id == override.id  # accepting twice keeps the first

    with store.reading() as session:
        stored = session.scalars(select(FindingOverride)).all()
        entries = session.scalars(select(JournalEntry).where(JournalEntry.record_table == "finding_overrides")).all()
    assert [(o.rule_code, o.record_id, o.reason, o.user) for o in stored] == [
        ("member.skilled_unemployed", member_id, "在家照顾病人，暂不外出", "zhang")
    ]
    assert len(entries) == 1 and entries[0].op == "insert" and entries[0].actor == "zhang"
    assert json.loads(entries[0].changes)["reason"] == [None, "在家照顾病人，暂不外出"]
    assert store.verify_journal().ok

    with store.engine.connect() as conn:
        reloaded = load_bundle(conn, household_id)
    assert reloaded is not None
    [accepted] = household_findings(reloaded, DEFAULT, ON)
    assert accepted.accepted and not accepted.blocks_completion


def test_accepting_an_error_is_refused_unless_overridable_and_by_an_admin(store: Store) -> None:
    child = person("小明", age=15, skill="无劳动力")
    [error] = [
        f
        for f in household_findings(household(person("张三", age=40), child, spells=[job(child)]), DEFAULT, ON)
        if f.code == "member.minor_employed"
    ]
    with pytest.raises(AnjuError, match="必须改正"), store.unit_of_work("zhang") as uow:
        accept_warning(uow, error, "家里困难", "zhang", role="站长")

    member = person("张三", age=40)
    assert member.id_number is not None
    wrong = replace(member, id_number=member.id_number[:17] + ("1" if member.id_number[17] != "1" else "2"))
    [checksum] = [f for f in household_findings(household(wrong), DEFAULT, ON) if f.code == "member.id_checksum"]
    with pytest.raises(AnjuError, match="站长或县级管理员"), store.unit_of_work("zhang") as uow:
        accept_warning(uow, checksum, "证件上就是这个号码", "zhang", role="采集员")
    with pytest.raises(AnjuError, match="原因"), store.unit_of_work("zhang") as uow:
        accept_warning(uow, checksum, "   ", "zhang", role="站长")
    with store.reading() as session:
        assert session.scalars(select(FindingOverride)).all() == []
    with store.unit_of_work("wang") as uow:
        accept_warning(uow, checksum, "证件上就是这个号码", "wang", role="站长")
    with store.reading() as session:
        assert [o.rule_code for o in session.scalars(select(FindingOverride))] == ["member.id_checksum"]


def test_a_bundle_builds_from_orm_objects_and_from_the_editor_values(store: Store) -> None:
    household_id, member_id = _stored_household(store)
    with store.reading() as session:
        home = session.get(Household, household_id)
        members = session.scalars(select(Member).where(Member.household_id == household_id)).all()
        measures = session.scalars(select(Measure).where(Measure.household_id == household_id)).all()
    assert home is not None
    from_orm = HouseholdBundle.build(home, members, [], measures, [])
    [finding] = household_findings(from_orm, DEFAULT, ON)
    assert finding.code == "member.skilled_unemployed" and finding.record_id == member_id

    unsaved = {"id": member_id, "name": "周八", "relation": "户主", "labour_skill": "技能劳动力", "sex": "男",
               "birth_date": date(1990, 5, 6), "id_number": members[0].id_number}  # fmt: skip
    spell = {"id": "new", "member_id": member_id, "form": "县内务工", "start_month": "2026-11"}
    editing = HouseholdBundle.build({"id": household_id, "status": "草稿"}, [unsaved], [spell])
    assert can_complete(editing, DEFAULT, ON) == (True, [])


def test_load_bundle_reads_a_void_household_too(store: Store) -> None:
    household_id, _ = _stored_household(store)
    with store.unit_of_work("zhang") as uow:
        home = uow.get(Household, household_id)
        assert home is not None
        home.status, home.void_reason = "作废", "重复登记"
    with store.engine.connect() as conn:
        bundle = load_bundle(conn, household_id)
    assert bundle is not None and bundle.household.status == "作废" and not bundle.household.counts
    assert household_findings(bundle, DEFAULT, ON) == []
