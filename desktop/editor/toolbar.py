"""The editor's rows of buttons, each with its key on its face (保存草稿(&S)  Ctrl+S) when the row has room for them,
and `editor_action`, the one way the editor makes an action with a shortcut.

In English the names are longer: with the keys on them the row needed 980 pixels, and the main window could not be
narrower than 1182, wider than a 1366×768 laptop at Windows' 125% (1093 to Qt) or a 1024 screen: 返回列表 and the
checks panel were past the screen's right edge. On a narrow window the buttons show their names alone (the keys stay
in their tooltips and in the guide's 常用按键); the row is never narrower than the names need. The buttons beside the
household's title (打印户表, 修改记录) are a row of their own, so they give way too: made by hand with their keys
always on them, beside a long title (12栋3单元1702 · 户主 欧阳秀英 · 娜姑镇阳光社区安置点) they kept the English editor
971 pixels wide at least, and 修改记录 past the right edge of that laptop's screen (875 with their names alone).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from ..i18n import without_mnemonic


def editor_action(
    editor: QWidget, key: str, text: str, keys: Sequence[str], slot: Callable[[], object], tip: str = ""
) -> QAction:
    """The editor's action ``action_<key>``: ``keys`` work while the focus is anywhere in the editor. Its tooltip is
    ``tip`` (``%1`` there is the first key) or its name and key, and is the action's, not a button's: a button
    takes its action's tooltip again whenever the action changes (enabled on a voided household, say)."""
    action = QAction(text, editor)
    action.setObjectName(f"action_{key}")
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    hint = shortcut_text(action)
    if tip:
        action.setToolTip(tip.replace("%1", hint))
    elif hint:
        action.setToolTip(f"{without_mnemonic(text)}（{hint}）")
    editor.addAction(action)
    return action


def shortcut_text(action: QAction) -> str:
    """The first key of ``action`` as the keyboard labels it (Ctrl+S), or nothing."""
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


class KeyedButtonRow(QWidget):
    def __init__(self, parent: QWidget | None = None, name: str = "editor_toolbar") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(4)
        self._texts: list[tuple[QToolButton, str, str]] = []  # each button, its name, its name with its key
        self._widths: tuple[int, int] | None = None  # the row's width with names alone, and with the keys
        self._keys_shown = True

    def add_action(self, action: QAction, *, key_on_face: bool = True) -> QToolButton:
        """A button ``button_<key>`` for the `editor_action` ``action_<key>``, its key on its face (unless not
        ``key_on_face``) when the row has room, and always in its tooltip."""
        button = QToolButton(self)
        button.setObjectName(action.objectName().replace("action_", "button_", 1))
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add(button, action.text(), shortcut_text(action) if key_on_face else "")
        # A change to the action (enabled, disabled) gives the button the action's bare text again, its mnemonic
        # and key gone (QToolButton::setDefaultAction): the row's text goes back on after it.
        action.changed.connect(lambda: self._show_text(button))
        return button

    def add(self, button: QToolButton, name: str, key: str) -> None:
        """Add ``button``, named ``name``, with ``key`` (may be empty) beside its name when the row has room."""
        keyed = f"{name}  {key}" if key else name
        self._texts.append((button, name, keyed))
        button.setText(keyed if self._keys_shown else name)
        self.row.addWidget(button)
        self._widths = None

    def add_spacing(self, width: int) -> None:
        self.row.addSpacing(width)

    def add_stretch(self) -> None:
        self.row.addStretch(1)

    @property
    def keys_shown(self) -> bool:
        return self._keys_shown

    def _show_text(self, button: QToolButton) -> None:
        for shown, name, keyed in self._texts:
            if shown is button:
                button.setText(keyed if self._keys_shown else name)

    def _measure(self) -> tuple[int, int]:
        """The row's width with the names alone and with the keys, from the buttons' own size hints."""
        if self._widths is None:
            widths = []
            for keys in (False, True):
                for button, name, keyed in self._texts:
                    button.setText(keyed if keys else name)
                self.row.invalidate()
                widths.append(self.row.sizeHint().width())
            for button, name, keyed in self._texts:
                button.setText(keyed if self._keys_shown else name)
            self._widths = (widths[0], widths[1])
        return self._widths

    def _fit(self, width: int) -> None:
        with_keys = self._measure()[1] <= width
        if with_keys == self._keys_shown:
            return
        self._keys_shown = with_keys
        for button, name, keyed in self._texts:
            button.setText(keyed if with_keys else name)
        # Laid out again now, not at the next turn of the event loop: the row was laid out for the old texts.
        self.row.invalidate()
        self.row.activate()

    def minimumSizeHint(self) -> QSize:
        return QSize(self._measure()[0], super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(self._measure()[1], super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit(event.size().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._widths = None  # measured again with the new font
            self.updateGeometry()
        super().changeEvent(event)
