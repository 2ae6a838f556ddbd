"""A finding: one problem a check found on one record, shared by field checks, rules, `anju check` and the UI."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal, NamedTuple

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


class Namesake(NamedTuple):
    """What tells a member apart from another of the household with the same name (`told_apart`)."""

    id: str
    name: str | None
    relation: str | None
    birth_date: object  # a date, or ISO text as typed
    id_number: str | None
    position: int | None = None  # the place on the editor's roster, where there is one


def told_apart(members: Iterable[Namesake]) -> dict[str, tuple[str, str]]:
    """How findings name the live members of one household who share a name, so a worker can tell which is meant
    (a father and son both 张伟, twins both recorded as 张?): the name with the relation to the 户主 and the birth
    date, 张伟（户主，1975-03-04出生）; where those are alike too, with the last four characters of the 证件号码 (as a
    masked number shows them), and failing that with the place on the roster. Members whose name nobody else in
    the household has are not in it: `member_who` names them."""
    by_name: dict[str, list[Namesake]] = {}
    for member in members:
        name = (member.name or "").strip()
        if name:
            by_name.setdefault(name, []).append(member)
    told: dict[str, tuple[str, str]] = {}
    for name, alike in by_name.items():
        if len(alike) < 2:
            continue
        parts = {m.id: _apart(m) for m in alike}
        for more in (_id_tail, _roster_place):  # only for those still alike, so the usual label stays short
            seen = Counter(tuple(p) for p in parts.values())
            for m in alike:
                extra = more(m)
                if extra is not None and seen[tuple(parts[m.id])] > 1:
                    parts[m.id].append(extra)
        for m in alike:
            told[m.id] = (
                f"{name}（{'，'.join(zh for zh, _en in parts[m.id])}）",
                f"{name} ({', '.join(en for _zh, en in parts[m.id])})",
            )
    return told


def _apart(member: Namesake) -> list[tuple[str, str]]:
    relation = (member.relation or "").strip()
    parts = [(relation, relation) if relation else ("与户主关系未填", "no relation to the head")]
    born = _day(member.birth_date)
    if born:
        parts.append((f"{born}出生", f"born {born}"))
    return parts


def _id_tail(member: Namesake) -> tuple[str, str] | None:
    number = (member.id_number or "").strip()
    return (f"证件号码尾号{number[-4:]}", f"ID number ending {number[-4:]}") if len(number) >= 4 else None


def _roster_place(member: Namesake) -> tuple[str, str] | None:
    position = member.position
    return (f"第{position}位成员", f"member {position}") if position is not None else None


def spell_who(member: tuple[str, str], form: str | None, start_month: str | None) -> tuple[str, str]:
    """How findings name a member's employment spell, as the rules do: 杨鹏的就业记录（外出务工，2024-03起）."""
    zh = [part for part in (form, f"{start_month}起" if start_month else "") if part]
    en = [part for part in (form, f"from {start_month}" if start_month else "") if part]
    return (
        f"{member[0]}的就业记录" + (f"（{'，'.join(zh)}）" if zh else ""),
        f"{member[1]}'s employment" + (f" ({', '.join(en)})" if en else ""),
    )


def visit_who(visited_on: object, position: int | None = None) -> tuple[str, str]:
    """How findings name a visit (走访): by its date (2026-06-01的走访), or while it has none by its place in the
    list of visits, latest first (第2条走访记录)."""
    day = _day(visited_on)
    if day is not None:
        return f"{day}的走访", f"The {day} visit"
    if position is not None:
        return f"第{position}条走访记录", f"Visit {position} in the list"
    return "未填日期的走访", "A visit with no date"


def measure_who(
    kind: str | None,
    member: tuple[str, str] | None,
    due_on: object,
    started_on: object = None,
    position: int | None = None,
) -> tuple[str, str]:
    """How findings name a measure (帮扶措施): the member it is for, its kind, and when it is due (or else when
    it started): 杨鹏的帮扶措施（技能培训，计划2026-07-01完成）; with none of these, its place in the list
    (第2条帮扶措施)."""
    due, start = _day(due_on), _day(started_on)
    kind = (kind or "").strip() or None
    zh = [part for part in (kind, f"计划{due}完成" if due else f"{start}开始" if start else None) if part]
    en = [part for part in (kind, f"due {due}" if due else f"from {start}" if start else None) if part]
    if member is None and not zh and position is not None:
        return f"第{position}条帮扶措施", f"Measure {position} in the list"
    return (
        (f"{member[0]}的帮扶措施" if member else "帮扶措施") + (f"（{'，'.join(zh)}）" if zh else ""),
        (f"{member[1]}'s measure" if member else "The measure") + (f" ({', '.join(en)})" if en else ""),
    )


def _day(value: object) -> str | None:
    """A date as YYYY-MM-DD, or None when ``value`` is none (text typed that is not a date yet included)."""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value or "").strip()
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else None
    except ValueError:
        return None


def names(message: str, label: str, *, english: bool = False) -> bool:
    """Whether a message names its question already (“走访结果”必须填写; 计划完成日期不能早于开始日期)."""
    return label.casefold() in message.casefold() if english else label in message


def about(finding: Finding, who: tuple[str, str] | None, label: tuple[str, str] | None = None) -> Finding:
    """The finding with its message led by whom or what it is about (杨鹏：“健康状况”必须填写。), in both languages, so
    a list of a household's findings says which member, visit or measure each is on. A message that names them
    already is kept; one that does not name its question (a questionnaire's own constraint message) gets the
    question's ``label`` too (杨鹏的“成员联系电话”：请填写 11 位手机号码…; 2026-06-01的走访的“走访日期”：日期不能晚于
    今天…). ``who`` is None for the household itself: its findings get just the label (“采集日期”：…)."""
    zh, en = finding.zh, finding.en
    zh_label = label[0] if label and not names(zh, label[0]) else None
    en_label = label[1] if label and not names(en, label[1], english=True) else None
    if who is None:
        zh = f"“{zh_label}”：{zh}" if zh_label else zh
        en = f"“{en_label}”: {en}" if en_label else en
    else:
        zh_who, en_who = who
        if zh_who not in zh:
            zh = f"{zh_who}的“{zh_label}”：{zh}" if zh_label else f"{zh_who}：{zh}"
        if en_who not in en:
            en = f"{en_who}'s “{en_label}”: {en}" if en_label else f"{en_who}: {en}"
    return finding if (zh, en) == (finding.zh, finding.en) else replace(finding, zh=zh, en=en)
