"""就业记录: one member's employment spells, a list beside the spell form, and under it the spells deleted (恢复)."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from ..i18n import without_mnemonic
from .draft import Draft, EditRecord
from .records_panel import RecordsPanel


class SpellsPanel(RecordsPanel):
    """The spells of one member; a spell without an end month is ongoing."""

    bring_back_requested = Signal(str)  # 恢复 on a deleted spell: back in the member's list

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
        # Under the list, the member's deleted spells, each with 恢复, as the roster offers those who left: a job
        # deleted by mistake and saved was out of Ctrl+Z's reach once the editor was closed, and had to be typed
        # again (at the county, a job a station deleted could not be brought back in the editor at all).
        self.removed_label = QLabel(self)
        self.removed_label.setObjectName("spells_removed")
        self.removed_label.setWordWrap(True)
        self.removed_label.setStyleSheet("color: #555")
        self.removed_label.linkActivated.connect(self.bring_back_requested)
        self.removed_label.hide()
        self._removed: list[tuple[str, str]] = []  # (id, 外出务工 2026-04 起 某某公司) of each deleted spell
        owner = self.table.parentWidget()
        side = owner.layout() if owner is not None else None
        assert isinstance(side, QVBoxLayout)
        side.insertWidget(1, self.removed_label)
        # The links are for the mouse; from the keyboard the same is a button after 新增 and 删除 (Tab, or Alt+B —
        # bring back — from anywhere on the page: Alt+R is 恢复成员's and Alt+H 修改记录's, on screen with it).
        self.bring_back_button = QPushButton(self.tr("恢复就业记录(&B)…"), self)
        self.bring_back_button.setObjectName("spells_bring_back")
        self.bring_back_button.setAccessibleName(without_mnemonic(self.bring_back_button.text()).rstrip("…"))
        self.bring_back_button.setAutoDefault(True)
        self.bring_back_button.clicked.connect(self._choose_spell_to_bring_back)
        self.bring_back_button.hide()
        self.buttons.insertWidget(2, self.bring_back_button)
        QWidget.setTabOrder(self.remove_button, self.bring_back_button)

    def refresh(self, draft: Draft) -> None:
        self.set_rows([(spell.id, self.cells(spell)) for spell in draft.spells_of(self.member_id)])
        self._show_removed(draft)

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

    def spell_words(self, values: Mapping[str, object]) -> str:
        """A spell as the worker knows it, for the list of deleted ones and 恢复's question: 外出务工 2026-04 起
        某某公司 (what it has of the three)."""
        start = self.cell(values.get("start_month"))
        parts = [
            self.cell(values.get("form")),
            self.tr("%1 起").replace("%1", start) if start else "",
            self.cell(values.get("employer")),
        ]
        return " ".join(part for part in parts if part) or self.tr("（未填就业形式）")

    def _show_removed(self, draft: Draft) -> None:
        removed = draft.removed_spells_of(self.member_id)
        self._removed = [(spell.id, self.spell_words(spell.values)) for spell in removed]
        back = self.tr("恢复")
        links = [f'{html.escape(words)} <a href="{spell_id}">{back}</a>' for spell_id, words in self._removed]
        self.removed_label.setText(self.tr("已删除：%1").replace("%1", "；".join(links)))
        self.removed_label.setVisible(bool(links))
        self.bring_back_button.setVisible(bool(links))
        self.bring_back_button.setEnabled(not self.read_only)

    def _choose_spell_to_bring_back(self) -> QMenu | None:
        """恢复就业记录: the one deleted, or, when several were, a list of them under the button (arrows and Enter)."""
        if len(self._removed) == 1:
            self.bring_back_requested.emit(self._removed[0][0])
            return None
        menu = QMenu(self)
        menu.setObjectName("spells_bring_back_menu")
        for spell_id, words in self._removed:
            action = menu.addAction(words.replace("&", "&&"))
            action.triggered.connect(lambda _checked=False, chosen=spell_id: self.bring_back_requested.emit(chosen))
        menu.setActiveAction(menu.actions()[0])
        menu.popup(self.bring_back_button.mapToGlobal(QPoint(0, self.bring_back_button.height())))
        return menu
