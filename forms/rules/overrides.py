"""Accepting a finding with a reason: a FindingOverride, written through the unit of work (journaled = audited,
and synced to the county like any record).

An override names the rule, the record, and what on the record the finding is about (its *subject*): the field,
for a field check (one record may break the same check on several fields, each accepted on its own); "" for a
record or household rule, which finds at most one acceptable finding per record. Overrides written before
subjects existed have none and accept every finding of their rule on their record, as they did then.

A bundle's ``accepted`` set holds one key per live override (`override_key`): ``(rule code, record id)`` for an
override without a subject, ``(rule code, record id, subject)`` for one with. `is_accepted` reads it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from ..errors import AnjuError
from ..findings import Finding
from ..journal import utc_now
from ..records import FindingOverride

if TYPE_CHECKING:
    from ..store import UnitOfWork

#: Roles that may accept an overridable error (a station admin, or the county); anyone may accept a warning.
ADMIN_ROLES = ("站长", "县级管理员")

AcceptedKey = tuple[str, ...]


def subject_of(finding: Finding) -> str:
    """What on its record a finding is about: the field of a field check, "" for a record or household rule."""
    return finding.fields[0] if finding.code.startswith("field.") and finding.fields else ""


def override_key(rule_code: str, record_id: str, subject: str | None) -> AcceptedKey:
    """The key of a live override in a bundle's ``accepted`` set."""
    return (rule_code, record_id, subject) if subject else (rule_code, record_id)


def is_accepted(accepted: Collection[AcceptedKey], code: str, record_id: str, subject: str = "") -> bool:
    """Whether an override accepts the finding of rule ``code`` on ``record_id`` about ``subject``: one naming
    that subject, or one without a subject (every override of a record or household rule, and old overrides)."""
    return (code, record_id) in accepted or (bool(subject) and (code, record_id, subject) in accepted)


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
    subject = subject_of(finding)
    # An override without a subject (a rule's, or an old one) already accepts every finding of its rule here.
    same_subject = or_(
        FindingOverride.subject == subject, FindingOverride.subject.is_(None), FindingOverride.subject == ""
    )
    existing = uow.session.scalars(
        select(FindingOverride).where(
            FindingOverride.rule_code == finding.code,
            FindingOverride.record_table == finding.record_table,
            FindingOverride.record_id == finding.record_id,
            FindingOverride.deleted_at.is_(None),
            same_subject,
        )
    ).first()
    if existing is not None:
        return existing
    return uow.add(
        FindingOverride(
            rule_code=finding.code,
            record_table=finding.record_table,
            record_id=finding.record_id,
            subject=subject,
            reason=reason,
            user=user,
            at=utc_now(),
        )
    )
