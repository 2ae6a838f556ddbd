"""冲突, headless: fields a station and the county changed differently, listed in the clerk's words (whose record,
which value, who wrote the county's), and settled (the station's value, the county's, or one typed) as a county
change both stations receive."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, Integer, select, update

from forms.fieldchecks import field_findings, record_values
from forms.journal import to_json_value, utc_now
from forms.questionnaire import load_active
from forms.records import MODEL_BY_TABLE, Employment, Member, Site
from forms.rules.loading import rows_in
from forms.shown_time import local_time
from forms.store import Store
from forms.sync_records import SyncConflict, SyncStation

from .county_households import county_reading, household_labels
from .county_words import Words, value_en, value_labels
from .county_writers import Writer, county_writers
from .errors import SyncError
from .identity import require_county
from .review_hook import recheck_households
from .rows import CODECS
from .trunk import county_change, stamp_local_changes, touch


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
    #: What the values of a field naming another record (`holds_record_id`: a household's 安置点, a member's 住户, a
    #: job's 成员) call it, by id: 幸福社区（S1）, 幸福社区 3-1-302, 张三. An id means nothing to the clerk.
    value_names: dict[str, str] = dataclasses.field(default_factory=dict)  # (`field` is a conflict's column here)
    #: `record` for the English interface: a job's 就业形式 by its choice list's English label ("张三 Migrant work
    #: away from home 2025-03"); the same as `record` for anything else (a name is a name in either language).
    #: ``anju county conflicts`` prints `record` (its 中文); its --json carries both.
    record_en: str = ""


def _spell_labels(conn: Connection, store: Store, spell_ids: list[str]) -> dict[str, Words]:
    """Whose job an employment conflict is about, and which: ("张三 外出务工 2025-03", "张三 Migrant work away from
    home 2025-03"), the 就业形式 as the questionnaire's English label names it (`value_en`)."""
    if not spell_ids:
        return {}
    labels = value_labels(load_active(store))
    query = select(Employment.id, Member.name, Employment.form, Employment.start_month).join(
        Member, Member.id == Employment.member_id
    )
    rows = rows_in(conn, query, Employment.__table__.c.id, spell_ids)

    def said(name: str, form: str | None, start: str | None) -> str:
        return " ".join(str(p) for p in (name, form, start) if p)

    return {
        r[0]: (said(r[1], r[2], r[3]), said(r[1], value_en(labels, "employments", "form", r[2]), r[3])) for r in rows
    }


def list_conflicts(
    store: Store, status: str | None = "open", household_id: str | None = None, *, latest: int = 0
) -> list[ConflictInfo]:
    """The conflicts with this status (all: None), oldest first; ``latest``: only that many settled last, the
    latest first (the 冲突 page's 最近了结)."""
    with county_reading(store) as conn:
        county = require_county(conn, store)
        query = select(SyncConflict).order_by(SyncConflict.id)
        if latest:
            query = (
                select(SyncConflict)
                .where(SyncConflict.status == "resolved")
                .order_by(SyncConflict.resolved_at.desc(), SyncConflict.id.desc())
                .limit(latest)
            )
        if status:
            query = query.where(SyncConflict.status == status)
        if household_id:
            query = query.where(SyncConflict.household_id == household_id)
        rows = conn.execute(query).all()
        names = dict(conn.execute(select(SyncStation.id, SyncStation.name)).all())
        labels = household_labels(conn, {r.household_id for r in rows if r.household_id})
        member_ids = [r.record_id for r in rows if r.record_table == "members"]
        members: dict[str, Words] = {
            id_: (name, name)
            for id_, name in rows_in(conn, select(Member.id, Member.name), Member.__table__.c.id, member_ids)
        }
        members.update(_spell_labels(conn, store, [r.record_id for r in rows if r.record_table == "employments"]))
        writers = county_writers(conn, county.id, [r for r in rows if r.status == "open"])
        named = _named_records(conn, rows)
    return [
        ConflictInfo(
            r.id,
            r.kind,
            r.record_table,
            r.record_id,
            r.household_id,
            labels.get(r.household_id or "", ""),
            record,
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
            value_names={v: named[v] for v in _record_ids(r) if v in named},
            record_en=record_en,
        )
        # which record, in 中文 and English: the table's name when there is nothing better (`record_words`)
        for r, (record, record_en) in ((r, members.get(r.record_id, (r.record_table, r.record_table))) for r in rows)
    ]


def _record_ids(row: Any) -> list[str]:
    """The ids a conflict's values hold, when its field names another record (`holds_record_id`)."""
    if not holds_record_id(row.record_table, row.field):
        return []
    values = (row.base_value, row.county_value, row.station_value, row.resolved_value)
    return [v for v in (json.loads(text) for text in values if text is not None) if isinstance(v, str) and v]


def _named_records(conn: Connection, rows: Sequence[Any]) -> dict[str, str]:
    """What the clerk calls each record the conflicts' id values name: a site by name and code, as the 住户 list
    names one a household moved to (幸福社区（S1）); a household by site and room; a member by name."""
    wanted: dict[str, set[str]] = {}
    for r in rows:
        if ids := _record_ids(r):
            (key,) = CODECS[r.record_table].table.c[r.field].foreign_keys
            wanted.setdefault(key.column.table.name, set()).update(ids)
    named = household_labels(conn, wanted.get("households", set()))
    sites = select(Site.id, Site.name, Site.code)
    named.update(
        {i: f"{name}（{code}）" for i, name, code in rows_in(conn, sites, Site.__table__.c.id, wanted.get("sites", ()))}
    )
    members = select(Member.id, Member.name)
    named.update(dict(rows_in(conn, members, Member.__table__.c.id, wanted.get("members", ()))))
    return named


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


_CHOSEN = {
    "station": ("采用了工作站的值", "took the station's value"),
    "county": ("采用了县里的值", "kept the county's value"),
    "value": ("改为填写的值", "set a typed value"),
}


def refuse_settled(store: Store, conflict_ids: Sequence[int], actor: str) -> None:
    """Refuse, before settling anything, conflicts that are closed already: the 冲突 page (or a list printed
    earlier) still showed them, but a later change answered them meanwhile, or another clerk did, and a "decision"
    now would undo that (`sync.conflicts_overtaken`). The county's own edits not yet stamped are stamped first, in
    their own transaction: one may be what settled them."""
    with county_change(store, actor):
        pass  # `county_change` stamps as it ends
    with county_reading(store) as conn:
        rows = {r.id: r for r in conn.execute(select(SyncConflict).where(SyncConflict.id.in_(list(conflict_ids))))}
    for conflict_id in conflict_ids:
        row = rows.get(conflict_id)
        if row is not None and row.status != "open":
            raise already_settled(row)


def already_settled(conflict: Any) -> SyncError:
    """What the clerk hears on settling a conflict that is closed: by whom, when, how and why, and that nothing
    changed now."""
    zh, en = _CHOSEN.get(conflict.resolution or "", ("已处理", "settled it"))
    when = local_time(conflict.resolved_at)
    note_zh = f"；说明：{conflict.note.rstrip('。')}" if conflict.note else ""
    note_en = f" (note: {conflict.note})" if conflict.note else ""
    return SyncError(
        f"冲突 {conflict.id} 已于 {when} 由 {conflict.resolved_by} 了结（{zh}{note_zh}）。"
        "本次未作更改，请重新查看待处理的冲突。",
        f"Conflict {conflict.id} was settled on {when} by {conflict.resolved_by}, who {en}{note_en}. Nothing was "
        "changed now; look at the open conflicts again.",
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
    refuse_settled(store, [conflict_id], actor)
    with county_change(store, actor) as uow:
        conn = uow.session.connection()
        conflict = conn.execute(select(SyncConflict).where(SyncConflict.id == conflict_id)).first()
        if conflict is None:
            raise SyncError(f"没有编号为 {conflict_id} 的冲突。", f"No conflict number {conflict_id}.")
        if conflict.status != "open":  # settled since the check above, by someone at the same moment
            raise already_settled(conflict)
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
                for key in record.TOMBSTONE_FIELDS:  # back in the household: no 减员原因 or 减员日期 (as 恢复)
                    setattr(record, key, None)
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
