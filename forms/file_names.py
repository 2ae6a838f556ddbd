"""File names made from what users type, and derived from other file names, that Windows accepts.

The station laptops run Chinese Windows and the sticks are FAT32 or exFAT: a name may not hold ``<>:"/\\|?*`` or a
control character, may not end in a dot or a space (Windows drops them, so the file is not found again under the
name it was given), and may not be a device name (``CON``, ``NUL``, ``COM1`` … with any extension: ``CON.xlsx``
opens the console, not a file). Stations, sites and counties are named by people (城关镇/幸福社区, 幸福:一区,
“新村”), so every file name made from such a name goes through `safe_file_name`.

Without long paths enabled (the default on Windows 7 and 10, and on most 11), no path longer than MAX_PATH (260
UTF-16 units, the last one the terminating NUL) can be opened. A name derived from the database's (a backup, the
copy before an upgrade) is longer than the database's own path: `fitting_stem` cuts it short where it would pass
that limit, so a database that opens can always be backed up and upgraded.

An exported ledger is named by one rule, `export_file_name`, whether the 导入导出 page suggests the name or
``anju export --out FOLDER`` gives it, and so is a household's 家庭基本情况表 (`household_in_file_name`). Two
different files a clerk or the county would put side by side get two names: another ledger, site, maker (station
or county), survey date, households, or a masked copy beside a full one. The same export made again gets the same
name, and the save dialog asks before it replaces the old one.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Connection

#: The longest path Windows opens without long paths enabled: MAX_PATH, less the terminating NUL.
WINDOWS_MAX_PATH = 259

_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]]
)


def safe_file_name(text: str, fallback: str, limit: int = 80) -> str:
    """``text`` as a file name (or the part of one before its extension) that Windows accepts: each character it
    refuses becomes ``_``, the dots and spaces at either end go, a device name gets a ``_`` in front, and it is cut
    to ``limit`` characters; ``fallback`` when nothing is left. Chinese, spaces and punctuation inside are kept, so
    the name still reads as what the user typed (城关镇/幸福社区 → 城关镇_幸福社区)."""
    name = _NOT_IN_NAMES.sub("_", text).strip(" .")[:limit].rstrip(" .")
    if not name:
        return fallback
    if name.split(".")[0].rstrip(" ").upper() in _DEVICES:
        name = "_" + name
    return name


def windows_length(path: Path | str) -> int:
    """How long Windows counts ``path``: in UTF-16 units (a character such as 𠮷 counts two), and absolute."""
    return len(os.path.abspath(path).encode("utf-16-le")) // 2


def fitting_stem(folder: Path, stem: str, rest: str, writing: str = "") -> str:
    """``stem``, cut short when needed (to one character at least) so that ``folder / (stem + rest)`` stays
    within Windows' MAX_PATH, with ``writing`` (what the file's name carries while it is written, such as
    ``.partial`` and SQLite's ``-journal``) added to it."""
    room = WINDOWS_MAX_PATH - windows_length(folder / f"x{rest}{writing}") + 1
    while len(stem) > 1 and len(stem.encode("utf-16-le")) // 2 > room:
        stem = stem[:-1]
    return stem


#: The most characters of a ledger's or a site's name (and of a site's code) an export's file name takes: with the
#: date and 脱敏 about 130 at most (160 with the maker beside a site, cut to half as many: a station's name is
#: rarely over ten), leaving the rest of Windows' MAX_PATH to the folder on the stick.
EXPORT_PART = 40


def site_in_file_name(name: str, code: str) -> str:
    """A site as an export's file name names it: 幸福社区（530326AZ001）, as the page's site list shows it. The name
    alone was not enough: two towns, or two counties, each have a 幸福社区, and a county exporting site by site got
    the same file name for both, the second offering to overwrite the first. Only the code tells them apart."""
    return f"{name[:EXPORT_PART]}（{code[: EXPORT_PART // 2]}）"


def maker_in_file_name(conn: Connection) -> str | None:
    """Who made an export of every site, as its file name says it: the enrolled station's name (者海镇工作站), the
    county's on the county's database; None on a database not enrolled (a demo, a station before its package),
    whose export is named 全部安置点 as before. Every station named it 全部安置点, so when the county gathered the
    stations' exports of one day into one folder, each overwrote the one before."""
    from sqlalchemy import select

    from .sync_records import SyncIdentity

    name = conn.scalar(select(SyncIdentity.name))
    return name[:EXPORT_PART] if name else None


def household_in_file_name(head: str | None, number: str | None, door: str | None, fallback: str) -> str:
    """A household as its 家庭基本情况表's file name names it: its 户主 and, told apart as a site by its code, its
    户编号 or else its 门牌 (张开寿（5303261062020000070）, 张开寿（3栋2单元101）): two 张开寿 in one site are two
    files, not the second offering to overwrite the first. ``fallback`` (a few characters of its id) stands for
    the 户编号 and 门牌 of a household with neither (张开寿（1f3a9c2e）: two 张开寿 without a door were one file too),
    and for the whole name of one with no 户主 either."""
    which = (number or door or "")[: EXPORT_PART // 2] or fallback
    return f"{head[:EXPORT_PART]}（{which}）" if head else which


#: Several households in a file's name: the first one (%1) and how many (%n).
SEVERAL_HOUSEHOLDS = "%1等%n户"


def households_in_file_name(first: str | None, count: int, fallback: str, several: str = SEVERAL_HOUSEHOLDS) -> str:
    """Several households as their 家庭基本情况表's file name names them: the first one's 户主 and how many
    (张开寿等3户, by ``several``, in the user's language); ``fallback`` (its 户编号, 门牌 or a few characters of its
    id) when the first has no 户主. Each choice of households was 3户, so the clerk printing three households of one
    building, then three of the next, was asked to overwrite the first three's sheets with the next's."""
    return several.replace("%1", (first or fallback)[: EXPORT_PART // 2]).replace("%n", str(count))


def household_named(conn: Connection, household_id: str) -> str:
    """`household_in_file_name` of the household ``household_id``, as it is saved (``anju export household --out
    FOLDER``; the 打印户表 dialog names it from what it has on screen, the same way). Its 户主 is the first by name,
    as the 住户 list shows one of two."""
    head, number, door = _household_parts(conn, household_id)
    return household_in_file_name(head, number, door, household_id[:8])


def households_named(conn: Connection, household_ids: Sequence[str], several: str = SEVERAL_HOUSEHOLDS) -> str:
    """The households ``household_ids`` (one at least) as their 家庭基本情况表's file name names them: one by
    `household_named`, several by the first one's 户主 and how many (`households_in_file_name`)."""
    first = household_ids[0]
    if len(household_ids) == 1:
        return household_named(conn, first)
    head, number, door = _household_parts(conn, first)
    return households_in_file_name(head, len(household_ids), number or door or first[:8], several)


def _household_parts(conn: Connection, household_id: str) -> tuple[str | None, str | None, str | None]:
    """The 户主 (the first by name), 户编号 and 门牌 of the household ``household_id``; none of them when there is
    no such household."""
    from sqlalchemy import select

    from .household_list import address_of
    from .records import Household, Member

    row = conn.execute(
        select(Household.hh_number, Household.building, Household.unit, Household.room).where(
            Household.id == household_id
        )
    ).first()
    if row is None:
        return None, None, None
    live_head = Member.household_id == household_id, Member.relation == "户主", Member.deleted_at.is_(None)
    head = conn.scalar(select(Member.name).where(*live_head).order_by(Member.name).limit(1))
    return head, row.hh_number, address_of(row.building, row.unit, row.room)


def export_file_name(ledger: str, place: str, on: date, masked: str | None = None, *, maker: str | None = None) -> str:
    """The file an exported ledger is written to: what it is, who made it (``maker``, `maker_in_file_name`, for one
    site), where (`site_in_file_name`; for every site, who made it, or 全部安置点; for households,
    `household_in_file_name` and `households_in_file_name`), the survey date, and ``masked`` (the word 脱敏, in the
    user's language) on a masked copy, seen in the folder and on the stick:
    零就业家庭跟进清单-者海镇工作站-幸福社区（530326AZ001）-20261130-脱敏.xlsx. Each part is one Windows accepts
    (`safe_file_name`); a full copy never has the name of a masked one.

    One site was named by the site alone, wherever it was exported: the two stations serving 幸福社区, and the
    county, each wrote 零就业家庭跟进清单-幸福社区（…）-20261130-脱敏.xlsx, and gathered into one folder each
    overwrote the one before, as the exports of every site once did."""
    parts = [
        safe_file_name(ledger, "anju", EXPORT_PART),
        *([safe_file_name(maker, "anju", EXPORT_PART // 2)] if maker else []),
        safe_file_name(place, "anju", 2 * EXPORT_PART),
        f"{on:%Y%m%d}",
        *([safe_file_name(masked, "masked", EXPORT_PART)] if masked else []),
    ]
    return "-".join(parts) + ".xlsx"


def backup_file_name(maker: str | None, db_stem: str, on: date, word: str = "备份") -> str:
    """The encrypted backup the 设置 page suggests: whose (the station's or county's name, `maker_in_file_name`;
    the database's name on one not enrolled), the word 备份 in the user's language, and the day:
    者海镇工作站-备份-20261130.anju-backup. It was %1-备份.anju-backup, and every station's database is anju.db: each
    week's backup offered to overwrite last week's on the stick, and the backups the county opens for stations
    that forgot their passphrase were all anju-备份."""
    from .sealed_backup import SUFFIX

    who = safe_file_name(maker or db_stem, "anju", EXPORT_PART)
    return f"{who}-{safe_file_name(word, 'backup', EXPORT_PART)}-{on:%Y%m%d}{SUFFIX}"
