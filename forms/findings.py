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

    @property
    def blocks_completion(self) -> bool:
        return self.severity == "error"
