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
from datetime import date, datetime

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

from forms.fieldchecks import form_state
from forms.findings import Finding
from forms.leaving import LEFT_REASONS, SPLIT_OFF
from forms.questionnaire import Field, Questionnaire
from forms.rules.bundle import address_of
from forms.rules.household_rules import household_figures
from forms.rules.labour import VOID
from forms.rules.overrides import ADMIN_ROLES
from forms.store import Store
from forms.users import Account

from ..i18n import QT_TRANSLATE_NOOP
from ..page_parts import confirm
from ..tasks import TaskRunner
from .county_news import decision_text, returned_text
from .dialogs import LeaveDialog, ReasonDialog
from .draft import FORM_OF_TABLE, Draft, EditRecord
from .findings_panel import FindingsPanel
from .form_view import FormView
from .history_view import history_button
from .household_sheet import sheet_button
from .measures import MeasuresPanel
from .records_panel import RecordsPanel
from .roster import MemberDetail, RosterPanel
from .session import APPROVED, RETURNED, EditSession
from .spells import SpellsPanel
from .split import SplitDialog, SplitFlow
from .tabs import PARTS, TAB_HOUSEHOLD, TAB_MEMBERS, EditorTabs
from .toolbar import KeyedButtonRow, editor_action
from .visits import VisitsPanel
from .widgets import text_of

RECORD = "record_id"  # the property of a form that says which record it shows
STYLE = """
QLineEdit[readOnly="true"] { background: #f0f0f0; color: #333; }
QLineEdit[finding="error"], QComboBox[finding="error"] { border: 1px solid #c62828; border-radius: 2px; }
QLineEdit[finding="warning"], QComboBox[finding="warning"] { border: 1px solid #d4a017; border-radius: 2px; }
QGroupBox { margin-top: 1.1em; padding-top: 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 3px; color: #1f4e79; font-weight: bold; }
QLabel#editor_banner { background: #fff4ce; border: 1px solid #e0c060; padding: 4px 8px; }
QLabel#household_status { border-radius: 3px; padding: 2px 8px; color: white; }
"""
# The household statuses (forms.search.STATUSES), marked for translation in the context of the class that shows them.
STATUS_COLORS = {
    QT_TRANSLATE_NOOP("HouseholdEditor", "草稿"): "#5f6b7a",
    QT_TRANSLATE_NOOP("HouseholdEditor", "已完成"): "#2e7d32",
    QT_TRANSLATE_NOOP("HouseholdEditor", "已审核"): "#1565c0",
    QT_TRANSLATE_NOOP("HouseholdEditor", "退回"): "#c77700",
    QT_TRANSLATE_NOOP("HouseholdEditor", "作废"): "#8e8e8e",
}


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
        self._build()
        self._connect_session()

    # ---- layout ------------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel(self)
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
        # Each action's own tooltip, given back when a read-only household's (which says why it is off) is left.
        self._tips = {key: action.toolTip() for key, action in self.shortcut_actions.items()}
        self._removed: list[str] = []  # what this household lost to 删除, the last first back (撤销删除)
        self._part_focus: dict[str, QWidget] = {}  # where the cursor was in each part Ctrl+Tab left
        self._not_complete = ""  # a refused 已完成, or a move back to 草稿: off the banner once completed
        self._no_site = ""  # a new household not saved for want of a site: off the banner once it is chosen
        self._returned = ""  # the county's 退回 comment: off the banner once the household is completed again
        self._decided = ""  # the county's recent decisions on this household's conflicts, with their notes
        self._show_undo()
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
        self.findings_panel.accept_requested.connect(self.ask_accept)
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
            ("save", self.tr("保存草稿(&S)"), ["Ctrl+S"], self.save_draft),
            ("complete", self.tr("标记已完成(&C)"), ["Ctrl+Return", "Ctrl+Enter"], self.mark_complete),
            ("new_member", self.tr("新增成员(&N)"), ["Ctrl+N"], self.add_member),
            ("void", self.tr("作废…"), [], self.ask_void),
            ("split", self.tr("分户(&F)…"), [], self.ask_split),
            ("next_finding", self.tr("下一个问题"), ["F8"], self.next_finding),
            ("next", self.tr("下一户"), ["Ctrl+PgDown"], self.request_next),
            ("back", self.tr("返回列表"), ["Esc"], self.request_back),
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
        s.saved.connect(self._on_saved)
        s.save_failed.connect(self._on_save_failed)
        s.findings_changed.connect(self.refresh_findings)
        s.status_changed.connect(self._on_status_changed)
        s.message.connect(self._say)
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
        self._say(text)

    def _on_opened(self, household_id: str) -> None:
        self._clear()
        draft = self.draft
        self._fill_pages(draft)
        self.refresh_lists()
        self.refresh_findings()
        self._show_status()
        self._show_county_return()
        self.save_state.setText("")
        # The part to start on before the page shows, so the form of a part left on screen by the last household
        # (its first visit, say) is not made for nothing.
        self.tabs.setCurrentIndex(TAB_HOUSEHOLD if not draft.members else TAB_MEMBERS)
        self.pages.setCurrentIndex(1)
        self._put_cursor()
        self._say(self.tabs.part_hint())
        news = self.split_flow.news(household_id)  # a household just split off, or one a split was undone in
        if news:
            self._banner(news)
        self._show_undo()
        self.opened.emit(household_id)

    def _fill_pages(self, draft: Draft) -> None:
        """The pages of the household just opened. Made for the first household and kept for the next ones (the
        questionnaire is the same): the 户信息 form is given the new household's answers, and the lists their
        records, whose forms are made as they are shown. Building every form for each household blocked the
        window for a third of a second on each 下一户, and three times that on an old laptop."""
        kept = self.tabs.household_view
        if kept is not None and self._pages_questionnaire == draft.questionnaire:
            self._show_in(kept, draft.id, kept=True)
            return
        roster = RosterPanel(self._member_detail, self)
        visits = VisitsPanel(self._view, self)
        measures = MeasuresPanel(self._view, self)
        adders = ((roster, self.add_member), (visits, self.add_visit), (measures, self.add_measure))
        for panel, add in adders:
            panel.add_requested.connect(add)
            panel.remove_requested.connect(self.ask_remove)
            panel.enter_requested.connect(self._enter_record)
            panel.detail_added.connect(self._findings_last)
        roster.bring_back_requested.connect(self.ask_bring_back)
        roster.reuse_detail = self._reuse_member_detail
        visits.reuse_detail = measures.reuse_detail = self._reuse_view
        self.tabs.fill(self._view(draft.id), roster, visits, measures)
        self._pages_questionnaire = draft.questionnaire
        self._findings_last()

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

    def _findings_last(self) -> None:
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
            self._part_focus[current] = focus
        start = PARTS.index(current)
        for n in range(1, len(PARTS)):
            part = PARTS[(start + step * n) % len(PARTS)]
            if self.tabs.focus_part(part, self._part_focus.get(part)):
                return

    def _clear(self) -> None:
        self._part_focus.clear()
        self.views.clear()
        self.tabs.forget_records()  # the last household's member, job, visit and measure forms
        self.banner.hide()
        self._removed.clear()  # another household: what the last one lost is undone there, not here
        self._show_undo()

    # ---- views of records --------------------------------------------------------------------------------------------

    def _view(self, record_id: str) -> FormView:
        """The form of one record, showing its answers and bound to the session."""
        draft = self.draft
        record = draft.record(record_id)
        view = FormView(draft.questionnaire, record.form_name, self._options, self)
        # Bound to the record it shows now (`RECORD`): a form is kept for the next household's record of its kind.
        view.edited.connect(lambda name, value, v=view: self._edited(v.property(RECORD), name, value))
        view.committed.connect(lambda name, value, v=view: self._committed(v.property(RECORD), name, value))
        view.finished.connect(lambda v=view: self._form_finished(v.property(RECORD)))
        self._show_in(view, record_id)
        return view

    def _reuse_view(self, widget: QWidget, record_id: str) -> bool:
        """A visit's or measure's form of the last household, for one of this household (`RecordsPanel`)."""
        record = self.draft.get(record_id)
        if not isinstance(widget, FormView) or record is None or widget.form.name != record.form_name:
            return False
        self._show_in(widget, record_id, kept=True)
        return True

    def _show_in(self, view: FormView, record_id: str, *, kept: bool = False) -> None:
        """Show a record in a form: new, or ``kept`` from the last household, where everything it showed (its
        answers, their undo, its choices of site and member, the questions shown, the findings) is replaced."""
        draft = self.draft
        view.setProperty(RECORD, record_id)
        if kept:
            for item in view.form.fields:
                if item.type in ("site", "member"):  # this household's (its own site may be another station's)
                    view.set_options(item.name, self._options(item))
            view.verticalScrollBar().setValue(0)
            view.horizontalScrollBar().setValue(0)
        view.set_values(draft.record(record_id).values)
        view.set_editable(self._editable())
        self.views[record_id] = view
        self._refresh_state(record_id)
        view.mark(f for f in self.session.findings() if f.record_id == record_id)

    def _member_detail(self, member_id: str) -> MemberDetail:
        spells = SpellsPanel(member_id, self._view)
        spells.reuse_detail = self._reuse_view
        spells.add_requested.connect(lambda: self.add_spell(spells.member_id))
        spells.remove_requested.connect(self.ask_remove)
        spells.enter_requested.connect(self._enter_record)
        spells.detail_added.connect(self._findings_last)
        spells.bring_back_requested.connect(self.ask_bring_back_spell)
        spells.read_only = not self._editable()
        detail = MemberDetail(member_id, self._view(member_id), spells)
        spells.refresh(self.draft)
        detail.show_spells(len(self.draft.spells_of(member_id)))
        return detail

    def _reuse_member_detail(self, widget: QWidget, member_id: str) -> bool:
        """A member's page of the last household (成员信息 and 就业记录), for a member of this household."""
        if not isinstance(widget, MemberDetail) or self.draft.get(member_id) is None:
            return False
        widget.member_id = widget.spells.member_id = member_id
        widget.spells.forget_details()  # the last member's jobs: their forms are kept for this member's
        widget.spells.read_only = not self._editable()
        self._show_in(widget.view, member_id, kept=True)
        widget.setCurrentIndex(0)
        widget.spells.refresh(self.draft)
        widget.show_spells(len(self.draft.spells_of(member_id)))
        return True

    def _options(self, item: Field) -> list[tuple[object, str]]:
        draft = self.draft
        if item.type == "site":
            return list(draft.sites)
        if item.type == "member":
            return [(m.id, str(m.values.get("name") or self.tr("（未填姓名）"))) for m in draft.members]
        choices = draft.questionnaire.choices.get(item.choices or "")
        return [(c.value, c.value) for c in choices.items] if choices else []

    def view_of(self, record_id: str) -> FormView | None:
        return self.views.get(record_id)

    def member_view(self, member_id: str) -> FormView:
        """The form of a member (selecting the member so the form exists)."""
        self.show_record(member_id)
        return self.views[member_id]

    def _refresh_state(self, record_id: str) -> None:
        view = self.views.get(record_id)
        record = self.draft.get(record_id)
        if view is not None and record is not None:
            questionnaire = self.draft.questionnaire
            view.apply_state(form_state(questionnaire, record.form_name, record.values, today=self.session.today))

    # ---- editing -----------------------------------------------------------------------------------------------------

    def _edited(self, record_id: str, name: str, value: object) -> None:
        derived = self.session.edit(record_id, name, value)
        view = self.views.get(record_id)
        if view is not None:
            for other, new in derived.items():
                view.show_value(other, new)
        self._refresh_state(record_id)
        self.refresh_findings()

    def _committed(self, record_id: str, name: str, value: object) -> None:
        self._edited(record_id, name, value)
        self.session.commit(record_id, name)
        if self.draft.household.stored:
            self.save_state.setText(self.tr("正在保存……"))
            if self.banner.text() == self._no_site:  # the site is chosen: everything typed is being saved
                self.banner.hide()
        else:  # a new household is written with its site; until then nothing of it is on disk
            self.save_state.setText(self.tr("未保存"))
            self._no_site = self.tr("这一户还没有保存：请先选择“%1”，选好后已填写的内容会一起保存。").replace(
                "%1", self._site_label()
            )
            self._banner(self._no_site)
        self.refresh_lists()
        record = self.draft.get(record_id)
        if record is not None and record.table == "members" and name == "name":
            self._refresh_member_choices()

    def _refresh_member_choices(self) -> None:
        options = self._options(self.draft.questionnaire.form("measure").by_name["member_id"])
        for record in self.draft.records("measures"):
            view = self.views.get(record.id)
            if view is not None:
                view.set_options("member_id", options)

    def _form_finished(self, record_id: str) -> None:
        """Enter on a form's last field: a member's form goes on to their spells, the household's to the roster."""
        record = self.draft.get(record_id)
        if record is None or self.roster is None:
            return
        if record.table == "households":
            self.tabs.setCurrentIndex(TAB_MEMBERS)
            self.roster.entry().setFocus()  # 新增成员 while there is nobody yet: Enter there adds the first
        elif record.table == "members":
            detail = self.roster.detail(record_id)
            if isinstance(detail, MemberDetail):
                detail.setCurrentIndex(1)
                detail.spells.entry().setFocus()
        else:  # a spell, a visit, a measure: back to its list, where Tab reaches 新增 for the next one
            panel = self._panel_of(record_id)
            if panel is not None:
                panel.table.setFocus()

    def _panel_of(self, record_id: str) -> RecordsPanel | None:
        """The list a spell, visit or measure is shown in."""
        record = self.draft.get(record_id)
        if record is None or self.roster is None:
            return None
        if record.table == "employments":
            detail = self.roster.detail(str(record.parent_id))
            return detail.spells if isinstance(detail, MemberDetail) else None
        return {"visits": self.visits, "measures": self.measures}.get(record.table)

    # ---- adding and removing -----------------------------------------------------------------------------------------

    def add_member(self) -> str | None:
        """Ctrl+N: a new member at the end of the roster, the cursor in their name."""
        if not self._editable():
            return None
        record = self.session.add("members", {"household_id": self.draft.id})
        self._after_add(record.id)
        return record.id

    def add_spell(self, member_id: str) -> str | None:
        if not self._editable():
            return None
        record = self.session.add("employments", {"member_id": member_id}, first=True)
        self._after_add(record.id)
        return record.id

    def add_visit(self) -> str | None:
        if not self._editable():
            return None
        values = {"household_id": self.draft.id, "visited_on": self.session.dated_today}
        record = self.session.add("visits", {**values, "surveyor": self.account.display_name}, first=True)
        self._after_add(record.id, "outcome")
        return record.id

    def add_measure(self) -> str | None:
        if not self._editable():
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
        """Remove a record after a confirmation; it is tombstoned (synced records are never deleted)."""
        record = self.draft.get(record_id)
        if record is None or not self._editable():
            return
        if record.table == "members":
            self.ask_member_leaves(record_id)
            return
        what = self.tr("这条就业记录") if record.table == "employments" else self.tr("这条记录")
        confirm(
            self,
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
        record = self.draft.get(member_id)
        if record is None or not self._editable():
            return None
        name = str(record.values.get("name") or "") or self.tr("这名成员")
        born = record.values.get("birth_date")
        dialog = LeaveDialog(
            name,
            LEFT_REASONS,
            self,
            more=self._leaving_means(member_id),
            today=self.session.dated_today,
            born=born if isinstance(born, date) else None,
        )
        dialog.accepted.connect(lambda: self.remove(member_id, dialog.reason(), dialog.left_on()))
        dialog.open()
        return dialog

    def _leaving_means(self, member_id: str) -> str:
        """What else a 减员 does, said before it is done: the member's open measures end, the last member leaves."""
        said = ""
        open_measures = [m for m in self.draft.measures_of(member_id) if not m.values.get("closed_on")]
        if open_measures:
            said += self.tr("其 %n 项进行中的帮扶措施将随之结束（完成日期记为减员日期）。", "", len(open_measures))
        if [m.id for m in self.draft.members] == [member_id]:
            said += self.tr("%1 是本户最后一名成员：减员后如全户已搬离安置点，请作废本户。").replace(
                "%1", str(self.draft.record(member_id).values.get("name") or "")
            )
        return said

    def remove(self, record_id: str, left_reason: str | None = None, left_on: date | None = None) -> None:
        # A member's form and their spells' forms go with the member's page.
        self._part_focus.clear()  # it may have been in the form going now
        for gone in [record_id, *(spell.id for spell in self.draft.spells_of(record_id))]:
            self.views.pop(gone, None)
        was_zero, status = self._zero_employment(), self.draft.status
        closed = self.session.remove(record_id, left_reason, left_on)
        self._show_measures_changed(closed)
        self._removed.append(record_id)
        self._show_undo()
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
        demoted = self.draft.status != status  # a completed household back to 草稿: the session's warning says why
        if left_reason:
            said += self._after_leaving(record_id, closed, was_zero, demoted)
            if left_reason != SPLIT_OFF:
                said += self.tr("选错了可以按“撤销删除”（Ctrl+Z）恢复。")
            if not self.draft.members:
                void = self.tr("作废本户…")
                links += f' <a href="void">{void}</a>'
        elif demoted:
            said += self._not_complete
        self._banner(f"{said} {links}")
        self._say(said)
        self.refresh_lists()
        self.refresh_findings()
        panel = self.tabs.currentWidget()
        if isinstance(panel, RecordsPanel):  # back on the list it was removed from (where Ctrl+Z is not a text undo)
            panel.table.setFocus()

    def _show_measures_changed(self, measures: Sequence[EditRecord]) -> None:
        """Measures a 减员 closed or a 恢复 reopened: their forms, if made already, show it."""
        for measure in measures:
            view = self.views.get(measure.id)
            if view is not None:
                for name in ("closed_on", "outcome"):
                    view.show_value(name, measure.values.get(name))
                self._refresh_state(measure.id)

    def _zero_employment(self) -> bool:
        return household_figures(self.draft.bundle(), self.session.settings, self.session.today).zero_employment

    def _after_leaving(self, member_id: str, closed: Sequence[EditRecord], was_zero: bool, demoted: bool) -> str:
        """What the 减员 did to the household besides: its measures ended, nobody left, or nobody employed now (and
        so a completed household back to 草稿)."""
        said = ""
        if closed:
            said += self.tr("其 %n 项帮扶措施已随之结束。", "", len(closed))
        elif self.session.dated_today is None and any(
            not m.values.get("closed_on") for m in self.draft.measures_of(member_id)
        ):
            said += self.tr("电脑日期可能不对，其帮扶措施没有自动结束：请在“帮扶措施”中填写完成日期。")
        if not self.draft.members:
            said += self.tr("本户已没有成员，但仍计入户数：如全户已搬离安置点，请作废本户，作废原因写明去向。")
        elif demoted:
            said += self._not_complete
        elif self._zero_employment() and not was_zero:
            said += self.tr("本户现在有劳动力但无人就业（零就业家庭）：请添加帮扶措施并填写计划完成日期。")
        return said

    def undo_remove(self) -> None:
        """Bring back the record removed last (a member comes back with their employment); on a household just
        split off with nothing removed since, take the split back (撤销分户)."""
        if not self._removed and self.split_flow.done is not None:
            self.split_flow.undo()
            return
        if not self._removed or not self._editable():
            return
        self.bring_back(self._removed[-1])

    def ask_bring_back(self, member_id: str) -> QMessageBox | None:
        """恢复 a member who left (减员): one who moved back, or removed by mistake after Ctrl+Z could reach it. They
        come back as they were, with their jobs, and the 减员原因 and 减员日期 are cleared (the history keeps them)."""
        record = self.draft.get(member_id)
        if record is None or not record.deleted:
            return None
        if not self._editable():  # a 恢复 link under the roster: it is a link still, so it says why not
            self._say(self._read_only_reason())
            return None
        name = str(record.values.get("name") or "")
        text = self.tr(
            "让%1回到本户吗？搬回本户，或减员操作有误时恢复：其信息和就业记录照旧，减员原因和减员日期清除。"
        ).replace("%1", name)
        reopening = len(self.draft.closed_by_leaving(member_id))
        if reopening:
            text += self.tr("因减员而结束的 %n 项帮扶措施将重新进行。", "", reopening)
        return confirm(
            self,
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
        record = self.draft.get(spell_id)
        if record is None or record.table != "employments" or not record.deleted:
            return None
        if not self._editable():  # a 恢复 link under the list: it is a link still, so it says why not
            self._say(self._read_only_reason())
            return None
        panel = self._panel_of(spell_id)
        words = panel.spell_words(record.values) if isinstance(panel, SpellsPanel) else ""
        member = self.draft.get(str(record.parent_id))
        name = str(member.values.get("name") or "") if member is not None else ""
        return confirm(
            self,
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
        if record_id in self._removed:
            self._removed.remove(record_id)
        reopened = self.session.bring_back(record_id)
        self._show_measures_changed(reopened)
        self._show_undo()
        self.banner.hide()
        self.refresh_lists()
        self.refresh_findings()
        self.show_record(record_id)
        said = self.tr("已恢复。")
        if reopened:
            said += self.tr("因减员而结束的 %n 项帮扶措施已重新进行。", "", len(reopened))
        self._say(said)

    def _show_undo(self) -> None:
        self.shortcut_actions["undo_remove"].setEnabled(bool(self._removed) or self.split_flow.done is not None)

    def _enter_record(self, record_id: str) -> None:
        view = self.views.get(record_id)
        if view is not None:
            view.focus_first()

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
            self._show_title()

    def refresh_findings(self) -> None:
        if self.session.draft is None:
            return
        findings = self.session.findings()
        blocking = sum(f.blocks_completion for f in findings)
        self.findings_panel.show_findings(
            findings, status=self.draft.status, blocking=blocking, moved_to=self.session.moved_to
        )
        if not blocking and self._not_complete and self.banner.text() == self._not_complete:
            # Put right (a job typed in, a measure added): 还不能标记为“已完成” beside 没有发现问题 left a newcomer
            # wondering which to believe.
            self.banner.hide()
        by_record: dict[str, list[Finding]] = {}
        for finding in findings:
            by_record.setdefault(finding.record_id, []).append(finding)
        for record_id, view in self.views.items():
            view.mark(by_record.get(record_id, []))

    def _show_title(self) -> None:
        v = self.draft.household.values
        address = address_of(v.get("building"), v.get("unit"), v.get("room")) or self.tr("（未填门牌）")
        parts = [address]
        head = self.draft.bundle().head_name
        if head:
            parts.append(self.tr("户主 %1").replace("%1", head))
        site = dict(self.draft.sites).get(str(v.get("site_id")))
        if site:
            parts.append(site)
        self.title.setText(" · ".join(parts))

    def _show_status(self) -> None:
        status = self.draft.status
        self.status_label.setText(self.tr(status))
        color = STATUS_COLORS.get(status, "#5f6b7a")
        self.status_label.setStyleSheet(f"background: {color}")
        read_only = not self._editable()
        why = self._read_only_reason()
        # Off, saying why, as are their keys (Ctrl+Enter, Ctrl+N, F8): a button that does nothing is clicked again.
        for key in ("complete", "new_member", "void", "split", "next_finding"):
            self._enable(key, not read_only, why)
        # Ctrl+S too on a household moved away, where nothing is ever saved; a voided one keeps it, to try again
        # a save that failed (the voiding itself, on a full disk).
        self._enable("save", self.session.moved_to is None, why)
        if self.roster is not None:  # 恢复成员…: a member who left cannot come back here either
            self.roster.bring_back_button.setEnabled(not read_only)
            self.roster.bring_back_button.setToolTip(why)
        for view in self.views.values():
            view.set_editable(not read_only)
        for detail in self.roster.details.values() if self.roster is not None else ():
            if isinstance(detail, MemberDetail):  # 恢复就业记录…, as 恢复成员… above
                detail.spells.read_only = read_only
                detail.spells.bring_back_button.setEnabled(not read_only)
                detail.spells.bring_back_button.setToolTip(why)
        for panel in (self.roster, self.visits, self.measures):
            if panel is not None:
                panel.read_only = read_only
                panel.add_button.setEnabled(not read_only)
                panel.remove_button.setEnabled(panel.remove_button.isEnabled() and not read_only)
        if self.session.moved_to is not None:
            self._banner(
                self.tr(
                    "本户已迁出到“%1”（不是本站服务的安置点），由服务该安置点的工作站跟进，不再计入本站的统计和"
                    "待跟进名单，在本站只能查看。如需修改，请联系该工作站或县里。"
                ).replace("%1", self.session.moved_to)
            )
        elif status == VOID:
            reason = str(self.draft.household.values.get("void_reason") or "")
            self._banner(self.tr("本户已作废，不再计入统计，只能查看。作废原因：%1").replace("%1", reason))

    def _editable(self) -> bool:
        """Not 作废, and not moved to another station's site (已迁出): either is only to look at here."""
        return self.session.draft is not None and self.draft.status != VOID and self.session.moved_to is None

    def _read_only_reason(self) -> str:
        """Why the household open cannot be changed here, for the tooltips of what is off; empty if it can."""
        if self.session.draft is None:
            return ""
        if self.session.moved_to is not None:
            return self.tr("本户已迁出到别的工作站服务的安置点，在本站只能查看。")
        if self.draft.status == VOID:
            return self.tr("本户已作废，只能查看。")
        return ""

    def _enable(self, key: str, on: bool, why: str) -> None:
        action = self.shortcut_actions[key]
        action.setEnabled(on)
        action.setToolTip(self._tips[key] if on or not why else why)

    # ---- actions -----------------------------------------------------------------------------------------------------

    def save_draft(self) -> None:
        """Ctrl+S: commit the field being typed and save now (everything else is saved already)."""
        self.flush()
        if not self.session.saving:
            self._on_saved(self.household_id or "")

    def mark_complete(self) -> None:
        """Ctrl+Enter: 已完成, unless an error or the 零就业 rule stands in the way (then go to it)."""
        if not self._editable():
            return
        self.flush()
        blocking = self.session.complete()
        if not blocking:
            if self.banner.text() == self._not_complete:  # what the banner said stood in the way is gone
                self.banner.hide()
            if self.draft.status == APPROVED:
                self._say(self.tr("本户已由县里审核通过（已审核），不用再标记为“已完成”。"))
            else:
                self._say(self.tr("已标记为“已完成”。"))
            return
        first = blocking[0]
        more = self.tr("（另有 %1 项）").replace("%1", str(len(blocking) - 1)) if len(blocking) > 1 else ""
        refused = self.tr("还不能标记为“已完成”：%1%2").replace("%2", more).replace("%1", text_of(first))
        self._not_complete = refused
        self._say(refused)
        self._banner(refused)
        for row, finding in enumerate(self.findings_panel.findings):
            if (finding.code, finding.record_id) == (first.code, first.record_id):
                self.findings_panel.select(row)
                break
        self.jump_to(first)

    def ask_void(self) -> ReasonDialog | None:
        """作废, with a reason, by a 站长 or the county: a voided household leaves every count and list, 零就业 too,
        with nobody employed; a surveyor asks the 站长, as for accepting an error."""
        if not self._editable():
            return None
        if self.account.role not in ADMIN_ROLES:
            # On the banner, not only the status bar: a newcomer who clicks 作废… and sees nothing happen clicks again.
            self.tell(
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
            self,
        )
        dialog.accepted.connect(lambda: self.session.void(dialog.text()))
        dialog.open()
        return dialog

    def ask_split(self) -> SplitDialog | None:
        """分户: members who register as a household of their own move there with their jobs and own measures
        (`split.SplitFlow`). Whoever may edit the household may: it is 减员（分户） and 新增住户 in one, both
        open to a 采集员."""
        if not self._editable():
            return None
        return self.split_flow.ask()

    def tell(self, text: str) -> None:
        """Say something on the page's banner and the status bar."""
        self._banner(text)
        self._say(text)

    def ask_accept(self, finding: Finding) -> ReasonDialog | None:
        if not finding.acceptable or finding.accepted or not self._editable():
            return None
        if not self.findings_panel.may_accept(finding):
            # Refused before a reason is typed, not after (accept_warning would refuse it).
            self._say(self.tr("这个错误只能由站长或县级管理员填写原因后接受。请对照证件改正，或请站长核实后接受。"))
            return None
        dialog = ReasonDialog(
            self.tr("接受检查结果"),
            f"{finding.zh}\n{finding.en}",
            self.tr("核实情况与原因（必填，会记录并上报）："),
            self.tr("接受(&A)"),
            self,
        )
        back = QApplication.focusWidget()
        dialog.accepted.connect(lambda: self.session.accept(finding, dialog.text()))
        dialog.finished.connect(lambda _result: self._back_from_accept(finding, back))
        dialog.open()
        return dialog

    def _back_from_accept(self, finding: Finding, back: QWidget | None) -> None:
        """After 接受 (or 取消) the cursor goes back to the field it was in, or else to the field the finding is
        about. It fell to whatever followed the 接受 button in the Tab order (the roster), as accepting disables
        the button."""
        if back is not None and self.tabs.isAncestorOf(back) and back.isVisible() and back.isEnabled():
            back.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.jump_to(finding)

    def request_next(self) -> None:
        self.flush()
        if self.household_id is not None:
            household_id = self.household_id
            if self.session.unsaved:
                self.ask_leave_not_saved(lambda: self.next_requested.emit(household_id))
                return
            self.next_requested.emit(household_id)

    def request_back(self) -> None:
        self.flush()
        if self.unsaved_new_household():
            self._ask_leave_unsaved()
            return
        if self.session.unsaved:
            self.ask_leave_not_saved(self.back_requested.emit)
            return
        self.back_requested.emit()

    def ask_leave_not_saved(self, leave: Callable[[], object]) -> QMessageBox:
        """Esc or Ctrl+PgDown after a save failed (a full disk): the changes are only in this window, and going to
        another household dropped them without a word."""
        return confirm(
            self,
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
        draft = self.session.draft
        return draft is not None and not draft.household.stored and bool(draft.dirty)

    def _site_label(self) -> str:
        return text_of(self.draft.questionnaire.form(FORM_OF_TABLE["households"]).by_name["site_id"].label)

    def _ask_leave_unsaved(self) -> QMessageBox:
        """Esc on a new household whose site was never chosen: what was typed would be lost without a word."""
        return confirm(
            self,
            "confirm_leave_unsaved",
            QMessageBox.Icon.Warning,
            self.tr("这一户还没有保存"),
            self.tr("这一户还没有选择“%1”，所以填写的内容一项也没有保存。离开会丢弃这些内容。").replace(
                "%1", self._site_label()
            ),
            (self.tr("丢弃并离开(&D)"), self.tr("选择安置点(&P)")),
            self.back_requested.emit,
            lambda: self.focus_field(self.draft.id, "site_id"),
        )

    # ---- session reports ---------------------------------------------------------------------------------------------

    def _on_saved(self, household_id: str) -> None:
        if not self.session.saving:
            self.save_state.setText(self.tr("已保存 %1").replace("%1", datetime.now().strftime("%H:%M:%S")))
        self.saved.emit(household_id)

    def _on_save_failed(self, text: str) -> None:
        self.save_state.setText(self.tr("未保存"))
        self._banner(text)
        self._say(text)

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
            self._banner(self._county_news())

    def _county_news(self) -> str:
        return "\n".join(text for text in (self._returned, self._decided) if text)

    def _on_status_changed(self, status: str) -> None:
        if status != RETURNED and self._returned and self.banner.text() == self._county_news():
            self._returned = ""  # completed again: the comment is answered (the decisions stay on show)
            if self._decided:
                self._banner(self._decided)
            else:
                self.banner.hide()
        self._show_status()
        self.refresh_findings()
        if self.household_id is not None:
            self.status_changed.emit(self.household_id, status)

    def _banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def _say(self, text: str) -> None:
        self.message.emit(text)

    def _on_restored(self, text: str) -> None:
        """The edit that took the household back to 草稿 is put right: its status is back; so is the banner."""
        if self.banner.text() == self._not_complete:
            self.banner.hide()
        self._say(text)

    def _warn(self, text: str) -> None:
        """The session moved the household back to 草稿 (the only warning it gives)."""
        self._not_complete = text
        self._banner(text)
        self.message.emit(text)
