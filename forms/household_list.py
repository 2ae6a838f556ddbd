"""The 住户 table's filter and rows; the rows in plain SQL that runs with or without SQLAlchemy.

`forms.search` runs these through the store (`household_rows`); `forms.quick_open` runs them through plain
sqlite3 so the app can show the first page of households before SQLAlchemy and the models have loaded (about
0.4 s of imports on this machine, several seconds on an old laptop). One text of each query serves both; a test
checks the first page equals the first ids `forms.search.household_ids` gives for the same (default) view.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

STATUSES = ("草稿", "已完成", "已审核", "退回", "作废")


@dataclass(frozen=True)
class HouseholdFilter:
    text: str = ""
    site_id: str | None = None
    status: str | None = None
    include_void: bool = False
    only_ids: frozenset[str] | None = None  # e.g. the 零就业 worklist, computed elsewhere

    @property
    def looks_beyond_own_sites(self) -> bool:
        """Whether the view may show households moved to another station's site (已迁出): only when the worker
        searches (a family asks where their record went) or picks a site; the default view is the station's own."""
        return bool(self.text.strip()) or self.site_id is not None


#: The display columns of some households; ``{ids}`` is the list of ids in brackets: ``(?, ?, …)``, or an
#: expanding bind (which brings its own).
#: Two 户主 in one household are a data problem the rules report: the table shows the first by name.
ROWS_SQL = """
SELECT h.id, h.hh_number, head.name, head.id_number, s.name, h.building, h.unit, h.room,
       (SELECT count(*) FROM members AS m WHERE m.household_id = h.id AND m.deleted_at IS NULL),
       h.phone, h.status, h.updated_at, h.site_id, s.code
FROM households AS h
JOIN sites AS s ON s.id = h.site_id
LEFT OUTER JOIN members AS head
  ON head.household_id = h.id AND head.relation = '户主' AND head.deleted_at IS NULL
WHERE h.id IN {ids}
ORDER BY h.id, head.name IS NULL, head.name
"""

#: At one of the sites this database serves (`forms.station_sites.at_own_sites`), in SQLite's words (quick_open
#: reads only a station's SQLite file): anywhere but on an enrolled station, where the sites are its package's.
_AT_OWN_SITE = """(NOT EXISTS (SELECT 1 FROM sync_identity WHERE role = 'station')
  OR h.site_id IN (SELECT s.id FROM sites AS s, sync_identity AS i, json_each(i.sites) AS own
                   WHERE i.role = 'station' AND own.value = s.code))"""

_LIVE = f"h.deleted_at IS NULL AND h.status != '作废' AND {_AT_OWN_SITE}"

#: What the table's order sorted in Python (`in_door_order`) needs of each household: its id, site, 楼栋, 单元, 门牌号
#: and 户编号 (`forms.search` selects the same columns through SQLAlchemy).
PLACES_SQL = "SELECT h.id, h.site_id, h.building, h.unit, h.room, h.hh_number FROM households AS h"
#: The sites, for the order of the sites in `in_door_order`.
SITES_SQL = "SELECT id, name, code FROM sites"

#: The places of the table's default view: every live household but the voided and those moved to another
#: station's site, as `forms.search.household_ids(session, HouseholdFilter())` reads them; `in_door_order` puts
#: them door by door.
FIRST_PLACES_SQL = f"{PLACES_SQL} WHERE {_LIVE}"
#: Those of one site: the first page of a county's 50,000 households needs only its first site's few thousand.
FIRST_PLACES_AT_SITE_SQL = f"{FIRST_PLACES_SQL} AND h.site_id = ?"

COUNT_SQL = f"SELECT count(*) FROM households AS h WHERE {_LIVE}"

#: The table's sort keys sorted in Python (`in_door_order`): 楼栋单元门牌, numbers written as text. SQL compares
#: text (1002 before 201), a cast to a number fails (PostgreSQL) or stops at the dash (SQLite) of a room like 3-201,
#: and ordering by length first (201 before 1002) still put 2A栋 after 10栋, a flat without a 单元 first and the
#: 101s of every site together.
SORTED_IN_PYTHON = ("address",)


@dataclass(frozen=True)
class HouseholdRow:
    id: str
    hh_number: str | None
    head_name: str | None
    head_id_number: str | None
    site: str
    address: str
    members: int
    phone: str | None
    status: str
    updated_at: str
    site_id: str = ""
    #: The site it moved to, 新村（S2）, when it is at a site this station does not serve (已迁出); else None.
    moved_to: str | None = None


def address_of(building: str | None, unit: str | None, room: str | None) -> str:
    """楼栋/单元/门牌号 as people write it: ``3栋2单元301``; missing parts are left out."""
    parts = [f"{building}栋" if building else "", f"{unit}单元" if unit else "", room or ""]
    return "".join(parts)


_NUMBER = re.compile(r"([0-9]+)")


def natural(text: object) -> tuple[tuple[int, int | str], ...]:
    """A sort key where "2" comes before "10" and text after numbers (empty last): flats as a worker walks them,
    201, 202, 1002, as the ledgers, the exported lists and 待跟进 go."""
    if text is None or text == "":
        return ((2, ""),)
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _NUMBER.split(str(text)) if part)


def sites_in_order(sites: Iterable[Sequence[Any]]) -> list[Any]:
    """The ids of ``sites`` ((id, name, code) as `SITES_SQL` reads them) in the order `in_door_order` takes them: by
    name, then code, as the exported lists and 待跟进 go."""
    return [site[0] for site in sorted(sites, key=lambda s: (s[1] or "", s[2] or "", s[0]))]


def in_door_order(
    places: Iterable[Sequence[Any]], sites: Iterable[Sequence[Any]], descending: bool = False
) -> list[str]:
    """The ids of ``places`` (records as `PLACES_SQL` reads them) door by door, as the exported lists and 待跟进 go
    (`forms.worklists.door_by_door`): site by site (``sites`` are the (id, name, code) of `SITES_SQL`, by name,
    then code), then 楼栋, 单元 and 门牌号 `natural`-ly, so 1栋1单元 goes 201, 202, 1002 and 2栋 comes before 10栋,
    a missing part after the others. ``descending`` is the same order backwards, except that households at one
    door keep one order both ways: by 户编号, then by id.

    Fast for a county's 50,000 households: each distinct 楼栋, 单元 and 门牌号 (a few hundred) is parsed and ranked
    once, and the households are sorted by one number made of their door's ranks."""
    places = list(places)
    site_rank = {site: i for i, site in enumerate(sites_in_order(sites))}
    elsewhere = len(site_rank)  # a site not in ``sites`` (none, but in a hand-edited file): after the others

    def ranks(column: int) -> dict[Any, int]:
        texts = {r[column] or "" for r in places}  # 0201 and 201: one number, two ranks, always in this order
        rank: dict[Any, int] = {text: i for i, text in enumerate(sorted(texts, key=lambda t: (natural(t), t)))}
        if "" in rank:
            rank[None] = rank[""]  # left empty, or never given
        return rank

    building, unit, room = ranks(2), ranks(3), ranks(4)
    buildings, units, rooms = len(building), len(unit), len(room)
    way = -1 if descending else 1  # the door's number backwards; households at one door by 户编号 and id both ways
    doors = [
        (
            way * (((site_rank.get(s, elsewhere) * buildings + building[b]) * units + unit[u]) * rooms + room[r]),
            n or "",
            i,
        )
        for i, s, b, u, r, n in places
    ]
    doors.sort()
    return [door[2] for door in doors]


def rows_from(records: Iterable[Sequence[Any]], own: frozenset[str] | None = None) -> dict[str, HouseholdRow]:
    """HouseholdRows from the records ROWS_SQL returns (the first record of each household wins); a household at a
    site not in ``own`` (a station's sites; None: every site is) is marked with where it moved to."""
    rows: dict[str, HouseholdRow] = {}
    for record in records:
        household, hh_number, head_name, head_id, site, building, unit, room, members, phone, status, updated = record[
            :12
        ]
        site_id, site_code = str(record[12]), record[13]
        key = str(household)
        if key in rows:
            continue
        rows[key] = HouseholdRow(
            id=key,
            hh_number=hh_number,
            head_name=head_name,
            head_id_number=head_id,
            site=str(site),
            address=address_of(building, unit, room),
            members=int(members),
            phone=phone,
            status=str(status),
            updated_at=str(updated),
            site_id=site_id,
            moved_to=None if own is None or site_id in own else f"{site}（{site_code}）",
        )
    return rows


def read_rows(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, HouseholdRow]:
    """The display rows of ``ids`` through a plain sqlite3 connection (the default view's: none has moved away)."""
    if not ids:
        return {}
    sql = ROWS_SQL.format(ids="(" + ", ".join("?" * len(ids)) + ")")
    return rows_from(conn.execute(sql, tuple(ids)))
