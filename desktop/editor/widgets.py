"""One input widget per questionnaire field type, built for the keyboard and for Chinese input methods.

Every input has the questionnaire field name as its objectName and the field label as its accessible name, and
speaks one small protocol the form view relies on:

- ``value()`` is the answer as it stands (typed: ``date``, ``int``, ``bool``, ``"YYYY-MM"``, a choice value), or
  the raw text when it cannot be read yet, so the field checks can say what is wrong with it;
- ``set_value(v)`` shows a stored answer without emitting anything;
- ``changed`` fires as the person types or picks (the findings panel follows it);
- ``chosen`` fires when a pick is complete by itself (a combo item, a check box): the form commits it at once,
  where typed text is committed when the field is left or Enter is pressed;
- ``tidy()`` rewrites what was typed into its canonical form when the field is committed (20240315 →
  2024-03-15, "hz" → 汉族).

CJK text arrives from the input method as one committed string (``setText``), so nothing here depends on key
events for Chinese characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Protocol, cast

from PySide6.QtCore import (
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent, QRegularExpressionValidator, QValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QGridLayout, QLabel, QLineEdit, QToolTip, QWidget

from forms.idnumber import normalise
from forms.pinyin import name_initials
from forms.questionnaire import Field
from forms.typed_text import one_line

EMPTY_CHOICE = ""
# 2024年3月5日 as written, 2024年3月5号 as said (and written on many a form), 2024 年 3 月 5 日 as some input methods
# space it; a month as 2024年3月 or 2024年3月份.
_DATE_PARTS = re.compile(r"([0-9]{4})\s*[-./年\s]?\s*([0-9]{1,2})\s*[-./月\s]?\s*([0-9]{1,2})\s*[日号]?", re.ASCII)
_DATE_DIGITS = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})", re.ASCII)
_MONTH_PARTS = re.compile(r"([0-9]{4})\s*[-./年\s]\s*([0-9]{1,2})\s*(?:月份?)?", re.ASCII)
_MONTH_DIGITS = re.compile(r"([0-9]{4})([0-9]{2})", re.ASCII)
_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)


class Bilingual(Protocol):
    """Text that carries both languages as data: questionnaire texts, findings, errors."""

    @property
    def zh(self) -> str: ...

    @property
    def en(self) -> str: ...


def english() -> bool:
    """Whether the UI language is English (`desktop.i18n.install_translator` sets the default locale)."""
    return QLocale().language() == QLocale.Language.English


def text_of(text: Bilingual | None) -> str:
    """A text that carries both languages, in the UI language (Chinese unless English was chosen)."""
    if text is None:
        return ""
    return text.en if english() else text.zh


def other_text_of(text: Bilingual) -> str:
    """The same text in the other language (for a tooltip)."""
    return text.zh if english() else text.en


def _plain(text: str) -> str:
    """Full-width digits, letters and spaces from an input method in their ordinary form, on one line, trimmed."""
    return unicodedata.normalize("NFKC", one_line(text)).strip()


def parse_date(text: str) -> date | None:
    """20240315, 2024-03-15, 2024.3.15, 2024/3/15 and 2024年3月15日 → a date; None if it is not one."""
    plain = _plain(text)
    match = _DATE_DIGITS.fullmatch(plain) or _DATE_PARTS.fullmatch(plain)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_month(text: str) -> str | None:
    """2024-03, 202403, 2024.3, 2024/3, 2024年3月 and 2024年3月份 → "2024-03"; a whole date (2024年3月5日 or
    20240305, the day a job began, from a contract) → its month; None if it is not a month."""
    plain = _plain(text)
    match = _MONTH_DIGITS.fullmatch(plain) or _MONTH_PARTS.fullmatch(plain)
    if match is None:
        day = parse_date(plain)
        return f"{day.year:04d}-{day.month:02d}" if day else None
    if not 1 <= int(match[2]) <= 12:
        return None
    return f"{int(match[1]):04d}-{int(match[2]):02d}"


class _NoWheelUnlessFocused(QObject):
    """A combo in a scrolling form must not change its value when the wheel merely passes over it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()
            return True
        return False


_wheel_guard: _NoWheelUnlessFocused | None = None


def _guard_wheel(widget: QWidget) -> None:
    global _wheel_guard
    if _wheel_guard is None:
        _wheel_guard = _NoWheelUnlessFocused()
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_wheel_guard)


def _name(widget: QWidget, item: Field) -> None:
    widget.setObjectName(item.name)
    widget.setAccessibleName(text_of(item.label))
    if item.hint is not None:
        widget.setToolTip(text_of(item.hint))
        widget.setAccessibleDescription(text_of(item.hint))


PLACEHOLDER_MARGIN = 8  # what a line edit keeps beside its text (frame and text margins), near enough
_HINT_DUE = "anju_hint_due"  # a field's property: reached from the keyboard, its hint not yet shown
_KEYBOARD_FOCUS = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason, Qt.FocusReason.ShortcutFocusReason)


def hint_cut(edit: QLineEdit) -> bool:
    """Whether ``edit``'s grey hint is cut short (“不在校的留空；还没上学的幼…” on a narrow form)."""
    hint = edit.placeholderText()
    return bool(hint) and edit.fontMetrics().horizontalAdvance(hint) + PLACEHOLDER_MARGIN > edit.width()


class _WholeHintOnFocus(QObject):
    """An empty field reached from the keyboard (Tab, Shift+Tab, an Alt key) whose grey hint is cut short shows the
    whole hint in a tooltip under it, as a pointer resting on it does: a worker going down a narrow form with Tab
    read “不在校的留空；还没上学的幼…” and had no way to read the rest without the mouse.

    The tooltip is shown when the key that brought the focus is let go: Qt hides a tooltip on any key press or
    release, and that key's release reaches the field after its focus."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QWidget):
            return False
        if event.type() == QEvent.Type.FocusIn and isinstance(event, QFocusEvent):
            watched.setProperty(_HINT_DUE, event.reason() in _KEYBOARD_FOCUS)
        elif event.type() == QEvent.Type.FocusOut:
            watched.setProperty(_HINT_DUE, False)
        elif event.type() == QEvent.Type.KeyRelease and watched.property(_HINT_DUE):
            watched.setProperty(_HINT_DUE, False)
            edit = watched.lineEdit() if isinstance(watched, QComboBox) else watched  # an editable combo's line
            if isinstance(edit, QLineEdit) and not edit.text() and hint_cut(edit):
                QToolTip.showText(watched.mapToGlobal(QPoint(0, watched.height())), edit.placeholderText(), watched)
        return False


_whole_hint: _WholeHintOnFocus | None = None


def show_whole_hint(field: QLineEdit | QComboBox) -> None:
    """Make a field's hint reachable whole (`_WholeHintOnFocus`; on hover its tooltip says it, `_name`)."""
    global _whole_hint
    if _whole_hint is None:
        _whole_hint = _WholeHintOnFocus()
    field.installEventFilter(_whole_hint)


# ---- typed text -----------------------------------------------------------------------------------------------


class OneLine(QValidator):
    """Keeps a one-line input one line: a pasted line break or tab becomes a space and invisible characters go
    (`forms.typed_text.one_line`), as the text enters, so the worker sees what will be saved.

    A validator sees every way text gets in (Ctrl+V, the context menu, a drop, the input method, ``setText`` of a
    stored value), before a validator for the content does: an Excel cell "3000\\n" pasted into 月收入 was refused
    whole by the digits-only one. QLineEdit shows a line break as nothing, and the ID number checked with it
    failed with a message the worker could not make sense of. ``inner`` checks the cleaned text's content."""

    def __init__(self, parent: QObject, inner: QValidator | None = None) -> None:
        super().__init__(parent)
        self.inner = inner

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        cleaned = one_line(text, trim=False)
        if cleaned == text:
            return self._inner(text, pos)
        pos = min(len(one_line(text[:pos], trim=False)), len(cleaned))  # the cursor after what was pasted
        state, kept, kept_pos = self._inner(cleaned, pos)
        if state == QValidator.State.Invalid:  # "3000 " from "3000\n" in a digits-only field: the space goes too
            trimmed = cleaned.strip()
            state, kept, kept_pos = self._inner(trimmed, min(pos, len(trimmed)))
        return state, kept, kept_pos

    def _inner(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if self.inner is None:
            return QValidator.State.Acceptable, text, pos
        # PySide6 returns the (state, text, position) an inner validator may have changed.
        return cast(tuple[QValidator.State, str, int], self.inner.validate(text, pos))


def keep_one_line(edit: QLineEdit, inner: QValidator | None = None) -> None:
    """Make ``edit`` take pasted text as one line (`OneLine`), ``inner`` checking what it may hold."""
    edit.setValidator(OneLine(edit, inner))


class TextInput(QLineEdit):
    """Free text, phone numbers and the base of the typed inputs below."""

    changed = Signal()
    chosen = Signal()

    def __init__(self, item: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        _name(self, item)
        if item.hint is not None:
            self.setPlaceholderText(text_of(item.hint))
            show_whole_hint(self)
        keep_one_line(self)
        self.textChanged.connect(self.changed)

    def value(self) -> object:
        # `OneLine` already keeps the shown text clean; taking it through the same rule trims it and makes sure.
        return one_line(self.text()) or None

    def set_value(self, value: object) -> None:
        self.blockSignals(True)
        self.setText(self.show_value(value))
        self.blockSignals(False)

    def show_value(self, value: object) -> str:
        return "" if value is None else str(value)

    def set_read_only(self, read_only: bool) -> None:
        self.setReadOnly(read_only)
        # Tab skips what cannot be typed into, so keyboard entry goes from one answer to the next.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus if read_only else Qt.FocusPolicy.StrongFocus)

    def tidy(self) -> None:
        """Show the committed value in its canonical form (no-op for free text)."""
        shown = self.show_value(self.value())
        if shown and shown != self.text():
            self.set_value(self.value())


_PHONE_MARKS = re.compile(r"[\s\-()]")
#: A mobile number after China's country code (+86, 0086 or 86), as a phone's contact card shows it: the Excel
#: import drops the code too (`forms.excel.repair.clean_phone`). Anything else keeps it, for the checks to name.
_COUNTRY_CODE_MOBILE = re.compile(r"(?:\+|00)?86(1[3-9][0-9]{9})", re.ASCII)


class PhoneInput(TextInput):
    """Digits only once committed: spaces, dashes and brackets from a pasted number are dropped, and the +86 before
    a mobile number."""

    def __init__(self, item: Field, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        if not self.placeholderText():
            self.setPlaceholderText(self.tr("11 位手机号码"))

    def value(self) -> object:
        text = _PHONE_MARKS.sub("", _plain(self.text()))  # NFKC: full-width digits, plus and brackets are plain
        mobile = _COUNTRY_CODE_MOBILE.fullmatch(text)
        return (mobile[1] if mobile else text) or None


class IntegerInput(TextInput):
    def __init__(self, item: Field, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        keep_one_line(self, QRegularExpressionValidator(QRegularExpression(r"-?[0-9]*"), self))
        self.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)

    def value(self) -> object:
        text = _plain(self.text())
        if not text:
            return None
        return int(text) if _INTEGER.fullmatch(text) else text


class DateInput(TextInput):
    """A date typed as 20240315, 2024-03-15 or 2024.3.15; shown as 2024-03-15 once committed."""

    def __init__(self, item: Field, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.setPlaceholderText(self.tr("如 20240315"))
        self.setMaxLength(20)

    def value(self) -> object:
        text = _plain(self.text())
        if not text:
            return None
        return parse_date(text) or text

    def show_value(self, value: object) -> str:
        return value.isoformat() if isinstance(value, date) else super().show_value(value)


class MonthInput(TextInput):
    """A month typed as 2024-03 or 202403; shown as 2024-03 once committed."""

    def __init__(self, item: Field, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        if not self.placeholderText():
            self.setPlaceholderText(self.tr("如 202403"))
        self.setMaxLength(12)

    def value(self) -> object:
        text = _plain(self.text())
        if not text:
            return None
        return parse_month(text) or text


class IdNumberInput(TextInput):
    """证件号码: repaired (full-width digits, lowercase x, spaces) and shown normalised once committed."""

    def __init__(self, item: Field, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.setMaxLength(30)
        self.setInputMethodHints(Qt.InputMethodHint.ImhPreferNumbers | Qt.InputMethodHint.ImhNoPredictiveText)

    def value(self) -> object:
        text = one_line(self.text())
        if not text:
            return None
        result = normalise(text)
        return result.value or result.cleaned or text


# ---- choices --------------------------------------------------------------------------------------------------


SEARCH_ROLE = Qt.ItemDataRole.UserRole + 7
SEARCH_KEYS_UP_TO = 200  # choice lists (56 民族 at most); not a long list of sites, whose names are searched as typed
_COMMIT_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _SearchCompleter(QCompleter):
    """Completion over a combo's own items, matching the text or its pinyin initials anywhere, showing and
    inserting the item text (not the search key)."""

    def __init__(self, parent: QComboBox) -> None:
        super().__init__(parent)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompletionRole(SEARCH_ROLE)

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole))


class ChoiceInput(QComboBox):
    """select_one (and site / member pickers): an editable combo with type-to-search.

    Typing filters the list in a popup (any part of an item, or its pinyin initials: 族 finds every 民族, hz finds
    汉族 and 回族); Down and Enter pick one. Tab or Enter also accept what was typed when it names one item only:
    exactly, by its initials (from the start, or of a word inside it as the popup shows: xh for 钟屏街道兴和社区), or
    as the only item containing it. Text that names no single item stays as typed,
    and the field checks say it is not one of the choices (an ambiguous "hz" is never silently taken as 汉族).
    """

    changed = Signal()
    chosen = Signal()

    def __init__(self, item: Field, options: Sequence[tuple[object, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        _name(self, item)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        edit = self.lineEdit()
        assert edit is not None  # an editable combo always has one
        # An empty answer often means something (不在校的留空): the hint says what; otherwise how to search.
        edit.setPlaceholderText(text_of(item.hint) or self.tr("输入文字或拼音首字母查找"))
        if item.hint is not None:
            show_whole_hint(self)
        keep_one_line(edit)  # "汉族\n" pasted from a cell names 汉族
        completer = _SearchCompleter(self)
        completer.setModel(self.model())
        self.setCompleter(completer)
        _guard_wheel(self)
        self._initials: list[str] | None = None
        self._quiet = False
        self.set_options(options)
        edit.textChanged.connect(self._text_changed)
        self.currentIndexChanged.connect(self._index_changed)

    def set_options(self, options: Sequence[tuple[object, str]]) -> None:
        """Replace the items (a member list that changed), keeping the current answer."""
        keep = self.value() if hasattr(self, "_values") else None
        self._quiet = True
        self.clear()
        # The values live in a Python list, not in the items' data: reading item data back goes through QVariant,
        # which costs a conversion on every keystroke (and PySide6 6.12 on Python 3.11 loses a reference to None
        # on each empty one).
        self._values: list[object] = [None]
        self.addItem(EMPTY_CHOICE)
        for value, text in options:
            self.addItem(text)
            self._values.append(value)
        self._initials = None
        if len(options) <= SEARCH_KEYS_UP_TO:
            # What the popup matches typed text against: the text and its pinyin initials (汉族 hz).
            for index, initials in enumerate(self._item_initials(), start=1):
                self.setItemData(index, f"{self.itemText(index)} {initials}", SEARCH_ROLE)
        self._quiet = False
        self.set_value(keep)

    def _text_changed(self, _text: str) -> None:
        if not self._quiet:
            self.changed.emit()

    def _index_changed(self, _index: int) -> None:
        if not self._quiet:
            self.changed.emit()
            self.chosen.emit()

    def event(self, event: QEvent) -> bool:
        # Tab and Enter commit what was typed, as a pick with the mouse does. The form commits on leaving the field
        # and on Enter, but with the search popup open neither reaches it: QCompleter swallows the FocusOut that
        # Tab brings, and hands Enter from the popup straight to the combo, past the form's event filter — a
        # choice typed by its initials (xfsq) was saved only with the next field's commit.
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in _COMMIT_KEYS:
            self.chosen.emit()
        return super().event(event)

    def _match(self, text: str) -> int:
        """The index the typed text names, or -1."""
        exact = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if exact > 0:
            return exact
        texts = [self.itemText(i) for i in range(1, self.count())]
        if text.isascii():
            lowered = text.lower()
            hits = [i for i, initials in enumerate(self._item_initials()) if initials == lowered]
            if len(hits) != 1:
                hits = [i for i, initials in enumerate(self._item_initials()) if initials.startswith(lowered)]
            if len(hits) != 1:
                # The initials of a word inside the name, as the popup matches them: xh for 钟屏街道兴和社区, where
                # every site of a town begins 钟屏街道 and the popup offered that site alone.
                hits = [i for i, initials in enumerate(self._item_initials()) if lowered in initials]
            if len(hits) == 1:
                return hits[0] + 1
        hits = [i for i, t in enumerate(texts) if text.lower() in t.lower()]
        return hits[0] + 1 if len(hits) == 1 else -1

    def _item_initials(self) -> list[str]:
        if self._initials is None:
            self._initials = [name_initials(self.itemText(i)) for i in range(1, self.count())]
        return self._initials

    def value(self) -> object:
        text = one_line(self.currentText())
        if not text:
            return None
        index = self._match(text)
        return self._values[index] if index > 0 else text

    def _index_of(self, value: object) -> int:
        return self._values.index(value) if value in self._values else -1

    def set_value(self, value: object) -> None:
        self._quiet = True
        index = self._index_of(value)
        if index >= 0:
            self.setCurrentIndex(index)
            self.setEditText(self.itemText(index))
        else:  # a stored value that is not (or no longer) in the list: show it, the checks will name it
            self.setCurrentIndex(0)
            self.setEditText(str(value))
        self._quiet = False

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def tidy(self) -> None:
        value = self.value()
        index = self._index_of(value)
        if index >= 0 and (index != self.currentIndex() or self.currentText() != self.itemText(index)):
            self._quiet = True
            self.setCurrentIndex(index)
            self.setEditText(self.itemText(index))
            self._quiet = False


class YesNoInput(QComboBox):
    """是 / 否 / empty. Besides the list: Y, S (是 shì) or 1 say yes; N, F (否 fǒu) or 0 say no; Delete empties."""

    changed = Signal()
    chosen = Signal()
    _YES_KEYS = (Qt.Key.Key_Y, Qt.Key.Key_S, Qt.Key.Key_1)
    _NO_KEYS = (Qt.Key.Key_N, Qt.Key.Key_F, Qt.Key.Key_0)
    _CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)

    def __init__(self, item: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        _name(self, item)
        self.addItem(self.tr("（空）"))
        self.addItem(self.tr("是"))
        self.addItem(self.tr("否"))
        self.setMinimumContentsLength(4)
        _guard_wheel(self)
        self._quiet = False
        self.currentIndexChanged.connect(self._index_changed)

    def _index_changed(self, _index: int) -> None:
        if not self._quiet:
            self.changed.emit()
            self.chosen.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            for keys, index in ((self._YES_KEYS, 1), (self._NO_KEYS, 2), (self._CLEAR_KEYS, 0)):
                if key in keys:
                    self.setCurrentIndex(index)
                    return
        super().keyPressEvent(event)

    def value(self) -> object:
        return (None, True, False)[max(self.currentIndex(), 0)]

    def set_value(self, value: object) -> None:
        self._quiet = True
        self.setCurrentIndex({True: 1, False: 2}.get(value, 0) if isinstance(value, bool) else 0)
        self._quiet = False

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def tidy(self) -> None:
        pass


class MultiChoiceInput(QWidget):
    """select_multiple: one check box per choice (Tab moves between them, Space ticks); stored joined by ","."""

    changed = Signal()
    chosen = Signal()
    COLUMNS = 2

    def __init__(self, item: Field, options: Sequence[tuple[object, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        _name(self, item)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(12)
        self.boxes: list[tuple[str, QCheckBox]] = []
        for number, (value, text) in enumerate(options):
            box = QCheckBox(text, self)
            box.setObjectName(f"{item.name}.{value}")
            box.setAccessibleName(f"{text_of(item.label)}：{text}")
            box.toggled.connect(self._toggled)
            layout.addWidget(box, number // self.COLUMNS, number % self.COLUMNS)
            self.boxes.append((str(value), box))
        # No focus proxy to the first box: Tab takes a proxy's owner as a stop of its own, wherever the form's tab
        # order left it in the chain, and jumped from the last question back to the first box. The form chains
        # the boxes themselves (`focus_widgets`).
        self._quiet = False

    def _toggled(self, _on: bool) -> None:
        if not self._quiet:
            self.changed.emit()
            self.chosen.emit()

    def value(self) -> object:
        picked = [value for value, box in self.boxes if box.isChecked()]
        return ",".join(picked) or None

    def set_value(self, value: object) -> None:
        parts = {p.strip() for p in str(value).split(",")} if value else set()
        self._quiet = True
        for choice, box in self.boxes:
            box.setChecked(choice in parts)
        self._quiet = False

    def set_read_only(self, read_only: bool) -> None:
        for _value, box in self.boxes:
            box.setEnabled(not read_only)

    def focus_widgets(self) -> list[QWidget]:
        return [box for _value, box in self.boxes]

    def tidy(self) -> None:
        pass


class NoteInput(QLabel):
    """A note in the questionnaire: text to read, no answer."""

    changed = Signal()
    chosen = Signal()

    def __init__(self, item: Field, parent: QWidget | None = None) -> None:
        super().__init__(text_of(item.hint) or text_of(item.label), parent)
        self.item = item
        self.setObjectName(item.name)
        self.setAccessibleName(text_of(item.label))
        self.setWordWrap(True)

    def value(self) -> object:
        return None

    def set_value(self, value: object) -> None:
        pass

    def set_read_only(self, read_only: bool) -> None:
        pass

    def tidy(self) -> None:
        pass


Input = TextInput | ChoiceInput | YesNoInput | MultiChoiceInput | NoteInput

_TEXT_TYPES: dict[str, type[TextInput]] = {
    "text": TextInput,
    "phone": PhoneInput,
    "integer": IntegerInput,
    "decimal": TextInput,
    "date": DateInput,
    "month": MonthInput,
    "id_number": IdNumberInput,
}


def make_input(item: Field, options: Sequence[tuple[object, str]] = (), parent: QWidget | None = None) -> Input:
    """The widget for a field; ``options`` are (value, shown text) for choices, sites and members."""
    if item.type == "select_multiple":
        return MultiChoiceInput(item, options, parent)
    if item.type in ("select_one", "site", "member"):
        return ChoiceInput(item, options, parent)
    if item.type == "yes_no":
        return YesNoInput(item, parent)
    if item.type == "note":
        return NoteInput(item, parent)
    return _TEXT_TYPES.get(item.type, TextInput)(item, parent)


def focus_widgets(widget: Input) -> list[QWidget]:
    """The widgets Tab stops at for an input, in order."""
    if isinstance(widget, MultiChoiceInput):
        return widget.focus_widgets()
    if isinstance(widget, NoteInput):
        return []
    return [widget]
