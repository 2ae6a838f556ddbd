"""Logging in, the first run (create the first 站长), and the lock after the laptop sits idle."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.help_window import add_dialog_help
from forms.account_log import LoginHow, LoginOutcome
from forms.accounts import MIN_PASSWORD_LENGTH, Account, Role
from forms.errors import AnjuError
from forms.quick_open import QuickDatabase

if TYPE_CHECKING:
    from forms.store import Store


def _ui_text(zh: str, en: str) -> str:
    """A text the data carries in both languages, in the UI language (`desktop.i18n` sets the default locale)."""
    return en if QLocale().language() == QLocale.Language.English else zh


def _password_field(parent: QWidget, name: str, accessible: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setAccessibleName(accessible)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class EnterMovesOn(QObject):
    """Enter in a dialog's field goes to the next field, and in the last one does the dialog's action — and nothing
    more. Left to the dialog, Enter also pressed its default button: Enter after the user name tried to log in
    with no password and said 用户名或密码不正确 before the password was typed."""

    # Enter in the last field. ``done`` is reached through this signal, not kept: kept, the dialog's own method held
    # the dialog from its child, so a closed dialog was freed only by the cyclic garbage collector, which may run on
    # a background task's thread, and a widget deleted off the GUI thread leaves its timers to fire on freed memory.
    done = Signal()

    def __init__(self, fields: Sequence[QWidget], done: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self.fields = list(fields)
        self.done.connect(done)
        for field in self.fields:
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and watched in self.fields
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            later = self.fields[[f is watched for f in self.fields].index(True) + 1 :]
            following = next((f for f in later if f.isEnabled() and not _read_only(f)), None)
            if following is None:
                self.done.emit()
            else:
                following.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False


def _read_only(widget: QWidget) -> bool:
    return isinstance(widget, QLineEdit) and widget.isReadOnly()


PATH_WIDTH = 640  # the widest a dialog grows to show the database's path in one line


def database_label(text: str, path: Path, parent: QWidget) -> QLabel:
    """``text`` naming the database by its full path (for ``%1``), which can be selected and copied: a forgotten
    password is reset with ``anju reset-password USER --db PATH``, and the default file is deep in the user's data
    folder (%APPDATA%\\Anju\\Anju\\anju.db)."""
    label = QLabel(text.replace("%1", str(path.resolve())), parent)
    label.setObjectName("database_path")
    label.setWordWrap(True)
    # The dialog opens as wide as the text (up to what a 1024 screen has room for): it opened narrow and broke the
    # path over two or three lines.
    label.setMinimumWidth(min(label.fontMetrics().horizontalAdvance(label.text()) + 8, PATH_WIDTH))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def log_in(
    database: Store | QuickDatabase, username: str, password: str, how: LoginHow, excused: Collection[int]
) -> tuple[Account | None, LoginOutcome]:
    """Check a password through the store, or with plain sqlite3 while the store is still loading; either way the
    attempt goes in the 账户记录 (`forms.account_log`)."""
    if isinstance(database, QuickDatabase):
        return database.log_in(username, password, how=how, excused=excused)
    from forms.users import log_in as through_store

    return through_store(database, username, password, how=how, excused=excused)


#: Wrong passwords typed in a login dialog this long before the right one are its owner's own slips, seen refused,
#: and not told back to them; older ones (the night a locked laptop sat on the desk) are.
OWN_SLIPS_SECONDS = 120


class LoginDialog(QDialog):
    """User name and password; a wrong password says so and keeps the dialog open.

    Locked, it also lets another person log in with their own name and password (换人登录): several workers
    share one laptop, and without it they worked under whoever logged in first. The window decides whether the
    switch can happen now (`desktop.switch_user`); the dialog only checks the password."""

    #: 退出安居 instead of unlocking (the window saves what it can and asks about the rest: `desktop.switch_user`)
    quit_requested = Signal()
    # another person's name and password were right: the window hands over to this Account
    switch_requested = Signal(object)

    def __init__(
        self,
        store: Store | QuickDatabase,
        parent: QWidget | None = None,
        *,
        username: str = "",
        locked: bool = False,
        idle: bool = False,
        switching: bool = False,
    ) -> None:
        """``switching``: locked by 换人登录 in the window, so the cursor starts in the next person's name."""
        super().__init__(parent)
        self.store = store
        self.account: Account | None = None
        self._refused: list[tuple[int, float]] = []  # the attempts refused here: their 账户记录 line, and when
        self.setObjectName("login_dialog")
        self.locked = locked
        self.setWindowTitle(self.tr("已锁定 — 安居") if locked else self.tr("登录 — 安居"))
        self.username = QLineEdit(username, self)
        self.username.setObjectName("username")
        self.username.setAccessibleName(self.tr("用户名"))
        self.username.setReadOnly(locked)
        self.password = _password_field(self, "password", self.tr("密码"))
        self.message = QLabel(self)
        self.message.setObjectName("login_message")
        self.message.setStyleSheet("color: #b00020")
        if locked:
            self.message.setText(
                self.tr("长时间未操作，已锁定。请输入密码继续。") if idle else self.tr("已锁定。请输入密码继续。")
            )
        form = QFormLayout()
        form.addRow(self.tr("用户名："), self.username)
        form.addRow(self.tr("密码："), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("解锁(&L)") if locked else self.tr("登录(&L)")
        )
        buttons.accepted.connect(self.try_login)
        if locked:  # a lock cannot be dismissed (`reject`), so it must offer a way out of the program
            leave = buttons.addButton(self.tr("退出安居(&Q)"), QDialogButtonBox.ButtonRole.DestructiveRole)
            leave.setObjectName("lock_quit")
            leave.setAutoDefault(False)
            leave.clicked.connect(self.quit_requested)
        add_dialog_help(buttons, self)
        # Keyboard first: Enter in the name moves on, Enter in the password logs in.
        EnterMovesOn((self.username, self.password), self.try_login, self)
        layout = QVBoxLayout(self)
        layout.addWidget(database_label(self.tr("数据库：%1"), store.path, self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        if locked:
            layout.addWidget(self._switch_box())
        layout.addWidget(buttons)
        if switching:
            self.message.setText(self.tr("已锁定。请下一位在“换人登录”中输入自己的用户名和密码。"))
            self.other_username.setFocus()
        else:
            (self.password if username else self.username).setFocus()

    def _switch_box(self) -> QGroupBox:
        """换人登录: another person's own name and password, under the locked person's."""
        box = QGroupBox(self.tr("换人登录"), self)
        box.setObjectName("switch_user_box")
        hint = QLabel(self.tr("其他人使用这台电脑：输入自己的用户名和密码。之后保存的修改记在此人名下。"), box)
        hint.setWordWrap(True)
        self.other_username = QLineEdit(box)
        self.other_username.setObjectName("switch_username")
        self.other_username.setAccessibleName(self.tr("换人登录的用户名"))
        self.other_password = _password_field(box, "switch_password", self.tr("换人登录的密码"))
        self.switch_message = QLabel(box)
        self.switch_message.setObjectName("switch_message")
        self.switch_message.setStyleSheet("color: #b00020")
        self.switch_message.setWordWrap(True)
        self.switch_button = QPushButton(self.tr("换人登录(&H)"), box)
        self.switch_button.setObjectName("switch_user")
        self.switch_button.setAutoDefault(False)
        self.switch_button.clicked.connect(self.try_switch)
        EnterMovesOn((self.other_username, self.other_password), self.try_switch, self)
        form = QFormLayout()
        form.addRow(self.tr("用户名："), self.other_username)
        form.addRow(self.tr("密码："), self.other_password)
        row = QHBoxLayout()
        row.addWidget(self.switch_message, 1)
        row.addWidget(self.switch_button)
        layout = QVBoxLayout(box)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addLayout(row)
        return box

    def reject(self) -> None:
        # Esc or the close button must not dismiss the lock: it left an empty window that nothing could unlock.
        if not self.locked:
            super().reject()

    def _log_in(self, username: str, password: str, how: LoginHow) -> Account | None:
        """Check the password, recorded; on success, tell of wrong passwords typed for the account since it last
        logged in, but for its owner's own slips in this dialog just now."""
        now = time.monotonic()
        excused = {attempt for attempt, at in self._refused if now - at < OWN_SLIPS_SECONDS}
        account, outcome = log_in(self.store, username, password, how, excused)
        if account is None:
            if outcome.attempt is not None:
                self._refused.append((outcome.attempt, now))
            return None
        if outcome.wrong_before is not None:
            self.tell_wrong_passwords(*outcome.wrong_before.message())
        return account

    def tell_wrong_passwords(self, zh: str, en: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("有人输错过密码"), _ui_text(zh, en), parent=self)
        box.setObjectName("wrong_passwords_notice")
        box.addButton(self.tr("知道了(&O)"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        box.deleteLater()

    def try_login(self) -> None:
        account = self._log_in(self.username.text(), self.password.text(), "unlock" if self.locked else "login")
        if account is None:
            self.message.setText(self.tr("用户名或密码不正确，请重试。"))
            self.password.clear()
            self.password.setFocus()
            return
        self.account = account
        self.accept()

    def try_switch(self) -> None:
        """Check the next person's password as the login does (a wrong one says so, and nothing changes); the
        locked person's own name simply unlocks."""
        own = self.other_username.text().strip().lower() == self.username.text().lower()
        account = self._log_in(self.other_username.text(), self.other_password.text(), "unlock" if own else "switch")
        self.other_password.clear()
        if account is None:
            self.switch_message.setText(self.tr("用户名或密码不正确，请重试。"))
            self.other_password.setFocus()
            return
        self.switch_message.clear()
        if account.username == self.username.text():
            self.account = account
            self.accept()
            return
        self.switch_requested.emit(account)

    def refuse_switch(self, text: str) -> None:
        """The window cannot hand over now (work running, or what is open is not saved): say why, stay locked."""
        self.switch_message.setText(text)
        self.other_username.setFocus()


def first_role(store: Store) -> Role:
    """The role of a database's first account: the county clerk's on a county database (`anju county init`), the
    station admin's on any other. A county database given a 站长 first had no county screens, and a 站长 may not
    add a 县级管理员: the county could be reached only through the demo's accounts."""
    from sync.identity import COUNTY, load_identity

    with store.engine.connect() as conn:
        identity = load_identity(conn)
    return "县级管理员" if identity is not None and identity.role == COUNTY else "站长"


class FirstRunDialog(QDialog):
    """A database without accounts: create the first 站长 (the county clerk on a county database), who then creates
    the others; or, on a station's new laptop, 从备份恢复… the station's backup instead (`desktop.app` restores)."""

    #: what `exec` returns when the user chose to restore a backup rather than start a new database
    RESTORE = 2

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.account: Account | None = None
        self.role = first_role(store)
        county = self.role == "县级管理员"
        self.setObjectName("first_run_dialog")
        self.setWindowTitle(self.tr("首次使用 — 创建县级管理员账号") if county else self.tr("首次使用 — 创建站长账号"))
        self.username = QLineEdit(self)
        self.username.setObjectName("new_username")
        self.username.setAccessibleName(self.tr("用户名"))
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("new_display_name")
        self.display_name.setAccessibleName(self.tr("姓名"))
        self.password = _password_field(self, "new_password", self.tr("密码"))
        self.repeat = _password_field(self, "new_password_repeat", self.tr("再次输入密码"))
        self.message = QLabel(self)
        self.message.setObjectName("first_run_message")
        self.message.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(self.tr("用户名："), self.username)
        form.addRow(self.tr("姓名："), self.display_name)
        form.addRow(self.tr("密码（至少 %1 位）：").replace("%1", str(MIN_PASSWORD_LENGTH)), self.password)
        form.addRow(self.tr("再次输入密码："), self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("创建并登录(&L)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消(&C)"))
        buttons.accepted.connect(self.create_account)
        buttons.rejected.connect(self.reject)
        if not county:  # a station's laptop died: its data comes back from the backup on the USB stick
            restore = buttons.addButton(self.tr("从备份恢复(&R)…"), QDialogButtonBox.ButtonRole.ActionRole)
            restore.setObjectName("first_run_restore")
            restore.setAutoDefault(False)
            restore.clicked.connect(lambda: self.done(self.RESTORE))
        add_dialog_help(buttons, self)
        EnterMovesOn((self.username, self.display_name, self.password, self.repeat), self.create_account, self)
        layout = QVBoxLayout(self)
        intro = (
            self.tr("这是县级数据库“%1”。请创建第一个县级管理员账号，之后可在“设置”中添加其他账号。")
            if county
            else self.tr(
                "这是新的数据库“%1”。请创建第一个站长账号，之后可在“设置”中添加采集员。"
                "换了新电脑、要接着用本站原来的数据时，请点“从备份恢复…”，选U盘上的备份。"
            )
        )
        layout.addWidget(database_label(intro, store.path, self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def create_account(self) -> None:
        if self.password.text() != self.repeat.text():
            self.message.setText(self.tr("两次输入的密码不一致。"))
            return
        from forms.users import create_user

        try:
            self.account = create_user(
                self.store, self.username.text(), self.display_name.text(), self.role, self.password.text()
            )
        except AnjuError as exc:
            self.message.setText(_ui_text(exc.zh, exc.en))
            return
        self.accept()


class IdleWatcher(QObject):
    """Emits ``idle`` after ``minutes`` without keyboard or mouse input anywhere in the application."""

    idle = Signal()
    _INPUT = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
        }
    )

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int(minutes * 60_000))
        self.timer.timeout.connect(self.idle)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._INPUT:
            self.timer.start()
        return False

    def restart(self) -> None:
        self.timer.start()
