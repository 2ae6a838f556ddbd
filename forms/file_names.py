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
``anju export --out FOLDER`` gives it, and so is a household's 家庭基本情况表 (`household_in_file_name`).
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
#: date and 脱敏 about 130 at most, leaving the other half of Windows' MAX_PATH to the folder on the stick.
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
    files, not the second offering to overwrite the first. ``fallback`` (a few characters of its id) when it has
    none of these."""
    which = (number or door or "")[: EXPORT_PART // 2]
    if head and which:
        return f"{head[:EXPORT_PART]}（{which}）"
    return (head or "")[:EXPORT_PART] or which or fallback


def household_named(conn: Connection, household_id: str) -> str:
    """`household_in_file_name` of the household ``household_id``, as it is saved (``anju export household --out
    FOLDER``; the 打印户表 dialog names it from what it has on screen, the same way). Its 户主 is the first by name,
    as the 住户 list shows one of two."""
    from sqlalchemy import select

    from .household_list import address_of
    from .records import Household, Member

    row = conn.execute(
        select(Household.hh_number, Household.building, Household.unit, Household.room).where(
            Household.id == household_id
        )
    ).first()
    if row is None:
        return household_id[:8]
    live_head = Member.household_id == household_id, Member.relation == "户主", Member.deleted_at.is_(None)
    head = conn.scalar(select(Member.name).where(*live_head).order_by(Member.name).limit(1))
    return household_in_file_name(head, row.hh_number, address_of(row.building, row.unit, row.room), household_id[:8])


def export_file_name(ledger: str, place: str, on: date, masked: str | None = None) -> str:
    """The file an exported ledger is written to: what it is, where (`site_in_file_name`; for every site, who made
    it, `maker_in_file_name`, or 全部安置点; for one household, `household_in_file_name`), the survey
    date, and ``masked`` (the word 脱敏, in the user's language) on a masked copy, seen in the folder and on the
    stick: 零就业家庭跟进清单-幸福社区（530326AZ001）-20261130-脱敏.xlsx. Each part is one Windows accepts
    (`safe_file_name`)."""
    parts = [
        safe_file_name(ledger, "anju", EXPORT_PART),
        safe_file_name(place, "anju", 2 * EXPORT_PART),
        f"{on:%Y%m%d}",
        *([safe_file_name(masked, "masked", EXPORT_PART)] if masked else []),
    ]
    return "-".join(parts) + ".xlsx"
