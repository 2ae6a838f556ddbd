"""账户记录: each change to an account and each login is recorded, the wrong passwords too (never the password), the
owner is told once of wrong passwords since their last login, and the 站长 reads it in 设置 and on the command line.
Local only: it travels in no sync file."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

import desktop.login
from desktop.account_log_view import AccountLogView
from desktop.login import LoginDialog
from desktop.main_window import MainWindow
from desktop.settings_page import SettingsPage
from desktop.tasks import TaskRunner
from forms.accounts import hash_password
from forms.backup import backup, restore
from forms.errors import AnjuError
from forms.quick_open import QuickDatabase
from forms.store import Store, migrate
from forms.users import (
    Account,
    account_log,
    change_own_password,
    create_user,
    log_in,
    set_active,
    set_password,
)

ZHANG = Account("zhang", "张站长", "站长")
LI = Account("li", "李采集", "采集员")


@pytest.fixture
def accounts(store: Store) -> Store:
    create_user(store, "zhang", "张站长", "站长", "zhang-password")  # the first run: set up by its owner
    create_user(store, "li", "李采集", "采集员", "typed-by-zhang", by="zhang")
    return store


def lines(store: Store, *, logins: bool = True) -> list[tuple[str, str, str | None, str]]:
    """The log, newest first: (account, event, who did it, what it says in 中文)."""
    entries, _total = account_log(store, logins=logins)
    return [(e.account, e.event, e.actor, e.description()[0]) for e in entries]


def every_stored_text(path: Path) -> str:
    raw = sqlite3.connect(path)
    rows = raw.execute("SELECT * FROM account_log").fetchall()
    raw.close()
    return repr(rows)


def anju(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


# ---- what is recorded ------------------------------------------------------------------------------------------


def test_each_change_to_an_account_is_recorded_with_who_made_it_newest_first(accounts: Store) -> None:
    set_active(accounts, "li", False, by="zhang")
    set_active(accounts, "li", True, by="zhang")
    set_password(accounts, "li", "reset-by-zhang", by="zhang")
    change_own_password(accounts, "li", "reset-by-zhang", "only-li-knows", "only-li-knows")
    assert lines(accounts) == [
        ("li", "password_changed", "li", "本人修改了密码"),
        ("li", "password_reset", "zhang", "重设密码"),
        ("li", "activated", "zhang", "启用"),
        ("li", "deactivated", "zhang", "停用"),
        ("li", "created", "zhang", "添加账号，角色：采集员"),
        ("zhang", "created", None, "添加账号，角色：站长"),
    ]
    entries, _ = account_log(accounts)
    assert [e.description()[1] for e in entries[-2:]] == [
        "Account added, role: surveyor",
        "Account added, role: station admin",
    ]
    assert all(e.at.endswith("Z") for e in entries)  # stored in UTC, shown in local time


def test_a_refused_change_leaves_no_line_but_a_wrong_current_password_does(accounts: Store) -> None:
    before = lines(accounts)
    with pytest.raises(AnjuError, match="最后一个可用的站长"):
        set_active(accounts, "zhang", False, by="zhang")  # written with the change, so refused with it
    with pytest.raises(AnjuError, match="至少需要"):
        set_password(accounts, "li", "123", by="zhang")
    assert lines(accounts) == before
    with pytest.raises(AnjuError, match="当前密码不正确"):  # a passer-by at an unlocked laptop
        change_own_password(accounts, "li", "guessed-password", "mine-now-1", "mine-now-1")
    assert lines(accounts)[0] == ("li", "current_password_wrong", "li", "修改密码时当前密码错误，密码没有改")
    assert "guessed-password" not in every_stored_text(accounts.path)


def test_failed_logins_name_the_account_or_a_masked_name_and_never_the_password(accounts: Store) -> None:
    quick = QuickDatabase(accounts.path)  # the login dialog before the store has loaded
    assert log_in(accounts, "Li", "not-her-password")[0] is None
    assert quick.log_in("zhang", "not-his-password", how="unlock")[0] is None
    assert log_in(accounts, "zhang-password", "zhang-password", how="switch")[0] is None  # the password as a name
    assert lines(accounts)[:3] == [
        ("z*************", "unknown_user", None, "换人登录时用户名不存在（输入的用户名已遮盖）"),
        ("zhang", "login_failed", None, "解锁时密码错误"),
        ("li", "login_failed", None, "登录时密码错误"),
    ]
    stored = every_stored_text(accounts.path)
    assert not any(typed in stored for typed in ("not-her-password", "not-his-password", "zhang-password"))


def test_the_owner_is_told_of_wrong_passwords_since_the_last_login_once(accounts: Store) -> None:
    quick = QuickDatabase(accounts.path)
    account, outcome = log_in(accounts, "zhang", "zhang-password")
    assert account == ZHANG and outcome.wrong_before is None
    for how in ("unlock", "unlock", "login"):  # the laptop, locked, on a desk overnight; then a restart
        log_in(accounts, "zhang", "guess-123", how=how)
    log_in(accounts, "li", "guess-123")  # another account's: not zhang's to be told
    account, outcome = quick.log_in("zhang", "zhang-password")
    assert account == ZHANG and outcome.wrong_before is not None and outcome.wrong_before.count == 3
    zh, en = outcome.wrong_before.message()
    assert zh.startswith("上次登录后有 3 次密码错误（最近一次 ") and "请告诉站长" in zh
    assert en.startswith("3 wrong passwords for this account since its last login")
    assert log_in(accounts, "zhang", "zhang-password")[1].wrong_before is None  # told once
    # Successful logins are recorded too (the unlocks of a day are many: lists may leave them out).
    assert [line[1] for line in lines(accounts)[:2]] == ["login", "login"]
    assert "login" not in [line[1] for line in lines(accounts, logins=False)]


# ---- the command line --------------------------------------------------------------------------------------------


def test_the_command_lines_reset_is_recorded_and_the_log_is_printed(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert anju("demo", "--households", "5", "--db", str(db)).returncode == 0
    reset = anju("reset-password", "zhanzhang", "--db", str(db), stdin="remembered-1\n")
    assert reset.returncode == 0, reset.stderr
    printed = anju("account-log", "--db", str(db))
    assert printed.returncode == 0, printed.stderr
    head, newest, *rest = printed.stdout.splitlines()
    assert head.startswith("账户记录共 4 条，不含成功的登录和解锁")
    assert "zhanzhang  在命令行重设密码（anju reset-password） / Password reset on the command line" in newest
    assert len(rest) == 3 and all("添加账号" in line for line in rest)
    as_json = json.loads(anju("account-log", "--db", str(db), "--json", "--limit", "1").stdout)
    assert as_json["total"] == 4 and len(as_json["entries"]) == 1
    assert as_json["entries"][0]["event"] == "password_reset_cli" and as_json["entries"][0]["actor"] is None
    assert as_json["entries"][0]["at"].endswith("Z") and "local_time" in as_json["entries"][0]


# ---- the database: upgraded, backed up, audited; local only ------------------------------------------------------


def test_a_database_of_the_previous_release_is_upgraded_with_an_empty_log_and_its_accounts(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    migrate(path, "0009")  # Anju 0.3.0
    raw = sqlite3.connect(path)
    raw.execute(
        "INSERT INTO users (username, display_name, role, password_hash, active, created_at) "
        "VALUES ('zhang', '张站长', '站长', ?, 1, '2026-11-01T08:00:00.000000Z')",
        (hash_password("zhang-password"),),
    )
    raw.commit()
    raw.close()
    with Store.open(path) as store:
        assert account_log(store) == ([], 0)
        assert log_in(store, "zhang", "wrong-password")[0] is None
        assert log_in(store, "zhang", "zhang-password")[1].wrong_before is not None
        assert store.verify_journal().ok
    assert list(tmp_path.glob("station.pre-upgrade-0009-*.sqlite"))
    audit = anju("audit", "--db", str(path))
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_the_log_goes_with_a_backup_and_comes_back_with_a_restore(accounts: Store, tmp_path: Path) -> None:
    set_password(accounts, "li", "reset-by-zhang", by="zhang")
    before = lines(accounts)
    copy = backup(accounts.path, tmp_path / "backup.sqlite").path
    set_active(accounts, "li", False, by="zhang")
    path = accounts.path
    accounts.close()
    restore(copy, path)
    with Store.open(path) as reopened:
        assert lines(reopened) == before


def test_the_log_travels_in_no_sync_file() -> None:
    from sync.rows import CODECS

    assert "account_log" not in CODECS and "users" not in CODECS


# ---- the login dialog ----------------------------------------------------------------------------------------------


def answering(seen: list[str]) -> Callable[[], None]:
    """Whoever logs in reads the notice of wrong passwords (which ``seen`` collects) and closes it."""

    def read() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "wrong_passwords_notice":
            seen.append(box.text())
            box.buttons()[0].click()

    return read


def type_password(qtbot: QtBot, dialog: LoginDialog, password: str, seen: list[str]) -> None:
    dialog.password.setText(password)
    QTimer.singleShot(0, answering(seen))
    dialog.try_login()


def test_at_the_login_the_owner_is_told_of_others_wrong_passwords_not_their_own_slip(
    qtbot: QtBot, accounts: Store
) -> None:
    for _ in range(3):  # someone at the laptop yesterday
        log_in(accounts, "zhang", "guess-123", how="unlock")
    dialog = LoginDialog(QuickDatabase(accounts.path), username="zhang")
    qtbot.addWidget(dialog)
    seen: list[str] = []
    type_password(qtbot, dialog, "zhang-pasword", seen)  # a slip, seen refused just now
    assert "不正确" in dialog.message.text() and seen == []
    type_password(qtbot, dialog, "zhang-password", seen)
    assert dialog.account == ZHANG
    assert len(seen) == 1 and seen[0].startswith("上次登录后有 3 次密码错误（最近一次 ")

    again = LoginDialog(accounts, username="zhang")
    qtbot.addWidget(again)
    type_password(qtbot, again, "zhang-password", seen)
    assert again.account == ZHANG and len(seen) == 1  # told once


@pytest.fixture
def main(qtbot: QtBot, accounts: Store) -> Iterator[MainWindow]:
    window = MainWindow(accounts, ZHANG)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.idle.timer.stop()
    window.runner.wait()
    window.close()


def test_wrong_passwords_at_the_lock_overnight_are_told_at_the_unlock(
    qtbot: QtBot, main: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    main.lock(idle=True)
    dialog = main.lock_dialog
    assert dialog is not None
    seen: list[str] = []
    for guess in ("123456", "zhang123"):
        type_password(qtbot, dialog, guess, seen)
    monkeypatch.setattr(desktop.login, "OWN_SLIPS_SECONDS", 0)  # the morning after: not the owner's slips
    type_password(qtbot, dialog, "zhang-password", seen)
    assert not main.is_locked
    assert len(seen) == 1 and seen[0].startswith("上次登录后有 2 次密码错误")


# ---- 设置 ------------------------------------------------------------------------------------------------------------


def test_the_station_admin_reads_the_log_in_settings(qtbot: QtBot, accounts: Store) -> None:
    log_in(accounts, "li", "guess-123")
    log_in(accounts, "zhang", "zhang-password")
    page = SettingsPage(accounts, TaskRunner(), ZHANG)
    qtbot.addWidget(page)
    view = page.findChild(AccountLogView)
    assert view is not None

    def rows() -> list[list[str]]:
        table = view.table
        return [[table.item(r, c).text() for c in range(1, 4)] for r in range(table.rowCount())]  # type: ignore[union-attr]

    assert rows() == [
        ["li", "登录时密码错误", "—"],
        ["li", "添加账号，角色：采集员", "zhang"],
        ["zhang", "添加账号，角色：站长", "—"],
    ]
    assert view.note.text() == "共 3 条，最新的在最上面。"
    set_active(accounts, "li", False, by="zhang")
    page.reload_users()
    assert rows()[0] == ["li", "停用", "zhang"]
    view.logins.setChecked(True)  # each login too
    assert ["zhang", "登录", "—"] in rows()


def test_a_surveyor_sees_no_ones_log(qtbot: QtBot, accounts: Store) -> None:
    window = MainWindow(accounts, LI)
    qtbot.addWidget(window)
    assert "settings" not in window.pages and not window.findChildren(AccountLogView)
    window.idle.timer.stop()
    window.runner.wait()
