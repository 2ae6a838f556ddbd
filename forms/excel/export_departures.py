"""The 减员名单: everyone who has left the counts — a member removed from a household (with the 减员原因 the station
gave: 死亡, 婚出, 户籍迁出, 分户 …) and every member of a household voided (作废) as a whole (整户迁出, 重复登记 …,
with its 作废原因) — so the county can explain each drop in its 户数, 人数 and 劳动力人数 to the level above.

Sorted newest first by the 减员日期, the day the member left as the station was told it (a death on 15 October
typed in on 3 November counts in October), so this month's drops are at the top; the sheet's filter narrows them to a
period. Where there is none (a member removed before it was asked, a voided household) it is the day the station
recorded the drop (a member's tombstone; a voided household's last change), as the computer's clock had it (the
times are stored in UTC: a 减员 typed at 7:30 in Yunnan is the day before in UTC), also shown as 登记日期. Both days
are date cells, as 采集日期 is on the member sheet: written as text, Excel's date filter (本月, 介于) did not offer
them, and a month-end clerk could not pick the month's drops.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, select

from ..commandline import actor_text
from ..journal import local_moment
from ..leaving import NOT_RECORDED
from ..records import Household, Member
from ..rules.labour import HEAD, VOID, is_labour_member
from ..settings import load_settings
from ..store import Store
from .export import Col, ExportOptions, Ledger, through
from .export_members import birth_text
from .ledger_data import Row, Scope, natural, place_cells, table_of
from .stored import known_date

MEMBER_LEFT = "成员减员"
HOUSEHOLD_VOIDED = "整户作废"
NOBODY: Row = dict.fromkeys(("name", "id_number", "sex", "birth_date", "relation", "student_status", "labour_skill"))


def build_departures(store: Store, options: ExportOptions, scope: Scope) -> Ledger:
    settings = load_settings(store)
    h, m = table_of(Household), table_of(Member)
    site = scope.households_at(h.c.site_id)
    stored = scope.stored
    with store.reading() as session:
        households = {r["id"]: r for r in stored.rows(session, select(h).where(h.c.deleted_at.is_(None), *site))}
        # Removed one by one, from any household still on record; and the members a voided household had left.
        query = (
            select(m, h.c.status.label("household_status"))
            .join(h, h.c.id == m.c.household_id)
            .where(h.c.deleted_at.is_(None), *site)
            .where((m.c.deleted_at.is_not(None)) | (and_(m.c.deleted_at.is_(None), h.c.status == VOID)))
        )
        members = stored.rows(session, query)
        heads = {
            household_id: name
            for household_id, name in session.execute(
                select(m.c.household_id, m.c.name).where(m.c.deleted_at.is_(None), m.c.relation == HEAD)
            )
        }
    stored.note("members", members)
    # left on, household, kind, reason, member, recorded on
    rows: list[tuple[date | str, Row, str, str, Row, date | str]] = []
    for member in members:
        household = households[member["household_id"]]
        left: date | str | None
        if member["deleted_at"] is not None:
            recorded = local_day(member["deleted_at"])
            kind, reason = MEMBER_LEFT, member["left_reason"] or NOT_RECORDED
            left = known_date(member["left_on"]) or recorded
        else:
            left = recorded = local_day(household["updated_at"])
            kind, reason = HOUSEHOLD_VOIDED, household["void_reason"] or NOT_RECORDED
        rows.append((left, household, kind, reason, member, recorded))
    # A household voided with nobody left in it (each member removed before, or merged away) still left 户数.
    with_rows = {household["id"] for _on, household, kind, _reason, _m, _r in rows if kind == HOUSEHOLD_VOIDED}
    for household in households.values():
        if household["status"] == VOID and household["id"] not in with_rows:
            recorded = local_day(household["updated_at"])
            void_reason = household["void_reason"] or NOT_RECORDED
            rows.append((recorded, household, HOUSEHOLD_VOIDED, void_reason, NOBODY, recorded))
    # Newest first; on one day, by site and flat as the other ledgers file them (a stable sort keeps that order).
    rows.sort(
        key=lambda r: (
            scope.site_name(r[1]["site_id"]) or "",
            natural(r[1]["building"]),
            natural(r[1]["unit"]),
            natural(r[1]["room"]),
            r[4]["name"] or "",
        )
    )
    # A date, or a hand-edited time as stored: ISO text both.
    rows.sort(key=lambda r: (str(r[0]), str(r[5])), reverse=True)
    lines = []
    for number, (left, household, kind, reason, member, recorded) in enumerate(rows, 1):
        lines.append(
            [
                *place_cells(number, household, scope),
                heads.get(household["id"]),
                member["name"],
                member["id_number"],
                member["sex"],
                birth_text(member["birth_date"]),
                member["relation"],
                None if member is NOBODY else "是" if _labour(member, settings, options) else "否",
                kind,
                reason,
                left,
                recorded,
                _who(member["updated_by"] if kind == MEMBER_LEFT else household["updated_by"]),
            ]
        )
    columns = [
        Col("序号", "int"),
        Col("安置点名称"),
        Col("户编号", "code"),
        Col("楼栋"),
        Col("单元"),
        Col("门牌号"),
        Col("户主姓名"),
        Col("姓名"),
        Col("证件号码", "code"),
        Col("性别"),
        Col("出生日期", "code"),
        Col("与户主关系"),
        Col("是否劳动力"),
        Col("减员类型"),
        Col("减员原因"),
        Col("减员日期", "date"),
        Col("登记日期", "date"),
        Col("登记人"),
    ]
    voided = {household["id"] for _on, household, kind, _reason, _m, _r in rows if kind == HOUSEHOLD_VOIDED}
    return Ledger(
        kind="departures",
        sheet_name="减员名单",
        title=f"{scope.label} 减员名单（截至{options.on:%Y-%m-%d}）",
        columns=columns,
        rows=lines,
        notes=(
            f"共减员 {sum(1 for r in rows if r[4] is not NOBODY)} 人，其中整户作废 {len(voided)} 户。",
            "成员减员：住户编辑中为成员减员时选择的原因；整户作废：作废原因，登记日期为该户最后修改的日期。",
            "减员日期：成员离开本户的日期（减员时填写）；记录减员日期之前减员的成员和整户作废的，为登记日期。",
            f"减员原因为“{NOT_RECORDED}”的，是记录减员原因之前删除的成员，请向工作站核实。",
            "是否劳动力按统计日期的年龄和劳动技能计算。",
        ),
        key_columns=through(columns, "姓名"),
    )


def local_day(stamp: str | None) -> date | str:
    """The day of a stored UTC time (``2026-05-19T23:30:00Z``) in the computer's time zone (20 May 2026 in China);
    text that is no time (a database edited outside Anju) as it was stored, cut to a date's length."""
    moment = local_moment(stamp)
    return (stamp or "")[:10] if moment is None else moment.date()


def _labour(member: Row, settings: Any, options: ExportOptions) -> bool:
    return is_labour_member(
        known_date(member["birth_date"]),
        member["sex"],
        member["student_status"],
        member["labour_skill"],
        settings,
        options.on,
    )


def _who(actor: str | None) -> str | None:
    """Who recorded the departure: the user name as journaled, an ``anju`` command's as 命令行（NAME）."""
    return actor_text(actor)[0] if actor else None
