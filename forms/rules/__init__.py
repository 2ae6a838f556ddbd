"""Record and household rules (DESIGN.md §4): the labour rule, the central rule, and the data checks.

- `labour`: what a labour member, employment and a 零就业 household are, as pure functions at a date;
- `registry`: every rule's stable code, severity, title and fields;
- `member_rules`, `employment_rules`, `household_rules`: the rules over a `HouseholdBundle`;
- `followup`: who is on each worklist, per household (the reference for the SQL in `forms.worklists`);
- `sql`: the labour rule as SQL; `loading`: bundles from the database; `overrides`: accepting a finding (keyed
  by rule, record and subject).

Field checks (required, choices, constraints) come from the questionnaire, in `forms.fieldchecks`;
`fieldscreen` turns them into the SQL screen `anju check` runs over a whole database.
"""

from __future__ import annotations

from .bundle import Elsewhere, HouseholdBundle, HouseholdFacts, MeasureFacts, MemberFacts, SpellFacts
from .household_rules import HouseholdFigures, can_complete, household_figures, household_findings, is_zero_employment
from .registry import RULES, Rule

__all__ = [
    "RULES",
    "Elsewhere",
    "HouseholdBundle",
    "HouseholdFacts",
    "HouseholdFigures",
    "MeasureFacts",
    "MemberFacts",
    "Rule",
    "SpellFacts",
    "can_complete",
    "household_figures",
    "household_findings",
    "is_zero_employment",
]
