"""换人登录 as a station shares its laptop: the 站长 hands it to a 采集员 and back, from the window or at the lock;
what each types is journaled under their own name, and each sees only their role's screens."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.login import LoginDialog
from desktop.main_window import MainWindow
from desktop.settings_page import SettingsPage
from desktop.sync_page import SyncPage
from forms.records import JournalEntry
from forms.store import Store
from forms.users import Account, create_user
from tests.factories import add_household, add_member, add_site

ZHANG = Account("zhang", "张站长", "站长")
LI = Account("li", "李采集", "采集员")


@pytest.fixture
def household_id(store: Store) -> str:
    with store.unit_of_work("setup") as uow:
        household = add_household(uow, add_site(uow), room="301")
        add_member(uow, household, name="张三", relation="户主")
    return household.id


@pytest.fixture
def main(qtbot: QtBot, store: Store) -> Iterator[MainWindow]:
    create_user(store, "zhang", "张站长", "站长", "zhang-password")
    create_user(store, "li", "李采集", "采集员", "li-password")
    window = MainWindow(store, ZHANG)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.idle.timer.stop()
    window.runner.wait()
    window.close()


def lock_dialog(main: MainWindow) -> LoginDialog:
    dialog = main.lock_dialog
    assert dialog is not None
    return dialog


def log_in_as(qtbot: QtBot, dialog: LoginDialog, username: str, password: str) -> None:
    """Type into 换人登录 as a worker does: the name, Enter, the password, Enter."""
    qtbot.keyClicks(dialog.other_username, username)
    qtbot.keyClick(dialog.other_username, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.other_password, password)
    qtbot.keyClick(dialog.other_password, Qt.Key.Key_Return)


def screens(main: MainWindow) -> list[str]:
    return [main.nav.item(row).text() for row in range(main.nav.count())]


def journal_of(store: Store, record_id: str) -> list[JournalEntry]:
    with store.reading() as session:
        return list(
            session.scalars(
                select(JournalEntry).where(JournalEntry.record_id == record_id).order_by(JournalEntry.seq)
            ).all()
        )


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_the_station_admin_hands_the_laptop_to_a_surveyor_and_takes_it_back(qtbot: QtBot, main: MainWindow) -> None:
    assert screens(main) == ["工作台", "住户", "待跟进", "同步", "同步记录", "导入导出", "设置"]
    assert main.user_label.text() == "张站长（站长）"
    main.user_label.click()  # the name in the status bar: 换人登录
    dialog = lock_dialog(main)
    assert not main.centralWidget().isVisible() and dialog.username.text() == "zhang"
    assert "换人登录" in dialog.message.text()
    log_in_as(qtbot, dialog, "li", "li-password")
    qtbot.waitUntil(lambda: not main.is_locked, timeout=10_000)
    assert main.centralWidget().isVisible() and not dialog.isVisible()
    assert main.account == LI and main.user_label.text() == "李采集（采集员）"
    # A 采集员 after a 站长 keeps none of the 站长's screens: no 同步, no accounts to manage.
    assert screens(main) == ["工作台", "住户", "待跟进"]
    assert set(main.pages) == {"dashboard", "households", "worklists"}
    qtbot.waitUntil(lambda: not main.findChildren(SettingsPage) and not main.findChildren(SyncPage), timeout=5000)
    assert main.excel is None and not hasattr(main, "sync")

    assert focused() is main.households.search  # keyboard first, as at the start
    qtbot.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = lock_dialog(main)
    assert dialog.username.text() == "li"
    assert dialog.focusWidget() is dialog.other_username  # the next person types at once
    log_in_as(qtbot, dialog, "Zhang", "zhang-password")  # a capital, as at the login
    qtbot.waitUntil(lambda: not main.is_locked, timeout=10_000)
    assert main.account == ZHANG and main.user_label.text() == "张站长（站长）"
    assert screens(main) == ["工作台", "住户", "待跟进", "同步", "同步记录", "导入导出", "设置"]
    assert len(main.findChildren(SettingsPage)) == 1


def test_a_wrong_password_at_the_switch_changes_nothing(qtbot: QtBot, main: MainWindow) -> None:
    main.lock()
    dialog = lock_dialog(main)
    log_in_as(qtbot, dialog, "li", "not-her-password")
    assert "不正确" in dialog.switch_message.text()
    assert dialog.other_password.text() == "" and dialog.focusWidget() is dialog.other_password  # as the login
    assert main.is_locked and not main.centralWidget().isVisible()
    assert main.account == ZHANG and main.user_label.text() == "张站长（站长）"
    assert "设置" in screens(main)
    # The locked person still unlocks with their own password.
    qtbot.keyClicks(dialog.password, "zhang-password")
    dialog.try_login()
    assert not main.is_locked and main.account == ZHANG


def test_what_was_typed_before_the_lock_is_the_previous_users_and_what_follows_the_new_ones(
    qtbot: QtBot, main: MainWindow, store: Store, household_id: str
) -> None:
    with qtbot.waitSignal(main.editor.opened, timeout=10_000):
        main.open_household(household_id)
    assert main.editor.focus_field(household_id, "room")
    field = focused()
    assert isinstance(field, QLineEdit)
    field.selectAll()
    qtbot.keyClicks(field, "302")  # still in the field, not left: not committed yet
    main.lock(idle=True)  # the 站长 walked away; ten minutes later it locked
    dialog = lock_dialog(main)
    log_in_as(qtbot, dialog, "li", "li-password")
    qtbot.waitUntil(lambda: not main.is_locked, timeout=10_000)
    assert main.account == LI

    with qtbot.waitSignal(main.editor.opened, timeout=10_000):
        main.open_household(household_id)
    assert main.editor.draft.household.values["room"] == "302"
    assert main.editor.focus_field(household_id, "building")
    qtbot.keyClicks(focused(), "7")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not main.editor.session.saving, timeout=10_000)
    edits = [(e.actor, e.changes) for e in journal_of(store, household_id) if e.op == "update"]
    assert [actor for actor, _ in edits] == ["zhang", "li"]
    assert '"room":["301","302"]' in edits[0][1] and '"building"' in edits[1][1]
    assert store.verify_journal().ok


def test_a_new_household_left_unsaved_at_the_lock_is_not_dropped_without_asking(
    qtbot: QtBot, main: MainWindow, store: Store
) -> None:
    """A new household whose 安置点 was never chosen is not on disk: nothing can save it for the person who left.
    The next person is told whose it is; 取消 leaves it for them, and they find it when they unlock."""
    with store.unit_of_work("setup") as uow:
        add_site(uow, code="A", name="甲安置点")
        add_site(uow, code="B", name="乙安置点")
    with qtbot.waitSignal(main.editor.opened, timeout=10_000):
        main.new_household(None)  # the list shows every site: the new household has none yet
    household_id = main.editor.draft.id
    assert main.editor.focus_field(household_id, "room")
    qtbot.keyClicks(focused(), "501")
    main.lock(idle=True)
    dialog = lock_dialog(main)
    log_in_as(qtbot, dialog, "li", "li-password")
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "confirm_switch_lose") is not None, timeout=10_000)
    box = dialog.findChild(QMessageBox, "confirm_switch_lose")
    assert box is not None and "张站长" in box.text() and "安置点" in box.text()
    box.button(QMessageBox.StandardButton.No).click()  # 取消: wait for the 站长
    assert main.is_locked and main.account == ZHANG
    qtbot.keyClicks(dialog.password, "zhang-password")
    dialog.try_login()
    assert not main.is_locked and main.editor.draft.household.values["room"] == "501"

    # From the window the 站长 is asked herself; she gives it up, and the 采集员 logs in without a question.
    main.switch_user()
    asked = main.findChild(QMessageBox, "confirm_switch_unsaved")
    assert asked is not None and not main.is_locked
    asked.button(QMessageBox.StandardButton.Yes).click()
    dialog = lock_dialog(main)
    log_in_as(qtbot, dialog, "li", "li-password")
    qtbot.waitUntil(lambda: not main.is_locked, timeout=10_000)
    assert main.account == LI and main.open_editor is None
    assert dialog.findChild(QMessageBox, "confirm_switch_lose") is None


def test_no_switch_while_an_excel_import_runs(qtbot: QtBot, main: MainWindow) -> None:
    """An import is journaled under the one who started it and its summary is on 导入导出, which a 采集员 lacks."""
    assert main.excel is not None
    main.excel._set_busy(True, "正在导入……")  # as `start_import` does while the import runs
    main.lock()
    dialog = lock_dialog(main)
    log_in_as(qtbot, dialog, "li", "li-password")
    qtbot.waitUntil(lambda: "导入导出" in dialog.switch_message.text(), timeout=10_000)
    assert main.is_locked and main.account == ZHANG and "导入导出" in screens(main)
    main.excel._set_busy(False)
    assert dialog.other_username.text() == "li"  # her name stays: the password again, once it is done
    qtbot.keyClicks(dialog.other_password, "li-password")
    qtbot.keyClick(dialog.other_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not main.is_locked, timeout=10_000)
    assert main.account == LI


def test_the_lock_screen_offers_the_switch_beside_the_password(qtbot: QtBot, main: MainWindow) -> None:
    main.lock()
    dialog = lock_dialog(main)
    button = dialog.findChild(QPushButton, "switch_user")
    assert button is not None and button.text() == "换人登录(&H)"
    assert dialog.other_username.isEnabled() and not dialog.other_username.isReadOnly()


def test_a_surveyor_after_the_county_clerk_keeps_no_county_page(qtbot: QtBot, store: Store) -> None:
    from desktop.county import CountyPage

    create_user(store, "xian", "赵科长", "县级管理员", "xian-password")
    create_user(store, "li", "李采集", "采集员", "li-password")
    main = MainWindow(store, Account("xian", "赵科长", "县级管理员"))
    qtbot.addWidget(main)
    main.show()
    assert "县级" in screens(main) and main.online is None
    main.switch_user()
    log_in_as(qtbot, lock_dialog(main), "li", "li-password")
    qtbot.waitUntil(lambda: not main.is_locked, timeout=10_000)
    assert screens(main) == ["工作台", "住户", "待跟进"] and not hasattr(main, "county")
    qtbot.waitUntil(lambda: not main.findChildren(CountyPage), timeout=5000)
    assert main.online is not None  # a station's window syncs in the background, whoever works
    main.idle.timer.stop()
    main.online.stop()
    main.runner.wait()
    main.close()


def test_a_reason_left_half_typed_at_the_lock_is_named_before_it_is_given_up(
    qtbot: QtBot, main: MainWindow, store: Store
) -> None:
    """Accepting a finding asks for a reason in a dialog the lock hides: it is the 站长's question, not saved."""
    with store.unit_of_work("setup") as uow:
        household = add_household(uow, add_site(uow))
        add_member(uow, household, name="张三", relation="户主", id_number="11010519491231002" + "0")
    with qtbot.waitSignal(main.editor.opened, timeout=10_000):
        main.open_household(household.id)
    finding = next(f for f in main.editor.session.findings() if f.code == "member.id_checksum")
    reason = main.editor.ask_accept(finding)
    assert reason is not None
    main.lock()
    dialog = lock_dialog(main)
    log_in_as(qtbot, dialog, "li", "li-password")
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "confirm_switch_lose") is not None, timeout=10_000)
    box = dialog.findChild(QMessageBox, "confirm_switch_lose")
    assert box is not None and reason.windowTitle() in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()  # 丢弃并换人
    assert not main.is_locked and main.account == LI and not reason.isVisible()
    with store.reading() as session:
        assert not session.scalars(select(JournalEntry).where(JournalEntry.record_table == "finding_overrides")).all()


@pytest.mark.parametrize("prompt", ["重设密码", "修改我的密码", "密码已重设"])
def test_a_password_prompt_left_open_in_settings_goes_quietly_when_the_next_person_logs_in_at_the_lock(
    qtbot: QtBot, main: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch, prompt: str
) -> None:
    """The 站长 left 设置 with a password prompt open (those wait for an answer, and the lock leaves them); the laptop
    locked when idle and the 采集员 logged in at the lock. The 站长's screens went, the prompt with them, and the
    prompt's end then raised an error (安居出错了) at the 采集员, who had done nothing."""
    from forms.users import authenticate

    main.show_page("settings")
    page = main.pages["settings"]
    assert isinstance(page, SettingsPage)
    row = next(r for r in range(page.users.rowCount()) if page.users.item(r, 0).text() == "li")
    page.users.setCurrentCell(row, 0)
    if prompt == "密码已重设":  # the new password typed twice; the message saying it is reset is left open
        monkeypatch.setattr(SettingsPage, "ask_password", lambda _page, _label: ("reset-by-zhang", True))
    left_open: list[str] = []

    def walk_away_and_switch() -> None:
        left_open.append(QApplication.activeModalWidget().windowTitle())  # type: ignore[union-attr]
        main.lock(idle=True)
        log_in_as(qtbot, lock_dialog(main), "li", "reset-by-zhang" if prompt == "密码已重设" else "li-password")

    QTimer.singleShot(0, walk_away_and_switch)
    if prompt == "修改我的密码":
        page.change_own_password()
    else:
        page.reset_password()  # raised RuntimeError: the C++ object of the prompt was already deleted
    assert left_open == [{"重设密码": "重设密码", "修改我的密码": "修改密码", "密码已重设": "密码已重设"}[prompt]]
    qtbot.waitUntil(lambda: not main.is_locked, timeout=5000)
    assert main.account == LI and screens(main) == ["工作台", "住户", "待跟进"]
    assert authenticate(store, "zhang", "zhang-password") is not None  # nothing typed in the prompt counts


def colours_on_screen(widget: QWidget) -> int:
    """How many colours the screen shows where ``widget``'s window is: one when nothing of it can be read."""
    QApplication.processEvents()  # its last paint reaches the screen
    image = widget.screen().grabWindow(widget.winId()).toImage()
    return len({image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)})


@pytest.mark.parametrize("then", ["zhang", "li"])
@pytest.mark.parametrize("left_open", ["添加账号", "重设密码"])
def test_a_dialog_the_program_waits_on_shows_nothing_while_locked_and_comes_back_to_its_person(
    qtbot: QtBot, main: MainWindow, store: Store, left_open: str, then: str
) -> None:
    """The 站长 left 添加账号 with a name typed (or a new password half typed) and walked away; the laptop locked when
    idle. The dialog stayed in view beside the lock for anyone to read. It waits for an answer (exec): hidden, it
    would end as if 取消 were pressed. Now it shows nothing while locked; the 站长 unlocking finds it as they left
    it, and when the 采集员 logs in at the lock it goes quietly with the 站长's screens."""
    from forms.users import authenticate

    main.show_page("settings")
    page = main.pages["settings"]
    assert isinstance(page, SettingsPage)
    if left_open == "重设密码":
        row = next(r for r in range(page.users.rowCount()) if page.users.item(r, 0).text() == "li")
        page.users.setCurrentCell(row, 0)
    seen: dict[str, object] = {}

    def walk_away_and_back() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        field = dialog.findChild(QLineEdit)
        assert field is not None
        seen["title"] = dialog.windowTitle()
        qtbot.keyClicks(field, "wang-wu")
        seen["colours before"] = colours_on_screen(dialog)
        main.lock(idle=True)
        seen["locked"] = (field.isVisible(), dialog.windowTitle(), colours_on_screen(dialog))
        if then == "li":
            log_in_as(qtbot, lock_dialog(main), "li", "li-password")
            return
        qtbot.keyClicks(lock_dialog(main).password, "zhang-password")
        lock_dialog(main).try_login()
        seen["unlocked"] = (field.isVisible(), field.text(), dialog.windowTitle(), dialog.focusWidget() is field)
        dialog.reject()  # the 站长 carries on, here with 取消

    QTimer.singleShot(0, walk_away_and_back)
    if left_open == "添加账号":
        page.add_user()
    else:
        page.reset_password()
    assert seen["title"] == {"添加账号": "添加账号", "重设密码": "重设密码"}[left_open]
    assert seen["colours before"] > 1  # the name typed, the labels: readable before the lock
    assert seen["locked"] == (False, "", 1)  # nothing of it on screen while locked, not even its title
    if then == "zhang":
        assert seen["unlocked"] == (True, "wang-wu", seen["title"], True)  # as they left it, the cursor in it
        assert main.account == ZHANG
        return
    qtbot.waitUntil(lambda: not main.is_locked, timeout=10_000)
    assert main.account == LI and screens(main) == ["工作台", "住户", "待跟进"]
    assert QApplication.activeModalWidget() is None  # no question of the 站长's left to the 采集员
    assert authenticate(store, "wang-wu", "wang-wu") is None and authenticate(store, "li", "li-password") is not None


def test_a_message_naming_an_account_shows_nothing_while_locked(qtbot: QtBot, main: MainWindow, store: Store) -> None:
    """A message the program waits on (exec), left open over 设置 when the laptop locked: it names an account, and
    stayed readable beside the lock. Now it shows nothing until its person unlocks."""
    create_user(store, "xian", "赵科长", "县级管理员", "xian-password")
    main.show_page("settings")
    page = main.pages["settings"]
    assert isinstance(page, SettingsPage)
    page.reload_users()
    row = next(r for r in range(page.users.rowCount()) if page.users.item(r, 0).text() == "xian")
    page.users.setCurrentCell(row, 0)
    seen: dict[str, object] = {}

    def walk_away_and_back() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["before"] = (box.windowTitle(), "xian" in box.text(), colours_on_screen(box) > 1)
        main.lock(idle=True)
        seen["locked"] = (box.isVisible(), box.windowTitle(), colours_on_screen(box))
        qtbot.keyClicks(lock_dialog(main).password, "zhang-password")
        lock_dialog(main).try_login()
        seen["unlocked"] = (box.windowTitle(), colours_on_screen(box) > 1)
        box.accept()

    QTimer.singleShot(0, walk_away_and_back)
    page.reset_password()  # a 站长 may not reset a county account: the message says so, naming it
    assert seen["before"] == ("无法更改县级账号", True, True)
    assert seen["locked"] == (True, "", 1)  # still waiting for its answer, but nothing of it on screen
    assert seen["unlocked"] == ("无法更改县级账号", True)
