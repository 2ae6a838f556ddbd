"""The four pages of a household — 户信息, 家庭成员, 走访, 帮扶措施 — and where a record or a finding lives on them.

Ctrl+Tab walks the parts of a household in paper order, a member's 就业记录 included (`PARTS`), from wherever the
cursor is: a member's own tabs would otherwise keep Ctrl+Tab to themselves, and 走访 and 帮扶措施 were out of reach.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QWidget

from forms.findings import Finding
from forms.rules.labour import HEAD
from forms.settings import RuleSettings

from .draft import Draft
from .form_view import FormView
from .measures import MeasuresPanel
from .records_panel import RecordsPanel
from .roster import MemberDetail, RosterPanel
from .visits import VisitsPanel

TAB_HOUSEHOLD, TAB_MEMBERS, TAB_VISITS, TAB_MEASURES = range(4)
# The parts Ctrl+Tab / Ctrl+Shift+Tab walk: the pages, with the selected member's 成员信息 and 就业记录 as two.
HOUSEHOLD, MEMBER, SPELLS, VISITS, MEASURES = PARTS = ("household", "member", "spells", "visits", "measures")


class EditorTabs(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editor_tabs")
        self.household_view: FormView | None = None
        self.roster: RosterPanel | None = None
        self.visits: VisitsPanel | None = None
        self.measures: MeasuresPanel | None = None
        self.tabBar().setToolTip(self.part_hint())

    def part_hint(self) -> str:
        return self.tr("Ctrl+Tab 下一页，Ctrl+Shift+Tab 上一页（户信息、家庭成员、就业记录、走访、帮扶措施）")

    def fill(self, household: FormView, roster: RosterPanel, visits: VisitsPanel, measures: MeasuresPanel) -> None:
        """The pages (any made before are deleted); the editor keeps them from one household to the next."""
        self.clear_pages()
        self.household_view, self.roster, self.visits, self.measures = household, roster, visits, measures
        self.addTab(household, self.tr("户信息"))
        for page in (roster, visits, measures):
            self.addTab(page, "")

    def clear_pages(self) -> None:
        while self.count():
            widget = self.widget(0)
            self.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        self.household_view = self.roster = self.visits = self.measures = None

    def forget_records(self) -> None:
        """Drop the records' forms of the household left (the next household's are made as they are shown)."""
        for panel in (self.roster, self.visits, self.measures):
            if panel is not None:
                panel.forget_details()

    def refresh(self, draft: Draft, settings: RuleSettings, today: date) -> None:
        """Refill the lists from the draft and put the counts in the tab titles."""
        if self.roster is None or self.visits is None or self.measures is None:
            return
        self.roster.refresh(draft, settings, today)
        self.visits.refresh(draft)
        self.measures.refresh(draft, today)
        for member in draft.members:
            detail = self.roster.detail(member.id)
            if isinstance(detail, MemberDetail):
                detail.spells.refresh(draft)
                detail.show_spells(len(draft.spells_of(member.id)))
        titles = (self.tr("家庭成员"), self.tr("走访"), self.tr("帮扶措施"))
        counts = (len(draft.members), len(draft.records("visits")), len(draft.records("measures")))
        for index, (text, count) in enumerate(zip(titles, counts, strict=True), start=TAB_MEMBERS):
            self.setTabText(index, self.tr("%1（%2）").replace("%2", str(count)).replace("%1", text))

    def show_record(self, draft: Draft, views: Mapping[str, FormView], record_id: str) -> FormView | None:
        """Bring a record's form on screen (its tab; for a spell, its member) and return it."""
        record = draft.get(record_id)
        if record is None or self.roster is None or self.visits is None or self.measures is None:
            return None
        if record.table == "households":
            self.setCurrentIndex(TAB_HOUSEHOLD)
        elif record.table == "members":
            self.setCurrentIndex(TAB_MEMBERS)
            detail = self.roster.select(record_id)
            if isinstance(detail, MemberDetail):
                detail.setCurrentIndex(0)
        elif record.table == "employments":
            self.setCurrentIndex(TAB_MEMBERS)
            detail = self.roster.select(str(record.parent_id))
            if isinstance(detail, MemberDetail):
                detail.setCurrentIndex(1)
                detail.spells.select(record_id)
        else:
            panel = self.visits if record.table == "visits" else self.measures
            self.setCurrentWidget(panel)
            panel.select(record_id)
        return views.get(record_id)

    def jump_to(self, draft: Draft, views: Mapping[str, FormView], finding: Finding) -> None:
        """Put the cursor where a finding points: its record's form, at its first field that can be typed in."""
        fields = list(finding.fields)
        target = finding.record_id
        if finding.record_table == "households" and finding.record_id == draft.id:
            if "measures" in fields:
                self._jump_to_measures(draft, views)
                return
            household_fields = draft.questionnaire.form("household").by_name
            if not any(name in household_fields for name in fields) and draft.members:
                # A household rule about its members (one 户主): go to the head, or to the first member.
                heads = [m for m in draft.members if m.values.get("relation") == HEAD]
                target = (heads or draft.members)[0].id
        view = self.show_record(draft, views, target)
        if view is not None and not any(view.focus_field(name) for name in fields):
            view.focus_first()

    def _jump_to_measures(self, draft: Draft, views: Mapping[str, FormView]) -> None:
        """The 零就业 rule asks for an open measure with a due date: go to one without a date, or offer a new one."""
        if self.measures is None:
            return
        self.setCurrentWidget(self.measures)
        for record in draft.records("measures"):
            if not record.values.get("closed_on") and not record.values.get("due_on"):
                view = self.show_record(draft, views, record.id)
                if view is not None and view.focus_field("due_on"):
                    return
        self.measures.add_button.setFocus()

    # ---- the parts Ctrl+Tab walks -------------------------------------------------------------------------------

    def part(self) -> str:
        """The part on screen."""
        index = self.currentIndex()
        if index == TAB_MEMBERS:
            detail = self.roster.current_detail() if self.roster is not None else None
            return SPELLS if isinstance(detail, MemberDetail) and detail.currentIndex() == 1 else MEMBER
        return {TAB_VISITS: VISITS, TAB_MEASURES: MEASURES}.get(index, HOUSEHOLD)

    def show_part(self, part: str) -> QWidget | None:
        """Bring a part on screen and return where the cursor goes by default there: the household's first
        question, or a list (its 新增 button while it is empty). None if the part cannot be shown (就业记录 with
        no member)."""
        if self.household_view is None or self.roster is None or self.visits is None or self.measures is None:
            return None
        if part == HOUSEHOLD:
            self.setCurrentIndex(TAB_HOUSEHOLD)
            return self.household_view.first_target() or self.tabBar()
        if part in (MEMBER, SPELLS):
            detail = self.roster.current_detail()
            if part == SPELLS and not isinstance(detail, MemberDetail):
                return None
            self.setCurrentIndex(TAB_MEMBERS)
            if not isinstance(detail, MemberDetail):
                return self.roster.entry()
            detail.setCurrentIndex(1 if part == SPELLS else 0)
            return (detail.spells if part == SPELLS else self.roster).entry()
        panel: RecordsPanel = self.visits if part == VISITS else self.measures
        self.setCurrentWidget(panel)
        return panel.entry()

    def focus_part(self, part: str, remembered: QWidget | None = None) -> bool:
        """Show a part with the cursor where it was when the part was left (``remembered``), or at its start."""
        target = self.show_part(part)
        if target is None:
            return False
        if (
            remembered is not None
            and remembered.isVisible()
            and remembered.isEnabled()
            and self.isAncestorOf(remembered)
        ):
            target = remembered
        target.setFocus(Qt.FocusReason.TabFocusReason)
        return True
