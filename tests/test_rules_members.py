"""Member rules: the ID number and what is derived from it, duplicates, and age against work and skill."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from forms.findings import Finding
from forms.idnumber import make_ric, normalise
from forms.rules import HouseholdBundle, household_findings
from forms.rules.bundle import Elsewhere
from forms.rules.labour import add_years
from forms.rules.loading import id_elsewhere, load_bundle
from forms.rules.member_rules import id_problem
from forms.settings import RuleSettings
from forms.store import Store
from tests.factories import add_household, add_member, add_site
from tests.test_rules_support import ON, household, job, person

DEFAULT = RuleSettings()


def found(bundle: HouseholdBundle, code: str, settings: RuleSettings = DEFAULT) -> list[Finding]:
    return [f for f in household_findings(bundle, settings, ON) if f.code == code]


def test_a_right_id_number_gives_no_finding() -> None:
    assert household_findings(household(person("张三", age=40)), DEFAULT, ON) == []


def test_a_wrong_check_character_is_an_error_an_admin_may_override() -> None:
    good = person("张三", age=40)
    assert good.id_number is not None
    wrong = replace(good, id_number=good.id_number[:17] + ("1" if good.id_number[17] != "1" else "2"))
    [finding] = found(household(wrong), "member.id_checksum")
    assert finding.severity == "error" and finding.overridable and finding.blocks_completion
    assert finding.record_id == wrong.id and finding.member_id == wrong.id and finding.fields == ("id_number",)
    assert finding.zh.startswith("张三的证件号码") and "校验码" in finding.zh and "check character" in finding.en
    assert found(household(wrong), "member.birth_date_mismatch") == []  # the rest of the number still agrees


def test_an_unusable_id_number_is_an_error_that_must_be_corrected() -> None:
    broken = person("李四", age=40, number="53032619900101001")  # 17 characters
    [finding] = found(household(broken), "member.id_invalid")
    assert not finding.overridable and "18" in finding.zh
    assert found(household(broken), "member.birth_date_mismatch") == []  # nothing to derive from it


def test_an_unknown_county_code_with_a_right_check_character_is_overridable() -> None:
    stranger = person("王五", age=40, number=make_ric("999999", add_years(ON, -40), 11))
    [finding] = found(household(stranger), "member.id_address")
    assert finding.overridable


def test_other_document_types_are_not_checked_as_resident_ids() -> None:
    assert found(household(person("王五", age=40, number="P12345", id_type="其他")), "member.id_invalid") == []


def test_birth_date_and_sex_must_agree_with_the_id_number() -> None:
    member = person("赵六", age=40, sex="女")
    assert member.birth_date is not None
    typed = replace(member, birth_date=member.birth_date + timedelta(days=1))
    [birth] = found(household(typed), "member.birth_date_mismatch")
    assert birth.fields == ("birth_date", "id_number") and "赵六的出生日期" in birth.zh
    [sex] = found(household(replace(member, sex="男")), "member.sex_mismatch")
    assert "第17位" in sex.zh
    assert found(household(replace(member, sex=None)), "member.sex_mismatch")
    assert found(household(replace(member, birth_date=None)), "member.birth_date_mismatch")


def test_the_same_id_number_twice_in_a_household_or_in_another_household() -> None:
    head = person("张三", age=40)
    twin = replace(person("张三三", age=40), id_number=head.id_number)
    assert len(found(household(head, twin), "member.id_duplicate")) == 2
    other = Elsewhere("m-else", "张三", "h-else", "530326001", "5栋1单元101")
    assert head.id_number is not None
    [finding] = found(household(head, elsewhere={head.id_number: (other,)}), "member.id_duplicate")
    assert "另一户" in finding.zh and "5栋1单元101" in finding.zh
    gone = replace(twin, deleted=True)
    assert found(household(head, gone), "member.id_duplicate") == []


def test_duplicates_are_looked_up_in_live_households_only(store: Store) -> None:
    number = make_ric("530326", date(1990, 5, 6), 11)
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        here = add_household(uow, site, building="1", unit="1", room="101")
        there = add_household(uow, site, building="2", unit="1", room="202", hh_number="530326002")
        void = add_household(uow, site, status="作废", void_reason="重复登记")
        for home in (here, there, void):
            add_member(uow, home, "陈七", id_number=number, sex="男", birth_date=date(1990, 5, 6), relation="户主")
    with store.engine.connect() as conn:
        elsewhere = id_elsewhere(conn, [number], exclude_household=here.id)
        bundle = load_bundle(conn, here.id)
    assert [e.household_id for e in elsewhere[number]] == [there.id]
    assert bundle is not None
    [finding] = found(bundle, "member.id_duplicate")
    assert "户编号530326002" in finding.zh and "2栋1单元202" in finding.zh


def test_under_16_or_a_student_with_an_ongoing_spell_is_an_error() -> None:
    child = person("小明", age=15, skill="无劳动力")
    [finding] = found(
        household(person("张三", age=40), child, spells=[job(child, form="灵活就业")]), "member.minor_employed"
    )
    assert finding.severity == "error" and "未满16周岁（15岁）" in finding.zh
    sixteen = person("小红", age=16)
    assert found(household(sixteen, spells=[job(sixteen)]), "member.minor_employed") == []
    student = person("小刚", age=19, student="本科一年级", skill="无劳动力")
    assert found(household(student, spells=[job(student, form="农业生产经营")]), "member.minor_employed")
    assert found(household(child, spells=[job(child, end="2026-10")]), "member.minor_employed") == []


def test_sixty_and_over_with_full_labour_is_a_warning() -> None:
    [finding] = found(household(person("张老汉", age=60)), "member.elderly_labour")
    assert finding.severity == "warning" and not finding.blocks_completion and "已60岁" in finding.zh
    assert found(household(person("张老汉", age=60, skill="弱劳动力或半劳动力")), "member.elderly_labour") == []
    fifty_nine = person("张老汉", birth=add_years(ON, -60) + timedelta(days=1))
    assert found(household(fifty_nine), "member.elderly_labour") == []


def test_skilled_labour_without_work_is_a_warning_and_can_be_accepted() -> None:
    skilled = person("周八", age=30, skill="技能劳动力")
    [finding] = found(household(skilled), "member.skilled_unemployed")
    assert finding.severity == "warning" and not finding.accepted
    [accepted] = found(household(skilled, accepted=(("member.skilled_unemployed", skilled.id),)), finding.code)
    assert accepted.accepted
    assert found(household(skilled, spells=[job(skilled)]), "member.skilled_unemployed") == []
    farming = household(skilled, spells=[job(skilled, form="农业生产经营")])
    assert found(farming, "member.skilled_unemployed")
    assert found(farming, "member.skilled_unemployed", RuleSettings(agriculture_counts=True)) == []


def test_an_override_cannot_accept_an_error_that_is_not_overridable() -> None:
    child = person("小明", age=15, skill="无劳动力")
    bundle = household(
        person("张三", age=40), child, spells=[job(child)], accepted=(("member.minor_employed", child.id),)
    )
    [finding] = found(bundle, "member.minor_employed")
    assert not finding.accepted and finding.blocks_completion


@given(
    st.dates(date(1890, 1, 1), date(2030, 12, 31)),
    st.sampled_from(("530326", "110105", "440524", "999999", "110100", "532233")),
    st.integers(0, 999),
    st.sampled_from(("", "wrong", "41", "4101", "81", "x")),
)
def test_the_fast_id_check_agrees_with_normalise(birth: date, code: str, order: int, variant: str) -> None:
    number = make_ric(code, birth, order)
    if variant == "wrong":
        number = number[:17] + ("0" if number[17] != "0" else "1")
    elif variant == "x":
        number = number[:17] + "X"
    else:
        number += variant
    today = date(2026, 11, 29)
    assert id_problem(number, today) == normalise(number, today).problem
    assert id_problem(number, today) == normalise(number, today).problem  # the second time from the memo
