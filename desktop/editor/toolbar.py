"""The editor's row of buttons, each with its key on its face (保存草稿(&S)  Ctrl+S) when the row has room for them.

In English the names are longer: with the keys on them the row needed 980 pixels, and the main window could not be
narrower than 1182, wider than a 1366×768 laptop at Windows' 125% (1093 to Qt) or a 1024 screen: 返回列表 and the
checks panel were past the screen's right edge. On a narrow window the buttons show their names alone (the keys stay
in their tooltips and in the guide's 常用按键); the row is never narrower than the names need.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget


class KeyedButtonRow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editor_toolbar")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(4)
        self._texts: list[tuple[QToolButton, str, str]] = []  # each button, its name, its name with its key
        self._widths: tuple[int, int] | None = None  # the row's width with names alone, and with the keys

    def add(self, button: QToolButton, name: str, key: str) -> None:
        """Add ``button``, named ``name``, with ``key`` (may be empty) beside its name when the row has room."""
        keyed = f"{name}  {key}" if key else name
        self._texts.append((button, name, keyed))
        button.setText(keyed)
        self.row.addWidget(button)
        self._widths = None

    def add_spacing(self, width: int) -> None:
        self.row.addSpacing(width)

    def add_stretch(self) -> None:
        self.row.addStretch(1)

    @property
    def keys_shown(self) -> bool:
        return any(button.text() != name for button, name, _keyed in self._texts)

    def _measure(self) -> tuple[int, int]:
        """The row's width with the names alone and with the keys, from the buttons' own size hints."""
        if self._widths is None:
            shown = [button.text() for button, _name, _keyed in self._texts]
            widths = []
            for index in (1, 2):
                for entry in self._texts:
                    entry[0].setText(entry[index])
                self.row.invalidate()
                widths.append(self.row.sizeHint().width())
            for (button, _name, _keyed), text in zip(self._texts, shown, strict=True):
                button.setText(text)
            self._widths = (widths[0], widths[1])
        return self._widths

    def _fit(self, width: int) -> None:
        with_keys = self._measure()[1] <= width
        if with_keys == self.keys_shown:
            return
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
