"""A field's grey hint says what an empty answer means (在校生状况: “不在校的留空；还没上学的幼儿选“学龄前儿童”。”);
on a narrow form it was cut short (“不在校的留空；还没上学的幼…”). The whole hint is the field's tooltip on hover, and a
worker going down the form with Tab sees it whole under the field when it is cut; a hint that fits pops nothing."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QToolTip, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.editor.widgets import ChoiceInput, TextInput, hint_cut, make_input
from forms.questionnaire import Field, load_packaged

HINT = "不在校的留空；还没上学的幼儿选“学龄前儿童”。"


def field(name: str) -> Field:
    questionnaire = load_packaged()
    return next(f for form in questionnaire.forms for f in form.fields if f.name == name)


def form_with(qtbot: QtBot, name: str, width: int) -> tuple[QWidget, QLineEdit, QWidget]:
    """A form ``width`` pixels wide: a line to start from, then the field."""
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    before = QLineEdit(host)
    item = field(name)
    options = [(v, v) for v in load_packaged().choices[item.choices].values] if item.choices else []
    widget = make_input(item, options, host)
    layout.addWidget(before)
    layout.addWidget(widget)
    host.resize(width, 90)
    with qtbot.waitActive(host):
        host.show()
        host.activateWindow()
    return host, before, widget


def tab_into(qtbot: QtBot, before: QLineEdit, widget: QWidget) -> None:
    """Tab from ``before``: the key goes down there, and comes up where the focus went (as on a keyboard)."""
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    before.setFocus()
    qtbot.keyPress(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(widget.hasFocus)
    qtbot.keyRelease(widget, Qt.Key.Key_Tab)


def test_tabbing_into_an_empty_choice_whose_hint_is_cut_shows_the_whole_hint(qtbot: QtBot) -> None:
    _host, before, combo = form_with(qtbot, "student_status", 200)
    assert isinstance(combo, ChoiceInput)
    edit = combo.lineEdit()
    assert edit.placeholderText() == HINT and hint_cut(edit)  # what the worker sees is cut short
    tab_into(qtbot, before, combo)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == HINT

    # Hovering says it too, on the part of the combo the text is in.
    QToolTip.hideText()
    where = QPoint(20, edit.height() // 2)
    QApplication.sendEvent(edit, QHelpEvent(QEvent.Type.ToolTip, where, edit.mapToGlobal(where)))
    assert QToolTip.text() == HINT


def test_a_hint_that_fits_or_an_answered_field_pops_nothing(qtbot: QtBot) -> None:
    _host, before, combo = form_with(qtbot, "student_status", 900)
    assert not hint_cut(combo.lineEdit())
    tab_into(qtbot, before, combo)
    QApplication.processEvents()
    assert not QToolTip.isVisible()

    _host, before, combo = form_with(qtbot, "student_status", 200)
    combo.set_value("学龄前儿童")
    tab_into(qtbot, before, combo)
    QApplication.processEvents()
    assert not QToolTip.isVisible()


def test_a_text_field_whose_hint_is_cut_shows_it_whole_when_tabbed_into(qtbot: QtBot) -> None:
    questionnaire = load_packaged()
    hinted = next(
        f for form in questionnaire.forms for f in form.fields if f.hint and f.type == "text" and len(f.hint.zh) > 15
    )
    _host, before, edit = form_with(qtbot, hinted.name, 200)
    assert isinstance(edit, TextInput) and hint_cut(edit)
    tab_into(qtbot, before, edit)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == hinted.hint.zh
