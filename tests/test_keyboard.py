"""DESIGN.md §6 across the whole app, not only the household editor: every input of every screen and dialog has an
objectName and an accessible name (a questionnaire input's objectName is its field name), and Tab never gets
stuck in a table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.editor.dialogs import ReasonDialog
from desktop.login import FirstRunDialog, LoginDialog
from desktop.main_window import MainWindow
from desktop.settings_page import NewUserDialog
from desktop.sync_page import ExportDialog, PassphraseDialog
from desktop.tasks import TaskRunner
from forms.records import Employment, Measure, Visit
from forms.store import Store
from forms.users import ROLES, Account
from tests.factories import add_household, add_member, add_site

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
    """A household with a member, an employment spell, a visit and a measure: every form the editor shows."""
    with store.unit_of_work("setup") as uow:
        home = add_household(uow, add_site(uow), building="3", unit="2", room="301")
        head = add_member(uow, home, name="张三", relation="户主")
        uow.add(Employment(member_id=head.id, form="县内务工", start_month="2026-03"))
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
        ExportDialog(runner),
        PassphraseDialog(tmp_path / "station.anjupkg"),
        ReasonDialog("接受检查结果", "…", "原因（必填）：", "接受"),
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
