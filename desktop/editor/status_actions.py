"""What the editor asks before a household's status or a finding changes: 标记已完成 (refused, saying what stands
in the way, and the cursor taken there), 作废 with its reason (by a 站长 or the county), and 接受 of a finding with
its reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from forms.findings import Finding
from forms.rules.overrides import ADMIN_ROLES

from .dialogs import ReasonDialog
from .session import APPROVED
from .widgets import text_of

if TYPE_CHECKING:
    from .household_editor import HouseholdEditor


class StatusActions(QObject):
    def __init__(self, editor: HouseholdEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def mark_complete(self) -> None:
        """Ctrl+Enter: 已完成, unless an error or the 零就业 rule stands in the way (then go to it)."""
        editor = self.editor
        if not editor.editable():
            return
        editor.flush()
        blocking = editor.session.complete()
        if not blocking:
            if editor.banner.text() == editor.not_complete:  # what the banner said stood in the way is gone
                editor.banner.hide()
            if editor.draft.status == APPROVED:
                editor.say(self.tr("本户已由县里审核通过（已审核），不用再标记为“已完成”。"))
            else:
                editor.say(self.tr("已标记为“已完成”。"))
            return
        first = blocking[0]
        more = self.tr("（另有 %1 项）").replace("%1", str(len(blocking) - 1)) if len(blocking) > 1 else ""
        refused = self.tr("还不能标记为“已完成”：%1%2").replace("%2", more).replace("%1", text_of(first))
        editor.not_complete = refused
        editor.say(refused)
        editor.show_banner(refused)
        for row, finding in enumerate(editor.findings_panel.findings):
            if (finding.code, finding.record_id) == (first.code, first.record_id):
                editor.findings_panel.select(row)
                break
        editor.jump_to(first)

    def ask_void(self) -> ReasonDialog | None:
        """作废, with a reason, by a 站长 or the county: a voided household leaves every count and list, 零就业 too,
        with nobody employed; a surveyor asks the 站长, as for accepting an error."""
        editor = self.editor
        if not editor.editable():
            return None
        if editor.account.role not in ADMIN_ROLES:
            # On the banner, not only the status bar: a newcomer who clicks 作废… and sees nothing happen clicks again.
            editor.tell(
                self.tr(
                    "只有站长或县级管理员可以作废住户。如果这户确属整户迁出、重复登记或误建，请告诉站长，写明原因后作废。"
                )
            )
            return None
        dialog = ReasonDialog(
            self.tr("作废本户"),
            self.tr(
                "作废后本户不再计入统计和待跟进名单，记录仍保留并同步到县里，列入“减员名单”。"
                "整户迁出安置点、重复登记或误建的住户才需要作废；只是有人去世、婚出、迁出或分户，请在家庭成员中为其减员。"
            ),
            self.tr("作废原因（必填，如：整户迁出至某县某地、重复登记）："),
            self.tr("作废(&V)"),
            editor,
        )
        dialog.accepted.connect(lambda: editor.session.void(dialog.text()))
        dialog.open()
        return dialog

    def ask_accept(self, finding: Finding) -> ReasonDialog | None:
        """接受 a finding, with the reason checked and reported; an error only by a 站长 or the county."""
        editor = self.editor
        if not finding.acceptable or finding.accepted or not editor.editable():
            return None
        if not editor.findings_panel.may_accept(finding):
            # Refused before a reason is typed, not after (accept_warning would refuse it).
            editor.say(self.tr("这个错误只能由站长或县级管理员填写原因后接受。请对照证件改正，或请站长核实后接受。"))
            return None
        dialog = ReasonDialog(
            self.tr("接受检查结果"),
            f"{finding.zh}\n{finding.en}",
            self.tr("核实情况与原因（必填，会记录并上报）："),
            self.tr("接受(&A)"),
            editor,
        )
        back = QApplication.focusWidget()
        dialog.accepted.connect(lambda: editor.session.accept(finding, dialog.text()))
        dialog.finished.connect(lambda _result: self._back_from_accept(finding, back))
        dialog.open()
        return dialog

    def _back_from_accept(self, finding: Finding, back: QWidget | None) -> None:
        """After 接受 (or 取消) the cursor goes back to the field it was in, or else to the field the finding is
        about. It fell to whatever followed the 接受 button in the Tab order (the roster), as accepting disables
        the button."""
        editor = self.editor
        if back is not None and editor.tabs.isAncestorOf(back) and back.isVisible() and back.isEnabled():
            back.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            editor.jump_to(finding)
