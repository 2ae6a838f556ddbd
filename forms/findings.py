"""A finding: one problem a check found on one record, shared by field checks, rules, `anju check` and the UI."""

from __future__ import annotations

from dataclasses import dataclass, replace
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


#: How a finding names a member who has no name: before one is typed, or in a record stored without one.
NO_NAME = ("（未填姓名）", "(no name)")


def member_who(name: str | None, position: int | None = None) -> tuple[str, str]:
    """How findings name a member (中文, English): the name, or while there is none the member's place on the
    roster when it is known (第3位成员), else 未填姓名."""
    name = (name or "").strip()
    if name:
        return name, name
    if position is not None:
        return f"第{position}位成员", f"member {position}"
    return NO_NAME


def spell_who(member: tuple[str, str], form: str | None, start_month: str | None) -> tuple[str, str]:
    """How findings name a member's employment spell, as the rules do: 杨鹏的就业记录（外出务工，2024-03起）."""
    zh = [part for part in (form, f"{start_month}起" if start_month else "") if part]
    en = [part for part in (form, f"from {start_month}" if start_month else "") if part]
    return (
        f"{member[0]}的就业记录" + (f"（{'，'.join(zh)}）" if zh else ""),
        f"{member[1]}'s employment" + (f" ({', '.join(en)})" if en else ""),
    )


def about(finding: Finding, who: tuple[str, str], label: tuple[str, str] | None = None) -> Finding:
    """The finding with its message led by whom it is about (杨鹏：“健康状况”必须填写。), in both languages, so a
    list of a household's findings says which member each is on. A message that names them already is kept; one
    that does not name its question (a questionnaire's own constraint message) gets the question's ``label`` too
    (杨鹏的“成员联系电话”：请填写 11 位手机号码…)."""
    zh_who, en_who = who
    zh, en = finding.zh, finding.en
    if zh_who not in zh:
        zh = f"{zh_who}的“{label[0]}”：{zh}" if label and f"“{label[0]}”" not in zh else f"{zh_who}：{zh}"
    if en_who not in en:
        en = f"{en_who}'s “{label[1]}”: {en}" if label and f"“{label[1]}”" not in en else f"{en_who}: {en}"
    return finding if (zh, en) == (finding.zh, finding.en) else replace(finding, zh=zh, en=en)
