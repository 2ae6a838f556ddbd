"""Household rules, the central rule, and the entry points the editor and `anju check` use.

The central rule (DESIGN.md §4, 云人社通 2021 第49号 §(十五) 有劳动力的搬迁脱贫户至少一人实现就业): a labour
household with nobody employed on the survey date is 零就业. It may be saved as a draft at any time; it cannot be
marked 已完成 unless it has an open 帮扶措施 (not closed) with a due date, so every such household has a dated
follow-up; and it stays on the 零就业 worklist until someone in it is employed (动态清零), whatever its status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..findings import Finding
from ..settings import RuleSettings
from . import registry as r
from .bundle import HouseholdBundle
from .labour import COMPLETE_STATUSES, HEAD, counts_as_employed, is_labour_member
from .member_rules import member_findings


@dataclass(frozen=True)
class HouseholdFigures:
    """The derived household fields (家庭人数 / 劳动力人数 / 就业人数 / 零就业家庭) at a date."""

    members: int
    labour: int
    employed: int
    open_measures: int  # open, with a due date

    @property
    def labour_household(self) -> bool:
        return self.labour > 0

    @property
    def zero_employment(self) -> bool:
        return self.labour > 0 and self.employed == 0


def household_figures(bundle: HouseholdBundle, settings: RuleSettings, today: date) -> HouseholdFigures:
    """Counts for a household; a tombstoned or 作废 household counts nothing."""
    if not bundle.household.counts:
        return HouseholdFigures(0, 0, 0, 0)
    members = bundle.live_members
    labour = sum(
        is_labour_member(m.birth_date, m.sex, m.student_status, m.labour_skill, settings, today) for m in members
    )
    # A child under 16 working is an error to correct, not the household's 就业 (`labour.counts_as_employed`).
    employed = sum(counts_as_employed(m.birth_date, bundle.spells_of(m.id), settings, today) for m in members)
    measures = sum(m.due_on is not None for m in bundle.open_measures)
    return HouseholdFigures(len(members), labour, employed, measures)


def is_zero_employment(bundle: HouseholdBundle, settings: RuleSettings, today: date) -> bool:
    """On the 零就业 worklist: a counting labour household with no employed member."""
    return household_figures(bundle, settings, today).zero_employment


def household_findings(
    bundle: HouseholdBundle, settings: RuleSettings, today: date, *, completing: bool = False
) -> list[Finding]:
    """Every record and household rule's findings for one household on ``today`` (the survey date).

    ``completing`` asks "what if it were marked 已完成 now" (the editor's 完成 button); otherwise the central
    rule applies only to households whose status already says complete. Findings accepted by an override come
    back with ``accepted`` set. A tombstoned or 作废 household has no findings: it does not count.
    """
    household = bundle.household
    if not household.counts:
        return []
    findings: list[Finding] = []
    members = bundle.live_members
    heads = [m for m in members if m.relation == HEAD]
    if len(heads) != 1:
        findings.append(_head_finding(bundle, [bundle.who(m) for m in heads]))
    for member in members:
        findings.extend(member_findings(bundle, member, settings, today))
    if completing or household.status in COMPLETE_STATUSES:
        figures = household_figures(bundle, settings, today)
        if figures.zero_employment and figures.open_measures == 0:
            findings.append(_zero_employment_finding(bundle, figures.labour))
    return findings


def _zero_employment_finding(bundle: HouseholdBundle, labour: int) -> Finding:
    """The central rule's finding: add a measure, or (one is open without a date) fill in its 计划完成日期."""
    hid = bundle.household.id
    zh = f"本户有{labour}名劳动力，目前无人就业（零就业家庭）。"
    en = f"This household has {labour} labour member(s) and nobody employed (zero-employment). "
    undated = [m for m in bundle.open_measures if m.due_on is None]
    if undated:
        kind = undated[0].kind
        zh += f"帮扶措施“{kind}”" if kind else "有一项帮扶措施"
        zh += "没有填写计划完成日期：请填写后再标记为“已完成”；可先保存为草稿。"
        en += f"The measure “{kind}”" if kind else "A measure"
        en += " has no due date: fill it in, then mark the household complete; it can be saved as a draft meanwhile."
    else:
        zh += (
            "标记为“已完成”之前，请添加一项帮扶措施（如职业介绍、技能培训、公益性岗位安置），并填写计划完成日期；"
            "可先保存为草稿。"
        )
        en += (
            "Before marking it complete, add a follow-up measure (job referral, training, a public-welfare post …) "
            "with a due date; it can be saved as a draft meanwhile."
        )
    return r.ZERO_EMPLOYMENT.finding(hid, hid, zh, en)


def _head_finding(bundle: HouseholdBundle, heads: list[tuple[str, str]]) -> Finding:
    hid = bundle.household.id
    if not bundle.members:  # a household just begun (新增住户): its first member is the next thing to type
        zh = "本户还没有登记成员。请点“新增成员”（Ctrl+N），先登记户主。"
        en = "No member is recorded yet. Press “New member” (Ctrl+N) and record the household head first."
    elif not bundle.live_members:  # every member left (减员): an empty household still counts until it is voided
        zh = "本户没有成员，但仍计入户数。请添加成员；如全户已搬离安置点（成员均已减员），请站长作废本户，写明去向。"
        en = (
            "This household has no members but is still counted. Add its members; if the whole family has left the "
            "site (every member removed), ask the station head to void it, saying where they went."
        )
    elif not heads:
        zh = "本户没有登记户主。请在成员中把一人的“与户主关系”设为“户主”。"
        en = "No member is recorded as household head. Set one member's relation to head (户主)."
    else:
        names, en_names = "、".join(zh for zh, _en in heads), ", ".join(en for _zh, en in heads)
        zh = f"本户登记了{len(heads)}位户主（{names}）。一户只能有一位户主，请改正其他人的“与户主关系”。"
        en = f"{len(heads)} members are recorded as head ({en_names}). A household has one head; correct the others."
    return r.HEAD_COUNT.finding(hid, hid, zh, en)


def can_complete(bundle: HouseholdBundle, settings: RuleSettings, today: date) -> tuple[bool, list[Finding]]:
    """Whether the household may be marked 已完成 now, and the findings that stop it (open errors)."""
    blocking = [f for f in household_findings(bundle, settings, today, completing=True) if f.blocks_completion]
    return not blocking, blocking
