"""What the county said about a household, for the editor's banner: the comment of a 退回 (what to fix, the reason
the household is open again), this station's changes to it that clashed with the county's and wait for the clerk
(the record shows the county's value meanwhile), and its recent decisions on the household's conflicts, with the
clerk's notes. All come with the return file (`storage.CountyReview`, `storage.CountyDecision`); before, no screen
of the station showed them, and a worker saw their own edit undone without a word.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..county.common import local_time, show_value
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
    value = decision.value
    if decision.field == "deleted_at":
        value = (
            QCoreApplication.translate("CountyNews", "保留（未删除）")
            if value is None
            else QCoreApplication.translate("CountyNews", "删除")
        )
    elif decision.field == "site_id":
        value = dict(draft.sites).get(str(value), value)
    text = (
        QCoreApplication.translate("CountyNews", "县里处理了%1的冲突（%2，%3），%4：%5。")
        .replace("%1", _field_named(decision, draft))
        .replace("%2", decision.by)
        .replace("%3", local_time(decision.at))
        .replace("%4", taken)
        .replace("%5", show_value(value))
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
        ).replace("%1", _record_named(conflict, draft))
    elif conflict.kind == "edit-deleted":
        said = QCoreApplication.translate(
            "CountyNews", "本站修改的%1已被县里删除，冲突待县里处理：县里会决定是否恢复，处理后这里会显示结果。"
        ).replace("%1", _record_named(conflict, draft))
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


def _shown(conflict: CountyDecision, value: object, draft: Draft) -> str:
    if conflict.field == "site_id":
        value = dict(draft.sites).get(str(value), value)
    return show_value(value)


def _record_named(conflict: CountyDecision, draft: Draft) -> str:
    """The record a delete clashed over: 本户, a member by name, or the kind of record."""
    record = draft.get(conflict.record_id)
    if conflict.record_table == "members" and record is not None and record.values.get("name"):
        return QCoreApplication.translate("CountyNews", "成员%1").replace("%1", str(record.values["name"]))
    return {
        "households": QCoreApplication.translate("CountyNews", "本户"),
        "members": QCoreApplication.translate("CountyNews", "一名成员"),
        "employments": QCoreApplication.translate("CountyNews", "一条务工记录"),
        "visits": QCoreApplication.translate("CountyNews", "一条走访记录"),
        "measures": QCoreApplication.translate("CountyNews", "一条帮扶措施"),
    }.get(conflict.record_table, conflict.record_table)


def _field_named(decision: CountyDecision, draft: Draft) -> str:
    """The field as the form labels it, with the person it belongs to: “联系电话”, 张三的“文化程度”."""
    forms = [f for f in draft.questionnaire.forms if f.table == decision.record_table]
    item = forms[0].by_name.get(decision.field) if forms else None
    if item is not None:
        label = text_of(item.label)
    elif decision.field == "status":  # not a question on the form
        label = QCoreApplication.translate("CountyNews", "状态")
    else:
        label = decision.field
    record = draft.get(decision.record_id)
    if decision.record_table == "members" and record is not None and record.values.get("name"):
        return (
            QCoreApplication.translate("CountyNews", "%1的“%2”")
            .replace("%1", str(record.values["name"]))
            .replace("%2", label)
        )
    return QCoreApplication.translate("CountyNews", "“%1”").replace("%1", label)
