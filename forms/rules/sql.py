"""The labour rule as SQL (SQLAlchemy Core), for the worklists and `anju check` over the whole database.

Each expression here mirrors a function of `forms.rules.labour` and must agree with it on any data; the
property tests check that it does. Everything stays portable between SQLite and PostgreSQL: dates are compared
with bound dates computed in Python (`birth_cutoff`), months are ``YYYY-MM`` text compared as text, booleans are
tested with ``IS TRUE``, and no date arithmetic happens in SQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Exists, FromClause, Select, Table, and_, exists, func, or_, select

from ..records import Employment, Household, Measure, Member, Site
from ..settings import RuleSettings
from .labour import COMPLETE_STATUSES, FEMALE, HEAD, LABOUR_SKILLS, LEGAL_WORKING_AGE, VOID, birth_cutoff, month_of

HOUSEHOLDS: Table = Household.__table__  # type: ignore[assignment]
MEMBERS: Table = Member.__table__  # type: ignore[assignment]
SPELLS: Table = Employment.__table__  # type: ignore[assignment]
MEASURES: Table = Measure.__table__  # type: ignore[assignment]
SITES: Table = Site.__table__  # type: ignore[assignment]


def is_empty(column: ColumnElement[str | None]) -> ColumnElement[bool]:
    """NULL or "": `labour.is_empty`."""
    return or_(column.is_(None), column == "")


def not_empty(column: ColumnElement[str | None]) -> ColumnElement[bool]:
    return and_(column.is_not(None), column != "")


def household_counts(h: FromClause = HOUSEHOLDS) -> ColumnElement[bool]:
    """Not tombstoned and not 作废: `HouseholdFacts.counts`."""
    return and_(h.c.deleted_at.is_(None), h.c.status != VOID)


def of_labour_age(m: FromClause, settings: RuleSettings, on: date) -> ColumnElement[bool]:
    """`labour.is_of_labour_age` for a live member row (an unknown sex takes the male bounds)."""

    def window(sex: str | None) -> ColumnElement[bool]:
        low, high = settings.age_bounds(sex)
        return and_(m.c.birth_date <= birth_cutoff(on, low), m.c.birth_date > birth_cutoff(on, high))

    return and_(
        m.c.deleted_at.is_(None),
        is_empty(m.c.student_status),
        or_(
            and_(m.c.sex == FEMALE, window(FEMALE)),
            and_(or_(m.c.sex.is_(None), m.c.sex != FEMALE), window(None)),
        ),
    )


def labour_member(m: FromClause, settings: RuleSettings, on: date) -> ColumnElement[bool]:
    """`labour.is_labour_member` for a live member row."""
    return and_(m.c.labour_skill.in_(LABOUR_SKILLS), of_labour_age(m, settings, on))


def ongoing(e: FromClause, on: date) -> ColumnElement[bool]:
    """A live spell ongoing in the month of ``on``: `labour.is_ongoing`."""
    month = month_of(on)
    return and_(
        e.c.deleted_at.is_(None),
        not_empty(e.c.start_month),
        e.c.start_month <= month,
        or_(is_empty(e.c.end_month), e.c.end_month >= month),
    )


def counting(e: FromClause, settings: RuleSettings) -> ColumnElement[bool]:
    return e.c.form.in_(sorted(settings.employment_forms))


def employed(m: FromClause, settings: RuleSettings, on: date) -> Exists:
    """`labour.is_employed` for a member row: an ongoing spell of a counting form."""
    e = SPELLS.alias("emp")
    return exists().where(e.c.member_id == m.c.id, ongoing(e, on), counting(e, settings))


def old_enough_to_work(m: FromClause, on: date) -> ColumnElement[bool]:
    """`labour.old_enough_to_work` for a member row: not known to be under 16 on ``on``."""
    return or_(m.c.birth_date.is_(None), m.c.birth_date <= birth_cutoff(on, LEGAL_WORKING_AGE))


def counts_as_employed(m: FromClause, settings: RuleSettings, on: date) -> ColumnElement[bool]:
    """`labour.counts_as_employed` for a live member row: employed, and not a child under 16."""
    return and_(old_enough_to_work(m, on), employed(m, settings, on))


def working(m: FromClause, on: date) -> Exists:
    """`labour.is_working`: any ongoing spell, whatever its form."""
    e = SPELLS.alias("work")
    return exists().where(e.c.member_id == m.c.id, ongoing(e, on))


def zero_employment(h: FromClause, settings: RuleSettings, on: date) -> ColumnElement[bool]:
    """For a household row: it has a labour member and no employed member (`HouseholdFigures.zero_employment`)."""
    lm = MEMBERS.alias("lm")
    em = MEMBERS.alias("em")
    e = SPELLS.alias("ee")
    has_labour = exists().where(lm.c.household_id == h.c.id, labour_member(lm, settings, on))
    has_employed = (
        exists()
        .select_from(em.join(e, e.c.member_id == em.c.id))
        .where(
            em.c.household_id == h.c.id,
            em.c.deleted_at.is_(None),
            old_enough_to_work(em, on),  # a working 15-year-old is not the household's 就业
            ongoing(e, on),
            counting(e, settings),
        )
    )
    return and_(has_labour, ~has_employed)


def count_zero_employment(settings: RuleSettings, on: date) -> Select[Any]:
    """``SELECT count(*)`` of the 零就业 households on ``on``: the baseline `bench` times `anju check` against."""
    h = HOUSEHOLDS
    return select(func.count()).select_from(h).where(household_counts(h), zero_employment(h, settings, on))


def measure_is_open(ms: FromClause) -> ColumnElement[bool]:
    """A live, unclosed measure for the household or a member still in it (`HouseholdBundle.open_measures`)."""
    gone = MEMBERS.alias("gone")
    left = exists().where(
        gone.c.id == ms.c.member_id, gone.c.household_id == ms.c.household_id, gone.c.deleted_at.is_not(None)
    )
    return and_(ms.c.deleted_at.is_(None), ms.c.closed_on.is_(None), ~left)


def open_measure(h: FromClause) -> Exists:
    """An open 帮扶措施 with a due date (`HouseholdBundle.open_measures`)."""
    ms = MEASURES.alias("om")
    return exists().where(ms.c.household_id == h.c.id, measure_is_open(ms), ms.c.due_on.is_not(None))


def central_rule_breaches(settings: RuleSettings, on: date) -> Select[Any]:
    """Households that break the central rule: complete, 零就业, and without an open dated measure."""
    h = HOUSEHOLDS
    return select(h.c.id).where(
        household_counts(h), h.c.status.in_(COMPLETE_STATUSES), ~open_measure(h), zero_employment(h, settings, on)
    )


def head_name(h: FromClause) -> ColumnElement[str]:
    """The 户主's name (the first by name and id when there are several, as `HouseholdBundle.head_name`)."""
    hm = MEMBERS.alias("head")
    return (
        select(hm.c.name)
        .where(hm.c.household_id == h.c.id, hm.c.deleted_at.is_(None), hm.c.relation == HEAD)
        .order_by(hm.c.name, hm.c.id)
        .limit(1)
        .scalar_subquery()
    )
