"""修改密码: the logged-in person chooses their own password.

Before it, only a 站长 (设置 → 重设密码) or ``anju reset-password`` could set one, so a new worker kept the
password the 站长 typed for them, and a password someone watched being typed could not be changed by its owner.
It is reached from 设置 (站长, 县级管理员) and from the name in the status bar (everyone: a 采集员 has no 设置).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import QT_TRANSLATE_NOOP
from desktop.login import EnterMovesOn
from forms.accounts import MIN_PASSWORD_LENGTH, Account
from forms.errors import AnjuError
from forms.store import Store


def _ui_text(zh: str, en: str) -> str:
    """A text the data carries in both languages, in the UI language (`desktop.i18n` sets the default locale)."""
    return en if QLocale().language() == QLocale.Language.English else zh


def _password_field(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class ChangePasswordDialog(QDialog):
    """The current password, then the new one twice with its strength shown (as the backup passphrase's is). A
    wrong current password or two different new ones say so and change nothing; the dialog stays open."""

    STRENGTHS = (
        QT_TRANSLATE_NOOP("ChangePasswordDialog", "太短"),
        QT_TRANSLATE_NOOP("ChangePasswordDialog", "弱"),
        QT_TRANSLATE_NOOP("ChangePasswordDialog", "中"),
        QT_TRANSLATE_NOOP("ChangePasswordDialog", "强"),
    )

    def __init__(self, store: Store, account: Account, parent: QWidget | None = None, *, asked: bool = False) -> None:
        """``asked``: at a login, because someone else typed this password (`forms.users.must_choose_password`)."""
        super().__init__(parent)
        self.store, self.account = store, account
        self.setObjectName("change_password_dialog")
        self.setWindowTitle(self.tr("修改密码"))
        self.setMinimumWidth(420)
        if asked:
            text = self.tr(
                "“%1”（%2）的密码是别人设的（站长添加账号或重设密码时），设的人知道它。"
                "请换成只有你知道的密码：你保存的修改记在你的名下。"
            )
        else:
            text = self.tr("为“%1”（%2）设定自己的密码：只有你知道它，你保存的修改才真正只记在你的名下。")
        intro = QLabel(text.replace("%1", account.display_name).replace("%2", account.username), self)
        intro.setObjectName("change_password_intro")
        intro.setWordWrap(True)
        self.current = _password_field(self, "current_password")
        self.new = _password_field(self, "changed_password")
        self.again = _password_field(self, "changed_password_again")
        self.strength = QLabel(self)
        self.strength.setObjectName("changed_password_strength")
        self.message = QLabel(self)
        self.message.setObjectName("change_password_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(self.tr("当前密码："), self.current)
        form.addRow(self.tr("新密码（至少 %1 位）：").replace("%1", str(MIN_PASSWORD_LENGTH)), self.new)
        form.addRow(self.tr("强度："), self.strength)
        form.addRow(self.tr("再次输入新密码："), self.again)
        from desktop.settings_page import name_by_label

        name_by_label(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("修改密码(&M)"))
        # Asked, it may wait (a household at the door): it is asked again at the next login until it is done.
        later = self.tr("以后再说(&N)") if asked else self.tr("取消(&C)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(later)
        buttons.accepted.connect(self.change)
        buttons.rejected.connect(self.reject)
        self.new.textChanged.connect(self.show_strength)
        EnterMovesOn((self.current, self.new, self.again), self.change, self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.show_strength("")

    def show_strength(self, text: str) -> None:
        from forms.sealed_backup import passphrase_strength

        if not text:  # nothing typed is not "too short" yet: say what is asked instead
            hint = self.tr("至少%1个字符").replace("%1", str(MIN_PASSWORD_LENGTH))
            self.strength.setText(hint)
            self.strength.setStyleSheet("color: #555")
            return
        level = passphrase_strength(text, MIN_PASSWORD_LENGTH)
        colour = ("#b00020", "#b00020", "#9a6700", "#1a7f37")[level]
        self.strength.setText(QCoreApplication.translate("ChangePasswordDialog", self.STRENGTHS[level]))
        self.strength.setStyleSheet(f"color: {colour}")

    def change(self) -> None:
        from forms.users import WrongCurrentPassword, change_own_password

        try:
            change_own_password(
                self.store, self.account.username, self.current.text(), self.new.text(), self.again.text()
            )
        except AnjuError as exc:
            self.message.setText(_ui_text(exc.zh, exc.en))
            wrong_current = isinstance(exc, WrongCurrentPassword)
            # Typed unseen: what was refused is typed again from the field it went wrong in.
            for field in (self.current, self.new, self.again) if wrong_current else (self.new, self.again):
                field.clear()
            (self.current if wrong_current else self.new).setFocus()
            return
        self.accept()


def change_own_password(store: Store, account: Account, parent: QWidget) -> bool:
    """Ask for and make the change; say it was made. Whether it was."""
    dialog = ChangePasswordDialog(store, account, parent)
    changed = dialog.exec() == QDialog.DialogCode.Accepted
    if not shiboken6.isValid(dialog):  # gone with 设置 when the next person logged in at the lock: nothing changed
        return False
    dialog.deleteLater()
    if changed:
        tell_changed(parent)
    return changed


def ask_to_choose_own(store: Store, account: Account, parent: QWidget) -> ChangePasswordDialog | None:
    """At a login (the start, 换人登录): when someone else typed this account's password, ask its owner to choose
    their own. Not modal to the program (`open`): the window is there behind it, and the lock can cover it."""
    from forms.users import must_choose_password

    if not must_choose_password(store, account.username):
        return None
    dialog = ChangePasswordDialog(store, account, parent, asked=True)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: tell_changed(parent))
    dialog.open()
    return dialog


def tell_changed(parent: QWidget) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        QCoreApplication.translate("ChangePasswordDialog", "密码已修改"),
        QCoreApplication.translate("ChangePasswordDialog", "下次登录、解锁和换人登录时，请用新密码。"),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("password_changed")
    box.button(QMessageBox.StandardButton.Ok).setText(QCoreApplication.translate("ChangePasswordDialog", "确定(&O)"))
    box.exec()
    if shiboken6.isValid(box):  # gone with 设置 when the next person logged in at the lock
        box.deleteLater()
