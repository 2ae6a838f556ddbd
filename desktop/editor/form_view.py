"""One questionnaire form rendered as a page of sections: the inputs in paper order, Tab and Enter moving from one
answer to the next, irrelevant questions hidden as answers change, derived answers read-only, and each field's
own problem written under it.

The view knows nothing of records or saving. It says what was typed (`edited`) and what was committed
(`committed`: the field was left, Enter was pressed, or a choice was picked); the editor decides what follows.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from forms.fieldchecks import FormState
from forms.findings import Finding
from forms.questionnaire import Field, Form, Questionnaire

from .widgets import Input, NoteInput, focus_widgets, make_input, other_text_of, text_of

Options = Callable[[Field], Sequence[tuple[object, str]]]
TWO_COLUMNS_FROM = 860  # px of width from which sections sit side by side
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FormView(QScrollArea):
    edited = Signal(str, object)  # field name, value: as the person types
    committed = Signal(str, object)  # field name, value: the field was left, Enter pressed, or a choice picked
    finished = Signal()  # Enter on the last field of the form

    def __init__(
        self, questionnaire: Questionnaire, form_name: str, options: Options, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.form: Form = questionnaire.form(form_name)
        self.setObjectName(f"{form_name}_form")
        self.setAccessibleName(text_of(self.form.label))
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        # Tab goes from the page's tabs straight to the first question: the scroll area itself was a stop between
        # them, where the cursor showed nowhere. (A field Tab reaches is scrolled into view all the same.)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.inputs: dict[str, Input] = {}
        self.rows: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        self.labels: list[QLabel] = []
        self.boxes: list[tuple[QGroupBox, QFormLayout, list[Field]]] = []
        self._committed: dict[str, object] = {}
        self._owner: dict[QObject, str] = {}
        self._columns = 0
        self._marks: dict[str, str] = {}

        body = QWidget(self)
        self.grid = QGridLayout(body)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(8)
        for section in self.form.sections:
            box = QGroupBox(text_of(section.label), body)
            box.setObjectName(f"section_{section.name}")
            layout = QFormLayout(box)
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            for item in section.fields:
                self._add_row(layout, item, options(item))
            self.boxes.append((box, layout, list(section.fields)))
        self.setWidget(body)
        # One label width for the whole form, so the inputs of every section line up (and no label wraps).
        width = max((label.sizeHint().width() for label in self.labels), default=0)
        for label in self.labels:
            label.setFixedWidth(width)
        self._chain_tab_order()
        self._arrange(1)

    # ---- building -----------------------------------------------------------------------------------------------

    def _add_row(self, layout: QFormLayout, item: Field, options: Sequence[tuple[object, str]]) -> None:
        row = QWidget()
        column = QVBoxLayout(row)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        widget = make_input(item, options, row)
        column.addWidget(widget)
        message = QLabel(row)
        message.setObjectName(f"{item.name}_message")
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        message.hide()
        column.addWidget(message)
        if isinstance(widget, NoteInput):
            layout.addRow(row)
        else:
            label = QLabel(self._label_text(item))
            label.setBuddy(widget)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.labels.append(label)
            layout.addRow(label, row)
        self.inputs[item.name] = widget
        self.rows[item.name] = row
        self.messages[item.name] = message
        for target in focus_widgets(widget):
            self._owner[target] = item.name
            target.installEventFilter(self)
        widget.changed.connect(lambda name=item.name: self._changed(name))
        widget.chosen.connect(lambda name=item.name: self.commit(name))

    @staticmethod
    def _label_text(item: Field) -> str:
        text = text_of(item.label).replace("&", "&&")
        return f'{text}<span style="color:#c62828">*</span>' if item.required else text

    def _chain_tab_order(self) -> None:
        """Tab follows the paper form, whatever the sections' places on screen."""
        chain = [w for name in self.inputs for w in focus_widgets(self.inputs[name])]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _arrange(self, columns: int) -> None:
        """Sections in one or two columns, the first column filled in order until it holds about half the
        questions, so reading down the first column and then the second follows the form."""
        if columns == self._columns:
            return
        self._columns = columns
        for box, _layout, _fields in self.boxes:
            self.grid.removeWidget(box)
        total = sum(len(fields) for _box, _layout, fields in self.boxes)
        placed, column, row = 0, 0, 0
        for box, _layout, fields in self.boxes:
            if columns == 2 and column == 0 and placed > 0 and placed + len(fields) / 2 > total / 2:
                column, row = 1, 0
            self.grid.addWidget(box, row, column)
            row += 1
            placed += len(fields)
        for col in range(2):
            self.grid.setColumnStretch(col, 1 if col < columns else 0)
        self.grid.setRowStretch(self.grid.rowCount(), 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(2 if event.size().width() >= TWO_COLUMNS_FROM else 1)

    # ---- values -------------------------------------------------------------------------------------------------

    def input(self, name: str) -> Input:
        return self.inputs[name]

    def value(self, name: str) -> object:
        return self.inputs[name].value()

    def set_values(self, values: Mapping[str, object]) -> None:
        """Show stored answers (nothing is emitted: they are already saved)."""
        for name, widget in self.inputs.items():
            value = values.get(name)
            widget.set_value(value)
            self._committed[name] = widget.value()

    def show_value(self, name: str, value: object) -> None:
        """Show a value the program set (derived from another answer); it is saved with that answer."""
        widget = self.inputs.get(name)
        if widget is not None:
            widget.set_value(value)
            self._committed[name] = widget.value()

    def set_options(self, name: str, options: Sequence[tuple[object, str]]) -> None:
        widget = self.inputs.get(name)
        if widget is not None and hasattr(widget, "set_options"):
            widget.set_options(options)
            self._committed[name] = widget.value()

    def _changed(self, name: str) -> None:
        self.edited.emit(name, self.inputs[name].value())

    def commit(self, name: str) -> None:
        """Tidy what was typed and, if it differs from what was last committed, say so."""
        widget = self.inputs[name]
        widget.tidy()
        value = widget.value()
        if name in self._committed and self._committed[name] == value:
            return
        self._committed[name] = value
        self.committed.emit(name, value)

    def commit_focused(self) -> None:
        """Commit the field being typed in (before a save, a status change or leaving the household)."""
        for target, name in self._owner.items():
            if isinstance(target, QWidget) and target.hasFocus():
                self.commit(name)
                return

    # ---- state and findings ---------------------------------------------------------------------------------------

    def apply_state(self, state: FormState) -> None:
        """Show the relevant questions only, lock the derived ones, and show computed values."""
        for box, layout, fields in self.boxes:
            any_shown = False
            for item in fields:
                shown = state.relevant.get(item.name, True)
                layout.setRowVisible(self.rows[item.name], shown)
                any_shown = any_shown or shown
                self.inputs[item.name].set_read_only(bool(state.read_only.get(item.name, False)) or not self._editable)
            box.setVisible(any_shown)
        for name, value in state.computed.items():
            widget = self.inputs.get(name)
            if widget is not None:
                widget.set_value(None if value == "" else value)
                self._committed[name] = widget.value()

    _editable = True

    def set_editable(self, editable: bool) -> None:
        """A 作废 household is shown, not edited."""
        self._editable = editable
        if not editable:
            for widget in self.inputs.values():
                widget.set_read_only(True)

    def mark(self, findings: Iterable[Finding]) -> None:
        """Outline the fields with problems and write each field's first problem under it."""
        worst: dict[str, Finding] = {}
        for finding in findings:
            if finding.accepted:
                continue
            for name in finding.fields:
                if name in self.inputs and (name not in worst or _rank(finding) < _rank(worst[name])):
                    worst[name] = finding
        for name, widget in self.inputs.items():
            shown = worst.get(name)
            severity = shown.severity if shown else ""
            if self._marks.get(name, "") != severity:
                self._marks[name] = severity
                widget.setProperty("finding", severity)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
            message = self.messages[name]
            if shown is None:
                message.hide()
                continue
            color = "#c62828" if shown.severity == "error" else "#9a6700"
            message.setText(f'<span style="color:{color}">{text_of(shown)}</span>')
            message.setToolTip(other_text_of(shown))
            message.show()

    # ---- keyboard -------------------------------------------------------------------------------------------------

    def target(self, name: str) -> QWidget | None:
        """Where the cursor goes for a field, if it is shown and can be typed in."""
        widget = self.inputs.get(name)
        if widget is None or not self.isVisible() or not self.rows[name].isVisibleTo(self):
            return None  # a hidden page (another tab) or a question that does not apply
        targets = [w for w in focus_widgets(widget) if w.isEnabled() and w.focusPolicy() != Qt.FocusPolicy.NoFocus]
        return targets[0] if targets else None

    def first_target(self) -> QWidget | None:
        return next((t for t in map(self.target, self.inputs) if t is not None), None)

    def focus_field(self, name: str, reason: Qt.FocusReason = Qt.FocusReason.OtherFocusReason) -> bool:
        """Put the cursor in a field if it is shown and can be typed in; False otherwise."""
        target = self.target(name)
        if target is None:
            return False
        target.setFocus(reason)
        self.ensureWidgetVisible(self.rows[name], 50, 50)
        return True

    def focus_first(self) -> bool:
        return any(self.focus_field(name) for name in self.inputs)

    def focus_after(self, name: str) -> bool:
        """Enter: the cursor to the next field as Tab takes it there, its text selected: typed over a value filled
        in already (a new household's 采集日期, a new member's 证件类型), 2026-12-022026.5.3 was stored."""
        names = list(self.inputs)
        tab = Qt.FocusReason.TabFocusReason
        return any(self.focus_field(later, tab) for later in names[names.index(name) + 1 :])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        name = self._owner.get(watched)
        if name is None:
            return False
        if event.type() == QEvent.Type.FocusOut:
            self.commit(name)
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
            if event.key() in _ENTER and plain:
                # Enter moves on, like Tab, so a whole form can be typed with the keypad and Enter.
                self.commit(name)
                if not self.focus_after(name):
                    self.finished.emit()
                return True
        return False


def _rank(finding: Finding) -> int:
    return 0 if finding.severity == "error" else 1
