"""帮扶措施: the follow-up measures of the household, beside the measure form.

A 零就业 household (labour, nobody employed) needs an open measure with a due date before it can be marked
已完成; the list says which measures are open and by when.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtWidgets import QWidget

from forms.leaving import outcome_when_reopened

from .draft import Draft
from .records_panel import RecordsPanel


class MeasuresPanel(RecordsPanel):
    def __init__(self, make_detail: Callable[[str], QWidget], parent: QWidget | None = None) -> None:
        super().__init__("measures", make_detail, parent=parent)
        self.setAccessibleName(self.tr("帮扶措施"))
        self.set_texts(
            [self.tr("帮扶措施", "list column"), self.tr("帮扶对象"), self.tr("计划完成"), self.tr("状态")],
            self.tr("新增措施(&M)"),
            self.tr("删除措施"),
            self.tr("暂无帮扶措施。零就业家庭须有一项进行中的措施，并填写计划完成日期。"),
        )
        # The measure form is six short fields; the list gets the room, so its last column, the 状态 a worker acts
        # on (“已过计划完成日期 52 天”), is whole on a 1366×768 laptop at 125%: it read “已过…”, with the form's
        # fields half empty beside it.
        self.splitter.setSizes([560, 370])

    def refresh(self, draft: Draft, today: date) -> None:
        names = {m.id: str(m.values.get("name") or "") for m in draft.members}
        for gone in draft.left_members:  # a measure of one who left (减员) still names them
            names[gone.id] = self.tr("%1（已减员）").replace("%1", str(gone.values.get("name") or ""))
        rows = []
        for measure in draft.records("measures"):
            v = measure.values
            who = names.get(str(v.get("member_id")), "") if v.get("member_id") else self.tr("全户")
            rows.append((measure.id, [self.cell(v.get("kind")), who, self.cell(v.get("due_on")), self.state(v, today)]))
        self.set_rows(rows)

    def state(self, values: Mapping[str, object], today: date) -> str:
        """已完成 once closed; an open measure past its 计划完成日期 says by how long (the 待跟进 list shows it red)."""
        if values.get("closed_on"):
            outcome = values.get("outcome")
            if isinstance(outcome, str) and outcome_when_reopened(outcome) is not None:
                return self.tr("减员结束")  # not done: the person it was for left the household
            return self.tr("已完成")
        due = values.get("due_on")
        if isinstance(due, date) and due < today:
            return self.tr("已过计划完成日期 %n 天", "", (today - due).days)
        return self.tr("进行中")
