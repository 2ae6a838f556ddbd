"""Finding households: the filter behind the 住户 table, run as SQL over ids, rows fetched a page at a time.

A worker types whatever she has in front of her: a name (张三), pinyin initials (zs), part of an ID number,
a phone number, a room (3-2-301 or 301), a 户编号. `household_ids` turns that into one SQL query returning
ordered ids; `household_rows` fetches the display columns for the few ids on screen.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, case, exists, func, literal, or_, select, text
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from .household_list import (
    ROWS_SQL,
    SITES_SQL,
    SORTED_IN_PYTHON,
    STATUSES,
    HouseholdFilter,
    HouseholdRow,
    in_door_order,
    rows_from,
)
from .names import SEPARATOR_DOTS, marked_name, without_dots
from .pinyin import name_initials
from .records import Household, Member, Site
from .station_sites import at_own_sites, offered_sites, own_site_ids

__all__ = [
    "STATUSES",
    "HouseholdFilter",
    "HouseholdRow",
    "household_ids",
    "household_ids_query",
    "household_rows",
    "sites",
]

#: Sort keys the table offers: an SQL expression over the household row (`_sort_column`), or for 楼栋单元门牌, its
#: numbers written as text, door by door in Python (`forms.household_list.in_door_order`).
SORT_KEYS = ("head_name", "head_id_number", "site", "address", "members", "phone", "status", "updated_at", "hh_number")
#: What `in_door_order` sorts by, as `forms.household_list.PLACES_SQL` reads it.
_PLACE: tuple[Any, ...] = (
    Household.id,
    Household.site_id,
    Household.building,
    Household.unit,
    Household.room,
    Household.hh_number,
)


def _like(text: str) -> str:
    return f"%{_escaped(text)}%"


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _marks_as_any(text: str) -> list[str]:
    """LIKE patterns for a name read off a list whose system could not show some characters (张? for 张𠮷, 王□ for
    王䶮: `forms.names.MarkedName`, the reading the county's lists share); none for text without marks."""
    marked = marked_name(text)
    if marked is None:
        return []
    return [
        "".join("_" * part if isinstance(part, int) else _escaped(part) for part in spelling)
        for spelling in marked.spellings(_MARKED_PATTERNS)
    ]


#: At most this many LIKEs for the marks of one search (张??李?? is four).
_MARKED_PATTERNS = 8


def _prefix(text: str) -> str:
    return _like(text)[1:]


def _head(column: str) -> Any:
    """A column of the 户主 the table shows (the first by name)."""
    head = aliased(Member)
    return _head_value(head, getattr(head, column))


def _head_in_pinyin_order() -> Any:
    """The 户主's name as the table sorts it: by its pinyin initials, then by the name (陈 李 刘 王 张, as Excel and
    WPS sort names; by the name alone it was Unicode's order, 刘 张 李 王 陈). Characters of the same initials
    keep Unicode's order among them: the full pinyin is not stored."""
    head = aliased(Member)
    return _head_value(head, func.coalesce(head.name_initials, "") + literal(" ") + head.name)


def _head_value(head: Any, value: Any) -> Any:
    return (
        select(value)
        .where(head.household_id == Household.id, head.relation == "户主", head.deleted_at.is_(None))
        .order_by(head.name)
        .limit(1)
        .scalar_subquery()
    )


#: Dashes people type between 楼栋, 单元 and 门牌 (NFKC already turns the full-width － into -).
_DASHES = "-\u2014\u2013\u2015\u2010"  # - — – ― and the Unicode hyphen
_ROOM_DASHED = re.compile(rf"(\w+)[{_DASHES}](\w+)(?:[{_DASHES}](\w+))?")
#: A room written as the table shows it: 3栋2单元301, 3栋301, 3号楼2单元301室.
_ROOM_WRITTEN = re.compile(r"([0-9A-Za-z]+)(?:栋|幢|号楼)(?:([0-9A-Za-z]+)单元)?([0-9A-Za-z]+)(?:室|号)?")
#: Fewest digits that make "138-1234-5678" a phone or ID number rather than a room.
_NUMBER_DIGITS = 7


def _text_condition(text: str, stale_households: Sequence[str] = ()) -> ColumnElement[bool] | None:
    """What the typed text may mean, as one OR over the fields a worker searches by. ``stale_households`` are those
    `household_ids` found by members' initials an older Anju stored wrong (`forms.pinyin`).

    Full-width characters from a Chinese input method count as their plain forms (a full-width 5322 is 5322), and the
    spaces or dashes people type to group a number (5322 3319…, 138-1234-5678) are left out."""
    raw = text
    typed = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"\s+", "", typed)
    if not text:
        return None
    member = aliased(Member)
    member_live = and_(member.household_id == Household.id, member.deleted_at.is_(None))
    options: list[ColumnElement[bool]] = []
    latin = re.fullmatch(r"[A-Za-z]+", text) is not None
    if latin:  # pinyin initials (zs), or a name written in letters (mary finds Mary李, li 朴·Li), in one read
        initials = member.name_initials.like(_prefix(text.lower()), escape="\\")
        options.append(exists().where(member_live, or_(initials, member.name.like(_like(text), escape="\\"))))
        if stale_households:
            options.append(Household.id.in_(sorted(stale_households)))
    digits = re.sub(f"[{_DASHES}]", "", text).upper()
    if re.fullmatch(r"[0-9X]+", digits) and (len(digits) == len(text) or len(digits) >= _NUMBER_DIGITS):
        options.append(exists().where(member_live, member.id_number.like(_like(digits), escape="\\")))
        options.append(exists().where(member_live, member.phone.like(_like(digits), escape="\\")))
        options.append(Household.phone.like(_like(digits), escape="\\"))
        options.append(Household.hh_number.like(_like(digits), escape="\\"))
        options.append(Household.room == digits)
    room = _ROOM_DASHED.fullmatch(text) or _ROOM_WRITTEN.fullmatch(text)
    if room:
        building, unit, door = room.groups()
        if door is None:  # 3-301: building and room
            options.append(and_(Household.building == building, Household.room == unit))
        elif unit is None:  # 3栋301
            options.append(and_(Household.building == building, Household.room == door))
        else:
            options.append(and_(Household.building == building, Household.unit == unit, Household.room == door))
    if not options or _HAN.search(text):  # 曾 军 typed with a space finds 曾军
        # The name as typed too (NFKC would make a compatibility ideograph another character), and a name with a
        # separator dot also without it, the typed text too: 阿依木沙, 阿依•木沙 and 阿依·木沙 find each other
        # (`forms.names`). Only the names that have a dot pay for taking it out.
        typed_forms = dict.fromkeys(t for t in (raw.strip(), "".join(raw.split()), typed, text) if t)
        dotless = dict.fromkeys(d for d in map(without_dots, typed_forms) if d)
        names: list[ColumnElement[bool]] = [member.name.like(_like(t), escape="\\") for t in typed_forms]
        names += [member.name.like(p, escape="\\") for p in dict.fromkeys(_marks_as_any(text))]
        if dotless:
            folded = _without_dots(member.name)
            names.append(
                and_(member.name.op("GLOB")(_ANY_DOT), or_(*(folded.like(_like(d), escape="\\") for d in dotless)))
            )
        options.append(exists().where(member_live, or_(*names)))
    return or_(*options)


#: Han characters: the URO and extension A, and extensions B to H beyond the BMP (𠮷).
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


_ANY_DOT = f"*[{SEPARATOR_DOTS}]*"  # SQLite GLOB: the text has a separator dot


def _without_dots(column: Any) -> Any:
    """A text column without the separator dots of `forms.names`, in SQL."""
    for dot in SEPARATOR_DOTS:
        column = func.replace(column, dot, "")
    return column


def _sort_column(key: str) -> Any:
    columns: dict[str, Any] = {
        "head_name": _head_in_pinyin_order(),
        "head_id_number": _head("id_number"),
        "site": select(Site.name).where(Site.id == Household.site_id).scalar_subquery(),
        "members": select(func.count())
        .where(Member.household_id == Household.id, Member.deleted_at.is_(None))
        .scalar_subquery(),
        "phone": Household.phone,
        "status": Household.status,
        "updated_at": Household.updated_at,
        "hh_number": Household.hh_number,  # a code of fixed length (the national system's): as text is in order
    }
    return columns[key]


@dataclass(frozen=True)
class HouseholdsHeld:
    """The households a database holds (deleted ones aside), and how many of them are 作废: why a list of the
    households in use is empty (none yet, or only voided ones), which an empty list says."""

    households: int = 0
    voided: int = 0

    @property
    def live(self) -> int:
        return self.households - self.voided


def households_held(conn: Connection) -> HouseholdsHeld:
    voided = func.coalesce(func.sum(case((Household.status == "作废", 1), else_=0)), 0)
    total, void = conn.execute(select(func.count(), voided).where(Household.deleted_at.is_(None))).one()
    return HouseholdsHeld(int(total), int(void))


def household_ids_query(
    flt: HouseholdFilter,
    sort: str = "address",
    descending: bool = False,
    stale_households: Sequence[str] = (),
    own: frozenset[str] | None = None,
) -> Select[Any]:
    """The ids the filter shows, in order; with ``own`` (a station's sites, `forms.station_sites.own_site_ids`)
    the default view leaves out households moved to another station's site, which a search or a site filter finds.
    For the order sorted in Python (`SORTED_IN_PYTHON`: 楼栋单元门牌) it selects what `in_door_order` sorts by,
    unordered."""
    conditions: list[ColumnElement[bool]] = [Household.deleted_at.is_(None)]
    if not flt.looks_beyond_own_sites:
        conditions.append(at_own_sites(Household.site_id, own))
    if not flt.include_void and flt.status != "作废":
        conditions.append(Household.status != "作废")
    if flt.site_id:
        conditions.append(Household.site_id == flt.site_id)
    if flt.status:
        conditions.append(Household.status == flt.status)
    if flt.only_ids is not None:
        conditions.append(Household.id.in_(sorted(flt.only_ids)))
    text = _text_condition(flt.text, stale_households)
    if text is not None:
        conditions.append(text)
    if sort in SORTED_IN_PYTHON:
        return select(*_PLACE).where(*conditions)
    order = _sort_column(sort)
    return select(Household.id).where(*conditions).order_by(order.desc() if descending else order, Household.id)


def household_ids(session: Session, flt: HouseholdFilter, sort: str = "address", descending: bool = False) -> list[str]:
    """Every matching household id, in display order."""
    stale = _stale_initials_match(session, flt.text)
    own = own_site_ids(session.connection())
    query = household_ids_query(flt, sort, descending, stale, own)
    if sort not in SORTED_IN_PYTHON:
        return list(session.scalars(query))
    conn = session.connection()  # Core rows: a fifth less work than the ORM's for 50,000 households
    return in_door_order(conn.execute(query).fetchall(), conn.execute(text(SITES_SQL)).fetchall(), descending)


def _stale_initials_match(session: Session, text: str) -> list[str]:
    """The households with a live member whose stored initials an older Anju got wrong (张𠮷 stored as "z𠮷") and
    whose initials, worked out now, begin with the letters typed: found until the member's next save writes them
    right. Only the few that could be read: initials that begin with some of the letters typed, then a character
    that is no letter (for zj, "z𠮷"; for wm, "兀"), each a range of the initials' index."""
    typed = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()
    if not re.fullmatch(r"[a-z]+", typed):
        return []
    ranges = [
        and_(Member.name_initials >= typed[:k] + _FIRST_NOT_ASCII, Member.name_initials < typed[:k] + _LAST_CHARACTER)
        for k in range(len(typed))
    ]
    rows = session.execute(select(Member.household_id, Member.name).where(or_(*ranges), Member.deleted_at.is_(None)))
    return list({household for household, name in rows if name_initials(name).startswith(typed)})


#: Bounds of the text that begins with a character beyond ASCII, as SQLite compares text (UTF-8 bytes).
_FIRST_NOT_ASCII, _LAST_CHARACTER = "\x80", "\U0010ffff"


def household_rows(session: Session, ids: Sequence[str]) -> dict[str, HouseholdRow]:
    """Display columns for a page of households (the table asks for the rows it is about to show)."""
    if not ids:
        return {}
    query = text(ROWS_SQL.format(ids=":ids")).bindparams(bindparam("ids", expanding=True))
    return rows_from(session.execute(query, {"ids": list(ids)}), own_site_ids(session.connection()))


def sites(session: Session) -> list[tuple[str, str]]:
    """(id, name) of the live sites for the site filter: on an enrolled station its own sites, and any other site a
    household here is at (`forms.station_sites`)."""
    return [(site.id, site.name) for site in offered_sites(session.connection(), held=True)]
