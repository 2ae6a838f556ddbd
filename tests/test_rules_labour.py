"""The labour rule at its boundaries: age 16 and 60 (and 55 for women where the county says so), students and
skills, spells ending this month or last month, 农业生产经营 on and off; and the rule settings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.errors import AnjuError
from forms.rules import household_figures, is_zero_employment
from forms.rules.labour import (
    add_months,
    add_years,
    age_on,
    birth_cutoff,
    contract_term_too_long,
    is_employed,
    is_labour_member,
    is_ongoing,
    month_of,
)
from forms.settings import RuleSettings, load_settings, save_settings
from forms.store import Store
from tests.test_rules_support import ON, household, job, person

DEFAULT = RuleSettings()
WOMEN_55 = RuleSettings(female_max_age=55)
FARMING = RuleSettings(agriculture_counts=True)


def labour(birth: date | None, sex: str = "男", student: str | None = None, skill: str | None = "普通劳动力",
           settings: RuleSettings = DEFAULT) -> bool:  # fmt: skip
    return is_labour_member(birth, sex, student, skill, settings, ON)


def test_sixteen_on_the_survey_date_is_labour_and_the_day_before_the_birthday_is_not() -> None:
    sixteenth_birthday_today = add_years(ON, -16)
    assert age_on(sixteenth_birthday_today, ON) == 16
    assert labour(sixteenth_birthday_today)
    birthday_tomorrow = sixteenth_birthday_today + timedelta(days=1)
    assert age_on(birthday_tomorrow, ON) == 15
    assert not labour(birthday_tomorrow)


def test_sixty_on_the_survey_date_is_no_longer_labour_but_the_day_before_the_birthday_still_is() -> None:
    sixtieth_birthday_today = add_years(ON, -60)
    assert not labour(sixtieth_birthday_today)
    assert labour(sixtieth_birthday_today + timedelta(days=1))  # 59 until tomorrow
    assert not labour(sixtieth_birthday_today, sex="女")


def test_a_county_counting_women_to_55_stops_at_55_for_women_only() -> None:
    fifty_five_today = add_years(ON, -55)
    assert not labour(fifty_five_today, sex="女", settings=WOMEN_55)
    assert labour(fifty_five_today + timedelta(days=1), sex="女", settings=WOMEN_55)
    assert labour(fifty_five_today, sex="男", settings=WOMEN_55)
    assert labour(fifty_five_today, sex="女", settings=DEFAULT)


def test_students_unknown_ages_and_non_labour_skills_are_not_labour() -> None:
    adult = add_years(ON, -30)
    assert not labour(adult, student="本科二年级")
    assert labour(adult, student="")  # empty text is no student status
    assert not labour(None)
    for skill in ("丧失劳动力", "无劳动力", None):
        assert not labour(adult, skill=skill)
    for skill in ("普通劳动力", "技能劳动力", "弱劳动力或半劳动力"):
        assert labour(adult, skill=skill)


def test_an_unknown_sex_takes_the_male_bounds() -> None:
    fifty_seven = add_years(ON, -57)
    assert labour(fifty_seven, sex=None, settings=WOMEN_55)  # type: ignore[arg-type]


@given(st.dates(date(1900, 1, 1), date(2030, 12, 31)), st.dates(date(1990, 1, 1), date(2030, 12, 31)),
       st.integers(0, 100))  # fmt: skip
def test_birth_cutoff_says_exactly_who_has_reached_an_age(birth: date, on: date, years: int) -> None:
    if birth > on:
        return
    assert (age_on(birth, on) >= years) == (birth <= birth_cutoff(on, years))


def test_a_29_february_birthday_is_reached_on_1_march_in_a_common_year() -> None:
    born = date(2008, 2, 29)
    assert age_on(born, date(2024, 2, 28)) == 15
    assert age_on(born, date(2024, 2, 29)) == 16
    assert age_on(born, date(2025, 2, 28)) == 16
    assert not is_labour_member(date(2009, 2, 28) + timedelta(days=1), "男", None, "普通劳动力", DEFAULT,
                                date(2025, 2, 28))  # fmt: skip
    assert birth_cutoff(date(2024, 2, 29), 15) == date(2009, 2, 28)


def test_a_spell_is_ongoing_from_its_start_month_through_its_end_month() -> None:
    month = month_of(ON)  # 2026-11
    assert is_ongoing("2026-01", None, month)
    assert is_ongoing("2026-01", "", month)
    assert is_ongoing("2026-11", None, month)  # started this month
    assert not is_ongoing("2026-12", None, month)  # starts next month
    assert is_ongoing("2026-01", "2026-11", month)  # ends this month: still employed this month
    assert not is_ongoing("2026-01", "2026-10", month)  # ended last month
    assert not is_ongoing(None, None, month)
    assert not is_ongoing("", None, month)
    assert add_months("2026-11", 2) == "2027-01" and add_months("2026-01", -1) == "2025-12"


def test_a_spell_ending_today_counts_and_one_that_ended_last_month_does_not() -> None:
    worker = person("王五", age=35)
    ending_this_month = job(worker, start="2026-03", end=month_of(ON))
    ended_last_month = job(worker, start="2026-03", end="2026-10")
    assert is_employed([ending_this_month], DEFAULT, ON)
    assert not is_employed([ended_last_month], DEFAULT, ON)
    assert not is_zero_employment(household(worker, spells=[ending_this_month]), DEFAULT, ON)
    assert is_zero_employment(household(worker, spells=[ended_last_month]), DEFAULT, ON)
    first_of_next_month = date(2026, 12, 1)
    assert is_zero_employment(household(worker, spells=[ending_this_month]), DEFAULT, first_of_next_month)


def test_farming_counts_only_where_the_county_says_so() -> None:
    farmer = person("赵六", age=45)
    farming = job(farmer, form="农业生产经营", start="2020-03")
    home = household(farmer, spells=[farming])
    assert is_zero_employment(home, DEFAULT, ON)
    assert not is_zero_employment(home, FARMING, ON)
    other = household(farmer, spells=[job(farmer, form="其他", start="2020-03")])
    assert is_zero_employment(other, FARMING, ON)


def test_anyone_employed_lifts_the_household_off_zero_employment() -> None:
    worker, grandpa = person("张三", age=40), person("张老汉", age=66, skill="弱劳动力或半劳动力", relation="之父")
    home = household(worker, grandpa, spells=[job(grandpa, form="乡村公益性岗位", start="2025-01")])
    figures = household_figures(home, DEFAULT, ON)
    assert (figures.members, figures.labour, figures.employed) == (2, 1, 1)
    assert not figures.zero_employment


def test_households_without_labour_are_never_zero_employment() -> None:
    elders = household(person("李奶奶", age=70, sex="女", skill="丧失劳动力"))
    assert not household_figures(elders, DEFAULT, ON).labour_household
    assert not is_zero_employment(elders, DEFAULT, ON)


def test_tombstoned_members_and_void_households_never_count() -> None:
    worker = person("张三", age=40)
    gone = person("王五", age=30, deleted=True)
    home = household(worker, gone, spells=[job(gone)])
    assert household_figures(home, DEFAULT, ON).members == 1
    assert is_zero_employment(home, DEFAULT, ON)  # the tombstoned member's job does not count
    assert not is_zero_employment(household(worker, status="作废"), DEFAULT, ON)
    assert not is_zero_employment(household(worker, deleted=True), DEFAULT, ON)


def test_a_contract_of_exactly_one_year_is_fine_and_a_day_more_is_not() -> None:
    start = date(2026, 3, 1)
    assert not contract_term_too_long(start, date(2027, 2, 28))
    assert not contract_term_too_long(start, date(2027, 3, 1))
    assert contract_term_too_long(start, date(2027, 3, 2))
    assert not contract_term_too_long(start, None)


def test_settings_default_round_trip_and_refuse_nonsense(store: Store) -> None:
    assert load_settings(store) == DEFAULT
    save_settings(store, WOMEN_55)
    assert load_settings(store) == WOMEN_55
    store.set_setting("rule_settings", {"female_max_age": 55, "from_a_newer_program": 1})
    assert load_settings(store).female_max_age == 55
    with pytest.raises(AnjuError, match="劳动年龄"):
        RuleSettings(female_min_age=60, female_max_age=55)
    with pytest.raises(AnjuError, match="农业生产经营"):
        RuleSettings(counting_forms=("外出务工", "农业生产经营"))
    store.set_setting("rule_settings", {"female_max_age": "55"})
    with pytest.raises(AnjuError, match="female_max_age"):
        load_settings(store)
    assert FARMING.employment_forms == DEFAULT.employment_forms | {"农业生产经营"}
