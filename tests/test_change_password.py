"""修改密码: each person changes their own password, the current one asked, the new one typed twice; a refusal
changes nothing. A 采集员 (no 设置) reaches it from their name in the status bar, a 站长 also from 设置."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from desktop.password_dialog import ChangePasswordDialog
from desktop.settings_page import SettingsPage
from desktop.tasks import TaskRunner
from forms.errors import AnjuError
from forms.store import Store
from forms.users import Account, WrongCurrentPassword, authenticate, change_own_password, create_user

ZHANG = Account("zhang", "张站长", "站长")
LI = Account("li", "李采集", "采集员")


@pytest.fixture
def accounts(store: Store) -> Store:
    create_user(store, "zhang", "张站长", "站长", "zhang-password")
    create_user(store, "li", "李采集", "采集员", "typed-by-zhang", by="zhang")
    return store


def logs_in(store: Store, username: str, password: str) -> bool:
    return authenticate(store, username, password) is not None


# ---- the rule, on the database -------------------------------------------------------------------------------


def test_a_worker_replaces_the_password_the_station_admin_typed(accounts: Store) -> None:
    change_own_password(accounts, "li", "typed-by-zhang", "only-li-knows", "only-li-knows")
    assert logs_in(accounts, "li", "only-li-knows") and not logs_in(accounts, "li", "typed-by-zhang")
    assert logs_in(accounts, "zhang", "zhang-password")  # nobody else's changes


@pytest.mark.parametrize(
    ("current", "new", "again", "said"),
    [
        ("zhang-password", "only-li-knows", "only-li-knows", "当前密码不正确"),  # the 站长's, not hers
        ("typed-by-zhang", "only-li-knows", "only-li-knwos", "两次输入的新密码不一致"),
        ("typed-by-zhang", "12345", "12345", "至少需要 6 个字符"),  # the rule a new account's password has
        ("typed-by-zhang", "      ", "      ", "不能只有空格"),
        ("typed-by-zhang", "typed-by-zhang", "typed-by-zhang", "与当前密码相同"),
    ],
)
def test_a_refused_change_says_why_and_changes_nothing(
    accounts: Store, current: str, new: str, again: str, said: str
) -> None:
    with pytest.raises(AnjuError) as refused:
        change_own_password(accounts, "li", current, new, again)
    assert said in refused.value.zh
    assert isinstance(refused.value, WrongCurrentPassword) == (said == "当前密码不正确")
    assert logs_in(accounts, "li", "typed-by-zhang") and (new == current or not logs_in(accounts, "li", new))


# ---- the dialog ------------------------------------------------------------------------------------------------


def fill(qtbot: QtBot, dialog: ChangePasswordDialog, current: str, new: str, again: str) -> None:
    """Type as a worker does: each field, Enter to the next, Enter in the last changes."""
    for field, text in ((dialog.current, current), (dialog.new, new), (dialog.again, again)):
        field.setFocus()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_dialog_refuses_a_wrong_current_password_then_a_mismatch_then_changes(
    qtbot: QtBot, accounts: Store
) -> None:
    dialog = ChangePasswordDialog(accounts, LI)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog, "guessed", "only-li-knows", "only-li-knows")
    assert dialog.isVisible() and "当前密码不正确" in dialog.message.text()
    assert dialog.current.text() == "" and dialog.focusWidget() is dialog.current  # typed again from there
    fill(qtbot, dialog, "typed-by-zhang", "only-li-knows", "only-li-knwos")
    assert dialog.isVisible() and "两次输入的新密码不一致" in dialog.message.text()
    assert dialog.new.text() == "" and dialog.again.text() == "" and dialog.focusWidget() is dialog.new
    assert logs_in(accounts, "li", "typed-by-zhang")
    dialog.new.setFocus()
    for field in (dialog.new, dialog.again):
        qtbot.keyClicks(field, "only-li-knows")
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dialog.result() == ChangePasswordDialog.DialogCode.Accepted
    assert logs_in(accounts, "li", "only-li-knows") and not logs_in(accounts, "li", "typed-by-zhang")


def test_the_new_password_s_strength_is_shown_as_it_is_typed(qtbot: QtBot, accounts: Store) -> None:
    dialog = ChangePasswordDialog(accounts, LI)
    qtbot.addWidget(dialog)
    assert dialog.strength.text() == "至少6个字符"  # nothing typed yet is not "too short": what is asked
    qtbot.keyClicks(dialog.new, "abc")
    assert dialog.strength.text() == "太短"
    qtbot.keyClicks(dialog.new, "def")  # long enough to be allowed: no longer "too short"
    assert dialog.strength.text() == "弱"
    dialog.new.setText("Zhan-gong-2026!")
    assert dialog.strength.text() == "强"


# ---- where a user finds it -------------------------------------------------------------------------------------


def answer_change(qtbot: QtBot, current: str, new: str, seen: list[str]) -> Callable[[], None]:
    """What the person does in the modal 修改密码, then at the 密码已修改 message (which ``seen`` collects)."""

    def at_message() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.windowTitle())
        box.button(QMessageBox.StandardButton.Ok).click()

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ChangePasswordDialog)
        seen.append(dialog.windowTitle())
        dialog.current.setText(current)
        dialog.new.setText(new)
        dialog.again.setText(new)
        QTimer.singleShot(0, at_message)
        dialog.change()

    return in_dialog


@pytest.fixture
def surveyor_window(qtbot: QtBot, accounts: Store) -> Iterator[MainWindow]:
    window = MainWindow(accounts, LI)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.idle.timer.stop()
    window.runner.wait()
    window.close()


def test_a_surveyor_changes_her_password_from_her_name_and_unlocks_with_it(
    qtbot: QtBot, accounts: Store, surveyor_window: MainWindow
) -> None:
    """A 采集员 has no 设置: the name in the status bar is where she finds it."""
    main = surveyor_window
    menu = main.user_label.menu()
    assert isinstance(menu, QMenu)
    change = menu.findChild(type(menu.actions()[0]), "change_own_password")
    assert change is not None and change.text().startswith("修改密码")
    seen: list[str] = []
    QTimer.singleShot(0, answer_change(qtbot, "typed-by-zhang", "only-li-knows", seen))
    change.trigger()
    assert seen == ["修改密码", "密码已修改"]
    assert logs_in(accounts, "li", "only-li-knows") and not logs_in(accounts, "li", "typed-by-zhang")
    main.lock()
    dialog = main.lock_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.password, "only-li-knows")
    dialog.try_login()
    assert not main.is_locked and main.account == LI


def test_a_station_admin_changes_his_own_password_in_settings(qtbot: QtBot, accounts: Store) -> None:
    page = SettingsPage(accounts, TaskRunner(), ZHANG)
    qtbot.addWidget(page)
    button = page.findChild(QPushButton, "change_own_password")
    assert button is not None and button.text().startswith("修改我的密码")
    seen: list[str] = []
    QTimer.singleShot(0, answer_change(qtbot, "zhang-password", "zhang-only-now", seen))
    button.click()
    assert seen == ["修改密码", "密码已修改"]
    assert logs_in(accounts, "zhang", "zhang-only-now") and not logs_in(accounts, "zhang", "zhang-password")


def test_reset_password_on_ones_own_account_asks_the_current_password(qtbot: QtBot, accounts: Store) -> None:
    """A passer-by at a 站长's laptop left unlocked for a minute selected the 站长's own row and clicked 重设密码:
    the new password, typed twice, was set without the current one, and the 站长 was locked out of his account."""
    from forms.users import account_log

    page = SettingsPage(accounts, TaskRunner(), ZHANG)
    qtbot.addWidget(page)
    row = next(r for r in range(page.users.rowCount()) if page.users.item(r, 0).text() == "zhang")
    page.users.setCurrentCell(row, 0)
    reset = next(b for b in page.findChildren(QPushButton) if b.text().startswith("重设密码"))
    asked: list[str] = []

    def passer_by() -> None:
        dialog = QApplication.activeModalWidget()
        asked.append(type(dialog).__name__)
        if isinstance(dialog, ChangePasswordDialog):  # the current password is asked: they do not know it
            dialog.current.setText("a-guess-1")
            dialog.new.setText("passer-by-knows")
            dialog.again.setText("passer-by-knows")
            dialog.change()
            asked.append(dialog.message.text())
            dialog.reject()
        elif isinstance(dialog, QInputDialog):  # only the new password, twice
            dialog.setTextValue("passer-by-knows")
            QTimer.singleShot(0, passer_by)
            dialog.accept()
        elif isinstance(dialog, QMessageBox):
            dialog.accept()

    QTimer.singleShot(0, passer_by)
    reset.click()
    assert asked[0] == "ChangePasswordDialog" and "当前密码不正确" in asked[1]
    assert logs_in(accounts, "zhang", "zhang-password") and not logs_in(accounts, "zhang", "passer-by-knows")
    entries, _count = account_log(accounts)
    assert entries[0].event == "current_password_wrong"  # the attempt is in the 账户记录, as from 修改我的密码


# ---- a password someone else typed is asked to be replaced at the next login ------------------------------------


def test_a_password_someone_else_typed_is_marked_until_its_owner_changes_it(accounts: Store) -> None:
    from forms.users import must_choose_password, set_password

    assert not must_choose_password(accounts, "zhang")  # the first account: its owner typed it
    assert must_choose_password(accounts, "li")  # added by the 站长
    change_own_password(accounts, "li", "typed-by-zhang", "only-li-knows", "only-li-knows")
    assert not must_choose_password(accounts, "li")
    set_password(accounts, "li", "reset-by-zhang", by="zhang")  # 设置 → 重设密码
    assert must_choose_password(accounts, "li")
    change_own_password(accounts, "li", "reset-by-zhang", "li-again-alone", "li-again-alone")
    set_password(accounts, "li", "at-the-terminal", by="reset-password:li")  # anju reset-password, by a technician
    assert must_choose_password(accounts, "li") and not must_choose_password(accounts, "zhang")
    set_password(accounts, "zhang", "zhang-resets-own", by="zhang")  # one's own, in 设置: no one else knows it
    assert not must_choose_password(accounts, "zhang")


def asked(main: MainWindow) -> ChangePasswordDialog | None:
    shown = [d for d in main.findChildren(ChangePasswordDialog) if d.isVisible()]
    assert len(shown) <= 1
    return shown[0] if shown else None


def switch_to(qtbot: QtBot, main: MainWindow, username: str, password: str) -> None:
    """换人登录 as ``username``, typing as she would."""
    main.switch_user()
    dialog = main.lock_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.other_username, username)
    qtbot.keyClicks(dialog.other_password, password)
    dialog.try_switch()


def test_a_surveyor_is_asked_for_her_own_password_at_each_login_until_she_chooses_it(
    qtbot: QtBot, accounts: Store
) -> None:
    main = MainWindow(accounts, ZHANG)
    qtbot.addWidget(main)
    main.show()
    main.start_background_work(backups=False)
    assert asked(main) is None  # the 站长 chose his at the first run
    switch_to(qtbot, main, "li", "typed-by-zhang")
    qtbot.waitUntil(lambda: main.account == LI and asked(main) is not None, timeout=10_000)
    prompt = asked(main)
    assert prompt is not None and "别人设的" in prompt.findChild(type(prompt.message), "change_password_intro").text()
    assert prompt.focusWidget() is prompt.current
    prompt.reject()  # 以后再说: a household is at the door
    assert logs_in(accounts, "li", "typed-by-zhang")

    switch_to(qtbot, main, "zhang", "zhang-password")  # back to the 站长, then li again: asked again
    qtbot.waitUntil(lambda: main.account == ZHANG, timeout=10_000)
    assert asked(main) is None
    switch_to(qtbot, main, "li", "typed-by-zhang")
    qtbot.waitUntil(lambda: main.account == LI and asked(main) is not None, timeout=10_000)
    prompt = asked(main)
    assert prompt is not None
    seen: list[str] = []

    def at_message() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.windowTitle())
        box.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(0, at_message)
    fill(qtbot, prompt, "typed-by-zhang", "only-li-knows", "only-li-knows")
    assert seen == ["密码已修改"] and asked(main) is None
    assert logs_in(accounts, "li", "only-li-knows") and not logs_in(accounts, "li", "typed-by-zhang")
    main.idle.timer.stop()
    main.runner.wait()
    main.close()
