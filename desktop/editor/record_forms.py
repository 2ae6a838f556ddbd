"""The forms of a household's records in the editor: made as they are first shown (`FormView`), kept for the next
household's records of their kind, given the session's answers and findings, and their edits sent back to the
session — with where Enter goes from a form's last field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from forms.fieldchecks import form_state
from forms.questionnaire import Field

from .form_view import FormView
from .records_panel import RecordsPanel
from .roster import MemberDetail
from .spells import SpellsPanel
from .tabs import TAB_MEMBERS

if TYPE_CHECKING:
    from .household_editor import HouseholdEditor

RECORD = "record_id"  # the property of a form that says which record it shows


class RecordForms(QObject):
    def __init__(self, editor: HouseholdEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def make(self, record_id: str) -> FormView:
        """The form of one record, showing its answers and bound to the session."""
        editor = self.editor
        draft = editor.draft
        record = draft.record(record_id)
        view = FormView(draft.questionnaire, record.form_name, self.options, editor)
        # Bound to the record it shows now (`RECORD`): a form is kept for the next household's record of its kind.
        view.edited.connect(lambda name, value, v=view: self.edited(v.property(RECORD), name, value))
        view.committed.connect(lambda name, value, v=view: self.committed(v.property(RECORD), name, value))
        view.finished.connect(lambda v=view: self.form_finished(v.property(RECORD)))
        self.show_in(view, record_id)
        return view

    def reuse(self, widget: QWidget, record_id: str) -> bool:
        """A visit's or measure's form of the last household, for one of this household (`RecordsPanel`)."""
        editor = self.editor
        record = editor.draft.get(record_id)
        if not isinstance(widget, FormView) or record is None or widget.form.name != record.form_name:
            return False
        self.show_in(widget, record_id, kept=True)
        return True

    def show_in(self, view: FormView, record_id: str, *, kept: bool = False) -> None:
        """Show a record in a form: new, or ``kept`` from the last household, where everything it showed (its
        answers, their undo, its choices of site and member, the questions shown, the findings) is replaced."""
        editor = self.editor
        draft = editor.draft
        view.setProperty(RECORD, record_id)
        if kept:
            for item in view.form.fields:
                if item.type in ("site", "member"):  # this household's (its own site may be another station's)
                    view.set_options(item.name, self.options(item))
            view.verticalScrollBar().setValue(0)
            view.horizontalScrollBar().setValue(0)
        view.set_values(draft.record(record_id).values)
        view.set_editable(editor.editable())
        editor.views[record_id] = view
        self.refresh_state(record_id)
        view.mark(f for f in editor.session.findings() if f.record_id == record_id)

    def member_detail(self, member_id: str) -> MemberDetail:
        editor = self.editor
        spells = SpellsPanel(member_id, self.make)
        spells.reuse_detail = self.reuse
        spells.add_requested.connect(lambda: editor.add_spell(spells.member_id))
        spells.remove_requested.connect(editor.removals.ask_remove)
        spells.enter_requested.connect(self.enter)
        spells.detail_added.connect(editor.findings_last)
        spells.bring_back_requested.connect(editor.removals.ask_bring_back_spell)
        spells.read_only = not editor.editable()
        detail = MemberDetail(member_id, self.make(member_id), spells)
        spells.refresh(editor.draft)
        detail.show_spells(len(editor.draft.spells_of(member_id)))
        return detail

    def reuse_member_detail(self, widget: QWidget, member_id: str) -> bool:
        """A member's page of the last household (成员信息 and 就业记录), for a member of this household."""
        editor = self.editor
        if not isinstance(widget, MemberDetail) or editor.draft.get(member_id) is None:
            return False
        widget.member_id = widget.spells.member_id = member_id
        widget.spells.forget_details()  # the last member's jobs: their forms are kept for this member's
        widget.spells.read_only = not editor.editable()
        self.show_in(widget.view, member_id, kept=True)
        widget.setCurrentIndex(0)
        widget.spells.refresh(editor.draft)
        widget.show_spells(len(editor.draft.spells_of(member_id)))
        return True

    def options(self, item: Field) -> list[tuple[object, str]]:
        editor = self.editor
        draft = editor.draft
        if item.type == "site":
            return list(draft.sites)
        if item.type == "member":
            return [(m.id, str(m.values.get("name") or self.tr("（未填姓名）"))) for m in draft.members]
        choices = draft.questionnaire.choices.get(item.choices or "")
        return [(c.value, c.value) for c in choices.items] if choices else []

    def refresh_state(self, record_id: str) -> None:
        """Which of a record's questions are shown and required, after its answers changed."""
        editor = self.editor
        view = editor.views.get(record_id)
        record = editor.draft.get(record_id)
        if view is not None and record is not None:
            questionnaire = editor.draft.questionnaire
            view.apply_state(form_state(questionnaire, record.form_name, record.values, today=editor.session.today))

    def edited(self, record_id: str, name: str, value: object) -> None:
        editor = self.editor
        derived = editor.session.edit(record_id, name, value)
        view = editor.views.get(record_id)
        if view is not None:
            for other, new in derived.items():
                view.show_value(other, new)
        self.refresh_state(record_id)
        editor.refresh_findings()

    def committed(self, record_id: str, name: str, value: object) -> None:
        editor = self.editor
        self.edited(record_id, name, value)
        editor.session.commit(record_id, name)
        editor.saving.show_committed()
        editor.refresh_lists()
        record = editor.draft.get(record_id)
        if record is not None and record.table == "members" and name == "name":
            self.refresh_member_choices()

    def refresh_member_choices(self) -> None:
        editor = self.editor
        options = self.options(editor.draft.questionnaire.form("measure").by_name["member_id"])
        for record in editor.draft.records("measures"):
            view = editor.views.get(record.id)
            if view is not None:
                view.set_options("member_id", options)

    def form_finished(self, record_id: str) -> None:
        """Enter on a form's last field: a member's form goes on to their spells, the household's to the roster."""
        editor = self.editor
        record = editor.draft.get(record_id)
        if record is None or editor.roster is None:
            return
        if record.table == "households":
            editor.tabs.setCurrentIndex(TAB_MEMBERS)
            editor.roster.entry().setFocus()  # 新增成员 while there is nobody yet: Enter there adds the first
        elif record.table == "members":
            detail = editor.roster.detail(record_id)
            if isinstance(detail, MemberDetail):
                detail.setCurrentIndex(1)
                detail.spells.entry().setFocus()
        else:  # a spell, a visit, a measure: back to its list, where Tab reaches 新增 for the next one
            panel = self.panel_of(record_id)
            if panel is not None:
                panel.table.setFocus()

    def panel_of(self, record_id: str) -> RecordsPanel | None:
        """The list a spell, visit or measure is shown in."""
        editor = self.editor
        record = editor.draft.get(record_id)
        if record is None or editor.roster is None:
            return None
        if record.table == "employments":
            detail = editor.roster.detail(str(record.parent_id))
            return detail.spells if isinstance(detail, MemberDetail) else None
        return {"visits": editor.visits, "measures": editor.measures}.get(record.table)

    def enter(self, record_id: str) -> None:
        """Enter on a record in its list: the cursor into its form."""
        editor = self.editor
        view = editor.views.get(record_id)
        if view is not None:
            view.focus_first()
