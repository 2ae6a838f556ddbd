"""What the editor reads and writes. Every function here runs on the TaskRunner's worker thread, never on the UI
thread: a save waits on fsync (the store commits with ``synchronous=FULL``) and must not freeze typing.

Writes go through `UnitOfWork` only, so every change is journaled (audit log and sync outbox) in the same
transaction as the change itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, select

from forms.fieldchecks import record_values
from forms.findings import Finding
from forms.pinyin import name_initials
from forms.questionnaire import Questionnaire, load_active
from forms.records import MODEL_BY_TABLE, Employment, Household, Measure, Member, Review, Site, Synced, Visit
from forms.rules.bundle import Elsewhere
from forms.rules.labour import HEAD
from forms.rules.loading import id_elsewhere, load_bundle
from forms.rules.overrides import AcceptedKey, accept_warning, override_key
from forms.settings import RuleSettings, load_settings
from forms.store import Store

from .draft import FORM_OF_TABLE, Draft, EditRecord, SaveBatch


@dataclass(frozen=True)
class CountyReview:
    """The county's last decision on a household (审核通过 / 退回) and what it said, as its return file brought it."""

    decision: str
    comment: str
    reviewer: str
    at: str


@dataclass
class Opened:
    """A household read for editing, with what the editor needs to check it."""

    draft: Draft
    settings: RuleSettings
    review: CountyReview | None = None


def _record(obj: Synced, table: str, questionnaire: Questionnaire) -> EditRecord:
    content = obj.content()
    values = record_values(questionnaire.form(FORM_OF_TABLE[table]), content)  # the answers `anju check` reads
    extra = dict(content.get("extra") or {})
    return EditRecord(table, obj.id, values, stored=True, extra=extra)


def _sites(session: Any) -> list[tuple[str, str]]:
    rows = session.execute(select(Site.id, Site.name).where(Site.deleted_at.is_(None)).order_by(Site.code))
    return [(site_id, name) for site_id, name in rows]


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
        member_ids = [m.id for m in members]
        spells = session.scalars(
            select(Employment)
            .where(Employment.member_id.in_(member_ids), Employment.deleted_at.is_(None))
            .order_by(Employment.start_month.desc())
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
        sites = _sites(session)
        last = session.scalars(
            select(Review)
            .where(Review.household_id == household_id, Review.deleted_at.is_(None))
            .order_by(Review.at.desc())
            .limit(1)
        ).first()
        review = None if last is None else CountyReview(last.decision, last.comment or "", last.reviewer, last.at)
    children = [
        *(_record(m, "members", questionnaire) for m in members),
        *(_record(s, "employments", questionnaire) for s in spells),
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
    return Opened(draft, settings, review)


def start_household(store: Store, household_id: str, site_id: str | None, collector: str, today: date) -> Opened:
    """A new household, not yet written: it is inserted with the first answer saved."""
    questionnaire = _questionnaire(store)
    settings = load_settings(store)
    with store.reading() as session:
        sites = _sites(session)
    values: dict[str, Any] = {"status": "草稿", "collector": collector, "collected_on": today}
    values["site_id"] = site_id if site_id is not None else (sites[0][0] if len(sites) == 1 else None)
    household = EditRecord("households", household_id, values, stored=False)
    return Opened(Draft(questionnaire, household, sites=sites), settings)


def save_batch(store: Store, actor: str, batch: SaveBatch) -> int:
    """Apply one batch in one transaction; returns the number of records written."""
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
