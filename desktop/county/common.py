"""Small pieces the sync and county screens share: a notice line that says what happened, value and time display.

Messages come from `sync` already in 中文 and English (the same words the command line prints); the notice shows
the Chinese first and the English under it, so a station admin can read it out over the phone to the county.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QWidget

from forms.errors import AnjuError

ERROR_COLOUR = "#b00020"
OK_COLOUR = "#1b5e20"
MUTED_COLOUR = "#555"


def ui_text(zh: str, en: str) -> str:
    """A text the data carries in both languages, in the UI language (`desktop.i18n` sets the default locale)."""
    return en if en and QLocale().language() == QLocale.Language.English else zh


def error_texts(exc: BaseException) -> tuple[str, str]:
    """What to tell the person: an AnjuError says it itself; anything else is a bug, and they should say so."""
    if isinstance(exc, AnjuError):
        return exc.zh, exc.en
    return (
        QCoreApplication.translate(
            "SyncScreens", "出现意外错误（%1）。没有丢失数据；请重试，若仍出错请把这条信息告诉技术支持。"
        ).replace("%1", repr(exc)),
        f"Unexpected error ({exc!r}). No data was lost; try again, and if it happens again tell technical support.",
    )


class Notice(QLabel):
    """One line (or a few) under a screen's buttons: the result of the last action, or why it was refused."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # Paths and batch numbers are copied into chats and phone notes: let people select them.
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(QCoreApplication.translate("SyncScreens", "操作结果"))
        self.hide()

    def ok(self, text: str) -> None:
        self._show(text, OK_COLOUR)

    def info(self, text: str) -> None:
        self._show(text, MUTED_COLOUR)

    def error(self, zh: str, en: str = "") -> None:
        self._show(f"{zh}\n{en}" if en and en != zh else zh, ERROR_COLOUR)

    def failed(self, exc: BaseException, _traceback: str = "") -> None:
        """An `on_error` callback for TaskRunner.start."""
        self.error(*error_texts(exc))

    def clear(self) -> None:
        self.setText("")
        self.hide()

    def _show(self, text: str, colour: str) -> None:
        self.setStyleSheet(f"color: {colour}; padding: 4px 0;")
        self.setText(text)
        self.show()


def show_value(value: Any) -> str:
    """A stored value as people read it: 是/否 for booleans, （空） for nothing."""
    if value is None or value == "":
        return QCoreApplication.translate("SyncScreens", "（空）")
    if value is True:
        return QCoreApplication.translate("SyncScreens", "是")
    if value is False:
        return QCoreApplication.translate("SyncScreens", "否")
    if isinstance(value, list):
        return "、".join(show_value(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def local_time(stamp: str | None) -> str:
    """A stored UTC time (``2026-11-29T02:03:04.5Z``) in the computer's time zone, to the minute; — for none."""
    if not stamp:
        return "—"
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp[:16].replace("T", " ")
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def list_table(owner: QWidget, name: str, accessible: str, headers: list[str]) -> QTableWidget:
    """The list on the left of a county screen: read-only, one row selected at a time, columns fit their text."""
    table = QTableWidget(0, len(headers), owner)
    table.setObjectName(name)
    table.setTabKeyNavigation(False)  # Tab leaves the table (the arrows move in it), not cell by cell
    table.setAccessibleName(accessible)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table
