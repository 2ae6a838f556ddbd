"""走访: the visits to the household, latest first, beside the visit form.

A household visited every month has dozens of visits after a few years; the list shows each one's 备注 too, so
what was found on earlier visits reads down the list without opening them one by one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from .draft import Draft
from .records_panel import RecordsPanel

NOTES_COLUMN = 3


class VisitsPanel(RecordsPanel):
    def __init__(self, make_detail: Callable[[str], QWidget], parent: QWidget | None = None) -> None:
        super().__init__("visits", make_detail, parent=parent)
        self.setAccessibleName(self.tr("走访"))
        self.set_texts(
            [self.tr("走访日期"), self.tr("走访人"), self.tr("走访结果"), self.tr("备注")],
            self.tr("新增走访(&V)"),
            self.tr("删除走访"),
            self.tr("暂无走访记录。每次入户或电话核实后，点“新增走访”记一笔。"),
        )
        # The visit form is four fields; the list, with its notes, gets the room.
        self.splitter.setSizes([560, 370])

    def refresh(self, draft: Draft) -> None:
        rows = []
        notes = []
        for visit in draft.records("visits"):
            v = visit.values
            note = self.cell(v.get("notes"))
            notes.append(note)
            cells = [self.cell(v.get(name)) for name in ("visited_on", "surveyor", "outcome")]
            rows.append((visit.id, [*cells, " ".join(note.split())]))  # one line in the list
        self.set_rows(rows)
        for row, note in enumerate(notes):  # a long note, cut short in the list, is whole when pointed at
            item = self.table.item(row, NOTES_COLUMN)
            if item is not None:
                item.setToolTip(note)
