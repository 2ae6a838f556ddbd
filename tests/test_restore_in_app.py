"""从备份恢复 in the app: at the first run on a new laptop, and from 设置; and how a station restored to an older
state syncs with the county afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

import desktop.app
from desktop.app import let_go, log_in, restore_and_reopen
from desktop.login import FirstRunDialog, LoginDialog
from desktop.main_window import MainWindow
from desktop.restore_dialog import RestorePassphraseDialog
from desktop.sync_page import SyncPage
from desktop.tasks import TaskRunner
from forms.backup import backup
from forms.records import Household
from forms.store import Store
from forms.users import Account, create_user, has_users, list_users
from sync.county_stations import revoke_station
from sync.enrolment import enrol_station
from sync.errors import StationRestored
from tests import factories
from tests.test_sync_support import World, add_household

pytest_plugins = ["tests.test_sync_support"]


PASSPHRASE = "站里的备份口令 2026"
ZHANG = Account("zhang", "张站长", "站长")


def station_with_data(path: Path) -> str:
    """A station database with its 站长 and one household; the household's id."""
    with Store.open(path) as store:
        create_user(store, "zhang", "张站长", "站长", "zhang-pass-1")
        with store.unit_of_work("zhang") as uow:
            site = factories.add_site(uow)
            household = factories.add_household(uow, site, building="3", room="301")
        return household.id


def pick_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The file dialog answers with ``path`` (the native dialog cannot be driven offscreen)."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))


class Answers:
    """Act on each modal dialog as it comes up, in order: ``(kind, act)`` pairs, each run once.

    Its timer stops once the last step is taken, and at the end of the test whatever happened (`_answers_stop`): left
    running, it went on closing the dialogs of later tests, and the garbage collector, freeing it in the middle of
    one of its own ticks, crashed the interpreter in a later test."""

    running: ClassVar[list[Answers]] = []

    def __init__(self, steps: list[tuple[type[QWidget], Callable[[QWidget], None]]]) -> None:
        self.steps = steps
        self.seen: list[QWidget] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self.polls = 0
        Answers.running.append(self)

    def stop(self) -> None:
        self.timer.stop()
        self.timer.timeout.disconnect(self.poll)

    def poll(self) -> None:
        shown = QApplication.activeModalWidget()
        self.polls += 1
        if self.polls > 750 and shown is not None:  # 15 s and the dialog expected never came: end the wait
            shown.close()
            return
        if shown is None or not self.steps or (self.seen and shown is self.seen[-1]):
            return
        kind, act = self.steps[0]
        if isinstance(shown, kind):
            self.steps.pop(0)
            self.seen.append(shown)
            if not self.steps:
                self.timer.stop()  # the last one: no later dialog, of this test or another, is answered
            act(shown)

    @property
    def done(self) -> bool:
        return not self.steps


@pytest.fixture(autouse=True)
def _answers_stop() -> Iterator[None]:
    yield
    while Answers.running:
        Answers.running.pop().stop()


def press(name: str) -> Callable[[QWidget], None]:
    return lambda dialog: dialog.findChild(QPushButton, name).click()  # type: ignore[union-attr]


def log_in_as(username: str, password: str) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, LoginDialog)
        dialog.username.setText(username)
        dialog.password.setText(password)
        dialog.try_login()

    return act


def type_passphrase(text: str) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, RestorePassphraseDialog)
        dialog.passphrase.setText(text)
        dialog.try_passphrase()

    return act


def accept_message(box: QWidget) -> None:
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Ok).click()


def test_the_first_run_on_a_new_laptop_restores_the_station_s_encrypted_backup_and_logs_in_with_its_accounts(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    household = station_with_data(tmp_path / "old-laptop.db")
    stick = backup(tmp_path / "old-laptop.db", tmp_path / "站-backup.anju-backup", PASSPHRASE).path
    new = tmp_path / "new-laptop" / "anju.db"
    new.parent.mkdir()
    pick_file(monkeypatch, stick)
    answers = Answers(
        [
            (FirstRunDialog, press("first_run_restore")),
            (RestorePassphraseDialog, type_passphrase(PASSPHRASE)),
            (QMessageBox, accept_message),  # 恢复完成
            (LoginDialog, log_in_as("zhang", "zhang-pass-1")),
        ]
    )
    account, store = log_in(Store.open(new))
    assert answers.done
    assert account is not None and account.username == "zhang" and account.role == "站长"
    assert store is not None and store.path == new
    try:
        with store.reading() as session:
            assert session.get(Household, household) is not None
    finally:
        store.close()


def test_a_wrong_passphrase_is_said_and_asked_again_and_changes_nothing(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    station_with_data(tmp_path / "old-laptop.db")
    stick = backup(tmp_path / "old-laptop.db", tmp_path / "站-backup.anju-backup", PASSPHRASE).path
    new = tmp_path / "anju.db"
    pick_file(monkeypatch, stick)
    said: list[str] = []

    def wrong(dialog: QWidget) -> None:
        type_passphrase("不是这个口令")(dialog)
        assert isinstance(dialog, RestorePassphraseDialog)
        said.append(dialog.message.text())
        assert dialog.isVisible() and dialog.passphrase.text() == ""  # still open, for another try
        dialog.reject()

    answers = Answers(
        [
            (FirstRunDialog, press("first_run_restore")),
            (RestorePassphraseDialog, wrong),
            (FirstRunDialog, lambda dialog: dialog.reject()),  # back to the first run; then cancelled
        ]
    )
    account, store = log_in(Store.open(new))
    assert answers.done and account is None and store is not None
    try:
        assert "口令不对" in said[0]
        assert not has_users(store)
    finally:
        store.close()
    assert list(tmp_path.glob("*before-restore*")) == []


def test_restore_from_settings_replaces_the_data_and_keeps_the_old_database(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "station.db"
    kept_household = station_with_data(db)
    daily = backup(db, tmp_path / "station-2026-11-28.sqlite").path  # a plain daily backup
    store = Store.open(db)
    with store.unit_of_work("zhang") as uow:
        site = factories.add_site(uow, code="S02", name="新村")
        later = factories.add_household(uow, site, building="9", room="901").id
    window = MainWindow(store, ZHANG)  # closed, then deleted, by the restore (`desktop.app.let_go`)
    window.show()
    window.start_background_work(backups=False)
    window.show_page("settings")
    pick_file(monkeypatch, daily)
    warned: list[str] = []

    def go(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        warned.append(box.text())
        next(b for b in box.buttons() if "恢复" in b.text()).click()

    answers = Answers([(QMessageBox, go)])
    window.pages["settings"].findChild(QPushButton, "restore_backup").click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert answers.done and "替换" in warned[0] and "before-restore" in warned[0]
    assert window.restore_request is not None and window.restore_request.path == daily
    restoring = window.restore_request
    let_go(window, store)  # as `desktop.app.show` does once the window has closed
    reopened: list[Path] = []
    monkeypatch.setattr(desktop.app, "run", lambda path: reopened.append(path) or 0)
    answers = Answers([(QMessageBox, accept_message)])
    assert restore_and_reopen(restoring, db) == 0
    assert answers.done and reopened == [db]
    with Store.open(db) as restored, restored.reading() as session:
        assert session.get(Household, kept_household) is not None
        assert session.get(Household, later) is None
    (kept,) = tmp_path.glob("station.before-restore-*.sqlite")
    with Store.open(kept) as old, old.reading() as session:
        assert session.get(Household, later) is not None


def test_a_surveyor_is_not_offered_the_restore(qtbot: QtBot, store: Store) -> None:
    create_user(store, "zhang", "张站长", "站长", "zhang-pass-1")
    for account in (Account("li", "李", "采集员"), ZHANG):
        window = MainWindow(store, account)
        qtbot.addWidget(window)
        offered = window.findChild(QPushButton, "restore_backup") is not None
        assert offered == (account.role == "站长")
        window.close()
    assert [a.username for a, _on in list_users(store)] == ["zhang"]


def test_a_station_restored_from_settings_to_an_older_state_is_refused_by_the_county_until_enrolled_again_in_the_app(
    qtbot: QtBot, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The county refuses the batch of a station restored to an older state than it holds (its new changes would
    reuse the numbers of changes the county has, and be dropped unseen). The restore says so at once; the county
    enrols the station again, the station takes the new package in 同步, and the next sync brings its work to the
    county and the county's copy of what the backup lacked back to the station."""
    station = world.root / "a.db"
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), room="1")
    world.sync("a")
    old = backup(station, tmp_path / "a.anju-backup", PASSPHRASE).path
    with world.edit("a") as uow:
        uow.get(Household, household.id).notes = "备份之后、已同步的修改"  # type: ignore[union-attr]
    world.sync("a")

    window = MainWindow(world.a, ZHANG)  # closed, then deleted, by the restore (`desktop.app.let_go`)
    window.show()
    window.start_background_work(backups=False)
    window.show_page("settings")
    pick_file(monkeypatch, old)
    warned: list[str] = []

    def go(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        warned.append(box.text())
        next(b for b in box.buttons() if "恢复" in b.text()).click()

    answers = Answers([(QMessageBox, go), (RestorePassphraseDialog, type_passphrase(PASSPHRASE))])
    window.pages["settings"].findChild(QPushButton, "restore_backup").click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert answers.done and "县里会拒收" in warned[0]
    restoring = window.restore_request
    let_go(window, world.a)
    told: list[str] = []

    def done(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        told.append(box.text())
        accept_message(box)

    monkeypatch.setattr(desktop.app, "run", lambda _path: 0)
    answers = Answers([(QMessageBox, done)])
    restore_and_reopen(restoring, station)  # type: ignore[arg-type]
    assert answers.done
    assert "比本站已发到县里的数据旧" in told[0] and "导入新登记包" in told[0]

    world.stores["a"] = Store.open(station, create=False)
    assert world.get("a", Household, household.id).notes != "备份之后、已同步的修改"
    with world.edit("a") as uow:
        added = add_household(uow, world.site_id("S1"), room="2")  # work done after the restore
    (result,) = world.county_import(world.export("a")).files
    assert isinstance(result.error, StationRestored) and "导入新登记包" in result.error.zh  # what the station does
    assert world.get("county", Household, added.id) is None
    assert world.get("county", Household, household.id).notes == "备份之后、已同步的修改"

    revoke_station(world.county, "者海镇工作站", "clerk", "从旧备份恢复")
    made = enrol_station(world.county, "者海镇工作站", ["S1", "S3"], tmp_path / "again.anju-station", "clerk")
    runner = TaskRunner()
    page = SyncPage(world.a, runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.overview is not None, timeout=5000)
    assert page.reenrol_button.isVisible() and not page.enrol_button.isVisible()
    pick_file(monkeypatch, made.path)
    answers = Answers([(QMessageBox, lambda box: next(b for b in box.buttons() if "登记包" in b.text()).click())])
    page.reenrol_button.click()
    assert answers.done and page.passphrase_dialog is not None
    page.passphrase_dialog.passphrase.setText(made.passphrase)
    page.passphrase_dialog.ok.click()
    qtbot.waitUntil(lambda: "登记完成" in page.notice.text(), timeout=5000)
    runner.wait()

    world.sync("a")
    assert world.get("county", Household, added.id) is not None
    assert world.get("a", Household, household.id).notes == "备份之后、已同步的修改"
