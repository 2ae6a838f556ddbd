"""走访: the visits to the household, latest first, beside the visit form."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from .draft import Draft
from .records_panel import RecordsPanel


class VisitsPanel(RecordsPanel):
    def __init__(self, make_detail: Callable[[str], QWidget], parent: QWidget | None = None) -> None:
        super().__init__("visits", make_detail, parent=parent)
        self.setAccessibleName(self.tr("走访"))
        self.set_texts(
            [self.tr("走访日期"), self.tr("走访人"), self.tr("走访结果")],
            self.tr("新增走访(&V)"),
            self.tr("删除走访"),
            self.tr("暂无走访记录。每次入户或电话核实后，点“新增走访”记一笔。"),
        )

    def refresh(self, draft: Draft) -> None:
        rows = []
        for visit in draft.records("visits"):
            v = visit.values
            rows.append((visit.id, [self.cell(v.get(name)) for name in ("visited_on", "surveyor", "outcome")]))
        self.set_rows(rows)
