"""What the county screens show and do, headless: stations, conflicts, review, sites (duplicate persons:
`sync.duplicates`).

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
from forms.records import MODEL_BY_TABLE, Employment, Household, Member, Review, Setting, Site
from forms.rules.loading import in_chunks, rows_in
from forms.rules.sql import HOUSEHOLDS
from forms.store import Store
from forms.sync_records import SyncConflict, SyncIdentity, SyncReviewItem, SyncStation
from forms.version import is_earlier, is_later, version_key

from .county_owed import StationScope, households_owed
from .county_writers import Writer, county_writers
from .errors import SyncError
from .identity import PUBLISHED_PREFIX, require_county
from .review_hook import household_findings, recheck_households
from .rows import CODECS
from .server_address import PUBLISHED_SERVER_URL, server_address
from .trunk import county_change, stamp_local_changes, touch

APPROVED, RETURNED, VOID = "已审核", "退回", "作废"


def county_reading(store: Store) -> Connection:
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
    #: The Anju its latest batch was written by; None when no batch arrived since the county recorded versions
    #: (revision 0009): unknown, which is not up to date.
    app_version: str | None = None
    #: Households in its scope with something no return file has carried to it yet (a review, a conflict settled,
    #: another station's edit at a shared site; `sync.county_owed`): 写出回执 now, or they wait for its next batch.
    #: Counted only on request.
    unsent: int = 0
    #: Each of ``sites`` by its name (幸福社区安置点), as the clerk knows it; its code when no live site has it.
    site_names: tuple[str, ...] = ()

    @property
    def standing(self) -> str:
        """Its Anju beside the county's (`forms.version.APP_VERSION`), for an upgrade rollout: ``behind`` (需升级:
        someone must bring it the installer), ``current``, ``ahead`` (the county should upgrade) or ``unknown``."""
        if version_key(self.app_version) is None:
            return UNKNOWN
        return BEHIND if is_earlier(self.app_version) else AHEAD if is_later(self.app_version) else CURRENT


#: `StationInfo.standing`.
BEHIND, CURRENT, AHEAD, UNKNOWN = "behind", "current", "ahead", "unknown"


def list_stations(store: Store, *, count_unsent: bool = False) -> list[StationInfo]:
    """Every station enrolled here; with ``count_unsent``, each station in use with `StationInfo.unsent` (the
    households a return file written now would bring it news of: the 工作站 page's 待写回执)."""
    with county_reading(store) as conn:
        require_county(conn, store)
        conflicts = dict(
            conn.execute(
                select(SyncConflict.station_id, func.count())
                .where(SyncConflict.status == "open")
                .group_by(SyncConflict.station_id)
            ).all()
        )
        rows = conn.execute(select(SyncStation).order_by(SyncStation.name)).all()
        site_names = dict(conn.execute(select(Site.code, Site.name).where(Site.deleted_at.is_(None))).all())
        in_use = [StationScope(r.id, list(r.sites), r.returned_rev) for r in rows if r.revoked_at is None]
        unsent = households_owed(conn, in_use) if count_unsent else {}
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
            r.app_version,
            unsent.get(r.id, 0),
            tuple(site_names.get(code, code) for code in r.sites),
        )
        for r in rows
    ]


def revoke_station(store: Store, station: str, actor: str, reason: str) -> StationInfo:
    """停用 a station (by name or id): from now on its batches are refused, whatever keys they carry, and no return
    file is written for it (`sync.station_keys.signing_key`, `sync.county_return.make_return`). For a laptop lost or
    stolen, or a station closed: whoever holds its keys gets nothing more from the county, online or by USB.

    Its name gets the date added, so the station can be enrolled again under its own name on a new computer; its
    records stay the county's, and reach the new station with its first return file."""
    station, reason = station.strip(), reason.strip()
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


@dataclass(frozen=True)
class SiteInfo:
    code: str
    name: str
    town: str | None
    stations: list[str]  # the stations in use that serve it


@dataclass(frozen=True)
class CountySites:
    county_name: str
    sites: list[SiteInfo]


def list_sites(store: Store) -> CountySites:
    """The county's live sites by code, each with the stations in use that serve it (for 登记工作站)."""
    with county_reading(store) as conn:
        county = require_county(conn, store)
        sites = conn.execute(
            select(Site.code, Site.name, Site.town).where(Site.deleted_at.is_(None)).order_by(Site.code)
        ).all()
        stations = conn.execute(
            select(SyncStation.name, SyncStation.sites)
            .where(SyncStation.revoked_at.is_(None))
            .order_by(SyncStation.name)
        ).all()
    return CountySites(
        county.name,
        [SiteInfo(s.code, s.name, s.town, [st.name for st in stations if s.code in st.sites]) for s in sites],
    )


def add_site(store: Store, code: str, name: str, actor: str, **fields: str | None) -> str:
    """A new 安置点 (county-owned); it reaches every station in its next return file."""
    code, name = code.strip(), name.strip()
    fields = {key: (value.strip() or None) if isinstance(value, str) else value for key, value in fields.items()}
    if not code or not name:
        raise SyncError("安置点需要编码和名称（--code、--name）。", "A site needs a code and a name (--code, --name).")
    with county_change(store, actor) as uow:
        if uow.session.scalar(select(Site.id).where(Site.code == code)):
            raise SyncError(f"已有编码为 {code} 的安置点。", f"A site with code {code} already exists.")
        # Stations pick a site by its name (the 住户 filter, the editor): two of one name could not be told apart.
        same_name = uow.session.scalar(select(Site.code).where(Site.name == name, Site.deleted_at.is_(None)))
        if same_name:
            raise SyncError(
                f"已有名为“{name}”的安置点（编码 {same_name}）。请使用已有的安置点，或换一个名称（例如加上乡镇名）。",
                f"A site named “{name}” already exists (code {same_name}). Use it, or choose another name (e.g. add "
                "the town's).",
            )
        site = uow.add(Site(code=code, name=name, **fields))
    return site.id


def publish_setting(store: Store, key: str, value: Any) -> None:
    """A county setting every station receives with its next return file (stored as ``county.<key>``)."""
    full = key if key.startswith(PUBLISHED_PREFIX) else PUBLISHED_PREFIX + key
    with store.engine.connect().execution_options(write=True) as conn, conn.begin():
        require_county(conn, store)
        conn.execute(delete(Setting).where(Setting.key == full))
        conn.execute(insert(Setting).values(key=full, value=value))


def set_server_url(store: Store, text: str | None) -> str | None:
    """The county server's address (None: no server, stations sync by USB): written into enrolment packages from
    now on, and carried to every enrolled station by its next return file. Returns the address as stations get it."""
    url = None if text is None else server_address(text)
    with store.engine.connect().execution_options(write=True) as conn, conn.begin():
        county = require_county(conn, store)
        conn.execute(update(SyncIdentity).where(SyncIdentity.id == county.id).values(server_url=url))
        conn.execute(delete(Setting).where(Setting.key == PUBLISHED_SERVER_URL))
        conn.execute(insert(Setting).values(key=PUBLISHED_SERVER_URL, value=url or ""))  # "": none, say so
    return url


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
    #: Whose change the county value is (`sync.county_writers`): the station's name when a station's batch brought
    #: it, and whether the county itself wrote it (a clerk's edit); neither when the journal does not say.
    county_station: str | None = None
    county_wrote_it: bool = False


def household_labels(conn: Connection, household_ids: set[str]) -> dict[str, str]:
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
    with county_reading(store) as conn:
        county = require_county(conn, store)
        query = select(SyncConflict).order_by(SyncConflict.id)
        if status:
            query = query.where(SyncConflict.status == status)
        if household_id:
            query = query.where(SyncConflict.household_id == household_id)
        rows = conn.execute(query).all()
        names = dict(conn.execute(select(SyncStation.id, SyncStation.name)).all())
        labels = household_labels(conn, {r.household_id for r in rows if r.household_id})
        member_ids = [r.record_id for r in rows if r.record_table == "members"]
        members = dict(rows_in(conn, select(Member.id, Member.name), Member.__table__.c.id, member_ids))
        members.update(_spell_labels(conn, [r.record_id for r in rows if r.record_table == "employments"]))
        writers = county_writers(conn, county.id, [r for r in rows if r.status == "open"])
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
            *_written_by(writers.get(r.id), names),
        )
        for r in rows
    ]


def _written_by(writer: Writer | None, names: dict[str, str]) -> tuple[str | None, bool]:
    """`ConflictInfo.county_station` and `ConflictInfo.county_wrote_it`."""
    if writer is None:
        return None, False
    if writer.station_id is None:
        return None, True
    return names.get(writer.station_id, writer.station_id), False


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
    with county_reading(store) as conn:
        unchecked = list(
            conn.execute(select(SyncReviewItem.household_id).where(SyncReviewItem.findings.is_(None))).scalars()
        )
    recheck_households(store, unchecked)  # rows an interrupted import left unchecked
    with county_reading(store) as conn:
        require_county(conn, store)
        rows = conn.execute(
            select(SyncReviewItem, Household.status)
            .join(Household, Household.id == SyncReviewItem.household_id)
            .order_by(SyncReviewItem.flagged_at, SyncReviewItem.household_id)
        ).all()
        labels = household_labels(conn, {r.household_id for r in rows})
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
    with county_reading(store) as conn:
        open_conflicts = select(SyncConflict.id).where(SyncConflict.status == "open")
        return sorted(conflict_id for (conflict_id,) in rows_in(conn, open_conflicts, _CONFLICTED, household_ids))
