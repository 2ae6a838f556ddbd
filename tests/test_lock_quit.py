"""The program ending while the window is locked, or with work open: 退出安居 at the lock, the window closed while it
shows, Windows logging off. What can be saved is saved under the name of the person who typed it; what cannot is
named, and whoever is there may keep it for that person."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.login import LoginDialog
from desktop.main_window import MainWindow
from forms.records import Household, JournalEntry
from forms.store import Store
from forms.users import Account, create_user
from tests.factories import add_household, add_member, add_site
from tests.failing_drives import disk_full

ZHANG = Account("zhang", "张站长", "站长")


@pytest.fixture
def main(qtbot: QtBot, store: Store) -> Iterator[MainWindow]:
    create_user(store, "zhang", "张站长", "站长", "zhang-password")
    window = MainWindow(store, ZHANG)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.idle.timer.stop()
    window.runner.wait()
    if window.isVisible():
        window.lock_screen.leaving = True  # the test's own end: nothing to ask
        window.close()


@pytest.fixture
def household_id(store: Store) -> str:
    with store.unit_of_work("setup") as uow:
        household = add_household(uow, add_site(uow), room="301")
        add_member(uow, household, name="张三", relation="户主")
    return household.id


class EndingSession:
    """Windows' side of a logoff, as Qt hands it over (a `QSessionManager`, which only the platform can make): may the
    program ask, and did it cancel the logoff."""

    def __init__(self) -> None:
        self.cancelled = False
        self.released = False

    def allowsInteraction(self) -> bool:
        return True

    def cancel(self) -> None:
        self.cancelled = True

    def release(self) -> None:
        self.released = True


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def type_unfinished(qtbot: QtBot, main: MainWindow, household_id: str, name: str, text: str) -> None:
    """Type into a field and stay in it: nothing is committed yet."""
    assert main.editor.focus_field(household_id, name)
    field = focused()
    assert isinstance(field, QLineEdit)
    field.selectAll()
    if len(text) < 50:
        qtbot.keyClicks(field, text)
    else:  # a long text, as pasted
        field.setText(text)


def start_new_household_without_site(qtbot: QtBot, main: MainWindow, store: Store) -> str:
    """A new household at a station of two sites, the list showing both: it has no 安置点 yet, so nothing of it is
    written until one is chosen."""
    with store.unit_of_work("setup") as uow:
        add_site(uow, code="A", name="甲安置点")
        add_site(uow, code="B", name="乙安置点")
    with qtbot.waitSignal(main.editor.opened, timeout=10_000):
        main.new_household(None)
    household_id = main.editor.draft.id
    type_unfinished(qtbot, main, household_id, "room", "501")
    return household_id


def lock_dialog(main: MainWindow) -> LoginDialog:
    dialog = main.lock_dialog
    assert dialog is not None
    return dialog


def press_quit(dialog: LoginDialog) -> None:
    button = dialog.findChild(QPushButton, "lock_quit")
    assert button is not None
    button.click()


def stored_room(store: Store, household_id: str) -> str | None:
    with Store.open(store.path) as again, again.reading() as session:
        household = session.get(Household, household_id)
        return household.room if household is not None else None


def actors(store: Store, household_id: str) -> list[str]:
    with store.reading() as session:
        entries = session.scalars(select(JournalEntry).where(JournalEntry.record_id == household_id)).all()
        return [entry.actor for entry in entries if entry.op == "update"]


def test_quitting_at_the_lock_names_a_new_household_never_saved_and_cancel_keeps_it(
    qtbot: QtBot, main: MainWindow, store: Store
) -> None:
    """A worker called to a door left a new household half typed; the lock came; 退出安居 closed the program and the
    household was gone without a word."""
    household_id = start_new_household_without_site(qtbot, main, store)
    main.lock(idle=True)
    dialog = lock_dialog(main)
    press_quit(dialog)
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "confirm_quit_lose") is not None, timeout=10_000)
    box = dialog.findChild(QMessageBox, "confirm_quit_lose")
    assert box is not None and box.isVisible()
    assert "张站长" in box.text() and "安置点" in box.text() and "退出安居会丢弃" in box.text()
    assert main.isVisible() and main.is_locked and not main.centralWidget().isVisible()
    box.button(QMessageBox.StandardButton.No).click()  # 取消: keep it for her
    assert main.isVisible() and main.is_locked and dialog.isVisible()
    qtbot.keyClicks(dialog.password, "zhang-password")
    dialog.try_login()
    assert not main.is_locked and main.editor.draft.household.values["room"] == "501"

    main.lock()  # she locks it again; someone quits and gives it up
    dialog = lock_dialog(main)
    press_quit(dialog)
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "confirm_quit_lose") is not None, timeout=10_000)
    dialog.findChild(QMessageBox, "confirm_quit_lose").button(QMessageBox.StandardButton.Yes).click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not main.isVisible(), timeout=5000)
    assert stored_room(store, household_id) is None


def test_quitting_at_the_lock_saves_what_can_be_saved_under_the_typists_name(
    qtbot: QtBot, main: MainWindow, store: Store, household_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save that failed on a full disk is tried again, as hers, once there is room; then the program quits
    without a question (the question the window's close asked instead left a blank window with no lock)."""
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda _p, _t, text, *_a: asked.append(text) or 0))
    with qtbot.waitSignal(main.editor.opened, timeout=10_000):
        main.open_household(household_id)
    with disk_full(store.engine):
        type_unfinished(qtbot, main, household_id, "notes", "搬迁后在园区务工，" * 400)
        main.lock(idle=True)  # the field is committed; its save fails
        qtbot.waitUntil(lambda: main.editor.session.unsaved and not main.editor.session.saving, timeout=10_000)
    # The disk has room again (a backup was moved off); someone at the lock quits.
    press_quit(lock_dialog(main))
    qtbot.waitUntil(lambda: not main.isVisible(), timeout=10_000)
    main.runner.wait()
    assert not asked
    with store.reading() as session:
        household = session.get(Household, household_id)
        assert household is not None and household.notes and household.notes.startswith("搬迁后在园区务工")
    assert actors(store, household_id) == ["zhang"]


def test_closing_the_window_while_locked_is_quitting_at_the_lock(qtbot: QtBot, main: MainWindow, store: Store) -> None:
    """The taskbar's 关闭窗口 (or Alt+F4) on the locked window: the same questions as 退出安居, asked at the lock."""
    start_new_household_without_site(qtbot, main, store)
    main.lock(idle=True)
    dialog = lock_dialog(main)
    assert not main.close()
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "confirm_quit_lose") is not None, timeout=10_000)
    assert main.isVisible() and main.is_locked and not main.centralWidget().isVisible()
    box = dialog.findChild(QMessageBox, "confirm_quit_lose")
    assert box is not None and "安置点" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not main.isVisible(), timeout=5000)


def test_closing_the_window_names_a_new_household_never_saved(
    qtbot: QtBot, main: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not locked either: closing the window dropped a new household without its 安置点 without a word."""
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda _p, _t, text, *_a: asked.append(text) or answer[0])
    )
    start_new_household_without_site(qtbot, main, store)
    assert not main.close()
    assert main.isVisible() and len(asked) == 1 and "安置点" in asked[0]
    assert main.editor.draft.household.values["room"] == "501"
    answer[0] = QMessageBox.StandardButton.Yes
    assert main.close()


def test_windows_logging_off_saves_the_field_being_typed(
    qtbot: QtBot, main: MainWindow, store: Store, household_id: str
) -> None:
    """Windows ends the program at a logoff without closing its window: the field being typed was lost."""
    with qtbot.waitSignal(main.editor.opened, timeout=10_000):
        main.open_household(household_id)
    type_unfinished(qtbot, main, household_id, "room", "302")
    session = EndingSession()
    main.lock_screen.commit_data(session)  # QGuiApplication.commitDataRequest
    assert not session.cancelled and main.isVisible()
    assert stored_room(store, household_id) == "302"
    assert actors(store, household_id) == ["zhang"]


def test_windows_ending_the_program_finishes_the_saves(
    qtbot: QtBot, main: MainWindow, store: Store, household_id: str
) -> None:
    """``aboutToQuit`` is the last thing Windows lets the program do before it ends it."""
    with qtbot.waitSignal(main.editor.opened, timeout=10_000):
        main.open_household(household_id)
    type_unfinished(qtbot, main, household_id, "room", "303")
    QApplication.instance().aboutToQuit.emit()  # type: ignore[union-attr]
    assert stored_room(store, household_id) == "303"


def test_windows_logging_off_while_locked_names_whose_work_is_lost_and_may_be_cancelled(
    qtbot: QtBot, main: MainWindow, store: Store
) -> None:
    start_new_household_without_site(qtbot, main, store)
    main.lock(idle=True)
    said: list[str] = []
    answering = QTimer()  # the question waits for its answer (Windows waits on it): answered once it shows
    answering.setInterval(20)

    def answer() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if w.objectName() == "confirm_logoff_lose" and w.isVisible()]
        if shown and isinstance(shown[0], QMessageBox):
            answering.stop()
            said.append(shown[0].text())
            shown[0].button(QMessageBox.StandardButton.No).click()  # 取消注销

    answering.timeout.connect(answer)
    answering.start()
    session = EndingSession()
    main.lock_screen.commit_data(session)
    assert said and "张站长" in said[0] and "安置点" in said[0] and "取消注销" in said[0]
    answering.stop()
    assert session.cancelled and main.is_locked and main.editor.draft.household.values["room"] == "501"


def test_quitting_at_the_lock_ends_a_dialog_left_open_with_the_program(
    qtbot: QtBot, main: MainWindow, store: Store
) -> None:
    """The 站长 left 添加账号 open with a name typed; the laptop locked when idle; whoever is at the lock pressed
    退出安居. The dialog waits for an answer (exec) and stayed on screen after the window closed, the program
    running on for it: the next person to walk up found the 站长's dialog. It ends with the window, unanswered."""
    from forms.users import authenticate

    main.show_page("settings")
    left_open: list[bool] = []

    def walk_away_and_quit() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        username = dialog.findChild(QLineEdit, "new_user_username")
        assert username is not None
        qtbot.keyClicks(username, "wang-wu")
        main.lock(idle=True)
        press_quit(lock_dialog(main))
        qtbot.waitUntil(lambda: not main.isVisible(), timeout=10_000)
        left_open.append(dialog.isVisible())
        if dialog.isVisible():
            dialog.reject()  # as the next person had to, for the program to end

    QTimer.singleShot(0, walk_away_and_quit)
    main.pages["settings"].add_user()  # type: ignore[attr-defined]
    assert left_open == [False]
    assert authenticate(store, "wang-wu", "wang-wu") is None  # nothing typed in it counts
