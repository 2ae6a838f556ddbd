"""删除, 减员 and 恢复 in the editor: a record removed after a confirmation (a member leaves with a reason and a
date, `LeaveDialog`), what that did to the household said on the banner, 撤销删除 (Ctrl+Z) for the removals of this
visit to the household, and 恢复… for a member or a job removed before."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from forms.leaving import LEFT_REASONS, SPLIT_OFF
from forms.rules.household_rules import household_figures

from ..page_parts import confirm
from .dialogs import LeaveDialog
from .draft import EditRecord
from .records_panel import RecordsPanel
from .spells import SpellsPanel

if TYPE_CHECKING:
    from .household_editor import HouseholdEditor


class Removals(QObject):
    def __init__(self, editor: HouseholdEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.removed: list[str] = []  # what this household lost to 删除, the last first back (撤销删除)

    def forget(self) -> None:
        """Another household: what the last one lost is undone there, not here."""
        self.removed.clear()
        self.show_undo()

    def ask_remove(self, record_id: str) -> None:
        """Remove a record after a confirmation; it is tombstoned (synced records are never deleted)."""
        editor = self.editor
        record = editor.draft.get(record_id)
        if record is None or not editor.editable():
            return
        if record.table == "members":
            self.ask_member_leaves(record_id)
            return
        what = self.tr("这条就业记录") if record.table == "employments" else self.tr("这条记录")
        confirm(
            editor,
            "confirm_remove",
            QMessageBox.Icon.Question,
            self.tr("删除"),
            self.tr("确定删除%1吗？删除后不计入统计，但会保留在修改记录中。").replace("%1", what),
            (self.tr("删除(&D)"), self.tr("取消(&C)")),
            lambda: self.remove(record_id),
        )

    def ask_member_leaves(self, member_id: str) -> LeaveDialog | None:
        """减员: a member leaves the household (died, married out, 户籍 moved, 分户 …) — removed with the reason,
        which the county needs to explain the drop in 人数."""
        editor = self.editor
        record = editor.draft.get(member_id)
        if record is None or not editor.editable():
            return None
        name = str(record.values.get("name") or "") or self.tr("这名成员")
        born = record.values.get("birth_date")
        dialog = LeaveDialog(
            name,
            LEFT_REASONS,
            editor,
            more=self._leaving_means(member_id),
            today=editor.session.dated_today,
            born=born if isinstance(born, date) else None,
        )
        dialog.accepted.connect(lambda: self.remove(member_id, dialog.reason(), dialog.left_on()))
        dialog.open()
        return dialog

    def _leaving_means(self, member_id: str) -> str:
        """What else a 减员 does, said before it is done: the member's open measures end, the last member leaves."""
        editor = self.editor
        said = ""
        open_measures = [m for m in editor.draft.measures_of(member_id) if not m.values.get("closed_on")]
        if open_measures:
            said += self.tr("其 %n 项进行中的帮扶措施将随之结束（完成日期记为减员日期）。", "", len(open_measures))
        if [m.id for m in editor.draft.members] == [member_id]:
            said += self.tr("%1 是本户最后一名成员：减员后如全户已搬离安置点，请作废本户。").replace(
                "%1", str(editor.draft.record(member_id).values.get("name") or "")
            )
        return said

    def remove(self, record_id: str, left_reason: str | None = None, left_on: date | None = None) -> None:
        editor = self.editor
        # A member's form and their spells' forms go with the member's page.
        editor.part_focus.clear()  # it may have been in the form going now
        for gone in [record_id, *(spell.id for spell in editor.draft.spells_of(record_id))]:
            editor.views.pop(gone, None)
        was_zero, status = self._zero_employment(), editor.draft.status
        closed = editor.session.remove(record_id, left_reason, left_on)
        self._show_measures_changed(closed)
        self.removed.append(record_id)
        self.show_undo()
        if left_reason == SPLIT_OFF:  # the family split off still lives at the site: 分户 keeps them and their jobs
            said = self.tr(
                "已减员（分户）。如果分出的一户仍住在安置点，请按“撤销删除”（Ctrl+Z）恢复，再用“分户…”：成员连同就业记录"
                "转到新户，不用重新录入。"
            )
        elif left_reason:  # what else the 减员 did, then how to take it back
            said = self.tr("已减员（%1）。").replace("%1", left_reason)
        else:
            said = self.tr("已删除。删错了可以按“撤销删除”（Ctrl+Z）恢复。")
        links = f'<a href="undo">{self.tr("撤销删除")}</a>'
        demoted = editor.draft.status != status  # a completed household back to 草稿: the session's warning says why
        if left_reason:
            said += self._after_leaving(record_id, closed, was_zero, demoted)
            if left_reason != SPLIT_OFF:
                said += self.tr("选错了可以按“撤销删除”（Ctrl+Z）恢复。")
            if not editor.draft.members:
                void = self.tr("作废本户…")
                links += f' <a href="void">{void}</a>'
        elif demoted:
            said += editor.not_complete
        editor.show_banner(f"{said} {links}")
        editor.say(said)
        editor.refresh_lists()
        editor.refresh_findings()
        panel = editor.tabs.currentWidget()
        if isinstance(panel, RecordsPanel):  # back on the list it was removed from (where Ctrl+Z is not a text undo)
            panel.table.setFocus()

    def _show_measures_changed(self, measures: Sequence[EditRecord]) -> None:
        """Measures a 减员 closed or a 恢复 reopened: their forms, if made already, show it."""
        editor = self.editor
        for measure in measures:
            view = editor.views.get(measure.id)
            if view is not None:
                for name in ("closed_on", "outcome"):
                    view.show_value(name, measure.values.get(name))
                editor.record_forms.refresh_state(measure.id)

    def _zero_employment(self) -> bool:
        editor = self.editor
        return household_figures(editor.draft.bundle(), editor.session.settings, editor.session.today).zero_employment

    def _after_leaving(self, member_id: str, closed: Sequence[EditRecord], was_zero: bool, demoted: bool) -> str:
        """What the 减员 did to the household besides: its measures ended, nobody left, or nobody employed now (and
        so a completed household back to 草稿)."""
        editor = self.editor
        said = ""
        if closed:
            said += self.tr("其 %n 项帮扶措施已随之结束。", "", len(closed))
        elif editor.session.dated_today is None and any(
            not m.values.get("closed_on") for m in editor.draft.measures_of(member_id)
        ):
            said += self.tr("电脑日期可能不对，其帮扶措施没有自动结束：请在“帮扶措施”中填写完成日期。")
        if not editor.draft.members:
            said += self.tr("本户已没有成员，但仍计入户数：如全户已搬离安置点，请作废本户，作废原因写明去向。")
        elif demoted:
            said += editor.not_complete
        elif self._zero_employment() and not was_zero:
            said += self.tr("本户现在有劳动力但无人就业（零就业家庭）：请添加帮扶措施并填写计划完成日期。")
        return said

    def undo_remove(self) -> None:
        """Bring back the record removed last (a member comes back with their employment); on a household just
        split off with nothing removed since, take the split back (撤销分户)."""
        editor = self.editor
        if not self.removed and editor.split_flow.done is not None:
            editor.split_flow.undo()
            return
        if not self.removed or not editor.editable():
            return
        self.bring_back(self.removed[-1])

    def ask_bring_back(self, member_id: str) -> QMessageBox | None:
        """恢复 a member who left (减员): one who moved back, or removed by mistake after Ctrl+Z could reach it. They
        come back as they were, with their jobs, and the 减员原因 and 减员日期 are cleared (the history keeps them)."""
        editor = self.editor
        record = editor.draft.get(member_id)
        if record is None or not record.deleted:
            return None
        if not editor.editable():  # a 恢复 link under the roster: it is a link still, so it says why not
            editor.say(editor.read_only_reason())
            return None
        name = str(record.values.get("name") or "")
        text = self.tr(
            "让%1回到本户吗？搬回本户，或减员操作有误时恢复：其信息和就业记录照旧，减员原因和减员日期清除。"
        ).replace("%1", name)
        reopening = len(editor.draft.closed_by_leaving(member_id))
        if reopening:
            text += self.tr("因减员而结束的 %n 项帮扶措施将重新进行。", "", reopening)
        return confirm(
            editor,
            "confirm_bring_back",
            QMessageBox.Icon.Question,
            self.tr("恢复成员"),
            text,
            (self.tr("恢复(&R)"), self.tr("取消(&C)")),
            lambda: self.bring_back(member_id),
        )

    def ask_bring_back_spell(self, spell_id: str) -> QMessageBox | None:
        """恢复 a spell deleted (a job deleted by mistake, here or elsewhere, found after Ctrl+Z could reach it): it
        comes back as it was, in the member's list and the counts, and reaches the county as any change does."""
        editor = self.editor
        record = editor.draft.get(spell_id)
        if record is None or record.table != "employments" or not record.deleted:
            return None
        if not editor.editable():  # a 恢复 link under the list: it is a link still, so it says why not
            editor.say(editor.read_only_reason())
            return None
        panel = editor.record_forms.panel_of(spell_id)
        words = panel.spell_words(record.values) if isinstance(panel, SpellsPanel) else ""
        member = editor.draft.get(str(record.parent_id))
        name = str(member.values.get("name") or "") if member is not None else ""
        return confirm(
            editor,
            "confirm_bring_back_spell",
            QMessageBox.Icon.Question,
            self.tr("恢复就业记录"),
            self.tr("恢复%1的这条就业记录吗？\n%2\n恢复后照删除前的内容重新计入就业情况和统计，并同步到县里。")
            .replace("%1", name)
            .replace("%2", words),
            (self.tr("恢复(&R)"), self.tr("取消(&C)")),
            lambda: self.bring_back(spell_id),
        )

    def bring_back(self, record_id: str) -> None:
        editor = self.editor
        if record_id in self.removed:
            self.removed.remove(record_id)
        reopened = editor.session.bring_back(record_id)
        self._show_measures_changed(reopened)
        self.show_undo()
        editor.banner.hide()
        editor.refresh_lists()
        editor.refresh_findings()
        editor.show_record(record_id)
        said = self.tr("已恢复。")
        if reopened:
            said += self.tr("因减员而结束的 %n 项帮扶措施已重新进行。", "", len(reopened))
        editor.say(said)

    def show_undo(self) -> None:
        """撤销删除 (Ctrl+Z) is on while there is something to take back: a removal, or a split just made."""
        editor = self.editor
        editor.shortcut_actions["undo_remove"].setEnabled(bool(self.removed) or editor.split_flow.done is not None)
