"""What the county said about a household, for the editor's banner: the comment of a 退回 (what to fix, the reason
the household is open again), this station's changes to it that clashed with the county's and wait for the clerk
(the record shows the county's value meanwhile), and its recent decisions on the household's conflicts, with the
clerk's notes. All come with the return file (`storage.CountyReview`, `storage.CountyDecision`); before, no screen
of the station showed them, and a worker saw their own edit undone without a word.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from sync.county_words import FIELD_NAMES, TABLE_NAMES, words

from ..county.common import local_time, show_value
from ..i18n import ui_text
from .draft import Draft
from .storage import CountyDecision, CountyReview
from .widgets import text_of


def returned_text(review: CountyReview | None) -> str:
    """The county's 退回 comment and what to do with it; empty when the county's last word was not a 退回."""
    if review is None or review.decision != "return":
        return ""
    return (
        QCoreApplication.translate("CountyNews", "县里退回了本户（%1，%2）：%3")
        .replace("%1", review.reviewer)
        .replace("%2", local_time(review.at))
        .replace("%3", review.comment)
        + "\n"
        + QCoreApplication.translate("CountyNews", "请按意见改正后标记为“已完成”，随下次导出发给县里。")
    )


def decision_text(decision: CountyDecision, draft: Draft) -> str:
    """One settled conflict, as 县里处理了“联系电话”的冲突（赵科长，2026-05-19 10:00），采用了本站的值：139….
    说明：…; or one still open (`waiting_text`)."""
    if decision.waiting:
        return waiting_text(decision, draft)
    taken = {
        "ours": QCoreApplication.translate("CountyNews", "采用了本站的值"),
        "station": QCoreApplication.translate("CountyNews", "采用了另一个工作站的值"),
        "county": QCoreApplication.translate("CountyNews", "采用了县里的值"),
        "value": QCoreApplication.translate("CountyNews", "改为县里填写的值"),
    }.get(decision.taken, "")
    if decision.field == "deleted_at":
        value = (
            QCoreApplication.translate("CountyNews", "保留（未删除）")
            if decision.value is None
            else QCoreApplication.translate("CountyNews", "删除")
        )
    else:
        value = _shown(decision, decision.value, draft)
    text = (
        QCoreApplication.translate("CountyNews", "县里处理了%1的冲突（%2，%3），%4：%5。")
        .replace("%1", _field_named(decision, draft))
        .replace("%2", decision.by)
        .replace("%3", local_time(decision.at))
        .replace("%4", taken)
        .replace("%5", value)
    )
    return text + (
        QCoreApplication.translate("CountyNews", "说明：%1").replace("%1", decision.note) if decision.note else ""
    )


def waiting_text(conflict: CountyDecision, draft: Draft) -> str:
    """One of this station's changes the county has not decided on, as “联系电话”：本站改为 139…，县里也改过，
    冲突待县里处理；暂时显示县里的值 137…，不必重新填写。"""
    if conflict.kind == "delete-edit":
        said = QCoreApplication.translate(
            "CountyNews", "本站删除的%1在县里被改过，冲突待县里处理：县里会决定删除还是保留，处理后这里会显示结果。"
        ).replace("%1", _record_named(conflict))
    elif conflict.kind == "edit-deleted":
        said = QCoreApplication.translate(
            "CountyNews", "本站修改的%1已被县里删除，冲突待县里处理：县里会决定是否恢复，处理后这里会显示结果。"
        ).replace("%1", _record_named(conflict))
    else:
        said = (
            QCoreApplication.translate(
                "CountyNews",
                "%1：本站改为 %2，县里也改过，冲突待县里处理；暂时显示县里的值 %3。本站的修改没有丢失，不必重新填写，"
                "县里处理后这里会显示结果。",
            )
            .replace("%1", _field_named(conflict, draft))
            .replace("%2", _shown(conflict, conflict.station_value, draft))
            .replace("%3", _shown(conflict, conflict.value, draft))
        )
    return said


def _shown(conflict: CountyDecision, value: Any, draft: Draft) -> str:
    """A value as the form shows it: a site, a member or a household by name, not by id; the county's own
    questions (one field, ``extra``) each by its label."""
    if conflict.field == "household_id" and value == draft.household.id:
        return QCoreApplication.translate("CountyNews", "本户")
    if conflict.field == "household_id" and value:
        named = conflict.names.get(str(value))
        return (
            QCoreApplication.translate("CountyNews", "户主为%1的一户").replace("%1", named)
            if named
            else QCoreApplication.translate("CountyNews", "另一户")
        )
    if conflict.field in ("site_id", "member_id") and value:
        return conflict.names.get(str(value)) or dict(draft.sites).get(str(value)) or _unnamed(conflict.field)
    if conflict.field == "extra" and isinstance(value, dict):
        return QCoreApplication.translate("CountyNews", "；").join(
            QCoreApplication.translate("CountyNews", "“%1”：%2")
            .replace("%1", _label(conflict.record_table, key, draft))
            .replace("%2", show_value(answer))
            for key, answer in value.items()
        ) or show_value(None)
    return show_value(value)


def _unnamed(field: str) -> str:
    """A site or member this station does not hold (another station's): said so, rather than its id."""
    if field == "site_id":
        return QCoreApplication.translate("CountyNews", "别的工作站的安置点")
    return QCoreApplication.translate("CountyNews", "另一名成员")


def _record_named(conflict: CountyDecision) -> str:
    """The record a conflict is on, as the worker knows it: 本户, 成员王小, and a job, visit or measure as the 检查结果
    name it (王大的就业记录（外出务工，2025-03起）, 2026-05-01的走访); read even when it is gone from the household
    (`CountyDecision.record_words`)."""
    table = conflict.record_table
    if table == "households":
        return QCoreApplication.translate("CountyNews", "本户")
    if table == "members":
        return (
            QCoreApplication.translate("CountyNews", "成员%1").replace("%1", conflict.person)
            if conflict.person
            else QCoreApplication.translate("CountyNews", "一名成员")
        )
    if conflict.record_words is not None:
        said = ui_text(*conflict.record_words)
        return said[:1].lower() + said[1:] if said.startswith("The ") else said  # inside a sentence here
    return {
        "employments": QCoreApplication.translate("CountyNews", "一条就业记录"),
        "visits": QCoreApplication.translate("CountyNews", "一条走访记录"),
        "measures": QCoreApplication.translate("CountyNews", "一条帮扶措施"),
    }.get(table) or ui_text(*words(TABLE_NAMES, table))


def _label(table: str, field: str, draft: Draft) -> str:
    """A field as the paper form labels it (the county's own questions too); one that is not a question on the form
    as the county's 冲突 page names it (`sync.county_words.FIELD_NAMES`)."""
    forms = [f for f in draft.questionnaire.forms if f.table == table]
    item = forms[0].by_name.get(field) if forms else None
    return text_of(item.label) if item is not None else ui_text(*words(FIELD_NAMES, field))


def _field_named(decision: CountyDecision, draft: Draft) -> str:
    """The field as the form labels it, on the record it belongs to: “联系电话”, 王小的“文化程度”,
    王大的就业记录（外出务工，2025-03起）中的“务工月收入”; a deletion as the question it is: 是否删除成员王小."""
    if decision.field == "deleted_at":
        return QCoreApplication.translate("CountyNews", "是否删除%1").replace("%1", _record_named(decision))
    label = QCoreApplication.translate("CountyNews", "“%1”").replace(
        "%1", _label(decision.record_table, decision.field, draft)
    )
    if decision.record_table == "households":
        return label
    if decision.record_table == "members" and decision.person:
        return QCoreApplication.translate("CountyNews", "%1的%2").replace("%1", decision.person).replace("%2", label)
    return (
        QCoreApplication.translate("CountyNews", "%1中的%2").replace("%1", _record_named(decision)).replace("%2", label)
    )
