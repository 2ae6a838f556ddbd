"""Finding households: the filter behind the 住户 table, run as SQL over ids, rows fetched a page at a time.

A worker types whatever she has in front of her: a name (张三), pinyin initials (zs), part of an ID number,
a phone number, a room (3-2-301 or 301), a 户编号. `household_ids` turns that into one SQL query returning
ordered ids; `household_rows` fetches the display columns for the few ids on screen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, bindparam, exists, func, literal, or_, select, text
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from .household_list import ROWS_SQL, STATUSES, HouseholdFilter, HouseholdRow, rows_from
from .records import Household, Member, Site

__all__ = [
    "STATUSES",
    "HouseholdFilter",
    "HouseholdRow",
    "household_ids",
    "household_ids_query",
    "household_rows",
    "sites",
]

#: Sort keys the table offers, each an SQL expression over the household row.
SORT_KEYS = ("head_name", "site", "address", "members", "status", "updated_at", "hh_number")


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _prefix(text: str) -> str:
    return _like(text)[1:]


def _head_name() -> Any:
    head = aliased(Member)
    return (
        select(head.name)
        .where(head.household_id == Household.id, head.relation == "户主", head.deleted_at.is_(None))
        .order_by(head.name)
        .limit(1)
        .scalar_subquery()
    )


def _text_condition(text: str) -> ColumnElement[bool] | None:
    """What the typed text may mean, as one OR over the fields a worker searches by."""
    text = text.strip()
    if not text:
        return None
    member = aliased(Member)
    member_live = and_(member.household_id == Household.id, member.deleted_at.is_(None))
    options: list[ColumnElement[bool]] = []
    if re.fullmatch(r"[A-Za-z]+", text):
        options.append(exists().where(member_live, member.name_initials.like(_prefix(text.lower()), escape="\\")))
    if re.fullmatch(r"[0-9Xx]+", text):
        digits = text.upper()
        options.append(exists().where(member_live, member.id_number.like(_like(digits), escape="\\")))
        options.append(exists().where(member_live, member.phone.like(_like(digits), escape="\\")))
        options.append(Household.phone.like(_like(digits), escape="\\"))
        options.append(Household.hh_number.like(_like(digits), escape="\\"))
        options.append(Household.room == digits)
    room = re.fullmatch(r"(\w+)[-－—](\w+)(?:[-－—](\w+))?", text)
    if room:
        building, unit, number = room.groups()
        if number is None:  # 3-301: building and room
            options.append(and_(Household.building == building, Household.room == unit))
        else:
            options.append(and_(Household.building == building, Household.unit == unit, Household.room == number))
    if not options or re.search(r"[\u3400-\u9fff]", text):
        options.append(exists().where(member_live, member.name.like(_like(text), escape="\\")))
    return or_(*options)


def _sort_column(key: str) -> Any:
    columns: dict[str, Any] = {
        "head_name": _head_name(),
        "site": select(Site.name).where(Site.id == Household.site_id).scalar_subquery(),
        "address": func.coalesce(Household.building, "") + literal("-") + func.coalesce(Household.room, ""),
        "members": select(func.count())
        .where(Member.household_id == Household.id, Member.deleted_at.is_(None))
        .scalar_subquery(),
        "status": Household.status,
        "updated_at": Household.updated_at,
        "hh_number": Household.hh_number,
    }
    return columns[key]


def household_ids_query(flt: HouseholdFilter, sort: str = "address", descending: bool = False) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = [Household.deleted_at.is_(None)]
    if not flt.include_void and flt.status != "作废":
        conditions.append(Household.status != "作废")
    if flt.site_id:
        conditions.append(Household.site_id == flt.site_id)
    if flt.status:
        conditions.append(Household.status == flt.status)
    if flt.only_ids is not None:
        conditions.append(Household.id.in_(sorted(flt.only_ids)))
    text = _text_condition(flt.text)
    if text is not None:
        conditions.append(text)
    order = _sort_column(sort)
    if sort == "address":  # buildings and rooms are numbers written as text: sort 2 before 10
        order_by = [
            func.length(Household.building),
            Household.building,
            func.length(Household.unit),
            Household.unit,
            func.length(Household.room),
            Household.room,
        ]
    else:
        order_by = [order]
    order_by = [o.desc() if descending else o for o in order_by]
    return select(Household.id).where(*conditions).order_by(*order_by, Household.id)


def household_ids(session: Session, flt: HouseholdFilter, sort: str = "address", descending: bool = False) -> list[str]:
    """Every matching household id, in display order."""
    return list(session.scalars(household_ids_query(flt, sort, descending)))


def household_rows(session: Session, ids: Sequence[str]) -> dict[str, HouseholdRow]:
    """Display columns for a page of households (the table asks for the rows it is about to show)."""
    if not ids:
        return {}
    query = text(ROWS_SQL.format(ids=":ids")).bindparams(bindparam("ids", expanding=True))
    return rows_from(session.execute(query, {"ids": list(ids)}))


def sites(session: Session) -> list[tuple[str, str]]:
    """(id, name) of every live site, for the site filter."""
    return [
        (site_id, name)
        for site_id, name in session.execute(
            select(Site.id, Site.name).where(Site.deleted_at.is_(None)).order_by(Site.code)
        )
    ]
