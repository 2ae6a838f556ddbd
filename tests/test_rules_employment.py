"""Employment rules: 公益性岗位 terms and insurance, posts and workshops outside the county, implausible income."""

from __future__ import annotations

from datetime import date

from forms.findings import Finding
from forms.rules import household_findings
from forms.settings import RuleSettings
from tests.test_rules_support import ON, household, job, person

DEFAULT = RuleSettings()
WORKER = person("吴九", age=45)


def findings(*spells: object, settings: RuleSettings = DEFAULT) -> list[Finding]:
    return household_findings(household(WORKER, spells=list(spells)), settings, ON)  # type: ignore[arg-type]


def post(**fields: object) -> object:
    values: dict[str, object] = {
        "form": "乡村公益性岗位",
        "start": "2026-03",
        "contract_start": date(2026, 3, 1),
        "contract_end": date(2027, 2, 28),
        "accident_insurance": True,
        "monthly_income": 800,
    }
    values.update(fields)
    return job(WORKER, **values)  # type: ignore[arg-type]


def test_a_proper_public_welfare_post_has_no_finding() -> None:
    assert findings(post()) == []
    assert findings(post(contract_end=date(2027, 3, 1))) == []  # "to the same day next year" is one year


def test_a_contract_longer_than_a_year_is_an_overridable_error() -> None:
    [finding] = findings(post(contract_end=date(2027, 3, 2)))
    assert finding.code == "employment.welfare_term" and finding.severity == "error" and finding.overridable
    assert finding.record_table == "employments" and finding.member_id == WORKER.id
    assert "2026-03-01至2027-03-02" in finding.zh and "超过1年" in finding.zh
    assert finding.fields == ("contract_start", "contract_end")


def test_a_post_without_accident_insurance_is_an_overridable_error() -> None:
    for insured in (False, None):
        [finding] = findings(post(accident_insurance=insured))
        assert finding.code == "employment.welfare_insurance" and finding.overridable
        assert "意外伤害保险" in finding.zh


def test_finished_posts_are_history_and_not_checked_for_term_or_insurance() -> None:
    assert findings(post(end="2026-10", accident_insurance=False, contract_end=date(2029, 1, 1))) == []
    assert findings(post(start="2026-12", accident_insurance=False)) == []  # not begun yet


def test_a_post_or_workshop_outside_the_county_is_an_error_to_correct() -> None:
    [finding] = findings(post(place_scope="省外"))
    assert finding.code == "employment.outside_county" and not finding.overridable
    assert "务工地域为“省外”" in finding.zh
    [workshop] = findings(job(WORKER, form="就业帮扶车间", place_scope="省内县外", end="2025-12", start="2025-01"))
    assert workshop.code == "employment.outside_county"  # wrong data, even in a finished spell
    assert findings(job(WORKER, form="外出务工", place_scope="省外")) == []
    assert findings(post(place_scope=None)) == []


def test_a_post_or_workshop_ticked_as_organised_labour_export_is_an_error_to_correct() -> None:
    """云人社通 2021 第49号 §(四): the 就业创业服务补助 (100 元 a person a year, to the agency or 劳务经纪人) is for
    有组织劳务输出, sending 脱贫人口 out to work; a 公益性岗位 (§(十二)) or 帮扶车间 (§(九)) is work at home. Ticked,
    the person was on the subsidy list with nothing to say the tick was wrong."""
    [finding] = findings(post(organised=True))
    assert finding.code == "employment.organised_local" and finding.severity == "error" and not finding.overridable
    assert finding.fields == ("organised",) and finding.record_table == "employments"
    assert "勾选了“有组织劳务输出”" in finding.zh and "就业创业服务补助" in finding.zh and "第（四）条" in finding.zh
    [workshop] = findings(job(WORKER, form="就业帮扶车间", organised=True, start="2025-01", end="2025-12"))
    assert workshop.code == "employment.organised_local"  # wrong data, even in a finished spell
    assert findings(job(WORKER, form="外出务工", place_scope="省外", organised=True)) == []  # what the tick is for
    assert findings(post(organised=False)) == findings(post(organised=None)) == []


def test_a_travel_subsidy_recorded_twice_in_one_year_is_an_overridable_error_on_the_second() -> None:
    """§(四): 一次性外出务工交通补助（每年享受1次）. A second payment in a year (a new job after a paid one, or one
    payment typed on two records) went unremarked: the list leaves a paid person out, but nothing said the money
    had been paid twice."""
    march = job(WORKER, start="2026-03", end="2026-06", transport_subsidy_year=2026)
    august = job(WORKER, start="2026-08", transport_subsidy_year=2026)
    [finding] = findings(august, march)
    assert finding.code == "employment.transport_subsidy_twice" and finding.record_id == august.id
    assert finding.severity == "error" and finding.overridable and finding.member_id == WORKER.id
    assert "（外出务工，2026-08起）登记了2026年的交通补助" in finding.zh and "2026-03起" in finding.zh
    assert "每人每年只能享受1次" in finding.zh
    assert findings(march, job(WORKER, start="2026-08", transport_subsidy_year=2025)) == []  # one a year
    assert findings(march, job(WORKER, start="2026-08")) == []
    assert findings(march, job(WORKER, start="2026-08", transport_subsidy_year=2026, deleted=True)) == []
    other = person("郑十一", age=30)
    home = household(WORKER, other, spells=[march, job(other, start="2026-08", transport_subsidy_year=2026)])
    assert household_findings(home, DEFAULT, ON) == []  # two people, one payment each
    accepted = household(WORKER, spells=[march, august], accepted=(("employment.transport_subsidy_twice", august.id),))
    [kept] = household_findings(accepted, DEFAULT, ON)
    assert kept.accepted and not kept.blocks_completion  # paid twice indeed: the county was told


def test_income_bounds_are_warnings_at_400_and_30000() -> None:
    for income, flagged in ((399, True), (400, False), (30000, False), (30001, True), (0, True), (None, False)):
        result = findings(job(WORKER, monthly_income=income))
        assert [f.code for f in result] == (["employment.income_implausible"] if flagged else []), income
    [finding] = findings(job(WORKER, monthly_income=45000))
    assert finding.severity == "warning" and "45000元" in finding.zh and "400–30000" in finding.zh
    assert findings(job(WORKER, monthly_income=45000), settings=RuleSettings(income_max=50000)) == []


def test_tombstoned_spells_and_spells_of_tombstoned_members_are_ignored() -> None:
    assert findings(job(WORKER, monthly_income=1, deleted=True)) == []
    gone = person("郑十", age=30, deleted=True)
    home = household(WORKER, gone, spells=[job(gone, monthly_income=1)])
    assert household_findings(home, DEFAULT, ON) == []
