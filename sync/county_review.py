"""审核, headless: the households an import or a conflict put on the county's queue, approved (one by one, or all
that need no reading at once) or returned with a comment, each as a county change the station receives."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, select

from forms.journal import utc_now
from forms.records import Household, Review
from forms.rules.loading import in_chunks, rows_in
from forms.store import Store
from forms.sync_records import SyncConflict, SyncReviewItem

from .county_households import APPROVED, RETURNED, county_reading, household_labels
from .errors import SyncError
from .identity import require_county
from .review_hook import household_findings, recheck_households
from .trunk import county_change


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
