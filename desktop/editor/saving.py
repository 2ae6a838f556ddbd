"""Saving, as the editor shows it: every committed field is saved on its own (`EditSession`), and the line beside
the title says so (正在保存…… / 已保存 hh:mm:ss / 未保存); a new household is written only with its site, and the
banner says so until it is chosen. Leaving a household whose changes are not on disk (Esc, Ctrl+PgDown) asks first:
they would be lost without a word."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from ..page_parts import confirm
from .draft import FORM_OF_TABLE
from .widgets import text_of

if TYPE_CHECKING:
    from .household_editor import HouseholdEditor


class Saving(QObject):
    def __init__(self, editor: HouseholdEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.no_site = ""  # a new household not saved for want of a site: off the banner once it is chosen

    def show_committed(self) -> None:
        """A field committed: being saved, or, on a new household without its site, not saved and why."""
        editor = self.editor
        if editor.draft.household.stored:
            editor.save_state.setText(self.tr("正在保存……"))
            if editor.banner.text() == self.no_site:  # the site is chosen: everything typed is being saved
                editor.banner.hide()
        else:  # a new household is written with its site; until then nothing of it is on disk
            editor.save_state.setText(self.tr("未保存"))
            self.no_site = self.tr("这一户还没有保存：请先选择“%1”，选好后已填写的内容会一起保存。").replace(
                "%1", self.site_label()
            )
            editor.show_banner(self.no_site)

    def save_draft(self) -> None:
        """Ctrl+S: commit the field being typed and save now (everything else is saved already)."""
        editor = self.editor
        editor.flush()
        if not editor.session.saving:
            self.on_saved(editor.household_id or "")

    def request_next(self) -> None:
        editor = self.editor
        editor.flush()
        if editor.household_id is not None:
            household_id = editor.household_id
            if editor.session.unsaved:
                self.ask_leave_not_saved(lambda: editor.next_requested.emit(household_id))
                return
            editor.next_requested.emit(household_id)

    def request_back(self) -> None:
        editor = self.editor
        editor.flush()
        if self.unsaved_new_household():
            self.ask_leave_unsaved()
            return
        if editor.session.unsaved:
            self.ask_leave_not_saved(editor.back_requested.emit)
            return
        editor.back_requested.emit()

    def ask_leave_not_saved(self, leave: Callable[[], object]) -> QMessageBox:
        """Esc or Ctrl+PgDown after a save failed (a full disk): the changes are only in this window, and going to
        another household dropped them without a word."""
        return confirm(
            self.editor,
            "confirm_leave_not_saved",
            QMessageBox.Icon.Warning,
            self.tr("这一户的修改没有保存"),
            self.tr(
                "这一户最近的修改没有保存（原因见本户上方的提示，如磁盘已满），离开会丢失这些修改。"
                "请先解决问题（如腾出磁盘空间），按 Ctrl+S，看到“已保存”后再离开。"
            ),
            (self.tr("丢弃修改并离开(&D)"), self.tr("留在本户(&S)")),
            leave,
        )

    def unsaved_new_household(self) -> bool:
        """A new household with answers typed that is not on disk: it is written only once its site is chosen."""
        editor = self.editor
        draft = editor.session.draft
        return draft is not None and not draft.household.stored and bool(draft.dirty)

    def site_label(self) -> str:
        editor = self.editor
        return text_of(editor.draft.questionnaire.form(FORM_OF_TABLE["households"]).by_name["site_id"].label)

    def ask_leave_unsaved(self) -> QMessageBox:
        """Esc on a new household whose site was never chosen: what was typed would be lost without a word."""
        editor = self.editor
        return confirm(
            editor,
            "confirm_leave_unsaved",
            QMessageBox.Icon.Warning,
            self.tr("这一户还没有保存"),
            self.tr("这一户还没有选择“%1”，所以填写的内容一项也没有保存。离开会丢弃这些内容。").replace(
                "%1", self.site_label()
            ),
            (self.tr("丢弃并离开(&D)"), self.tr("选择安置点(&P)")),
            editor.back_requested.emit,
            lambda: editor.focus_field(editor.draft.id, "site_id"),
        )

    def on_saved(self, household_id: str) -> None:
        editor = self.editor
        if not editor.session.saving:
            editor.save_state.setText(self.tr("已保存 %1").replace("%1", datetime.now().strftime("%H:%M:%S")))
        editor.saved.emit(household_id)

    def on_save_failed(self, text: str) -> None:
        editor = self.editor
        editor.save_state.setText(self.tr("未保存"))
        editor.show_banner(text)
        editor.say(text)
