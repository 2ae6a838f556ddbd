"""What the county's lists call things, in 中文 and English: the record and the field a conflict is on, a conflict's
status, why a household waits for review, a stored value.

One place for the county pages (which show the UI language) and ``anju county`` (which prints the 中文): the command
line printed ``households phone`` and ``[open]`` where the 冲突 page said 住户信息 · 户联系电话, and ``conflict`` where
the 审核 page said 有冲突. A field that is a question on the paper form is named by the questionnaire's label, and a
value picked from one of its choice lists (就业形式 外出务工) by the list's English label in English (`value_en`): the
record stores the 中文, which is what the 中文 interface shows.
"""

from __future__ import annotations

import json
from typing import Any

from forms.questionnaire import Questionnaire

#: (中文, English)
Words = tuple[str, str]

#: What a record is, for a conflict (a member shows the person's name instead: `record_words`).
TABLE_NAMES: dict[str, Words] = {
    "sites": ("安置点", "Site"),
    "households": ("住户信息", "Household"),
    "members": ("成员", "Member"),
    "employments": ("就业经历", "Employment"),
    "visits": ("走访记录", "Visit"),
    "measures": ("帮扶措施", "Support measure"),
    "finding_overrides": ("接受的提醒", "Accepted warning"),
    "reviews": ("审核意见", "Review comment"),
}
#: Fields that are not questions on the paper form.
FIELD_NAMES: dict[str, Words] = {
    "deleted_at": ("是否删除", "Deleted"),
    "status": ("状态", "Status"),
    "void_reason": ("作废原因", "Reason for voiding"),
    "left_reason": ("减员原因", "Why they left"),
    "left_on": ("减员日期", "Day they left"),
    "household_id": ("所在住户", "Household"),
    "member_id": ("成员", "Member"),
    "name_initials": ("拼音首字母", "Pinyin initials"),
    "extra": ("县里增加的问题", "County questions"),
}
CONFLICT_STATUSES: dict[str, Words] = {"open": ("待处理", "open"), "resolved": ("已处理", "resolved")}
#: Why a household is on the review queue (`sync.county_review.ReviewItem.reason`).
REVIEW_REASONS: dict[str, Words] = {
    "imported": ("工作站送来修改", "Changed by a station"),
    "conflict": ("有冲突", "Conflict"),
}


def words(table: dict[str, Words], key: str) -> Words:
    """``key`` as ``table`` names it, or as it is when the table does not know it (a newer program's word)."""
    return table.get(key, (key, key))


def field_names(questionnaire: Questionnaire) -> dict[tuple[str, str], Words]:
    """Every field a conflict can be on, by (table, field): the questions by their labels on the paper form (the
    county's own questions too), the rest by `FIELD_NAMES`."""
    named = {(table, name): said for table in TABLE_NAMES for name, said in FIELD_NAMES.items()}
    for form in questionnaire.forms:
        for item in form.fields:
            named[(form.table, item.name)] = (item.label.zh, item.label.en)
    return named


def field_words(names: dict[tuple[str, str], Words], table: str, field: str) -> Words:
    return names.get((table, field), (field, field))


#: The English label of each stored value of a choice-list field, by (table, field) and then by the value.
ValueLabels = dict[tuple[str, str], dict[str, str]]


def value_labels(questionnaire: Questionnaire) -> ValueLabels:
    """The English labels of the values of every field answered from a choice list (the county's questions too,
    under their names, as `field_names` names them)."""
    labels: ValueLabels = {}
    for form in questionnaire.forms:
        for item in form.fields:
            listed = questionnaire.choices.get(item.choices) if item.choices else None
            if listed is not None:
                labels[(form.table, item.name)] = {c.value: c.en for c in listed.items if c.en}
    return labels


def value_en(labels: ValueLabels, table: str, field: str, value: Any) -> Any:
    """``value`` with what a choice list stores in 中文 given by its English label (each of the values of a list of
    several, stored joined by ","; each answer of the county's questions, ``extra``); anything else, and a value the
    list does not hold (an older questionnaire's), as it is."""
    if isinstance(value, dict) and field == "extra":
        return {key: value_en(labels, table, key, answer) for key, answer in value.items()}
    known = labels.get((table, field))
    if not known or not isinstance(value, str) or not value:
        return value
    parts = value.split(",")
    if not any(part in known for part in parts):
        return value
    return ", ".join(known.get(part, part) for part in parts)


def record_words(table: str, record: str) -> Words:
    """Which record a conflict is on: 成员 张三, 就业经历（张三 外出务工 2025-03）, or what kind of record it is.
    ``record`` is `sync.county_conflicts.ConflictInfo.record` (the table's name when there is nothing better)."""
    if table == "members" and record != table:
        return f"成员 {record}", f"Member {record}"
    if table == "employments" and record != table:
        return f"就业经历（{record}）", f"Employment ({record})"
    return words(TABLE_NAMES, table)


def value_text(value: Any, *, empty: str = "（空）", yes: str = "是", no: str = "否") -> str:
    """A stored value as people read it: 是/否 for booleans, （空） for nothing, a list joined by 、 (the screens pass
    these words in the UI language)."""
    if value is None or value == "":
        return empty
    if value is True:
        return yes
    if value is False:
        return no
    if isinstance(value, list):
        return "、".join(value_text(v, empty=empty, yes=yes, no=no) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
