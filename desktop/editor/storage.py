"""What the editor reads and writes. Every function here runs on the TaskRunner's worker thread, never on the UI
thread: a save waits on fsync (the store commits with ``synchronous=FULL``) and must not freeze typing.

Writes go through `UnitOfWork` only, so every change is journaled (audit log and sync outbox) in the same
transaction as the change itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import case, select

from forms.fieldchecks import record_values
from forms.findings import Finding, measure_who, spell_who, visit_who
from forms.pinyin import name_initials
from forms.questionnaire import Questionnaire, load_active
from forms.records import MODEL_BY_TABLE, Employment, Household, Measure, Member, Review, Site, Synced, Visit
from forms.rules.bundle import Elsewhere
from forms.rules.labour import HEAD
from forms.rules.loading import id_elsewhere, load_bundle
from forms.rules.overrides import AcceptedKey, accept_warning, override_key
from forms.settings import RuleSettings, load_settings
from forms.station_sites import moved_to, offered_sites
from forms.store import Store
from forms.sync_records import STATION_ROLE, SyncConflict, SyncIdentity

from .draft import FORM_OF_TABLE, LEFT_ON, LEFT_REASON, Draft, EditRecord, SaveBatch


@dataclass(frozen=True)
class CountyReview:
    """The county's last decision on a household (审核通过 / 退回) and what it said, as its return file brought it."""

    decision: str
    comment: str
    reviewer: str
    at: str


@dataclass(frozen=True)
class CountyDecision:
    """A conflict on this household that the county settled, as its return file brought it (``sync_conflicts``):
    which value it took for which field, and the note the clerk wrote for the station ("会随回执发给工作站").

    Or one it has not settled yet (``taken`` is ``waiting``): ``value`` is the county's value the record shows
    meanwhile, ``station_value`` this station's, which waits for the clerk."""

    record_table: str
    record_id: str
    field: str
    taken: str  # ours (this station's value) / station (another station's) / county / value (one the clerk typed)
    value: Any
    note: str
    by: str
    at: str
    kind: str = "field"  # field / delete-edit (this station deleted what the county changed) / edit-deleted
    station_value: Any = None
    #: Who and what the record is, read even once it is gone from the household (a deletion's): a member's name,
    #: and a job, visit or measure as the 检查结果 name one (`forms.findings`: 王大的就业记录（外出务工，2025-03起）,
    #: 2026-05-01的走访), in 中文 and English. The editor names the record by them (`county_news`), never by its id.
    person: str = ""
    record_words: tuple[str, str] | None = None
    #: The names of the sites, members and households (by the 户主's name) its values give by id.
    names: Mapping[str, str] = dataclass_field(default_factory=dict)  # (the class has a ``field``)

    @property
    def waiting(self) -> bool:
        return self.taken == WAITING


#: `CountyDecision.taken` of a conflict the county has not settled yet.
WAITING = "waiting"


#: Conflict decisions the editor shows: those the county made in the last RECENT_DAYS, the latest RECENT_MOST.
RECENT_DAYS = 90
RECENT_MOST = 3


@dataclass
class Opened:
    """A household read for editing, with what the editor needs to check it."""

    draft: Draft
    settings: RuleSettings
    review: CountyReview | None = None
    decisions: tuple[CountyDecision, ...] = ()
    #: The site it moved to (新村（S2）) when it is at a site this station does not serve: 已迁出, only to look at.
    moved_to: str | None = None


def _record(obj: Synced, table: str, questionnaire: Questionnaire) -> EditRecord:
    content = obj.content()
    values = record_values(questionnaire.form(FORM_OF_TABLE[table]), content)  # the answers `anju check` reads
    extra = dict(content.get("extra") or {})
    return EditRecord(table, obj.id, values, stored=True, extra=extra)


def _left(member: Member, questionnaire: Questionnaire) -> EditRecord:
    """A member who left the household, as the draft holds one removed: tombstoned, with the 减员原因 and 减员日期."""
    record = _record(member, "members", questionnaire)
    record.deleted = True
    record.values[LEFT_REASON] = member.left_reason
    record.values[LEFT_ON] = member.left_on
    return record


def _spell(spell: Employment, questionnaire: Questionnaire) -> EditRecord:
    """A spell, live or deleted: a deleted one is held as a removal leaves it (tombstoned), to be brought back."""
    record = _record(spell, "employments", questionnaire)
    record.deleted = spell.deleted_at is not None
    return record


def _sites(session: Any, keep: str | None = None) -> list[tuple[str, str]]:
    """The sites the 安置点 field offers: a station's own (`forms.station_sites`), and the household's own site."""
    return [(site.id, site.name) for site in offered_sites(session.connection(), keep=(keep,))]


def _questionnaire(store: Store) -> Questionnaire:
    questionnaire = load_active(store)
    # The choice lists are searched by pinyin initials: work them out here, off the UI thread (pypinyin loads
    # its dictionaries on first use, and the results are cached).
    for choices in questionnaire.choices.values():
        for value in choices.values:
            name_initials(value)
    return questionnaire


def load_household(store: Store, household_id: str) -> Opened | None:
    """The household with its live members, spells, visits and measures; None when there is no such household."""
    questionnaire = _questionnaire(store)
    settings = load_settings(store)
    with store.reading() as session:
        household = session.get(Household, household_id)
        if household is None:
            return None
        members = session.scalars(
            select(Member)
            .where(Member.household_id == household_id, Member.deleted_at.is_(None))
            # The head first, then the elders: the order of the paper roster.
            .order_by(case((Member.relation == HEAD, 0), else_=1), Member.birth_date.is_(None), Member.birth_date)
        ).all()
        # Those who left (减员, with a reason) come too, tombstoned as a removal leaves them: the roster names them,
        # and one who moves back, or was removed by mistake, is brought back with their jobs (`Draft.bring_back`).
        left = session.scalars(
            select(Member)
            .where(Member.household_id == household_id, Member.deleted_at.is_not(None), Member.left_reason.is_not(None))
            .order_by(Member.deleted_at.desc())
        ).all()
        member_ids = [m.id for m in (*members, *left)]
        # The deleted spells come too, tombstoned (`Draft.removed_spells_of`): a job deleted by mistake and saved
        # is offered back under the member's 就业记录, as one who left is under the roster; Ctrl+Z reached it only
        # until the editor was closed. They are in their place by 开始 among the live ones, for when one comes back.
        spells = session.scalars(
            select(Employment).where(Employment.member_id.in_(member_ids)).order_by(Employment.start_month.desc())
        ).all()
        visits = session.scalars(
            select(Visit)
            .where(Visit.household_id == household_id, Visit.deleted_at.is_(None))
            .order_by(Visit.visited_on.desc())
        ).all()
        measures = session.scalars(
            select(Measure)
            .where(Measure.household_id == household_id, Measure.deleted_at.is_(None))
            .order_by(Measure.started_on.desc())
        ).all()
        bundle = load_bundle(session.connection(), household_id)
        sites = _sites(session, household.site_id)
        gone_to = moved_to(session.connection(), household.site_id)
        last = session.scalars(
            select(Review)
            .where(Review.household_id == household_id, Review.deleted_at.is_(None))
            .order_by(Review.at.desc())
            .limit(1)
        ).first()
        review = None if last is None else CountyReview(last.decision, last.comment or "", last.reviewer, last.at)
        decisions = _decisions(session, household_id)
    children = [
        *(_record(m, "members", questionnaire) for m in members),
        *(_left(m, questionnaire) for m in left),
        *(_spell(s, questionnaire) for s in spells),
        *(_record(v, "visits", questionnaire) for v in visits),
        *(_record(m, "measures", questionnaire) for m in measures),
    ]
    draft = Draft(
        questionnaire,
        _record(household, "households", questionnaire),
        children,
        accepted=bundle.accepted if bundle else (),
        elsewhere=bundle.elsewhere if bundle else None,
        sites=sites,
    )
    return Opened(draft, settings, review, decisions, gone_to)


def _decisions(session: Any, household_id: str) -> tuple[CountyDecision, ...]:
    """This station's changes to the household still waiting for the county's decision, then the county's recent
    decisions on conflicts in this household, newest first (a station's: the county sees its own on its 冲突
    screen)."""
    me = session.execute(select(SyncIdentity.id, SyncIdentity.role)).first()
    if me is None or me.role != STATION_ROLE:
        return ()
    waiting = session.scalars(
        select(SyncConflict)
        .where(SyncConflict.household_id == household_id, SyncConflict.status == "open")
        .order_by(SyncConflict.id)
    ).all()
    since = (datetime.now(UTC) - timedelta(days=RECENT_DAYS)).strftime("%Y-%m-%dT%H:%M:%S")
    rows = session.scalars(
        select(SyncConflict)
        .where(
            SyncConflict.household_id == household_id,
            SyncConflict.status == "resolved",
            SyncConflict.resolved_at >= since,
        )
        .order_by(SyncConflict.resolved_at.desc(), SyncConflict.id.desc())
        .limit(RECENT_MOST)
    ).all()
    decisions = [
        CountyDecision(
            c.record_table,
            c.record_id,
            c.field,
            WAITING,
            json.loads(c.county_value),
            "",
            c.county_updated_by or "",
            c.created_at,
            c.kind,
            json.loads(c.station_value),
        )
        for c in waiting
    ] + [
        CountyDecision(
            c.record_table,
            c.record_id,
            c.field,
            ("ours" if c.station_id == me.id else "station") if c.resolution == "station" else c.resolution or "",
            json.loads(c.resolved_value) if c.resolved_value else None,
            c.note or "",
            c.resolved_by or "",
            c.resolved_at or "",
            c.kind,
        )
        for c in rows
    ]
    return tuple(_named(session, d) for d in decisions)


def _named(session: Any, decision: CountyDecision) -> CountyDecision:
    person, record_words = _whose(session, decision)
    return replace(decision, person=person, record_words=record_words, names=_names(session, decision))


def _whose(session: Any, decision: CountyDecision) -> tuple[str, tuple[str, str] | None]:
    """The member a conflict is on, or a job, visit or measure as the findings name it (`CountyDecision.person`,
    ``record_words``), read with the deleted records: what the conflict is about may be gone from the household."""
    table, record_id = decision.record_table, decision.record_id
    if table == "members":
        return session.scalar(select(Member.name).where(Member.id == record_id)) or "", None
    if table == "employments":
        spell = session.execute(
            select(Member.name, Employment.form, Employment.start_month)
            .join(Member, Member.id == Employment.member_id)
            .where(Employment.id == record_id)
        ).first()
        return "", spell_who((spell.name, spell.name), spell.form, spell.start_month) if spell else None
    if table == "visits":
        on = session.scalar(select(Visit.visited_on).where(Visit.id == record_id))
        return "", visit_who(on) if on else None
    if table == "measures":
        measure = session.execute(
            select(Member.name, Measure.kind, Measure.due_on, Measure.started_on)
            .select_from(Measure)
            .outerjoin(Member, Member.id == Measure.member_id)
            .where(Measure.id == record_id)
        ).first()
        if measure is None:
            return "", None
        person = (measure.name, measure.name) if measure.name else None
        return "", measure_who(measure.kind, person, measure.due_on, measure.started_on)
    return "", None


def _names(session: Any, decision: CountyDecision) -> dict[str, str]:
    """The names of what a conflict's values give by id: a site, a member (帮扶对象, a job's member), a household
    (a member's or visit's, by its 户主)."""
    ids = [str(v) for v in (decision.value, decision.station_value) if isinstance(v, str) and v]
    if not ids:
        return {}
    if decision.field == "site_id":
        return _pairs(session.execute(select(Site.id, Site.name).where(Site.id.in_(ids))))
    if decision.field == "member_id":
        return _pairs(session.execute(select(Member.id, Member.name).where(Member.id.in_(ids))))
    if decision.field == "household_id":
        heads = select(Member.household_id, Member.name).where(Member.household_id.in_(ids), Member.relation == HEAD)
        return _pairs(session.execute(heads))
    return {}


def _pairs(rows: Iterable[Any]) -> dict[str, str]:
    return {str(key): str(name) for key, name in rows if name}


def start_household(store: Store, household_id: str, site_id: str | None, collector: str, today: date | None) -> Opened:
    """A new household, not yet written: it is inserted with the first answer saved."""
    questionnaire = _questionnaire(store)
    settings = load_settings(store)
    with store.reading() as session:
        sites = _sites(session)
    values: dict[str, Any] = {"status": "草稿", "collector": collector, "collected_on": today}
    if site_id not in dict(sites):  # the 住户 filter was on another station's site (a household moved there)
        site_id = sites[0][0] if len(sites) == 1 else None
    values["site_id"] = site_id
    household = EditRecord("households", household_id, values, stored=False)
    return Opened(Draft(questionnaire, household, sites=sites), settings)


def save_batch(store: Store, actor: str, batch: SaveBatch) -> int:
    """Apply one batch in one transaction; returns the number of records written. On the county's database the batch
    is stamped as it commits (`sync.trunk.stamp_if_county`, a commit hook of every unit of work), so the conflicts it
    answers (a member brought back, a value typed) close with it."""
    written = 0
    with store.unit_of_work(actor) as uow:
        for save in batch.records:
            model = MODEL_BY_TABLE[save.table]
            obj = uow.get(model, save.id)
            if obj is None:
                if save.insert is None or save.delete:
                    continue  # gone from the database meanwhile (never saved, or removed by sync): nothing to change
                uow.add(model(id=save.id, **save.insert))
            else:
                for name, value in save.changes.items():
                    if getattr(obj, name) != value:
                        setattr(obj, name, value)
                if save.extra_changes:
                    obj.extra = {**(getattr(obj, "extra", None) or {}), **save.extra_changes}  # type: ignore[attr-defined]
                if save.delete:
                    uow.delete(obj)
            # Flush record by record, so the journal lists a parent before its children (sync replays in seq order).
            uow.flush()
            written += 1
    return written


def accept(store: Store, actor: str, role: str, finding: Finding, reason: str) -> AcceptedKey:
    """Store a FindingOverride for ``finding``; returns its key as the bundle's accepted set holds it."""
    with store.unit_of_work(actor) as uow:
        override = accept_warning(uow, finding, reason, actor, role=role)
        return override_key(override.rule_code, override.record_id, override.subject)


def ids_elsewhere(store: Store, numbers: set[str], household_id: str) -> dict[str, tuple[Elsewhere, ...]]:
    """Members of other live households holding these ID numbers (the duplicate rule looks at them)."""
    with store.engine.connect() as conn:
        return id_elsewhere(conn, numbers, exclude_household=household_id)
