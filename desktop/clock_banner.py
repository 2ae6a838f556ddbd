"""The warning across the top of the main window when the computer's date cannot be today (`forms.clock`).

A station laptop with a flat clock battery comes back from a power cut in 2009: every age, list and "born after
today" check is then wrong, and the worker sees no sign of why. The banner says what the date is, why it cannot be
right, what it gets wrong and how to put it right on Windows. It does not stop the work: a station in the field
must reach its data. Where a clock that was once ahead left changes dated in the future, the 站长 (or the county
clerk) who is sure of the date confirms it (日期没错), and the banner goes.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from desktop.page_parts import confirm
from desktop.tasks import TaskRunner
from forms.accounts import Account
from forms.clock import ClockDoubt, confirm_today, doubt_today
from forms.store import Store

# Who may say the date is right after all: the roles that answer for the laptop.
CONFIRMING_ROLES = ("站长", "县级管理员")


class ClockBanner(QFrame):
    doubt_changed = Signal(object)  # ClockDoubt | None, each time the date is checked

    def __init__(self, store: Store, runner: TaskRunner, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.runner = store, runner
        self.doubt: ClockDoubt | None = None
        self.setObjectName("clock_warning")
        self.setStyleSheet(
            "#clock_warning { background: #fdecea; border: 2px solid #b00020; }"
            "#clock_warning QLabel { color: #7f0015; font-size: 14px; }"
        )
        self.label = QLabel(self)
        self.label.setObjectName("clock_warning_text")
        self.label.setWordWrap(True)
        self.confirm = QPushButton(self.tr("日期没错(&D)"), self)
        self.confirm.setObjectName("clock_confirm")
        self.confirm.setToolTip(self.tr("核对过日期（例如看了手机），电脑的日期确实是今天时再点。"))
        self.confirm.setVisible(account.role in CONFIRMING_ROLES)
        self.confirm.clicked.connect(self.ask_to_confirm)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.confirm)
        self.hide()

    def check(self) -> None:
        """Check the date off the UI thread (it reads the newest change in the journal) and show what it found."""
        store = self.store

        def work(_progress: object) -> ClockDoubt | None:
            with store.engine.connect() as conn:
                return doubt_today(conn)

        self.runner.start(work, on_done=self.show_doubt, owner=self, droppable=True)

    def show_doubt(self, doubt: ClockDoubt | None) -> None:
        self.doubt = doubt
        if doubt is None:
            self.hide()
        else:
            zh, en = doubt.message()
            english = QLocale().language() == QLocale.Language.English  # as `desktop.i18n` set it
            self.label.setText(self.tr("%1然后重新打开安居。").replace("%1", en + " " if english else zh))
            self.show()
        self.doubt_changed.emit(doubt)

    def ask_to_confirm(self) -> None:
        doubt = self.doubt
        if doubt is None:
            return
        text = self.tr(
            "电脑的日期是 %1。只有核对过（例如看了手机上的日期）、确实是今天时才点“日期没错”："
            "此前记录的修改时间是电脑时间偏快时记下的，以后不再据此怀疑日期。"
        ).replace("%1", doubt.today.isoformat())
        buttons = (self.tr("日期没错(&D)"), self.tr("取消(&C)"))
        title = self.tr("电脑的日期是今天吗？")
        confirm(self, "confirm_clock", QMessageBox.Icon.Question, title, text, buttons, self.date_is_right)

    def date_is_right(self) -> None:
        """The date is right: the changes recorded so far stop counting against it; then check again."""
        store = self.store

        def work(_progress: object) -> None:
            with store.engine.connect().execution_options(write=True) as conn, conn.begin():
                confirm_today(conn)

        self.runner.start(work, on_done=lambda _none: self.check(), owner=self)
