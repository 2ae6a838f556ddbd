"""What the county screens show and do, headless: stations, conflicts, duplicate persons, review, sites.

Every action is a county change (`sync.trunk.county_change`): journaled like any edit, given a county
revision, and so carried to the stations in scope by their next return file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, Integer, delete, func, insert, select, update

from forms.fieldchecks import field_findings, record_values
from forms.journal import to_json_value, utc_now
from forms.questionnaire import load_active
from forms.records import MODEL_BY_TABLE, Employment, Household, Measure, Member, Review, Setting, Site, Visit
from forms.rules.loading import in_chunks, rows_in
from forms.rules.sql import HOUSEHOLDS
from forms.store import Store, UnitOfWork
from forms.sync_records import SyncConflict, SyncDuplicateDecision, SyncReviewItem, SyncStation

from .errors import SyncError
from .identity import PUBLISHED_PREFIX, require_county
from .review_hook import household_findings, recheck_households
from .rows import CODECS
from .trunk import county_change, stamp_local_changes, touch

APPROVED, RETURNED, VOID = "已审核", "退回", "作废"


def _read(store: Store) -> Connection:
    return store.engine.connect()


# ---- stations -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StationInfo:
    id: str
    name: str
    sites: list[str]
    enrolled_at: str
    cursor: int  # the last change of the station applied here
    last_batch: int
    last_import_at: str | None
    reported_rev: int
    returned_rev: int
    last_return_at: str | None
    open_conflicts: int
    revoked_at: str | None = None
    revoked_reason: str | None = None


def list_stations(store: Store) -> list[StationInfo]:
    with _read(store) as conn:
        require_county(conn, store)
        conflicts = dict(
            conn.execute(
                select(SyncConflict.station_id, func.count())
                .where(SyncConflict.status == "open")
                .group_by(SyncConflict.station_id)
            ).all()
        )
        rows = conn.execute(select(SyncStation).order_by(SyncStation.name)).all()
    return [
        StationInfo(
            r.id,
            r.name,
            list(r.sites),
            r.enrolled_at,
            r.cursor,
            r.last_batch,
            r.last_import_at,
            r.reported_rev,
            r.returned_rev,
            r.last_return_at,
            conflicts.get(r.id, 0),
            r.revoked_at,
            r.revoked_reason,
        )
        for r in rows
    ]


def revoke_station(store: Store, station: str, actor: str, reason: str) -> StationInfo:
    """停用 a station (by name or id): from now on its batches are refused, whatever keys they carry, and no return
    file is written for it (`sync.station_keys.signing_key`, `sync.county_return.make_return`). For a laptop lost or
    stolen, or a station closed: whoever holds its keys gets nothing more from the county, online or by USB.

    Its name gets the date added, so the station can be enrolled again under its own name on a new computer; its
    records stay the county's, and reach the new station with its first return file."""
    reason = reason.strip()
    if not reason:
        raise SyncError(
            "请写明停用原因（--reason），例如：笔记本电脑丢失。", "Say why the station is revoked (--reason)."
        )
    with store.engine.connect().execution_options(write=True) as conn, conn.begin():
        require_county(conn, store)
        row = conn.execute(
            select(SyncStation).where(
                (SyncStation.name == station) | (SyncStation.id == station), SyncStation.revoked_at.is_(None)
            )
        ).first()
        if row is None:
            raise SyncError(
                f"没有名为“{station}”的在用工作站（anju county stations 列出全部）。",
                f"No station “{station}” in use (anju county stations lists them).",
            )
        now = utc_now()
        conn.execute(
            update(SyncStation)
            .where(SyncStation.id == row.id)
            .values(name=f"{row.name}（{now[:10]}停用）", revoked_at=now, revoked_by=actor, revoked_reason=reason[:200])
        )
    (info,) = [s for s in list_stations(store) if s.id == row.id]
    return info


# ---- sites and settings -----------------------------------------------------------------------------------------


def add_site(store: Store, code: str, name: str, actor: str, **fields: str | None) -> str:
    """A new 安置点 (county-owned); it reaches every station in its next return file."""
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise SyncError("安置点需要编码和名称（--code、--name）。", "A site needs a code and a name (--code, --name).")
    with county_change(store, actor) as uow:
        if uow.session.scalar(select(Site.id).where(Site.code == code)):
            raise SyncError(f"已有编码为 {code} 的安置点。", f"A site with code {code} already exists.")
        site = uow.add(Site(code=code, name=name, **fields))
    return site.id


def publish_setting(store: Store, key: str, value: Any) -> None:
    """A county setting every station receives with its next return file (stored as ``county.<key>``)."""
    full = key if key.startswith(PUBLISHED_PREFIX) else PUBLISHED_PREFIX + key
    with store.engine.connect().execution_options(write=True) as conn, conn.begin():
        require_county(conn, store)
        conn.execute(delete(Setting).where(Setting.key == full))
        conn.execute(insert(Setting).values(key=full, value=value))


# ---- conflicts ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictInfo:
    id: int
    kind: str  # field / delete-edit / edit-deleted
    record_table: str
    record_id: str
    household_id: str | None
    household: str  # where, for people: site, building-unit-room
    record: str  # which record: a member's name, a job's person, form and start, or the table
    field: str
    base_value: Any
    county_value: Any
    station_value: Any
    kept: str
    station_id: str
    station_name: str
    county_updated_by: str | None
    created_at: str
    status: str
    resolution: str | None
    resolved_value: Any
    note: str | None
    resolved_by: str | None
    resolved_at: str | None


def _household_labels(conn: Connection, household_ids: set[str]) -> dict[str, str]:
    if not household_ids:
        return {}
    query = select(Household.id, Site.name, Household.building, Household.unit, Household.room).join(
        Site, Site.id == Household.site_id
    )
    rows = list(rows_in(conn, query, HOUSEHOLDS.c.id, household_ids))
    return {r[0]: f"{r[1]} {'-'.join(p for p in (r[2], r[3], r[4]) if p)}".strip() for r in rows}


def _spell_labels(conn: Connection, spell_ids: list[str]) -> dict[str, str]:
    """Whose job an employment conflict is about, and which: "张三 外出务工 2025-03"."""
    if not spell_ids:
        return {}
    query = select(Employment.id, Member.name, Employment.form, Employment.start_month).join(
        Member, Member.id == Employment.member_id
    )
    rows = rows_in(conn, query, Employment.__table__.c.id, spell_ids)
    return {r[0]: " ".join(str(p) for p in (r[1], r[2], r[3]) if p) for r in rows}


def list_conflicts(store: Store, status: str | None = "open", household_id: str | None = None) -> list[ConflictInfo]:
    with _read(store) as conn:
        require_county(conn, store)
        query = select(SyncConflict).order_by(SyncConflict.id)
        if status:
            query = query.where(SyncConflict.status == status)
        if household_id:
            query = query.where(SyncConflict.household_id == household_id)
        rows = conn.execute(query).all()
        names = dict(conn.execute(select(SyncStation.id, SyncStation.name)).all())
        labels = _household_labels(conn, {r.household_id for r in rows if r.household_id})
        member_ids = [r.record_id for r in rows if r.record_table == "members"]
        members = dict(rows_in(conn, select(Member.id, Member.name), Member.__table__.c.id, member_ids))
        members.update(_spell_labels(conn, [r.record_id for r in rows if r.record_table == "employments"]))
    return [
        ConflictInfo(
            r.id,
            r.kind,
            r.record_table,
            r.record_id,
            r.household_id,
            labels.get(r.household_id or "", ""),
            members.get(r.record_id, r.record_table),
            r.field,
            json.loads(r.base_value),
            json.loads(r.county_value),
            json.loads(r.station_value),
            r.kept,
            r.station_id,
            names.get(r.station_id, r.station_id),
            r.county_updated_by,
            r.created_at,
            r.status,
            r.resolution,
            None if r.resolved_value is None else json.loads(r.resolved_value),
            r.note,
            r.resolved_by,
            r.resolved_at,
        )
        for r in rows
    ]


def holds_record_id(table: str, field: str) -> bool:
    """Whether a field names another record (a household's site, a member's household): a typed name is no id."""
    return bool(CODECS[table].table.c[field].foreign_keys)


def typed_value(table: str, field: str, text: Any) -> Any:
    """A value a clerk typed (text) as the JSON value the field holds; raises SyncError when it does not fit."""
    codec = CODECS[table]
    if field not in codec.editable:
        raise SyncError(f"字段 {field} 不能直接填写。", f"Field {field} cannot be typed in.")
    if holds_record_id(table, field):
        raise SyncError(
            "所在的安置点、住户或成员不能直接填写：请采用县里的值或工作站的值。",
            "Where a record belongs cannot be typed in: take the county's value or the station's.",
        )
    if text is None or not isinstance(text, str):
        return text
    column_type = codec.table.c[field].type
    value = text.strip()
    if value == "":
        return None
    try:
        if isinstance(column_type, Boolean):
            if value.lower() in ("是", "true", "1", "yes", "y"):
                return True
            if value.lower() in ("否", "false", "0", "no", "n"):
                return False
            raise ValueError(value)
        if isinstance(column_type, Integer):
            return int(value)
        if isinstance(column_type, Date):
            return date.fromisoformat(value).isoformat()
        if isinstance(column_type, JSON):
            return json.loads(value)
    except ValueError:
        raise SyncError(
            f"“{text}”不是字段 {field} 可接受的值。", f"“{text}” is not a valid value for {field}."
        ) from None
    return value


def _check_typed(store: Store, record: Any, name: str, value: Any) -> None:
    """Refuse a typed value the questionnaire's own checks refuse (a 务工地域 not in its list, an income out of its
    range): the station's editor would show it as an error on a record the county says is settled."""
    questionnaire = load_active(store)
    form = next((f for f in questionnaire.forms if f.table == record.__tablename__), None)
    if form is None or name not in {item.name for item in form.fields}:
        return
    row = {c.key: getattr(record, c.key) for c in record.__table__.columns}
    row[name] = date.fromisoformat(value) if isinstance(row.get(name), date) and isinstance(value, str) else value
    findings = field_findings(
        questionnaire,
        form.name,
        record_values(form, row),
        record_id=record.id,
        household_id=getattr(record, "household_id", None),
        today=date.today(),
    )
    wrong = [f for f in findings if f.severity == "error" and name in f.fields]
    if wrong:
        raise SyncError(
            f"“{value}”不能作为这个字段的值：{wrong[0].zh} 请改填，或采用县里的值或工作站的值。",
            f"“{value}” cannot be this field's value: {wrong[0].en} Type another, or take the county's or the "
            "station's value.",
        )


def resolve_conflict(
    store: Store, conflict_id: int, choice: str, actor: str, *, note: str = "", value: Any = None
) -> int:
    """Settle a conflict: take the station's value, keep the county's, or a typed value; with a note.

    The resolution is a county change to the record (a new revision even when the county's value stays), so
    both stations receive the settled record and the note in their next return files. Returns that revision.
    """
    if choice not in ("station", "county", "value"):
        raise SyncError(
            "请选择 station（工作站的值）、county（县里的值）或 value（填写新值）。", "Choose station, county or value."
        )
    with county_change(store, actor) as uow:
        conn = uow.session.connection()
        conflict = conn.execute(select(SyncConflict).where(SyncConflict.id == conflict_id)).first()
        if conflict is None:
            raise SyncError(f"没有编号为 {conflict_id} 的冲突。", f"No conflict number {conflict_id}.")
        if conflict.status != "open":
            raise SyncError(
                f"冲突 {conflict_id} 已于 {conflict.resolved_at} 由 {conflict.resolved_by} 处理过。",
                f"Conflict {conflict_id} was already resolved on {conflict.resolved_at} by {conflict.resolved_by}.",
            )
        if choice == "value" and conflict.field == "deleted_at":
            raise SyncError(
                "删除冲突只能选择工作站或县里的处理。", "A delete conflict is settled by station or county."
            )
        chosen = {
            "station": lambda: json.loads(conflict.station_value),
            "county": lambda: json.loads(conflict.county_value),
            "value": lambda: typed_value(conflict.record_table, conflict.field, value),
        }[choice]()
        record = uow.get(MODEL_BY_TABLE[conflict.record_table], conflict.record_id)
        if record is None:
            raise SyncError("冲突涉及的记录已不存在。", "The record of this conflict no longer exists.")
        if choice == "value":
            _check_typed(store, record, conflict.field, chosen)
        stamp_local_changes(conn)  # earlier edits in this county first, so "did this change anything" is clear
        if conflict.field == "deleted_at":
            if chosen is None:
                record.deleted_at = None
            else:
                uow.delete(record)
        else:
            column = CODECS[conflict.record_table].table.c[conflict.field]
            setattr(
                record,
                conflict.field,
                date.fromisoformat(chosen) if isinstance(column.type, Date) and chosen else chosen,
            )
        uow.flush()
        stamped = stamp_local_changes(conn)
        if not stamped:  # the value was already there: still send the record to both stations again
            touch(conn, [(conflict.record_table, conflict.record_id)])
        table = CODECS[conflict.record_table].table
        rev = int(conn.execute(select(table.c.rev).where(table.c.id == conflict.record_id)).scalar_one())
        conn.execute(
            update(SyncConflict)
            .where(SyncConflict.id == conflict_id)
            .values(
                status="resolved",
                resolution=choice,
                resolved_value=json.dumps(to_json_value(chosen), ensure_ascii=False),
                note=note or None,
                resolved_by=actor,
                resolved_at=utc_now(),
                resolved_rev=rev,
            )
        )
    if conflict.household_id:  # the settled value may end or bring a finding: the review queue shows it now
        recheck_households(store, [conflict.household_id])
    return rev


# ---- duplicate persons ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicatePerson:
    member_id: str
    name: str
    household_id: str
    household: str
    station: str  # the station (or county) the member was recorded at


@dataclass(frozen=True)
class DuplicateGroup:
    id_number: str
    people: list[DuplicatePerson]


def list_duplicates(store: Store, id_number: str | None = None) -> list[DuplicateGroup]:
    """One 证件号码 in more than one live household (not tombstoned, not 作废: a station that voids its copy of a
    family has settled it), across all stations, not yet decided on (with ``id_number``, that number's group only:
    a decision on one number need not read the whole county's)."""
    with _read(store) as conn:
        require_county(conn, store)
        live = (
            select(Member.id, Member.name, Member.id_number, Member.household_id, Member.origin)
            .join(Household, Household.id == Member.household_id)
            .where(Member.deleted_at.is_(None), Household.deleted_at.is_(None), Member.id_number.is_not(None))
            .where(Member.id_number != "", Household.status != VOID)  # a 作废 household counts nowhere
        )
        if id_number is not None:
            live = live.where(Member.id_number == id_number)
        live_sub = live.subquery()
        numbers = (
            select(live_sub.c.id_number)
            .group_by(live_sub.c.id_number)
            .having(func.count(func.distinct(live_sub.c.household_id)) > 1)
        )
        rows = conn.execute(live.where(Member.id_number.in_(numbers)).order_by(Member.id_number)).all()
        decisions = select(SyncDuplicateDecision).where(SyncDuplicateDecision.decision == "keep")
        if id_number is not None:
            decisions = decisions.where(SyncDuplicateDecision.id_number == id_number)
        kept = {(d.id_number, tuple(d.member_ids)) for d in conn.execute(decisions)}
        labels = _household_labels(conn, {r.household_id for r in rows})
        names = dict(conn.execute(select(SyncStation.id, SyncStation.name)).all())
    groups: dict[str, list[DuplicatePerson]] = {}
    for r in rows:
        groups.setdefault(r.id_number, []).append(
            DuplicatePerson(r.id, r.name, r.household_id, labels.get(r.household_id, ""), names.get(r.origin, r.origin))
        )
    return [
        DuplicateGroup(number, people)
        for number, people in groups.items()
        if (number, tuple(sorted(p.member_id for p in people))) not in kept
    ]


def _group(store: Store, id_number: str) -> DuplicateGroup:
    for group in list_duplicates(store, id_number):
        if group.id_number == id_number:
            return group
    raise SyncError(
        f"证件号码 {id_number} 目前不在重复人员名单里（可能已处理）。", f"ID {id_number} is not a pending duplicate."
    )


def merge_duplicate(store: Store, id_number: str, keep_household_id: str, actor: str, note: str = "") -> list[str]:
    """Keep the person in ``keep_household_id`` and tombstone them in every other household. Returns the
    tombstoned member ids.

    What the other stations recorded about the person goes with them to the kept household: their employment
    spells (one the kept person already has, same 就业形式 and 开始时间, is the same job recorded twice and is
    tombstoned instead) and the 帮扶措施 aimed at them. Left behind, a spell under a tombstoned member would count
    nowhere: the person would drop out of every employed count, and their household could turn 零就业.

    A household the merge leaves with nobody in it (the last of a family recorded twice, merged one by one) is
    voided, with a reason saying so: live and empty, it would count in its site's households and be flagged
    本户没有登记户主 on the review list."""
    group = _group(store, id_number)
    if keep_household_id not in {p.household_id for p in group.people}:
        raise SyncError("要保留的住户不在这组重复人员里。", "The household to keep is not one of this group's.")
    removed = [p.member_id for p in group.people if p.household_id != keep_household_id]
    kept = next(p.member_id for p in group.people if p.household_id == keep_household_id)
    with county_change(store, actor) as uow:
        _fold_people(uow, removed, kept, keep_household_id)
        _decided(uow.session.connection(), id_number, kept, [p.member_id for p in group.people], note, actor)
        uow.flush()
        label = _household_labels(uow.session.connection(), {keep_household_id}).get(keep_household_id, "")
        reason = f"本户成员已作为重复人员并入 {label}，本户已没有在册成员，由县里作废。"
        reason += f"说明：{note}" if note else ""
        _void_if_empty(uow, [p.household_id for p in group.people if p.household_id != keep_household_id], reason)
    # The rules found this person in two households; say now what they find after the merge.
    recheck_households(store, sorted({p.household_id for p in group.people}))
    return removed


def _fold_people(uow: UnitOfWork, removed: Sequence[str], kept: str, keep_household_id: str) -> None:
    """Tombstone the members ``removed``, copies of ``kept``: their spells and the measures aimed at them go to
    ``kept`` (a spell ``kept`` already has, same 就业形式 and 开始时间, is tombstoned instead)."""
    session = uow.session
    held = {
        (s.form, s.start_month)
        for s in session.scalars(
            select(Employment).where(Employment.member_id == kept, Employment.deleted_at.is_(None))
        )
    }
    for member_id in removed:
        for spell in session.scalars(
            select(Employment).where(Employment.member_id == member_id, Employment.deleted_at.is_(None))
        ).all():
            if (spell.form, spell.start_month) in held:
                uow.delete(spell)
            else:
                spell.member_id = kept
                held.add((spell.form, spell.start_month))
        for measure in session.scalars(
            select(Measure).where(Measure.member_id == member_id, Measure.deleted_at.is_(None))
        ).all():
            measure.member_id, measure.household_id = kept, keep_household_id
        member = uow.get(Member, member_id)
        if member is not None:
            uow.delete(member)


def _decided(conn: Connection, id_number: str, kept: str, member_ids: Sequence[str], note: str, actor: str) -> None:
    conn.execute(
        insert(SyncDuplicateDecision).values(
            id_number=id_number,
            decision="merge",
            kept_member_id=kept,
            member_ids=sorted(member_ids),
            reason=note or None,
            decided_by=actor,
            decided_at=utc_now(),
        )
    )


def _void_if_empty(uow: UnitOfWork, household_ids: Sequence[str], reason: str) -> list[str]:
    """作废, with ``reason``, those of these households no live member is left in (a county change like any edit,
    journaled and sent to the stations); they leave the review list, as they leave every count."""
    session = uow.session
    voided = []
    for household_id in dict.fromkeys(household_ids):
        household = uow.get(Household, household_id)
        if household is None or household.deleted_at is not None or household.status == VOID:
            continue
        if session.scalar(select(func.count()).where(Member.household_id == household_id, Member.deleted_at.is_(None))):
            continue
        household.status, household.void_reason = VOID, reason
        voided.append(household_id)
    if voided:
        uow.flush()
        session.connection().execute(delete(SyncReviewItem).where(SyncReviewItem.household_id.in_(voided)))
    return voided


def twin_households(groups: Sequence[DuplicateGroup], numbers: dict[str, list[str | None]]) -> dict[str, str]:
    """Households that are one family recorded twice: every live member of one of them is, by 证件号码, a listed
    duplicate of a member of the other (two stations imported one roster, or a family was entered twice). Given the
    live members' numbers of each household in ``groups`` (household id → numbers), returns each such household's
    twin, both ways; a household that could be the twin of several is left out (the clerk merges it by person)."""
    holders: dict[str, set[str]] = {}  # a listed number → the households holding it
    for group in groups:
        holders.setdefault(group.id_number, set()).update(p.household_id for p in group.people)
    pairs: set[frozenset[str]] = set()
    for household, held in numbers.items():
        if not held or not all(n and n in holders for n in held):
            continue
        others = set.intersection(*(holders[n] for n in held if n)) - {household}
        if len(others) == 1:
            pairs.add(frozenset((household, *others)))
    twins: dict[str, list[str]] = {}
    for pair in pairs:
        one, other = sorted(pair)
        twins.setdefault(one, []).append(other)
        twins.setdefault(other, []).append(one)
    return {household: found[0] for household, found in twins.items() if len(found) == 1}


@dataclass(frozen=True)
class HouseholdMerge:
    merged: list[str]  # the voided household's members tombstoned as copies of the kept household's
    moved: list[str]  # its members the kept household did not have, now in it
    voided: str  # the household voided


def merge_households(
    store: Store, keep_household_id: str, other_household_id: str, actor: str, note: str = ""
) -> HouseholdMerge:
    """整户合并: one family recorded as two households (`twin_households`). ``keep_household_id`` stays; each member
    of the other that it holds too (same 证件号码) is merged into it as `merge_duplicate` merges one person (spells
    and measures follow, the copy is tombstoned), a member it lacks moves into it, the other's 走访 and 帮扶措施 move
    to it (a record the kept household already has word for word is tombstoned instead), and the other household,
    empty now, is voided with a reason naming the kept one. One county change: the stations of both households
    receive it with their next return file."""
    if keep_household_id == other_household_id:
        raise SyncError("请选择两个不同的住户合并。", "Choose two different households to merge.")
    with county_change(store, actor) as uow:
        session, conn = uow.session, uow.session.connection()
        households = {h: uow.get(Household, h) for h in (keep_household_id, other_household_id)}
        labels = _household_labels(conn, set(households))
        for household_id, household in households.items():
            if household is None or household.deleted_at is not None or household.status == VOID:
                raise SyncError(
                    f"住户 {labels.get(household_id, household_id)} 已删除或已作废，不能合并。",
                    f"Household {labels.get(household_id, household_id)} is deleted or void: it cannot be merged.",
                )
        members = {
            h: session.scalars(
                select(Member).where(Member.household_id == h, Member.deleted_at.is_(None)).order_by(Member.id)
            ).all()
            for h in households
        }
        keep_numbers = {m.id_number for m in members[keep_household_id] if m.id_number}
        other_numbers = {m.id_number for m in members[other_household_id] if m.id_number}
        whole = [
            all(m.id_number and m.id_number in theirs for m in members[h])
            for h, theirs in ((keep_household_id, other_numbers), (other_household_id, keep_numbers))
        ]
        if not any(whole) or not members[keep_household_id] or not members[other_household_id]:
            raise SyncError(
                f"{labels.get(keep_household_id, '')} 与 {labels.get(other_household_id, '')} 的成员并不都是重复人员，"
                "不能整户合并。请在“重复人员”页逐人合并。",
                "Not every member of one of these households is a duplicate of a member of the other: merge the "
                "persons one by one on the duplicates page.",
            )
        kept_by_number: dict[str, Member] = {}
        for member in members[keep_household_id]:
            if member.id_number:
                kept_by_number.setdefault(member.id_number, member)
        merged, moved = [], []
        for member in members[other_household_id]:
            twin = kept_by_number.get(member.id_number or "")
            if twin is None:
                member.household_id = keep_household_id  # its spells go with it
                moved.append(member.id)
                continue
            _fold_people(uow, [member.id], twin.id, keep_household_id)
            _decided(conn, twin.id_number or "", twin.id, [twin.id, member.id], note, actor)
            merged.append(member.id)
        for model in (Visit, Measure):
            had = {
                _content_key(r)
                for r in session.scalars(
                    select(model).where(model.household_id == keep_household_id, model.deleted_at.is_(None))
                )
            }
            for record in session.scalars(
                select(model).where(model.household_id == other_household_id, model.deleted_at.is_(None))
            ).all():
                if _content_key(record) in had:
                    uow.delete(record)  # the same visit or measure recorded at both stations
                else:
                    record.household_id = keep_household_id  # type: ignore[attr-defined]
        uow.flush()
        head = next((m.name for m in members[keep_household_id] if m.relation == "户主"), "")
        reason = f"与 {labels.get(keep_household_id, '')}" + (f"（户主 {head}）" if head else " ")
        reason += "是同一户，重复登记，已由县里整户合并到该户后作废。" + (f"说明：{note}" if note else "")
        voided = _void_if_empty(uow, [other_household_id], reason)
        if voided != [other_household_id]:  # a member of it was not merged or moved: nothing is committed
            raise SyncError(
                "整户合并后原住户仍有成员，未作任何修改。", "The household still has members: nothing changed."
            )
    recheck_households(store, [keep_household_id, other_household_id])
    return HouseholdMerge(merged, moved, other_household_id)


def _content_key(record: Any) -> tuple[Any, ...]:
    """A visit or measure as written, wherever it hangs: two stations' copies of one record are equal."""
    return tuple(sorted((k, str(v)) for k, v in record.content().items() if k != "household_id"))


def keep_duplicate(store: Store, id_number: str, reason: str, actor: str) -> None:
    """Keep every household as it is, with a reason (the group comes back if another household joins it)."""
    if not reason.strip():
        raise SyncError("保留重复人员需要填写原因。", "Keeping a duplicate needs a reason.")
    group = _group(store, id_number)
    with store.engine.connect().execution_options(write=True) as conn, conn.begin():
        conn.execute(
            insert(SyncDuplicateDecision).values(
                id_number=id_number,
                decision="keep",
                member_ids=sorted(p.member_id for p in group.people),
                reason=reason.strip(),
                decided_by=actor,
                decided_at=utc_now(),
            )
        )


# ---- review ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    household_id: str
    household: str
    status: str
    reason: str  # imported / conflict
    findings: list[dict[str, Any]]
    station_id: str | None
    flagged_at: str
    open_conflicts: int


def review_queue(store: Store) -> list[ReviewItem]:
    with _read(store) as conn:
        unchecked = list(
            conn.execute(select(SyncReviewItem.household_id).where(SyncReviewItem.findings.is_(None))).scalars()
        )
    recheck_households(store, unchecked)  # rows an interrupted import left unchecked
    with _read(store) as conn:
        require_county(conn, store)
        rows = conn.execute(
            select(SyncReviewItem, Household.status)
            .join(Household, Household.id == SyncReviewItem.household_id)
            .order_by(SyncReviewItem.flagged_at, SyncReviewItem.household_id)
        ).all()
        labels = _household_labels(conn, {r.household_id for r in rows})
        conflicts = dict(
            conn.execute(
                select(SyncConflict.household_id, func.count())
                .where(SyncConflict.status == "open")
                .group_by(SyncConflict.household_id)
            ).all()
        )
    items = [
        ReviewItem(
            r.household_id,
            labels.get(r.household_id, ""),
            r.status,
            r.reason,
            list(r.findings or []),
            r.station_id,
            r.flagged_at,
            conflicts.get(r.household_id, 0),
        )
        for r in rows
    ]
    # A batch flags all its households at once: within one batch, the clerk reads them in the order of the rooms.
    return sorted(items, key=lambda item: (item.flagged_at, _in_number_order(item.household)))


def _in_number_order(text: str) -> list[Any]:
    """A sort key putting 1-1-9 before 1-1-10 (its numbers compared as numbers)."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _review(store: Store, household_id: str, decision: str, status: str, actor: str, comment: str | None) -> str:
    with county_change(store, actor) as uow:
        household = uow.get(Household, household_id)
        if household is None or household.deleted_at is not None:
            raise SyncError(f"找不到住户 {household_id}。", f"Household {household_id} not found.")
        if decision == "approve":
            _approvable(uow.session.connection(), household_id)
        review = uow.add(
            Review(household_id=household_id, decision=decision, comment=comment or None, reviewer=actor, at=utc_now())
        )
        household.status = status
        uow.session.connection().execute(delete(SyncReviewItem).where(SyncReviewItem.household_id == household_id))
    return review.id


def _approvable(conn: Connection, household_id: str) -> None:
    """Refuse to approve a household with an open conflict or a rule error (as of now, not as the review list last
    saw it). A station cannot mark such a household 已完成, and an edit that brings an error sends an approved one
    back to 草稿: the county's approval must not let through what the station itself could not."""
    conflicts = conn.execute(
        select(func.count()).where(SyncConflict.status == "open", SyncConflict.household_id == household_id)
    ).scalar_one()
    if conflicts:
        raise SyncError(
            f"该户还有 {conflicts} 处冲突未处理，不能审核通过。请先在“冲突”页处理，再审核。",
            f"This household has {conflicts} open conflict(s) and cannot be approved. Settle them first.",
        )
    errors = [f for f in household_findings(conn, [household_id]).get(household_id, []) if f["severity"] == "error"]
    if errors:
        raise SyncError(
            f"该户检查发现 {len(errors)} 个错误（如：{errors[0]['zh']}），不能审核通过。"
            "请退回工作站并写明要改什么，或在住户编辑中改正后再审核。",
            f"The rules find {len(errors)} error(s) in this household (e.g. {errors[0]['en']}); it cannot be "
            "approved. Return it to the station saying what to fix, or correct it in the editor and approve again.",
        )


def approve_household(store: Store, household_id: str, actor: str, comment: str = "") -> str:
    """审核通过: a Review record and status 已审核, both reaching the station in its next return file. Refused while
    the household has an open conflict or a rule error (`_approvable`)."""
    return _review(store, household_id, "approve", APPROVED, actor, comment)


#: The statuses a clerk may approve without reading the household: the station marked it done (已完成), or it was
#: approved before and the station has changed it since.
APPROVABLE_UNREAD = ("已完成", APPROVED)
_QUEUED = SyncReviewItem.__table__.c.household_id
_CONFLICTED = SyncConflict.__table__.c.household_id


@dataclass(frozen=True)
class BulkApproval:
    """What `approve_clean` did with the households it was given: approved, or left on the queue and why."""

    approved: int
    not_complete: int  # the station has not marked it 已完成 (草稿, 退回, 作废)
    with_conflicts: int
    with_findings: int  # the rules find something: an error, or a warning nobody accepted

    @property
    def left(self) -> int:
        return self.not_complete + self.with_conflicts + self.with_findings


def approve_clean(store: Store, actor: str, household_ids: Sequence[str] | None = None) -> BulkApproval:
    """批量审核通过: approve, in one transaction, every household on the review queue (or those of
    ``household_ids`` that are on it) that a clerk would approve without reading it: marked 已完成 by the
    station (`APPROVABLE_UNREAD`), no open conflict, and nothing found by the rules as of now, not even a warning.
    Everything else stays on the queue for the clerk to look at, counted by reason. After a station's first
    batch the queue holds every household it surveyed, thousands of them: one by one, that is days of clicking.
    """
    with county_change(store, actor) as uow:
        conn = uow.session.connection()
        query = select(SyncReviewItem.household_id, Household.status).join(
            Household, Household.id == SyncReviewItem.household_id
        )
        if household_ids is None:
            queued: dict[str, str] = {h: status for h, status in conn.execute(query)}
        else:
            queued = {h: status for h, status in rows_in(conn, query, _QUEUED, household_ids)}
        complete = sorted(h for h, status in queued.items() if status in APPROVABLE_UNREAD)
        open_conflicts = select(SyncConflict.household_id).where(SyncConflict.status == "open")
        conflicted = {h for (h,) in rows_in(conn, open_conflicts, _CONFLICTED, complete)}
        unconflicted = [h for h in complete if h not in conflicted]
        found = household_findings(conn, unconflicted)
        clean = [h for h in unconflicted if not found.get(h)]
        now = utc_now()
        for chunk in in_chunks(clean):
            for household in uow.session.scalars(select(Household).where(Household.id.in_(chunk))):
                household.status = APPROVED
            conn.execute(delete(SyncReviewItem).where(SyncReviewItem.household_id.in_(chunk)))
        reviews = [{"household_id": h, "decision": "approve", "reviewer": actor, "at": now} for h in clean]
        uow.insert_rows(Review, reviews)
    return BulkApproval(
        approved=len(clean),
        not_complete=len(queued) - len(complete),
        with_conflicts=len(conflicted),
        with_findings=len(unconflicted) - len(clean),
    )


def return_household(store: Store, household_id: str, actor: str, comment: str) -> str:
    """退回 with a comment saying what to fix: the station sees status 退回 and the comment."""
    if not comment.strip():
        raise SyncError(
            "退回住户时请写明需要修改什么（--comment）。", "Say what to fix when returning a household (--comment)."
        )
    return _review(store, household_id, "return", RETURNED, actor, comment.strip())


def open_conflict_ids(store: Store, household_ids: Sequence[str]) -> list[int]:
    with _read(store) as conn:
        open_conflicts = select(SyncConflict.id).where(SyncConflict.status == "open")
        return sorted(conflict_id for (conflict_id,) in rows_in(conn, open_conflicts, _CONFLICTED, household_ids))
