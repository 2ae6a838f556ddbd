"""DESIGN.md §6 across the whole app, not only the household editor: every input of every screen and dialog has an
objectName and an accessible name (a questionnaire input's objectName is its field name), and Tab never gets
stuck in a table."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.county.station_dialogs import EnrolDialog, EnrolledDialog, ReturnFileDialog, SiteDialog
from desktop.editor.dialogs import ReasonDialog
from desktop.editor.form_view import FormView
from desktop.editor.tabs import PARTS
from desktop.i18n import without_mnemonic
from desktop.login import FirstRunDialog, LoginDialog
from desktop.main_window import MainWindow
from desktop.password_dialog import ChangePasswordDialog
from desktop.settings_page import NewUserDialog, SettingsPage
from desktop.sync_dialogs import ExportDialog, PassphraseDialog
from desktop.tasks import TaskRunner
from forms.idnumber import make_ric
from forms.records import Employment, Household, Measure, Member, Visit
from forms.store import Store
from forms.users import ROLES, Account
from sync.county_stations import StationInfo
from sync.enrolment import Enrolment
from tests import test_sync_support as sync_support
from tests.factories import add_household, add_member, add_site
from tests.test_sync_support import World, edit_at_both, one_family_at_both_stations

pytest_plugins = ["tests.test_sync_support", "tests.test_i18n"]

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QTextEdit, QPlainTextEdit, QAbstractItemView)


def _inside_another_input(widget: QWidget) -> bool:
    """A part of a compound input (a combo's line edit or popup, a spin box's line edit, a table's header, a
    search box's clear button)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView, QLineEdit)):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QHeaderView)


def inputs(root: QWidget) -> list[QWidget]:
    """Every widget of ``root`` that takes input, shown or not (a hidden tab's too)."""
    return [w for w in root.findChildren(QWidget) if isinstance(w, INPUTS) and not _inside_another_input(w)]


def unnamed(root: QWidget) -> list[str]:
    """The inputs a screen reader or a test cannot name. A button is named by its text (or its accessible name)."""
    problems = []
    for widget in inputs(root):
        if isinstance(widget, QAbstractButton) and not widget.objectName() and widget.text():
            continue  # a dialog's OK / Cancel: its text names it
        said = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
        if not widget.objectName() or not said:
            owner = widget.parentWidget()
            where = owner.objectName() if owner is not None else ""
            problems.append(f"{type(widget).__name__} {widget.objectName()!r} in {where!r}, named {said!r}")
    return problems


@pytest.fixture
def household(store: Store) -> str:
    """A household with a member, an employment spell, a visit and a measure: every form the editor shows; and a
    spell deleted, so 恢复就业记录… is on screen with the rest."""
    with store.unit_of_work("setup") as uow:
        home = add_household(uow, add_site(uow), building="3", unit="2", room="301")
        head = add_member(uow, home, name="张三", relation="户主")
        uow.add(Employment(member_id=head.id, form="县内务工", start_month="2026-03"))
        uow.delete(uow.add(Employment(member_id=head.id, form="外出务工", start_month="2025-03")))
        uow.add(Visit(household_id=home.id, visited_on=date(2026, 5, 1), outcome="在家"))
        uow.add(Measure(household_id=home.id, kind="职业介绍", started_on=date(2026, 5, 1)))
    return home.id


@pytest.fixture(params=ROLES)
def window(request: pytest.FixtureRequest, qtbot: QtBot, store: Store, household: str) -> Iterator[MainWindow]:
    main = MainWindow(store, Account("x", "X", request.param))
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.editor.opened, timeout=10_000):
        main.open_household(household)
    editor = main.editor
    for record in (*editor.draft.members, *editor.draft.spells_of(editor.draft.members[0].id)):
        editor.show_record(record.id)  # each record's form is made when it is first shown
    for record in (*editor.draft.records("visits"), *editor.draft.records("measures")):
        editor.show_record(record.id)
    yield main
    editor.flush()
    main.runner.wait()
    main.close()


def test_every_input_of_every_screen_has_an_object_and_an_accessible_name(window: MainWindow) -> None:
    assert window.editor.views  # the editor's forms are there to be walked
    assert unnamed(window) == []
    for view in window.editor.views.values():
        for name, widget in view.inputs.items():
            assert widget.objectName() == name and name in view.form.by_name


def test_every_input_of_every_dialog_has_an_object_and_an_accessible_name(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    runner = TaskRunner()
    dialogs: list[QDialog] = [
        LoginDialog(store),
        LoginDialog(store, username="zhang", locked=True),
        FirstRunDialog(store),
        NewUserDialog(store, "zhang", ROLES),
        ChangePasswordDialog(store, Account("zhang", "张站长", "站长")),
        ExportDialog(runner),
        PassphraseDialog(tmp_path / "station.anjupkg"),
        ReasonDialog("接受检查结果", "…", "原因（必填）：", "接受"),
        EnrolDialog(store, runner, "clerk"),
        SiteDialog(store, runner, "clerk", "会泽县"),
        EnrolledDialog(Enrolment("station-x", "大井镇工作站", ["S2"], "ABCD-EFGH-JKLM-NPQR-STUV", tmp_path / "x")),
        ReturnFileDialog(
            store, runner, StationInfo("station-x", "大井镇工作站", ["S2"], "", 0, 0, None, 0, 0, None, 0)
        ),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert unnamed(dialog) == [], dialog.objectName() or type(dialog).__name__
    runner.wait()


def test_tab_leaves_every_table_instead_of_going_round_its_cells(qtbot: QtBot, window: MainWindow) -> None:
    """A table took Tab for its cells, round and round: from the 住户 list (or 待跟进, 设置's accounts, the
    dashboard's figures) the keyboard could not get out to the buttons beside it."""
    trapping = [w.objectName() for w in inputs(window) if isinstance(w, QAbstractItemView) and w.tabKeyNavigation()]
    assert trapping == []
    page = window.households
    window.show_page("households")
    page.model.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not page.table


# ---- the household editor from the keyboard alone ---------------------------------------------------------------


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def surveyor_window(qtbot: QtBot, store: Store, household: str | None = None) -> MainWindow:
    main = MainWindow(store, Account("li", "李采集", "采集员"))
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    if household is not None:
        with qtbot.waitSignal(main.editor.opened, timeout=10_000):
            main.open_household(household)
    return main


def close(main: MainWindow) -> None:
    main.editor.flush()
    main.runner.wait()
    main.close()


CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def test_ctrl_tab_reaches_every_part_of_a_household_from_inside_a_member(
    qtbot: QtBot, store: Store, household: str
) -> None:
    """From a member's form Ctrl+Tab only went between 成员信息 and 就业记录: 走访 and 帮扶措施 were out of reach. It
    walks 户信息 → 家庭成员 → 就业记录 → 走访 → 帮扶措施 both ways, back to the field the worker left, and says so."""
    main = surveyor_window(qtbot, store, household)
    editor = main.editor
    head = editor.draft.members[0].id
    assert editor.focus_field(head, "id_number")
    id_number = focused()
    assert editor.roster is not None and editor.visits is not None and editor.measures is not None
    spells = editor.roster.detail(head).spells  # type: ignore[union-attr]

    qtbot.keyClick(focused(), Qt.Key.Key_Tab, CTRL)
    assert focused() is spells.table and editor.tabs.currentIndex() == 1  # the member's 就业记录 (it has one)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, CTRL)
    assert focused() is editor.visits.table and editor.tabs.currentWidget() is editor.visits
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, CTRL)
    assert focused() is editor.measures.table and editor.tabs.currentWidget() is editor.measures
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, CTRL)
    assert editor.household_view is not None and focused() is editor.household_view.input("site_id")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, CTRL)
    assert focused() is id_number  # back where the worker was in the member
    for part in ("household", "measures", "visits", "spells", "member"):
        qtbot.keyClick(focused(), Qt.Key.Key_Backtab, CTRL | SHIFT)  # what Windows sends for Ctrl+Shift+Tab
        assert editor.tabs.part() == part
    assert focused() is id_number
    assert "Ctrl+Tab" in editor.tabs.tabBar().toolTip()
    assert "Ctrl+Tab" in main.statusBar().currentMessage()  # said as the household opens
    close(main)


def test_the_editors_page_hint_goes_with_the_editor(qtbot: QtBot, store: Store, household: str) -> None:
    """The Ctrl+Tab hint stayed in the status bar for seconds after the worker went to another screen, where it
    named pages that screen does not have."""
    main = surveyor_window(qtbot, store, household)
    assert "Ctrl+Tab" in main.statusBar().currentMessage()
    main.show_page("worklists")
    assert "Ctrl+Tab" not in main.statusBar().currentMessage()
    close(main)


def test_tab_goes_through_the_form_before_the_findings_and_never_stops_on_nothing(
    qtbot: QtBot, store: Store, household: str
) -> None:
    """The findings list came before the fields in the Tab order (it is made before the pages), and Tab stopped on
    the form's scroll area, where the cursor showed nowhere. A member added now has their form made now: the
    findings still come after it."""
    main = surveyor_window(qtbot, store, household)
    editor = main.editor
    editor.show_record(editor.draft.id)
    editor.tabs.tabBar().setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert editor.household_view is not None and focused() is editor.household_view.input("site_id")

    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL)
    member = editor.draft.members[-1].id
    view = editor.view_of(member)
    assert view is not None and focused() is view.input("name")
    assert editor.focus_field(member, "two_after")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is editor.findings_panel.list
    close(main)


@pytest.fixture
def old_labourer(store: Store) -> str:
    """A household whose 户主 is 66 and recorded as 普通劳动力: a warning a worker may accept with a reason."""
    with store.unit_of_work("setup") as uow:
        home = add_household(uow, add_site(uow), building="3", unit="2", room="301")
        add_member(uow, home, name="张三", relation="户主", birth_date=date(1960, 2, 1), labour_skill="普通劳动力")
    return home.id


def accept_with_reason(qtbot: QtBot, main: MainWindow) -> None:
    qtbot.waitUntil(lambda: main.editor.findChild(ReasonDialog) is not None)  # a mnemonic clicks a moment later
    dialog = main.editor.findChild(ReasonDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: focused() is dialog.reason)
    dialog.reason.setPlainText("经入户核实，本人仍在种植烤烟")  # what the input method commits
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, CTRL)
    assert not dialog.isVisible()
    main.activateWindow()


def test_after_accepting_a_finding_the_cursor_is_back_in_its_field(
    qtbot: QtBot, store: Store, old_labourer: str
) -> None:
    """F8 goes to the finding's field and Alt+A accepts it; the cursor then landed on the roster (what followed the
    接受 button, which accepting disables), not in the field the worker was in."""
    main = surveyor_window(qtbot, store, old_labourer)
    editor = main.editor
    panel = editor.findings_panel
    warning = next(f for f in panel.findings if f.code == "member.elderly_labour")
    while panel.current() != warning:
        qtbot.keyClick(focused() or editor, Qt.Key.Key_F8)
    field = focused()
    view = editor.view_of(warning.record_id)
    assert view is not None and view.isAncestorOf(field)
    qtbot.keyClick(field, Qt.Key.Key_A, ALT)
    accept_with_reason(qtbot, main)
    qtbot.waitUntil(lambda: any(f.code == warning.code and f.accepted for f in panel.findings), timeout=10_000)
    qtbot.waitUntil(lambda: focused() is field)
    close(main)


def test_after_accepting_from_the_findings_list_the_cursor_goes_to_the_field_it_is_about(
    qtbot: QtBot, store: Store, old_labourer: str
) -> None:
    main = surveyor_window(qtbot, store, old_labourer)
    editor = main.editor
    panel = editor.findings_panel
    row = next(n for n, f in enumerate(panel.findings) if f.code == "member.elderly_labour")
    panel.list.setFocus()
    panel.list.setCurrentRow(row)
    qtbot.keyClick(panel.list, Qt.Key.Key_Tab)
    assert focused() is panel.accept_button
    qtbot.keyClick(panel.accept_button, Qt.Key.Key_Return)  # Enter presses the button Tab is on, as Space does
    accept_with_reason(qtbot, main)
    view = editor.view_of(panel.findings[row].record_id)
    assert view is not None
    qtbot.waitUntil(lambda: view.isAncestorOf(focused()))
    assert any(focused() is view.input(name) for name in panel.findings[row].fields)
    close(main)


def alt(qtbot: QtBot, key: Qt.Key, done: Callable[[], object]) -> None:
    """Alt+letter: the button with that mnemonic is clicked (a moment later, as it is drawn pressed)."""
    qtbot.keyClick(focused(), key, ALT)
    qtbot.waitUntil(lambda: bool(done()))


def owner(view: FormView, widget: QWidget | None) -> str:
    return next(n for n, w in view.inputs.items() if widget is w or w.isAncestorOf(widget))


def answer(qtbot: QtBot, view: FormView, answers: dict[str, str]) -> None:
    """Fill a form from paper: each question's answer (typed, or committed by the input method for Chinese), then
    Enter, until Enter leaves the form."""
    for _ in range(2 * len(view.inputs)):
        widget = focused()
        if widget is None or not view.isAncestorOf(widget):
            return
        text = answers.get(owner(view, widget))
        if isinstance(widget, QComboBox) and widget.isEditable() and text:
            widget.lineEdit().setText(text)
        elif isinstance(widget, QLineEdit) and text:
            if text.isascii():
                qtbot.keyClicks(widget, text)
            else:
                widget.setText(text)
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    raise AssertionError("Enter never left the form")


def test_a_new_household_of_four_with_a_job_a_visit_and_a_measure_is_entered_without_a_mouse(
    qtbot: QtBot, store: Store
) -> None:
    """The whole of a paper form by keyboard: Enter through each form, Enter on 新增 where a list is empty (it did
    nothing outside a dialog), Alt+J / Alt+V / Alt+M for a job, a visit, a measure, Ctrl+Tab between the parts."""
    with store.unit_of_work("setup") as uow:
        add_site(uow)
    main = surveyor_window(qtbot, store)
    main.households.search.setFocus()
    qtbot.waitUntil(lambda: focused() is main.households.search)
    editor = main.editor
    with qtbot.waitSignal(editor.opened, timeout=10_000):
        qtbot.keyClick(main.households.search, Qt.Key.Key_N, CTRL | SHIFT)
    assert editor.household_view is not None and editor.household_view.isAncestorOf(focused())
    answer(
        qtbot,
        editor.household_view,
        {"building": "3", "unit": "2", "room": "301", "relocation_type": "卡户", "household_type": "脱贫户"},
    )
    assert editor.roster is not None and focused() is editor.roster.add_button
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # 新增成员

    people = [
        ("张大山", make_ric("530326", date(1980, 4, 12), 11), "户主"),
        ("李秀英", make_ric("530326", date(1982, 9, 3), 22), "配偶"),
        ("张小明", make_ric("530326", date(2005, 1, 20), 31), "之子"),
        ("王桂兰", make_ric("530326", date(1950, 6, 8), 42), "之母"),
    ]
    for number, (name, id_number, relation) in enumerate(people):
        if number:
            alt(qtbot, Qt.Key.Key_N, lambda n=number: len(editor.draft.members) == n + 1)  # 新增成员(&N)
        member = editor.draft.members[-1].id
        view = editor.view_of(member)
        assert view is not None
        facts = {"name": name, "id_type": "居民身份证", "id_number": id_number, "ethnicity": "汉族"}
        answer(qtbot, view, {**facts, "relation": relation, "education": "初中", "labour_skill": "普通劳动力"})
        spells = editor.roster.detail(member).spells  # type: ignore[union-attr]
        assert focused() is spells.add_button  # nothing recorded yet: Enter here adds the first job
        if number == 0:
            alt(qtbot, Qt.Key.Key_J, lambda m=member: editor.draft.spells_of(m))  # 新增就业记录(&J)
            job = editor.view_of(editor.draft.spells_of(member)[0].id)
            assert job is not None
            answer(qtbot, job, {"form": "县内务工", "place_scope": "县内", "place": "会泽县", "start_month": "202603"})
            assert focused() is spells.table

    qtbot.keyClick(focused(), Qt.Key.Key_Tab, CTRL)
    assert editor.visits is not None and focused() is editor.visits.add_button
    alt(qtbot, Qt.Key.Key_V, lambda: editor.draft.records("visits"))  # 新增走访(&V)
    visit = editor.view_of(editor.draft.records("visits")[0].id)
    assert visit is not None
    answer(qtbot, visit, {"outcome": "入户"})
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, CTRL)
    assert editor.measures is not None and focused() is editor.measures.add_button
    alt(qtbot, Qt.Key.Key_M, lambda: editor.draft.records("measures"))  # 新增措施(&M)
    measure = editor.view_of(editor.draft.records("measures")[0].id)
    assert measure is not None
    answer(qtbot, measure, {"kind": "职业介绍", "due_on": "20261231"})
    alt(qtbot, Qt.Key.Key_S, lambda: editor.save_state.text().startswith("已保存"))  # 保存草稿(&S)

    with store.reading() as session:
        home = session.scalars(select(Household)).one()
        members = session.scalars(select(Member).order_by(Member.name)).all()
        jobs = session.scalars(select(Employment)).all()
        visits = session.scalars(select(Visit)).all()
        measures = session.scalars(select(Measure)).all()
    assert (home.building, home.unit, home.room, home.household_type) == ("3", "2", "301", "脱贫户")
    assert sorted((m.name, m.relation) for m in members) == sorted((n, r) for n, _i, r in people)
    assert [(j.form, j.start_month) for j in jobs] == [("县内务工", "2026-03")]
    assert [v.outcome for v in visits] == ["入户"] and [(m.kind, m.due_on) for m in measures] == [
        ("职业介绍", date(2026, 12, 31))
    ]
    close(main)


# ---- Alt+letter mnemonics ---------------------------------------------------------------------------------------


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """The Alt+letter of each button, labelled input and tab shown in one window (not in its dialogs)."""
    found: dict[str, list[str]] = {}

    def add(text: str, what: QWidget) -> None:
        key = QKeySequence.mnemonic(text).toString()
        if key:
            found.setdefault(key.upper(), []).append(f"{what.objectName() or type(what).__name__} {text!r}")

    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            add(widget.text(), widget)
        elif isinstance(widget, QGroupBox):
            add(widget.title(), widget)
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                add(widget.tabText(index), widget)
    return found


def clashes(window: QWidget) -> dict[str, list[str]]:
    return {key: said for key, said in mnemonics(window).items() if len(said) > 1}


def walk(window: MainWindow) -> dict[str, set[str]]:
    """Every screen of the main window (and each tab of the county's), each part of the household in the editor:
    no two mnemonics shown at once may clash. Returns the mnemonics each screen offers."""
    offered: dict[str, set[str]] = {}
    for key in window.pages:
        window.show_page(key)
        tabs = window.county.tabs if key == "county" else None
        for index in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(index)
            assert clashes(window) == {}, key
            offered.setdefault(key, set()).update(mnemonics(window))
            if tabs is not None:
                offered[f"county:{tabs.widget(index).objectName()}"] = set(mnemonics(window))
    if window._editor is not None and window.editor.session.draft is not None:
        window.stack.setCurrentWidget(window.editor)
        for part in PARTS:
            assert window.editor.tabs.show_part(part) is not None
            assert clashes(window) == {}, part
            offered[part] = set(mnemonics(window))
    return offered


@pytest.fixture
def two_left(store: Store) -> str:
    """A household whose daughter married out and whose son moved his 户籍 away (减员, both)."""
    with store.unit_of_work("setup") as uow:
        home = add_household(uow, add_site(uow), building="3", unit="2", room="301")
        add_member(uow, home, name="张三", relation="户主")
        for name, relation, reason in (("张小花", "之女", "婚出"), ("张小军", "之子", "户籍迁出")):
            gone = add_member(uow, home, name=name, relation=relation)
            gone.left_reason = reason
            uow.delete(gone)
    return home.id


def test_a_member_who_left_is_brought_back_from_the_keyboard(qtbot: QtBot, store: Store, two_left: str) -> None:
    """The 恢复 beside a name under the roster was a link: only the mouse reached it. 恢复成员(&R) comes after
    新增成员 and 减员 in the Tab order and answers Alt+R; with two gone it lists them, arrows and Enter pick one."""
    main = surveyor_window(qtbot, store, two_left)
    editor = main.editor
    assert editor.roster is not None
    roster = editor.roster
    button = roster.bring_back_button
    assert focused() is roster.table and button.isVisible() and "(&R)" in button.text()
    for expected in (roster.add_button, roster.remove_button, button):  # Tab from the list
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is expected
    roster.table.setFocus()
    alt(qtbot, Qt.Key.Key_R, lambda: roster.findChild(QMenu, "roster_bring_back_menu") is not None)
    menu = roster.findChild(QMenu, "roster_bring_back_menu")
    qtbot.waitUntil(menu.isVisible)
    names = [a.text() for a in menu.actions()]
    assert sorted(names) == sorted(["张小花（婚出）", "张小军（户籍迁出）"])
    for _ in range(names.index("张小军（户籍迁出）")):  # the first is picked as the list opens
        qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    box = editor.findChild(QMessageBox, "confirm_bring_back")
    assert box is not None and "张小军" in box.text()
    qtbot.waitExposed(box)
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    qtbot.keyClick(focused() or box, Qt.Key.Key_R, ALT)  # 恢复(&R)
    qtbot.waitUntil(lambda: any(m.values.get("name") == "张小军" for m in editor.draft.members))
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    roster.table.setFocus()
    # One left now: Alt+R asks about her at once.
    alt(qtbot, Qt.Key.Key_R, lambda: len(editor.findChildren(QMessageBox, "confirm_bring_back")) == 2)
    assert "张小花" in editor.findChildren(QMessageBox, "confirm_bring_back")[-1].text()
    close(main)


def test_the_buttons_a_worker_uses_all_the_time_have_mnemonics_and_none_clash(window: MainWindow) -> None:
    """Chinese Windows programs write them 保存(&S): Alt+S. There were none; now none may be two things at once."""
    offered = walk(window)
    assert {"ALT+N", "ALT+F"} <= offered["households"]  # 新增住户, 查找
    editor = {"ALT+S", "ALT+C", "ALT+N", "ALT+A"}  # 保存草稿, 标记已完成, 新增成员, 接受（填写原因）
    assert editor <= offered["household"] and editor <= offered["member"]
    assert {"ALT+J", "ALT+B"} <= offered["spells"] and "ALT+V" in offered["visits"] and "ALT+M" in offered["measures"]
    if "sync_log" in window.pages:  # a station's 站长: 立即同步 in the status bar (a 采集员 does not sync)
        assert "ALT+Y" in offered["households"]


def test_the_english_mnemonics_do_not_clash_either(
    qtbot: QtBot, english: QApplication, store: Store, household: str
) -> None:
    """The English texts carry their own letters (&Save draft, New &visit): none may clash in English either."""
    for role in ROLES:
        main = MainWindow(store, Account("x", "X", role))
        qtbot.addWidget(main)
        main.show()
        with qtbot.waitSignal(main.editor.opened, timeout=10_000):
            main.open_household(household)
        offered = walk(main)
        assert {"ALT+S", "ALT+C", "ALT+N", "ALT+A"} <= offered["member"] and "ALT+V" in offered["visits"]
        close(main)


@pytest.mark.parametrize(("who", "role"), [("a", "站长"), ("county", "县级管理员")])
def test_the_sync_and_county_screens_mnemonics_do_not_clash(qtbot: QtBot, world: World, who: str, role: str) -> None:
    """An enrolled station's 同步 (导出到U盘, 导入回执) and the county's (选择批次文件, the 县级 tabs)."""
    main = MainWindow(world.stores[who], Account("x", "X", role))
    qtbot.addWidget(main)
    main.show()
    main.sync.refresh()
    qtbot.waitUntil(lambda: main.sync.overview is not None, timeout=10_000)
    offered = walk(main)
    assert ({"ALT+E", "ALT+I"} if who == "a" else {"ALT+B"}) <= offered["sync"]
    main.runner.wait()
    main.close()


def test_a_mnemonic_does_its_work_and_leaves_the_cursor_in_the_field(
    qtbot: QtBot, store: Store, household: str
) -> None:
    main = surveyor_window(qtbot, store, household)
    editor = main.editor
    head = editor.draft.members[0].id
    assert editor.focus_field(head, "phone")
    field = focused()
    qtbot.keyClicks(field, "13800000000")
    alt(qtbot, Qt.Key.Key_S, lambda: not editor.session.saving and editor.save_state.text().startswith("已保存"))
    assert focused() is field
    with store.reading() as session:
        saved = session.get(Member, head)
    assert saved is not None and saved.phone == "13800000000"
    close(main)


def test_every_dialog_button_has_a_mnemonic_and_none_clash(
    qtbot: QtBot, store: Store, old_labourer: str, tmp_path: Path
) -> None:
    """OK and Cancel with their own texts (登录, 接受, 取消 …) have mnemonics: Qt's 确定 and 取消 have none in
    Chinese; 是(&Y) and 否(&N) come with Qt's translation."""
    main = MainWindow(store, Account("zhang", "张站长", "站长"))
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.editor.opened, timeout=10_000):
        main.open_household(old_labourer)
    editor = main.editor
    warning = next(f for f in editor.findings_panel.findings if f.code == "member.elderly_labour")
    runner = TaskRunner()
    dialogs: list[QDialog] = [
        LoginDialog(store),
        LoginDialog(store, username="zhang", locked=True),
        FirstRunDialog(store),
        NewUserDialog(store, "zhang", ROLES),
        ChangePasswordDialog(store, Account("zhang", "张站长", "站长")),
        ExportDialog(runner),
        PassphraseDialog(tmp_path / "station.anjupkg"),
    ]
    for made in (editor.ask_accept(warning), editor.ask_void()):
        assert made is not None
        dialogs.append(made)
        made.reject()
    leave = editor.ask_member_leaves(editor.draft.members[0].id)  # 减员, with its reason
    assert leave is not None
    dialogs.append(leave)
    leave.reject()
    visit = editor.add_visit()
    assert visit is not None
    editor.ask_remove(visit)
    confirm = editor.findChild(QMessageBox, "confirm_remove")
    assert confirm is not None
    dialogs.append(confirm)
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        name = dialog.objectName() or type(dialog).__name__
        assert clashes(dialog) == {}, name
        for box in dialog.findChildren(QDialogButtonBox):
            for button in box.buttons():
                assert QKeySequence.mnemonic(button.text()).toString(), (name, button.text())
    confirm.reject()
    runner.wait()
    close(main)


# ---- the county's screens and 设置 -------------------------------------------------------------------------------

CLERK = Account("clerk", "赵科长", "县级管理员")


@pytest.fixture
def busy_county(world: World) -> dict[str, str]:
    """Something waiting on every county tab: a family recorded twice (重复人员, with 整户合并), a conflict over an
    employer whose name has an &, a household ready for 批量审核通过 besides those to read."""
    homes = one_family_at_both_stations(world)
    with world.a.reading() as session:
        job = session.scalars(
            select(Employment.id)
            .join(Member, Member.id == Employment.member_id)
            .where(Member.household_id == homes["a"])
        ).one()
    edit_at_both(world, Employment, job, "employer", ("H&M 服装厂", "优衣库"))
    with world.edit("a") as uow:
        sync_support.add_household(uow, world.site_id("S1"), room="909", status="已完成")
    world.sync("a")
    return homes


def county_window(qtbot: QtBot, world: World) -> MainWindow:
    """The county clerk's window on the 县级 page, each tab read (the detail of its first entry shown)."""
    main = MainWindow(world.county, CLERK)
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    main.show_page("county")
    county = main.county
    qtbot.waitUntil(
        lambda: (
            county.stations.table.rowCount() == 2
            and county.conflicts.group is not None
            and county.duplicates.merge_household_button.isVisibleTo(county.duplicates)
            and county.review.item is not None
            and county.review.approve_all_button.isEnabled()
        ),
        timeout=10_000,
    )
    return main


#: The Alt+letters each county tab and 设置 offer, in Chinese and in English (each text carries its own).
COUNTY_KEYS = {
    "zh_CN": {
        "county:stations_page": {"ALT+R", "ALT+D", "ALT+E", "ALT+A", "ALT+W"},  # 刷新, 停用工作站…, 登记工作站…,
        # 新增安置点…, 写出回执…
        "county:conflicts_page": {"ALT+N", "ALT+R", "ALT+O"},  # 说明, 按所选处理, 打开住户
        "county:duplicates_page": {"ALT+N", "ALT+M", "ALT+K", "ALT+H"},  # 说明或原因, 合并, 都保留, 整户合并…
        "county:review_page": {"ALT+S", "ALT+W", "ALT+B", "ALT+M", "ALT+A", "ALT+R", "ALT+O"},
        "settings": {"ALT+A", "ALT+T", "ALT+P", "ALT+S", "ALT+L", "ALT+B", "ALT+G"},
    },
    "en": {
        "county:stations_page": {"ALT+R", "ALT+V", "ALT+E", "ALT+A", "ALT+W"},  # &Refresh, Re&voke station…,
        # &Enrol station…, &Add site…, &Write return file…
        "county:conflicts_page": {"ALT+N", "ALT+R", "ALT+O"},
        "county:duplicates_page": {"ALT+N", "ALT+M", "ALT+K", "ALT+H"},
        "county:review_page": {"ALT+S", "ALT+W", "ALT+L", "ALT+M", "ALT+A", "ALT+R", "ALT+O"},
        "settings": {"ALT+A", "ALT+T", "ALT+P", "ALT+S", "ALT+L", "ALT+B", "ALT+G"},
    },
}


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_county_tabs_and_settings_have_mnemonics_and_none_clash(
    qtbot: QtBot, request: pytest.FixtureRequest, world: World, busy_county: dict[str, str], language: str
) -> None:
    """工作站, 冲突, 重复人员 (its 整户合并… too) and 审核, and 设置, had no Alt+letter: now each has its own, in
    both languages, none clashing with another shown at the same time, each entry's detail shown."""
    if language == "en":
        request.getfixturevalue("english")
    main = county_window(qtbot, world)
    offered = walk(main)
    for screen, keys in COUNTY_KEYS[language].items():
        assert keys <= offered[screen], screen
    main.runner.wait()
    main.close()


def test_a_value_with_an_ampersand_is_shown_as_it_is_not_as_an_alt_letter(
    qtbot: QtBot, world: World, busy_county: dict[str, str]
) -> None:
    """The employer H&M 服装厂 was offered as "HM 服装厂" with the M underlined (Alt+M chose it)."""
    main = county_window(qtbot, world)
    conflicts = main.county.conflicts
    main.county.tabs.setCurrentWidget(conflicts)
    choices = [b for b in conflicts.grid_host.findChildren(QRadioButton) if b.text()]
    assert any(without_mnemonic(b.text()).startswith("H&M 服装厂") for b in choices)
    assert [b.text() for b in choices if QKeySequence.mnemonic(b.text()).toString()] == []
    main.runner.wait()
    main.close()


def chinese_with_mnemonics(dialog: QDialog) -> list[str]:
    """The buttons of ``dialog`` a Chinese worker cannot read or reach by Alt+letter (Qt's own say 确定 and 取消
    with no Alt+letter, or OK and Cancel without Qt's translation)."""
    return [
        button.text()
        for box in dialog.findChildren(QDialogButtonBox)
        for button in box.buttons()
        if not QKeySequence.mnemonic(button.text()).toString() or without_mnemonic(button.text()).isascii()
    ]


def test_every_dialog_the_county_clerk_meets_says_chinese_with_an_alt_letter_on_each_button(
    qtbot: QtBot, world: World, busy_county: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    main = county_window(qtbot, world)
    county = main.county
    stations = county.stations
    stations.table.selectRow(0)
    revoke = stations.ask_revoke()
    enrol = stations.ask_enrol()
    assert enrol is not None
    qtbot.waitUntil(lambda: enrol.sites.count() == 3, timeout=5000)
    site = enrol.ask_add_site()
    return_file = stations.ask_return_file()
    enrolled = stations.show_enrolled(
        Enrolment("station-x", "大井镇工作站", ["S2"], "ABCD-EFGH-JKLM-NPQR-STUV", Path("x"))
    )
    duplicates = county.duplicates
    duplicates.choose(busy_county["b"])
    duplicates.ask_merge_households()
    merge = duplicates.findChild(QMessageBox, "confirm_merge_households")
    county.review.ask_approve_all()
    approve = county.review.findChild(QMessageBox, "confirm_approve_all")
    made: list[QDialog] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: made.append(box) or 0)
    monkeypatch.setattr(QInputDialog, "exec", lambda dialog: made.append(dialog) or 0)
    settings = main.pages["settings"]
    assert isinstance(settings, SettingsPage)
    unblock = QTimer()  # a modal made another way than these would wait for a click: take it away
    unblock.timeout.connect(lambda: isinstance(modal := QApplication.activeModalWidget(), QDialog) and modal.reject())
    unblock.start(200)
    settings.users.setCurrentCell(-1, -1)
    settings.toggle_user()  # 请先在上面的列表中点选一个账号。
    settings.users.setCurrentCell(0, 0)
    settings.reset_password()  # the new password, typed unseen
    unblock.stop()
    assert len(made) == 2
    for dialog in (revoke, merge, approve, enrol, site, return_file, enrolled, *made):
        assert dialog is not None
        assert chinese_with_mnemonics(dialog) == [], dialog.objectName()
        assert clashes(dialog) == {}, dialog.objectName()
    for dialog in (revoke, merge, approve, site, enrol, return_file, enrolled):
        dialog.reject()  # type: ignore[union-attr]
    main.runner.wait()
    main.close()


# ---- Enter on a button --------------------------------------------------------------------------------------------


def test_enter_presses_the_button_the_cursor_is_on_outside_dialogs_too(
    qtbot: QtBot, store: Store, household: str
) -> None:
    """Qt presses a button on Enter only in a dialog: a worker Tabbed to 新增住户, 设置's 复制位置 or the editor's
    新增成员 and pressed Enter, and nothing happened (few know Space). A search box's Enter stays its own."""
    main = MainWindow(store, Account("zhang", "张站长", "站长"))
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    settings = main.pages["settings"]
    main.show_page("settings")
    copy = settings.findChild(QPushButton, "copy_database_path")
    QGuiApplication.clipboard().clear()
    copy.setFocus()
    qtbot.keyClick(copy, Qt.Key.Key_Return)
    assert QGuiApplication.clipboard().text() == str(store.path.resolve())

    main.show_page("households")
    page = main.households
    page.search.setFocus()
    page.search.setText("没有这个人")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # the search's, not 新增住户's
    assert main.stack.currentWidget() is page and main._editor is None
    page.add_button.setFocus()
    with qtbot.waitSignal(main.editor.opened, timeout=10_000):
        qtbot.keyClick(page.add_button, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)  # the keypad's Enter
    editor = main.editor
    new_member = editor.findChild(QAbstractButton, "button_new_member")
    new_member.setFocus()
    qtbot.keyClick(new_member, Qt.Key.Key_Return)
    assert len(editor.draft.members) == 1
    close(main)


def test_enter_presses_the_sync_pages_and_the_county_pages_buttons(
    qtbot: QtBot, world: World, busy_county: dict[str, str]
) -> None:
    """导出到U盘 on a station's 同步; 打开住户 and 批量审核通过 on the county's 审核 — where a dialog's Enter still
    presses its default button (取消 here: nothing is approved)."""
    station = MainWindow(world.a, Account("a", "张站长", "站长"))
    qtbot.addWidget(station)
    station.show()
    station.show_page("sync")
    sync = station.sync
    qtbot.waitUntil(lambda: sync.export_button.isVisible() and sync.export_button.isEnabled(), timeout=10_000)
    sync.export_button.setFocus()
    qtbot.keyClick(sync.export_button, Qt.Key.Key_Return)
    assert sync.export_dialog is not None and sync.export_dialog.isVisible()
    sync.export_dialog.reject()
    station.runner.wait()
    station.close()

    main = county_window(qtbot, world)
    review = main.county.review
    main.county.tabs.setCurrentWidget(review)
    waiting = len(review.data.items)
    review.approve_all_button.setFocus()
    qtbot.keyClick(review.approve_all_button, Qt.Key.Key_Return)
    box = review.findChild(QMessageBox, "confirm_approve_all")
    assert box is not None and box.isVisible()
    box.activateWindow()
    qtbot.waitUntil(lambda: box.isActiveWindow())
    qtbot.keyClick(box.defaultButton(), Qt.Key.Key_Return)
    assert not box.isVisible()
    main.runner.wait()
    assert len(review.data.items) == waiting
    review.open_button.setFocus()
    with qtbot.waitSignal(main.editor.opened, timeout=10_000):
        qtbot.keyClick(review.open_button, Qt.Key.Key_Return)
    close(main)
