"""A finding: one problem a check found on one record, shared by field checks, rules, `anju check` and the UI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """What is wrong, where, and how serious.

    ``error`` blocks marking a household 已完成; ``warning`` may be accepted with a reason (a FindingOverride).
    ``fields`` names the questionnaire fields the finding points at, so the editor can jump to them.
    ``member_id`` names the member a finding is about when its record is a member's spell or the member itself.
    ``accepted`` is set when a FindingOverride accepts it (a warning, or an overridable error): it is then
    reported as accepted, not as an open problem, and no longer blocks completion.
    """

    code: str  # stable rule code, e.g. "household.zero_employment"
    severity: Severity
    zh: str
    en: str
    record_table: str  # "households", "members", "employments", …
    record_id: str
    household_id: str | None
    fields: tuple[str, ...] = ()
    overridable: bool = False  # an error a station admin may still accept with a reason (e.g. ID checksum)
    member_id: str | None = None
    accepted: bool = False

    @property
    def blocks_completion(self) -> bool:
        return self.severity == "error" and not self.accepted

    @property
    def acceptable(self) -> bool:
        """Whether a reason may accept it: every warning, and errors marked overridable."""
        return self.severity == "warning" or self.overridable
