"""住户编辑: one household on one page — its fields, members and their spells, visits, measures — with the live
findings beside it and the actions of the door-to-door job on the keyboard.

Shortcuts (active while the focus is anywhere in the editor):
Ctrl+S save now · Ctrl+Enter mark 已完成 · Ctrl+N new member · F8 next finding · Ctrl+PgDown next household ·
Ctrl+Tab / Ctrl+Shift+Tab the next / previous part (户信息, 家庭成员, 就业记录, 走访, 帮扶措施) · Esc back to the list ·
Ctrl+H 修改记录 (`history_view`) · Ctrl+P 打印户表 (`household_sheet`); and the Alt+letter of the toolbar's and
the lists' buttons (保存草稿(&S) …). Every committed field is saved on its own (`EditSession`), so Ctrl+S is a
reassurance, not a duty.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QHideEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from forms.findings import Finding
from forms.questionnaire import Questionnaire
from forms.rules.labour import VOID
from forms.rules.overrides import ADMIN_ROLES
from forms.store import Store
from forms.users import Account

from ..tasks import TaskRunner
from .county_news import decision_text, returned_text
from .dialogs import LeaveDialog, ReasonDialog
from .draft import Draft
from .findings_panel import FindingsPanel
from .form_view import FormView
from .heading import HouseholdHeading, TitleLabel
from .history_view import history_button
from .household_sheet import sheet_button
from .measures import MeasuresPanel
from .record_forms import RecordForms
from .removals import Removals
from .roster import RosterPanel
from .saving import Saving
from .session import RETURNED, EditSession
from .split import SplitDialog, SplitFlow
from .status_actions import StatusActions
from .tabs import PARTS, TAB_HOUSEHOLD, TAB_MEMBERS, EditorTabs
from .toolbar import KeyedButtonRow, editor_action
from .visits import VisitsPanel

STYLE = """
QLineEdit[readOnly="true"] { background: #f0f0f0; color: #333; }
QLineEdit[finding="error"], QComboBox[finding="error"] { border: 1px solid #c62828; border-radius: 2px; }
QLineEdit[finding="warning"], QComboBox[finding="warning"] { border: 1px solid #d4a017; border-radius: 2px; }
QGroupBox { margin-top: 1.1em; padding-top: 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 3px; color: #1f4e79; font-weight: bold; }
QLabel#editor_banner { background: #fff4ce; border: 1px solid #e0c060; padding: 4px 8px; }
QLabel#household_status { border-radius: 3px; padding: 2px 8px; color: white; }
"""


class HouseholdEditor(QWidget):
    """The 住户编辑 page. The main window opens a household with `open` (or `new_household`) and listens to:

    - ``opened(id)``: the household is on screen; ``saved(id)``: changes reached the disk (refresh its row);
    - ``status_changed(id, status)``; ``message(text)``: for the status bar;
    - ``next_requested(id)``: Ctrl+PgDown — answer with ``open(next id)``; ``back_requested()``: Esc.
    """

    opened = Signal(str)
    saved = Signal(str)
    status_changed = Signal(str, str)
    next_requested = Signal(str)
    back_requested = Signal()
    message = Signal(str)

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        account: Account,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("household_editor")
        self.setAccessibleName(self.tr("住户编辑"))
        self.setStyleSheet(STYLE)
        self.account = account
        self.session = EditSession(store, runner, account, today)
        self.session.setParent(self)
        self.views: dict[str, FormView] = {}
        self._pages_questionnaire: Questionnaire | None = None  # the one the kept pages were made for
        self.split_flow = SplitFlow(self)  # 分户: before the toolbar, whose 分户… it answers
        self.saving = Saving(self)  # what the save state says, and the questions before leaving unsaved changes
        self.heading = HouseholdHeading(self)  # the title and status, and what a read-only household turns off
        self.record_forms = RecordForms(self)  # each record's form, bound to the session
        self.status_actions = StatusActions(self)  # 已完成, 作废 and 接受, each asked for with its reason
        self.removals = Removals(self)  # 删除, 减员, 恢复 and 撤销删除 (Ctrl+Z): before the toolbar too
        self._build()
        self._connect_session()

    # ---- layout ------------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = TitleLabel(self)
        self.title.setObjectName("household_title")
        self.title.setStyleSheet("font-size: 16px; font-weight: bold")
        self.status_label = QLabel(self)
        self.status_label.setObjectName("household_status")
        self.save_state = QLabel(self)
        self.save_state.setObjectName("save_state")
        self.save_state.setStyleSheet("color: #555")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.status_label)
        header.addWidget(self.save_state)
        # 打印户表 (家庭基本情况表) and 修改记录: their keys on them, as on the toolbar's, while the title leaves room.
        self.header_buttons = KeyedButtonRow(self, "editor_header_buttons")
        self.header_buttons.add_stretch()  # the room between the names alone and the keys goes before them
        sheet_button(self, self.header_buttons)
        history_button(self, self.header_buttons)
        header.addWidget(self.header_buttons)

        self.shortcut_actions: dict[str, QAction] = {}
        self.toolbar = toolbar = KeyedButtonRow(self)
        for key, text, keys, slot in self._action_specs():
            action = editor_action(self, key, text, keys, slot)
            self.shortcut_actions[key] = action
            if key in ("undo_remove", "next_part", "previous_part"):
                continue  # 撤销删除 is offered in the banner after a removal (`remove`); the tab bar tells of Ctrl+Tab
            # The key on the button itself when the row has room (`KeyedButtonRow`), except 下一户's long Ctrl+PgDown:
            # with 作废… and 分户… the row must fit a 1024-pixel screen. Every key is in its button's tooltip (and the
            # guide's 常用按键).
            toolbar.add_action(action, key_on_face=key != "next")
            if key in ("complete", "new_member"):
                toolbar.add_spacing(12)
        self.heading.keep_tips(self.shortcut_actions)
        self.part_focus: dict[str, QWidget] = {}  # where the cursor was in each part Ctrl+Tab left
        self.not_complete = ""  # a refused 已完成, or a move back to 草稿: off the banner once completed
        self._returned = ""  # the county's 退回 comment: off the banner once the household is completed again
        self._decided = ""  # the county's recent decisions on this household's conflicts, with their notes
        self.removals.show_undo()
        toolbar.add_stretch()

        self.banner = QLabel(self)
        self.banner.setObjectName("editor_banner")
        self.banner.setWordWrap(True)
        # The 撤销删除 offered after a removal (and 作废本户… after the last member left), the 撤销分户 after a split.
        self.banner.linkActivated.connect(
            lambda link: {"unsplit": self.split_flow.undo, "void": self.ask_void}.get(link, self.undo_remove)()
        )
        self.banner.hide()

        self.tabs = EditorTabs(self)
        self.findings_panel = FindingsPanel(self)
        self.findings_panel.jump_requested.connect(self.jump_to)
        self.findings_panel.accept_requested.connect(self.status_actions.ask_accept)
        self.findings_panel.errors_acceptable = self.account.role in ADMIN_ROLES
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.findings_panel)
        # Both sides give way on a narrow screen (1024 pixels): the form is the one that needs the room.
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([820, 300])
        self.splitter.setChildrenCollapsible(False)

        self.waiting = QLabel(self.tr("请在住户列表中选择一户。"), self)
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(toolbar)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.waiting)
        self.pages.addWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.addWidget(self.pages)

    def _action_specs(self) -> list[tuple[str, str, Sequence[str], Callable[[], object]]]:
        return [
            ("save", self.tr("保存草稿(&S)"), ["Ctrl+S"], self.saving.save_draft),
            ("complete", self.tr("标记已完成(&C)"), ["Ctrl+Return", "Ctrl+Enter"], self.status_actions.mark_complete),
            ("new_member", self.tr("新增成员(&N)"), ["Ctrl+N"], self.add_member),
            ("void", self.tr("作废…"), [], self.status_actions.ask_void),
            ("split", self.tr("分户(&F)…"), [], self.ask_split),
            ("next_finding", self.tr("下一个问题"), ["F8"], self.next_finding),
            ("next", self.tr("下一户"), ["Ctrl+PgDown"], self.saving.request_next),
            ("back", self.tr("返回列表"), ["Esc"], self.saving.request_back),
            ("undo_remove", self.tr("撤销删除"), ["Ctrl+Z"], self.undo_remove),
            # Above a member's own tabs (成员信息 / 就业记录), which took Ctrl+Tab and kept it among themselves.
            ("next_part", self.tr("下一页"), ["Ctrl+Tab"], lambda: self.switch_part(1)),
            (
                "previous_part",
                self.tr("上一页"),
                ["Ctrl+Shift+Tab", "Ctrl+Shift+Backtab"],
                lambda: self.switch_part(-1),
            ),
        ]

    def _connect_session(self) -> None:
        s = self.session
        s.opened.connect(self._on_opened)
        s.open_failed.connect(self._on_open_failed)
        s.saved.connect(self.saving.on_saved)
        s.save_failed.connect(self.saving.on_save_failed)
        s.findings_changed.connect(self.refresh_findings)
        s.status_changed.connect(self._on_status_changed)
        s.message.connect(self.say)
        s.warning.connect(self._warn)
        s.restored.connect(self._on_restored)

    # ---- opening -----------------------------------------------------------------------------------------------------

    @property
    def draft(self) -> Draft:
        if self.session.draft is None:
            raise RuntimeError("no household is open")
        return self.session.draft

    @property
    def household_view(self) -> FormView | None:
        return self.tabs.household_view

    @property
    def roster(self) -> RosterPanel | None:
        return self.tabs.roster

    @property
    def visits(self) -> VisitsPanel | None:
        return self.tabs.visits

    @property
    def measures(self) -> MeasuresPanel | None:
        return self.tabs.measures

    @property
    def household_id(self) -> str | None:
        return None if self.session.draft is None else self.session.draft.id

    def open(self, household_id: str) -> None:
        """Show a household (read off the UI thread); ``opened`` says when it is on screen."""
        self.flush()
        self.waiting.setText(self.tr("正在打开……"))
        self.pages.setCurrentWidget(self.waiting)
        self.session.open(household_id)

    def new_household(self, site_id: str | None) -> str:
        """Start a new household at a site (collector and date filled in); it is written with its first answer.
        Returns its id."""
        self.flush()
        self.pages.setCurrentWidget(self.waiting)
        return self.session.start_new(site_id)

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the page (back to the list, the idle lock, closing the window) saves the field being typed.
        if self.session.draft is not None:
            self.flush()
        super().hideEvent(event)

    def flush(self) -> None:
        """Commit the field being typed in and queue the save (before leaving, completing or closing)."""
        for view in list(self.views.values()):
            view.commit_focused()
        self.session.save()

    def _on_open_failed(self, text: str) -> None:
        self.waiting.setText(text)
        self.say(text)

    def _on_opened(self, household_id: str) -> None:
        self._clear()
        draft = self.draft
        self._fill_pages(draft)
        self.refresh_lists()
        self.refresh_findings()
        self.heading.show_status()
        self._show_county_return()
        self.save_state.setText("")
        # The part to start on before the page shows, so the form of a part left on screen by the last household
        # (its first visit, say) is not made for nothing.
        self.tabs.setCurrentIndex(TAB_HOUSEHOLD if not draft.members else TAB_MEMBERS)
        self.pages.setCurrentIndex(1)
        self._put_cursor()
        self.say(self.tabs.part_hint())
        news = self.split_flow.news(household_id)  # a household just split off, or one a split was undone in
        if news:
            self.show_banner(news)
        self.removals.show_undo()
        self.opened.emit(household_id)

    def _fill_pages(self, draft: Draft) -> None:
        """The pages of the household just opened. Made for the first household and kept for the next ones (the
        questionnaire is the same): the 户信息 form is given the new household's answers, and the lists their
        records, whose forms are made as they are shown. Building every form for each household blocked the
        window for a third of a second on each 下一户, and three times that on an old laptop."""
        kept = self.tabs.household_view
        if kept is not None and self._pages_questionnaire == draft.questionnaire:
            self.record_forms.show_in(kept, draft.id, kept=True)
            return
        roster = RosterPanel(self.record_forms.member_detail, self)
        visits = VisitsPanel(self.record_forms.make, self)
        measures = MeasuresPanel(self.record_forms.make, self)
        adders = ((roster, self.add_member), (visits, self.add_visit), (measures, self.add_measure))
        for panel, add in adders:
            panel.add_requested.connect(add)
            panel.remove_requested.connect(self.removals.ask_remove)
            panel.enter_requested.connect(self.record_forms.enter)
            panel.detail_added.connect(self.findings_last)
        roster.bring_back_requested.connect(self.removals.ask_bring_back)
        roster.reuse_detail = self.record_forms.reuse_member_detail
        visits.reuse_detail = measures.reuse_detail = self.record_forms.reuse
        self.tabs.fill(self.record_forms.make(draft.id), roster, visits, measures)
        self._pages_questionnaire = draft.questionnaire
        self.findings_last()

    def _put_cursor(self) -> None:
        """The cursor on the page just opened: the roster (Enter goes into the member, Ctrl+N adds one), or the
        household's first question. Left where it was, it was on the editor itself or, after Ctrl+PgDown from a
        field, nowhere (that field went with the last household), and then no shortcut of the editor worked."""
        if not self.isVisible():
            return  # another screen was chosen while the household was read: leave its cursor alone
        if self.roster is not None and self.tabs.currentWidget() is self.roster:
            self.roster.table.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.household_view is None or not self.household_view.focus_first():
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def findings_last(self) -> None:
        """Tab goes through the page's questions and lists before the findings beside them: the findings list was
        made before the pages (and a member's or a record's form is made when first shown), so it came first.
        A widget made later joins the end of the window's Tab order: the findings go after the last of the pages."""
        last = None
        widget = self.tabs.nextInFocusChain()
        while widget is not None and widget is not self.tabs:  # a ring back to the tabs; a break ends the walk
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and self.tabs.isAncestorOf(widget):
                last = widget  # (Qt orders only widgets that take focus)
            widget = widget.nextInFocusChain()
        if last is not None:
            QWidget.setTabOrder(last, self.findings_panel.list)
            QWidget.setTabOrder(self.findings_panel.list, self.findings_panel.accept_button)

    def switch_part(self, step: int) -> None:
        """Ctrl+Tab (1) / Ctrl+Shift+Tab (-1): the next / previous part of the household — 户信息, 家庭成员, the
        member's 就业记录, 走访, 帮扶措施 — with the cursor where it was when that part was left."""
        if self.session.draft is None or self.pages.currentIndex() != 1:
            return
        current = self.tabs.part()
        focus = QApplication.focusWidget()
        if focus is not None and self.tabs.isAncestorOf(focus):
            self.part_focus[current] = focus
        start = PARTS.index(current)
        for n in range(1, len(PARTS)):
            part = PARTS[(start + step * n) % len(PARTS)]
            if self.tabs.focus_part(part, self.part_focus.get(part)):
                return

    def _clear(self) -> None:
        self.part_focus.clear()
        self.views.clear()
        self.tabs.forget_records()  # the last household's member, job, visit and measure forms
        self.banner.hide()
        self.removals.forget()

    def view_of(self, record_id: str) -> FormView | None:
        return self.views.get(record_id)

    def member_view(self, member_id: str) -> FormView:
        """The form of a member (selecting the member so the form exists)."""
        self.show_record(member_id)
        return self.views[member_id]

    # ---- adding and removing -----------------------------------------------------------------------------------------

    def add_member(self) -> str | None:
        """Ctrl+N: a new member at the end of the roster, the cursor in their name."""
        if not self.editable():
            return None
        record = self.session.add("members", {"household_id": self.draft.id})
        self._after_add(record.id)
        return record.id

    def add_spell(self, member_id: str) -> str | None:
        if not self.editable():
            return None
        record = self.session.add("employments", {"member_id": member_id}, first=True)
        self._after_add(record.id)
        return record.id

    def add_visit(self) -> str | None:
        if not self.editable():
            return None
        values = {"household_id": self.draft.id, "visited_on": self.session.dated_today}
        record = self.session.add("visits", {**values, "surveyor": self.account.display_name}, first=True)
        self._after_add(record.id, "outcome")
        return record.id

    def add_measure(self) -> str | None:
        if not self.editable():
            return None
        values = {"household_id": self.draft.id, "started_on": self.session.dated_today}
        record = self.session.add("measures", {**values, "staff": self.account.display_name}, first=True)
        self._after_add(record.id, "kind")
        return record.id

    def _after_add(self, record_id: str, field: str | None = None) -> None:
        self.refresh_lists()
        self.refresh_findings()
        view = self.show_record(record_id)
        if view is not None and not (field and view.focus_field(field)):
            view.focus_first()

    def ask_remove(self, record_id: str) -> None:
        self.removals.ask_remove(record_id)

    def ask_member_leaves(self, member_id: str) -> LeaveDialog | None:
        return self.removals.ask_member_leaves(member_id)

    def remove(self, record_id: str, left_reason: str | None = None, left_on: date | None = None) -> None:
        self.removals.remove(record_id, left_reason, left_on)

    def undo_remove(self) -> None:
        self.removals.undo_remove()

    def ask_bring_back(self, member_id: str) -> QMessageBox | None:
        return self.removals.ask_bring_back(member_id)

    # ---- showing records and jumping to findings ---------------------------------------------------------------------

    def show_record(self, record_id: str) -> FormView | None:
        """Bring a record's form on screen (its tab, its member) and return it."""
        return self.tabs.show_record(self.draft, self.views, record_id)

    def focus_field(self, record_id: str, name: str) -> bool:
        """Show a record and put the cursor in one of its fields; False if that field cannot take it now."""
        view = self.show_record(record_id)
        return view is not None and view.focus_field(name)

    def jump_to(self, finding: Finding) -> None:
        """Put the cursor where a finding points (clicking it in the panel, F8, a refused 已完成)."""
        self.tabs.jump_to(self.draft, self.views, finding)

    def next_finding(self) -> None:
        finding = self.findings_panel.select_next()
        if finding is not None:
            self.jump_to(finding)

    # ---- refreshing ----------------------------------------------------------------------------------------------

    def refresh_lists(self) -> None:
        if self.session.draft is not None:
            self.tabs.refresh(self.draft, self.session.settings, self.session.today)
            self.heading.show_title()

    def refresh_findings(self) -> None:
        if self.session.draft is None:
            return
        findings = self.session.findings()
        blocking = sum(f.blocks_completion for f in findings)
        self.findings_panel.show_findings(
            findings, status=self.draft.status, blocking=blocking, moved_to=self.session.moved_to
        )
        if not blocking and self.not_complete and self.banner.text() == self.not_complete:
            # Put right (a job typed in, a measure added): 还不能标记为“已完成” beside 没有发现问题 left a newcomer
            # wondering which to believe.
            self.banner.hide()
        by_record: dict[str, list[Finding]] = {}
        for finding in findings:
            by_record.setdefault(finding.record_id, []).append(finding)
        for record_id, view in self.views.items():
            view.mark(by_record.get(record_id, []))

    def editable(self) -> bool:
        """Not 作废, and not moved to another station's site (已迁出): either is only to look at here."""
        return self.session.draft is not None and self.draft.status != VOID and self.session.moved_to is None

    def read_only_reason(self) -> str:
        """Why the household open cannot be changed here, for the tooltips of what is off; empty if it can."""
        if self.session.draft is None:
            return ""
        if self.session.moved_to is not None:
            return self.tr("本户已迁出到别的工作站服务的安置点，在本站只能查看。")
        if self.draft.status == VOID:
            return self.tr("本户已作废，只能查看。")
        return ""

    # ---- actions -----------------------------------------------------------------------------------------------------

    def save_draft(self) -> None:
        self.saving.save_draft()

    def request_back(self) -> None:
        self.saving.request_back()

    def unsaved_new_household(self) -> bool:
        return self.saving.unsaved_new_household()

    def mark_complete(self) -> None:
        self.status_actions.mark_complete()

    def ask_void(self) -> ReasonDialog | None:
        return self.status_actions.ask_void()

    def ask_accept(self, finding: Finding) -> ReasonDialog | None:
        return self.status_actions.ask_accept(finding)

    def ask_split(self) -> SplitDialog | None:
        """分户: members who register as a household of their own move there with their jobs and own measures
        (`split.SplitFlow`). Whoever may edit the household may: it is 减员（分户） and 新增住户 in one, both
        open to a 采集员."""
        if not self.editable():
            return None
        return self.split_flow.ask()

    def tell(self, text: str) -> None:
        """Say something on the page's banner and the status bar."""
        self.show_banner(text)
        self.say(text)

    # ---- session reports ---------------------------------------------------------------------------------------------

    def _show_county_return(self) -> None:
        """What the county said about this household (`county_news`): the comment of a 退回 and its recent decisions
        on the household's conflicts, with their notes."""
        if self.session.moved_to is not None:  # its banner says where it went: the county's news is for that station
            self._returned = self._decided = ""
            return
        self._returned = returned_text(self.session.review) if self.draft.status == RETURNED else ""
        self._decided = ""
        if self.draft.status != VOID:  # a voided household's banner says why it was voided
            self._decided = "\n".join(decision_text(d, self.draft) for d in self.session.decisions)
        if self._returned or self._decided:
            self.show_banner(self._county_news())

    def _county_news(self) -> str:
        return "\n".join(text for text in (self._returned, self._decided) if text)

    def _on_status_changed(self, status: str) -> None:
        if status != RETURNED and self._returned and self.banner.text() == self._county_news():
            self._returned = ""  # completed again: the comment is answered (the decisions stay on show)
            if self._decided:
                self.show_banner(self._decided)
            else:
                self.banner.hide()
        self.heading.show_status()
        self.refresh_findings()
        if self.household_id is not None:
            self.status_changed.emit(self.household_id, status)

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def say(self, text: str) -> None:
        self.message.emit(text)

    def _on_restored(self, text: str) -> None:
        """The edit that took the household back to 草稿 is put right: its status is back; so is the banner."""
        if self.banner.text() == self.not_complete:
            self.banner.hide()
        self.say(text)

    def _warn(self, text: str) -> None:
        """The session moved the household back to 草稿 (the only warning it gives)."""
        self.not_complete = text
        self.show_banner(text)
        self.message.emit(text)
