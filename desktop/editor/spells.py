"""就业记录: one member's employment spells, a list beside the spell form."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from .draft import Draft, EditRecord
from .records_panel import RecordsPanel


class SpellsPanel(RecordsPanel):
    """The spells of one member; a spell without an end month is ongoing."""

    def __init__(self, member_id: str, make_detail: Callable[[str], QWidget], parent: QWidget | None = None) -> None:
        super().__init__("spells", make_detail, orientation=Qt.Orientation.Vertical, parent=parent)
        self.member_id = member_id
        self.setAccessibleName(self.tr("就业记录"))
        self.set_texts(
            [self.tr("就业形式"), self.tr("务工地域"), self.tr("开始"), self.tr("结束"), self.tr("月收入（元）")],
            self.tr("新增就业记录(&J)"),
            self.tr("删除就业记录"),
            self.tr("暂无就业记录。有工作的成员请点“新增就业记录”，填写就业形式和开始时间；仍在就业的，结束时间留空。"),
        )

    def refresh(self, draft: Draft) -> None:
        self.set_rows([(spell.id, self.cells(spell)) for spell in draft.spells_of(self.member_id)])

    def cells(self, spell: EditRecord) -> list[str]:
        v = spell.values
        end = self.cell(v.get("end_month")) or self.tr("至今")
        return [
            self.cell(v.get("form")),
            self.cell(v.get("place_scope")),
            self.cell(v.get("start_month")),
            end,
            self.cell(v.get("monthly_income")),
        ]
