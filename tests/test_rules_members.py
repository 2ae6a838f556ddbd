"""Member rules: the ID number and what is derived from it, duplicates, and age against work and skill."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from forms.findings import Finding
from forms.idnumber import make_ric, normalise
from forms.rules import HouseholdBundle, household_findings
from forms.rules.bundle import Elsewhere, MemberFacts
from forms.rules.labour import add_years
from forms.rules.loading import id_elsewhere, load_bundle
from forms.rules.member_rules import CANONICAL_ID, CHECKED_ID_TYPES, NOT_CHECKED, id_findings, id_problem, id_verdict
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


def test_an_old_15_digit_number_with_its_year_typed_wrong_is_a_warning_of_age_over_100() -> None:
    """530326120412001 is a good 15-digit number of someone born 1912-04-12 (no check character to say its year 72
    was typed 12): every ID rule passes it, and the member would be 114 without a word."""
    result = normalise("530326120412001", ON)
    assert result.problem is None and result.cleaned is not None
    old = person("张老汉", birth=date(1912, 4, 12), number=result.cleaned, skill="丧失劳动力")
    [finding] = household_findings(household(old), DEFAULT, ON)
    assert finding.code == "member.age_implausible"
    assert finding.severity == "warning" and not finding.blocks_completion and not finding.overridable
    assert finding.member_id == old.id and finding.fields == ("birth_date", "id_number")
    assert finding.zh.startswith(f"张老汉的证件号码{result.cleaned}中的出生日期是1912-04-12，到2026-11-29已114岁")
    assert "15位旧号码没有校验位，年份写错查不出来" in finding.zh and "15-digit" in finding.en
    # A real centenarian: anyone who checked the 户口簿 accepts it with a reason, as any warning.
    [accepted] = found(household(old, accepted=(("member.age_implausible", old.id),)), finding.code)
    assert accepted.accepted


def test_age_100_is_warned_from_the_100th_birthday_on() -> None:
    assert found(household(person("百岁", age=100, skill="丧失劳动力")), "member.age_implausible")
    tomorrow = person("九十九", birth=add_years(ON, -100) + timedelta(days=1), skill="丧失劳动力")
    assert found(household(tomorrow), "member.age_implausible") == []
    assert found(household(person("九十九", age=99, skill="丧失劳动力")), "member.age_implausible") == []


def test_an_absurd_birth_date_typed_for_another_document_is_a_warning() -> None:
    typed = person("王五", birth=date(1890, 6, 1), number="E12345678", id_type="其他", skill="丧失劳动力")
    [finding] = found(household(typed), "member.age_implausible")
    assert finding.zh.startswith("王五的出生日期为1890-06-01，到2026-11-29已136岁") and "核对出生日期" in finding.zh
    assert "15位" not in finding.zh  # no resident ID number to blame


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


@given(
    st.dates(date(1890, 1, 1), date(2030, 12, 31)),
    st.sampled_from(("530326", "110105", "999999", "110100")),
    st.integers(0, 999),
    st.sampled_from(("", "wrong", "41", "81", "x", "short", "lower", "space", "none")),
    st.sampled_from((None, "", "居民身份证", "残疾人证", "其他")),
    st.sampled_from(("number", "other", None)),
    st.sampled_from(("number", "next day", None, "text")),
    st.dates(date(1890, 1, 1), date(2032, 12, 31)),
)
def test_the_stored_id_verdict_says_when_the_id_rules_can_find_something(
    birth: date, code: str, order: int, variant: str, id_type: str | None, sex: str | None, born: str | None, on: date
) -> None:
    """`id_verdict` ("" or NOT_CHECKED) vouches that `id_findings` finds nothing on any survey date on or after
    the birth date; only a birth date after the survey date escapes it, and `anju check` tests that in SQL."""
    number: str | None = make_ric(code, birth, order)
    assert number is not None
    number = {
        "wrong": number[:17] + ("0" if number[17] != "0" else "1"),
        "x": number[:17] + "X",
        "short": number[:17],
        "lower": number[:17] + "x",
        "space": " " + number,
        "none": None,
    }.get(variant, number + variant)
    number_sex = ("男" if order % 2 else "女") if sex == "number" else ("女" if order % 2 else "男") if sex else None
    stored_birth: object = {
        "number": birth,
        "next day": birth + timedelta(days=1),
        None: None,
        "text": birth.isoformat(),
    }[born]
    verdict = id_verdict(id_type, number, number_sex, stored_birth)
    member = MemberFacts(
        "m1", "张三", id_type=id_type, id_number=number, sex=number_sex,
        birth_date=date.fromisoformat(stored_birth) if isinstance(stored_birth, str) else stored_birth,  # type: ignore[arg-type]
    )  # fmt: skip
    findings = list(id_findings(household(member, make_head=False), member, on))
    if verdict in ("", NOT_CHECKED):
        assert not findings or (member.birth_date is not None and member.birth_date > on)
    if verdict == "":
        assert number is not None and CANONICAL_ID.fullmatch(number) and id_type in CHECKED_ID_TYPES
    assert (verdict == NOT_CHECKED) == (not number or id_type not in CHECKED_ID_TYPES)


def test_every_write_derives_the_id_verdict(store: Store) -> None:
    """The ORM (insert and update), bulk inserts and sync's rows all fill ``id_check`` through `Member.derive`."""
    from sqlalchemy import select

    from forms.records import Member
    from sync.rows import CODECS

    born = date(1980, 3, 4)
    number = make_ric("530326", born, 11)
    with store.unit_of_work("zhang") as uow:
        home = add_household(uow, add_site(uow))
        added = add_member(uow, home, "张三", id_number=number, birth_date=born, sex="男")
        uow.insert_rows(Member, [{"household_id": home.id, "name": "李四", "id_number": number, "sex": "女",
                                  "birth_date": born}])  # fmt: skip
    with store.reading() as session:
        checks = {name: check for name, check in session.execute(select(Member.name, Member.id_check))}
    assert checks == {"张三": "", "李四": "member.sex_mismatch"}
    with store.unit_of_work("zhang") as uow:
        member = uow.get(Member, added.id)
        assert member is not None
        member.birth_date = born + timedelta(days=1)
    with store.reading() as session:
        assert session.get(Member, added.id).id_check == "member.birth_date_mismatch"  # type: ignore[union-attr]
    row = CODECS["members"].blank("m9")
    row.update(id_type="居民身份证", id_number=number, sex="男", birth_date=born.isoformat())  # as sync carries it
    CODECS["members"].derive(row)
    assert row["id_check"] == ""
    row.update(id_number=None)
    CODECS["members"].derive(row)
    assert row["id_check"] == NOT_CHECKED


def test_a_member_with_no_name_yet_is_named_by_their_place_on_the_roster() -> None:
    """The editor's rules run on members whose name is not typed yet: 第3位成员 says which one, (未填姓名) did not."""
    head, wife = person("张三", age=40), person("李芳", age=38, sex="女", relation="配偶")
    nameless = person("", age=30, skill="技能劳动力")
    bundle = household(head, wife, nameless)
    on_roster = replace(bundle, roster={head.id: 1, wife.id: 2, nameless.id: 3})
    [finding] = found(on_roster, "member.skilled_unemployed")
    assert finding.zh.startswith("第3位成员是技能劳动力") and finding.en.startswith("member 3 is skilled labour")
    [stored] = found(bundle, "member.skilled_unemployed")  # read from the database: no roster
    assert stored.zh.startswith("（未填姓名）是技能劳动力")
    two_heads = replace(on_roster, members=(*on_roster.members[:2], replace(nameless, relation="户主")))
    [heads] = found(two_heads, "household.head_count")
    assert "（张三、第3位成员）" in heads.zh and "(张三, member 3)" in heads.en
