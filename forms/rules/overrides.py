"""Accepting a finding with a reason: a FindingOverride, written through the unit of work (journaled = audited,
and synced to the county like any record)."""

from __future__ import annotations

from sqlalchemy import select

from ..errors import AnjuError
from ..findings import Finding
from ..journal import utc_now
from ..records import FindingOverride
from ..store import UnitOfWork

#: Roles that may accept an overridable error (a station admin, or the county); anyone may accept a warning.
ADMIN_ROLES = ("站长", "县级管理员")


def accept_warning(
    uow: UnitOfWork, finding: Finding, reason: str, user: str, *, role: str | None = None
) -> FindingOverride:
    """Record that ``user`` accepts ``finding`` because of ``reason``; returns the override.

    Warnings may be accepted by anyone. An error may be accepted only when its rule is overridable (an ID check
    character the national records hold wrong) and only by a station admin or the county (``role``); any other
    error must be corrected, and is refused with a message. Accepting the same finding twice keeps the first.
    """
    reason = reason.strip()
    if not reason:
        raise AnjuError("接受此项检查结果需要填写原因。", "A reason is needed to accept this finding.")
    if finding.severity == "error":
        if not finding.overridable:
            raise AnjuError(
                f"“{finding.zh}”是必须改正的错误，不能填写原因后接受。请改正数据。",
                f"“{finding.en}” is an error that must be corrected; it cannot be accepted with a reason.",
            )
        if role not in ADMIN_ROLES:
            raise AnjuError(
                "这个错误只能由站长或县级管理员填写原因后接受。",
                "Only a station admin or the county may accept this error with a reason.",
            )
    existing = uow.session.scalars(
        select(FindingOverride).where(
            FindingOverride.rule_code == finding.code,
            FindingOverride.record_table == finding.record_table,
            FindingOverride.record_id == finding.record_id,
            FindingOverride.deleted_at.is_(None),
        )
    ).first()
    if existing is not None:
        return existing
    return uow.add(
        FindingOverride(
            rule_code=finding.code,
            record_table=finding.record_table,
            record_id=finding.record_id,
            reason=reason,
            user=user,
            at=utc_now(),
        )
    )
