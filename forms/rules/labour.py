"""The rule the product exists for, as pure functions over plain values at a date (DESIGN.md §4).

- a **labour member** (劳动力) is ``min_age ≤ age < max_age`` on the survey date (bounds per sex, from the
  settings), not a student, with a 劳动技能 of 普通劳动力, 技能劳动力 or 弱劳动力或半劳动力;
- a member is **employed** (已就业) at a date when one of their spells is ongoing in that date's month and its
  就业形式 counts under the settings;
- a **labour household** has at least one labour member; a **零就业家庭** is a labour household with no employed
  member. Anyone employed counts, labour member or not (a man of 62 on a 公益性岗位): the question is whether the
  household has work. A child under 16 does not (`counts_as_employed`): a child's job is not lawful employment
  (劳动法 §15), the member rule flags it as an error, and §(十五)'s 有劳动力的搬迁脱贫户至少一人实现就业 is not met
  by a 15-year-old working while their father has no job.

Spells are kept by month, so "ongoing at a date" is decided by month: a spell is ongoing in every month from its
start month to its end month, both included. A spell ending this month therefore still counts this month (the
person worked in it; we cannot tell on which day they stopped) and stops counting on the first day of next
month, when the follow-up list picks the household up. A spell without a start month proves nothing and never
counts. Empty text ("") in an optional field means the same as no value.

These functions are the reference: the SQL in `forms.rules.sql` must agree with them on any data, and the
property tests check that it does.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Protocol

from ..settings import RuleSettings

#: 劳动技能 values of a labour member, and the two "full" ones an elderly person is rarely recorded with.
LABOUR_SKILLS = ("普通劳动力", "技能劳动力", "弱劳动力或半劳动力")
FULL_LABOUR_SKILLS = ("普通劳动力", "技能劳动力")
SKILLED = "技能劳动力"
#: The national list's 劳动技能 of someone not of working age or still at school: a child is recorded with it (the
#: editor fills it in from the birth date), and anyone of labour age out of school with it is to be assessed again.
NO_LABOUR = "无劳动力"
HEAD = "户主"
FEMALE = "女"
VOID = "作废"
#: Statuses that say the household's record is complete (the county approving it implies complete).
COMPLETE_STATUSES = ("已完成", "已审核")
WELFARE_POST = "乡村公益性岗位"
WORKSHOP = "就业帮扶车间"
#: The forms that are always work at home, in the county (云人社通 2021 第49号 §(九), §(十二)): never 省外, never
#: 有组织劳务输出 (`employment_rules`).
LOCAL_POSTS = (WELFARE_POST, WORKSHOP)
IN_COUNTY = "县内"
#: The 户类型 whose members are 脱贫人口, the only people §(四)'s subsidies are for.
POVERTY_ALLEVIATED = "脱贫户"
OUT_OF_PROVINCE = "省外"
#: The legal minimum working age (劳动法 §15): younger people must not be employed, whatever the settings say.
LEGAL_WORKING_AGE = 16
#: From this age on the survey date a birth date is worth a second look (`member.age_implausible`): China's 2020
#: census counted about 119,000 people aged 100 or over in 1.4 billion (under 1 in 10,000), so a site of a few
#: thousand people rarely has one, while a year typed wrong in an old 15-digit 身份证号码 (no check character to
#: catch it: 1972 read as 1912) makes one every time. A warning, never an error: the rare real centenarian is
#: accepted once with a reason. Not lower: each step down warns on many more real people, each to be accepted by
#: hand, and a warning seen that often is no longer read.
IMPLAUSIBLE_AGE = 100


class SpellLike(Protocol):
    """What the employment functions need of a spell."""

    @property
    def form(self) -> str: ...

    @property
    def start_month(self) -> str | None: ...

    @property
    def end_month(self) -> str | None: ...


def month_of(day: date) -> str:
    """The ``YYYY-MM`` month of a date, as spells store it."""
    return f"{day.year:04d}-{day.month:02d}"


def add_months(month: str, count: int) -> str:
    """``YYYY-MM`` shifted by ``count`` months (negative goes back)."""
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def last_day_of(month: str) -> date:
    """The last day of a ``YYYY-MM`` month."""
    year, number = int(month[:4]), int(month[5:7])
    return date(year, number, monthrange(year, number)[1])


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: date, on: date) -> int:
    """Completed years on ``on``: the birthday itself counts, the day before it does not."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def birth_cutoff(on: date, years: int) -> date:
    """The latest birth date of someone at least ``years`` old on ``on``: ``age ≥ years ⇔ birth ≤ cutoff``.

    SQL compares birth dates with this, so it never needs date arithmetic of its own (which differs between
    SQLite and PostgreSQL). Born 29 Feb, you turn a year older on 1 March in a common year (as `age_on` says),
    so on 28 Feb of a common year the cutoff is 28 Feb, and on 29 Feb of a leap year it is 28 Feb of a common one.
    """
    return add_years(on, -years)


def is_empty(value: str | None) -> bool:
    return value is None or value == ""


def is_of_labour_age(
    birth_date: date | None, sex: str | None, student_status: str | None, settings: RuleSettings, on: date
) -> bool:
    """Of labour age on ``on`` and not a student, whatever the 劳动技能: who counts as labour if able to work."""
    if birth_date is None or not is_empty(student_status):
        return False
    low, high = settings.age_bounds(sex)
    return low <= age_on(birth_date, on) < high


def is_labour_member(
    birth_date: date | None,
    sex: str | None,
    student_status: str | None,
    labour_skill: str | None,
    settings: RuleSettings,
    on: date,
) -> bool:
    """劳动力 on ``on``. A member whose birth date is unknown is not counted (their ID will be flagged)."""
    return labour_skill in LABOUR_SKILLS and is_of_labour_age(birth_date, sex, student_status, settings, on)


def skill_by_age(birth_date: date | None, on: date) -> str | None:
    """The 劳动技能 the birth date alone decides on ``on``: `NO_LABOUR` for a child under the legal working age (the
    national list records every child so), None for anyone else (born later than ``on`` or unknown too): their
    capacity is for the worker to assess."""
    if birth_date is None or birth_date > on or age_on(birth_date, on) >= LEGAL_WORKING_AGE:
        return None
    return NO_LABOUR


def is_ongoing(start_month: str | None, end_month: str | None, month: str) -> bool:
    """Whether a spell is ongoing in ``month`` (``YYYY-MM``); see the module notes for the month boundary."""
    if start_month is None or start_month == "" or start_month > month:
        return False
    return end_month is None or end_month == "" or end_month >= month


def counts_as_employment(form: str | None, settings: RuleSettings) -> bool:
    return form in settings.employment_forms


def is_employed(spells: Iterable[SpellLike], settings: RuleSettings, on: date) -> bool:
    """已就业 on ``on``: one of these (live) spells is ongoing and of a counting 就业形式."""
    month = month_of(on)
    forms = settings.employment_forms
    return any(s.form in forms and is_ongoing(s.start_month, s.end_month, month) for s in spells)


def old_enough_to_work(birth_date: date | None, on: date) -> bool:
    """Whether a job of this member counts as 就业 on ``on``: not known to be under 16 (劳动法 §15: 禁止用人单位招用
    未满十六周岁的未成年人). A member whose birth date is unknown is given the benefit of the doubt (the ID is
    flagged)."""
    return birth_date is None or age_on(birth_date, on) >= LEGAL_WORKING_AGE


def counts_as_employed(birth_date: date | None, spells: Iterable[SpellLike], settings: RuleSettings, on: date) -> bool:
    """已就业 as the figures and lists count it (就业人数, 零就业, the 工作台 and 汇总表, 就业转失业): employed
    (`is_employed`) and `old_enough_to_work`."""
    return old_enough_to_work(birth_date, on) and is_employed(spells, settings, on)


def is_working(spells: Iterable[SpellLike], on: date) -> bool:
    """Any ongoing spell, whatever its form (a child or a student working is a problem even on the family farm)."""
    month = month_of(on)
    return any(is_ongoing(s.start_month, s.end_month, month) for s in spells)


def months_ongoing(start_month: str | None, on: date) -> int:
    """Whole months from the start month to the month of ``on`` (0 in the start month itself)."""
    if start_month is None or start_month == "":
        return 0
    now = on.year * 12 + on.month
    start = int(start_month[:4]) * 12 + int(start_month[5:7])
    return now - start


def contract_term_too_long(start: date | None, end: date | None) -> bool:
    """A 公益性岗位 contract longer than one year (§(十二): 每次签订期限不超过1年).

    A term "2026-03-01 to 2027-03-01" is accepted as one year, as such contracts are commonly written; one day
    more is not. A term with either date missing cannot be judged here (the field checks ask for both).
    """
    return start is not None and end is not None and end > add_years(start, 1)


def contract_ends_soon(end: date | None, on: date, days: int) -> bool:
    """The contract has ended, or ends within ``days`` days of ``on`` (an expired contract while the person is
    still in post needs renewing most of all)."""
    return end is not None and end <= on + timedelta(days=days)
