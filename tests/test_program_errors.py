"""When the program itself fails, on a station laptop far from any developer: one calm message, a log for support.

The failures here are real exceptions raised in real slots (a button's handler, a task's work, a thread) with the
app's own hooks installed (`desktop.crash_dialog.install_crash_handling`, as `desktop.app.run` does). pytest-qt
replaces ``sys.excepthook`` in every test to fail it on such an exception; the tests that look at the message turn
that off (``qt_no_exception_capture``), and one checks that with it on the failure still reaches pytest-qt.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.app import app_data_folder, application
from desktop.crash_dialog import RUNNING, CrashHandling, ErrorDialog, enter_phase, install_crash_handling
from desktop.error_log import (
    EXIT_PROGRAM_ERROR,
    MAX_BYTES,
    data_folder,
    log_error,
    log_path,
    named_database,
    redact,
    set_database,
    start_log,
    stop_log,
)
from desktop.tasks import TaskRunner
from forms.version import APP_VERSION

ROOT = Path(__file__).resolve().parent.parent
ID_NUMBER = "52010219900101123X"
PASSWORD = "Xingfu-2026"
NAME = "王小明"


def failing_save() -> None:
    """A slot with a bug, whose message carries what a bug's message may: a name, an ID number, a password."""
    raise ValueError(f"保存 {NAME} 失败：证件号码 {ID_NUMBER}，password={PASSWORD}")


class StationWindow(QWidget):
    """A window with a button that fails and one that works."""

    def __init__(self) -> None:
        super().__init__()
        self.saves = 0
        self.broken = QPushButton("保存（有错）")
        self.broken.clicked.connect(failing_save)
        self.working = QPushButton("保存")
        self.working.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.broken)
        layout.addWidget(self.working)

    def save(self) -> None:
        self.saves += 1


@pytest.fixture
def laptop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[Path]:
    """This computer's data folder under ``tmp_path``; the app's error handling installed as `run` installs it.
    Gives the log file's path."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "本机数据"))
    application()
    handling = install_crash_handling(app_data_folder())
    set_database(tmp_path / "幸福社区.db")
    enter_phase(RUNNING)  # as `desktop.app.show` says once the main window is there
    yield log_path()
    handling.uninstall()
    if handling.dialog is not None:
        handling.dialog.close()
        handling.dialog = None
    stop_log()
    set_database(None)


@pytest.fixture
def window(qtbot: QtBot) -> StationWindow:
    shown = StationWindow()
    qtbot.addWidget(shown)
    shown.show()
    return shown


def handling_now() -> CrashHandling:
    hook = sys.excepthook
    assert isinstance(getattr(hook, "__self__", None), CrashHandling), "the app's hook is not installed"
    return hook.__self__  # type: ignore[attr-defined]


def read_log(path: Path) -> str:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no BOM: Notepad on an older Windows would show the Chinese garbled"
    return raw.decode("utf-8-sig")


def shown_dialogs() -> list[ErrorDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()]


@pytest.mark.qt_no_exception_capture
def test_a_failing_button_shows_one_calm_message_and_the_app_goes_on(
    qtbot: QtBot, laptop: Path, window: StationWindow, tmp_path: Path
) -> None:
    qtbot.mouseClick(window.broken, Qt.MouseButton.LeftButton)
    [dialog] = shown_dialogs()
    message = dialog.findChild(QLabel, "error_message").text()
    assert "不是您操作的错" in message and "已保存" in message and "继续使用" in message
    assert str(laptop) in dialog.findChild(QLabel, "log_location").text()

    qtbot.mouseClick(window.working, Qt.MouseButton.LeftButton)  # the app goes on: the next click does its work
    assert window.saves == 1

    log = read_log(laptop)
    assert f"anju {APP_VERSION}" in log and "anju started" in log
    assert f"database: {tmp_path / '幸福社区.db'}" in log
    assert "Traceback (most recent call last)" in log and "in failing_save" in log and "ValueError" in log
    for secret in (ID_NUMBER, NAME, PASSWORD):
        assert secret not in log, f"{secret} written to the log"

    copied = dialog.findChild(QPushButton, "copy_details")
    qtbot.mouseClick(copied, Qt.MouseButton.LeftButton)
    details = QGuiApplication.clipboard().text()
    assert "in failing_save" in details and APP_VERSION in details and ID_NUMBER not in details
    dialog.findChild(QPushButton, "close").click()
    assert not shown_dialogs()


@pytest.mark.qt_no_exception_capture
def test_a_burst_of_errors_is_one_message_that_counts_them(qtbot: QtBot, laptop: Path, window: StationWindow) -> None:
    for _ in range(3):
        window.broken.click()
    [dialog] = shown_dialogs()
    more = dialog.findChild(QLabel, "more_errors")
    assert more.isVisible() and "2 次" in more.text()
    assert dialog.details.count("in failing_save") == 3
    assert read_log(laptop).count("Traceback (most recent call last)") == 3

    dialog.findChild(QPushButton, "close").click()
    window.broken.click()  # after the message is closed, the next error is told again
    assert len(shown_dialogs()) == 1


class FolderOpened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.mark.qt_no_exception_capture
def test_the_message_opens_the_log_folder(qtbot: QtBot, laptop: Path, window: StationWindow) -> None:
    opened = FolderOpened()
    QDesktopServices.setUrlHandler("file", opened, "open")  # Qt's own way to see what would be opened
    try:
        window.broken.click()
        [dialog] = shown_dialogs()
        dialog.findChild(QPushButton, "open_log_folder").click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(url.toLocalFile()) for url in opened.urls] == [laptop.parent]


@pytest.mark.qt_no_exception_capture
def test_before_the_main_window_the_message_says_it_was_the_start_and_how_to_get_help(
    qtbot: QtBot, laptop: Path, window: StationWindow
) -> None:
    install_crash_handling(app_data_folder())  # as `run` starts: before the main window
    window.broken.click()
    [dialog] = shown_dialogs()
    message = dialog.findChild(QLabel, "error_message").text()
    assert "启动时" in message and "anju-console" in message
    assert "during start-up" in read_log(laptop)
    dialog.close()

    enter_phase(RUNNING)
    window.broken.click()
    [dialog] = shown_dialogs()
    assert "启动时" not in dialog.findChild(QLabel, "error_message").text()


def test_the_hook_hands_the_error_on_so_a_test_still_fails(qtbot: QtBot, laptop: Path, window: StationWindow) -> None:
    """pytest-qt's capture is on here: the app's hook, installed over it, logs and still passes it on."""
    handling_now().uninstall()
    with qtbot.capture_exceptions() as caught:
        handling = install_crash_handling(app_data_folder())
        window.broken.click()
        handling.uninstall()
        for dialog in shown_dialogs():
            dialog.close()
    assert [type(exc) for _, exc, _ in caught] == [ValueError]
    assert "in failing_save" in read_log(laptop)


@pytest.mark.qt_no_exception_capture
def test_a_task_without_an_error_callback_is_told_one_with_is_logged(qtbot: QtBot, laptop: Path) -> None:
    runner = TaskRunner()
    told: list[BaseException] = []

    def read_screen(_progress: object) -> None:
        raise LookupError(f"no household for {ID_NUMBER}")

    runner.start(read_screen, on_error=lambda exc, _tb: told.append(exc))
    qtbot.waitUntil(lambda: bool(told))
    assert not shown_dialogs()  # its screen said it
    log = read_log(laptop)
    assert "a background task failed" in log and "in read_screen" in log and ID_NUMBER not in log

    runner.start(read_screen)  # nobody to say it: the program's message
    qtbot.waitUntil(lambda: bool(shown_dialogs()))
    assert read_log(laptop).count("in read_screen") == 2
    runner.wait()


def test_a_failing_thread_is_logged_and_handed_on(qtbot: QtBot, laptop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    handed_on: list[BaseException | None] = []
    handling_now().uninstall()
    monkeypatch.setattr(threading, "excepthook", lambda args: handed_on.append(args.exc_value))
    handling = install_crash_handling(app_data_folder())

    def sync_in_background() -> None:
        raise OSError(f"send failed, token={PASSWORD}")

    thread = threading.Thread(target=sync_in_background, name="sync")
    thread.start()
    thread.join()
    handling.uninstall()
    assert [type(exc) for exc in handed_on] == [OSError]
    log = read_log(laptop)
    assert "in thread sync" in log and "in sync_in_background" in log and PASSWORD not in log


def test_what_is_hidden_and_what_is_kept() -> None:
    """The rule (`desktop.error_log.redact`): data goes, what says where it failed stays."""
    assert redact(f"invalid literal for int() with base 10: '{ID_NUMBER}'") == (
        "invalid literal for int() with base 10: '«…»'"
    )
    assert redact(f"KeyError: '{NAME}'") == "KeyError: '«…»'"
    assert redact(f"could not save {NAME}") == "could not save «…»"
    assert redact("phone 13812345678") == "phone «…»"
    assert redact(f"password={PASSWORD}") == "password=«…»" and PASSWORD not in redact(f"密码：{PASSWORD}")
    assert named_database("postgresql://anju:Xingfu-2026@10.1.2.3:5432/county") == (
        "postgresql://anju:«…»@10.1.2.3:5432/county"
    )
    assert named_database(Path("C:/安居 数据/幸福社区.db")) == str(Path("C:/安居 数据/幸福社区.db"))
    kept = "KeyError: 'household_id' (UNIQUE constraint failed: members.id_number) line 1234"
    assert redact(kept) == kept


def test_a_failed_statement_logs_no_values(store: object, tmp_path: Path) -> None:
    """The store's engine hides a statement's parameters (``hide_parameters``), so a traceback of a failed
    insert names the statement and not the person."""
    from sqlalchemy import text

    from desktop.error_log import describe
    from forms.store import Store

    assert isinstance(store, Store)
    with pytest.raises(Exception) as failed, store.engine.begin() as conn:
        conn.execute(text("INSERT INTO no_such_table (id_number) VALUES (:n)"), {"n": ID_NUMBER})
    described = describe(failed.value)
    assert "no_such_table" in described and ID_NUMBER not in described


def test_the_headless_data_folder_is_the_apps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`anju-console` finds the log without Qt: in the folder where the app keeps it (and its database)."""
    home = tmp_path / "本机数据"
    script = "from desktop.app import app_data_folder, application; application(); print(app_data_folder())"
    shown = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "XDG_DATA_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert shown.stdout.strip() == str(home / "Anju" / "Anju")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    assert data_folder() == home / "Anju" / "Anju"


def anju(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=300,
        env={**os.environ, "XDG_DATA_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **env},
    )


@pytest.fixture
def failing_export(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A demo database, and the environment of an `anju` whose export meets a fault of the program's own. No value
    in a database makes one any more (an export names the values it cannot read, `forms.excel.stored`), so the
    fault is put in its way: writing the ledger raises an error whose message carries an ID number, as a bug's
    message may carry a value it met."""
    db = tmp_path / "幸福社区.db"
    assert anju(tmp_path / "本机数据", "demo", "--households", "5", "--db", str(db)).returncode == 0
    fault = tmp_path / "fault"
    fault.mkdir()
    (fault / "sitecustomize.py").write_text(
        "import forms.excel.export as export\n"
        "def write_ledger(*args, **kwargs):\n"
        # Spelled in two halves: the traceback quotes this line, and the redaction is of values, not of code.
        f"    raise ValueError('cannot write ' + '{ID_NUMBER[:9]}' + '{ID_NUMBER[9:]}')\n"
        "export.write_ledger = write_ledger\n",
        encoding="utf-8",
    )
    return db, {"PYTHONPATH": os.pathsep.join([str(fault), str(ROOT)])}


def test_the_command_line_says_it_failed_and_where_the_log_is(
    tmp_path: Path, failing_export: tuple[Path, dict[str, str]]
) -> None:
    db, fault = failing_export
    home = tmp_path / "本机数据"
    log = home / "Anju" / "Anju" / "logs" / "anju.log"
    export = ("export", "members", "--db", str(db), "--out", str(tmp_path / "成员.xlsx"))
    result = anju(home, *export, **fault)
    assert result.returncode == EXIT_PROGRAM_ERROR
    assert "Traceback" not in result.stderr
    zh, en = result.stderr.strip().splitlines()
    assert zh.startswith("错误：程序出错了") and "不是您输入的错" in zh and str(log) in zh
    assert en.startswith("Error: The program failed") and str(log) in en
    written = read_log(log)
    assert "anju export: unexpected error" in written and f"database: {db}" in written
    assert "Traceback (most recent call last)" in written and ID_NUMBER not in written

    shown = anju(home, *export, "--json", "--debug", **fault)
    assert shown.returncode == EXIT_PROGRAM_ERROR and "Traceback (most recent call last)" in shown.stderr
    answer = json.loads(shown.stdout)
    assert answer["ok"] is False and answer["log"] == str(log) and "程序出错了" in answer["error"]
    by_variable = anju(home, *export, ANJU_DEBUG="1", **fault)
    assert by_variable.returncode == EXIT_PROGRAM_ERROR and "Traceback" in by_variable.stderr


def test_the_app_logs_its_start_version_and_database(tmp_path: Path) -> None:
    home = tmp_path / "本机数据"
    db = tmp_path / "幸福社区.db"
    assert anju(home, "demo", "--households", "5", "--db", str(db)).returncode == 0
    assert anju(home, "--selftest", "--db", str(db)).returncode == 0
    log = read_log(home / "Anju" / "Anju" / "logs" / "anju.log")
    assert f"anju {APP_VERSION}" in log and "anju self-test started" in log and f"database: {db}" in log


def test_the_log_stays_small(tmp_path: Path) -> None:
    """A station laptop that hits the same error all day keeps four files of about 1 MB at most, each readable. The
    records' lengths vary, so that some reach the limit mid-record: their characters are not their bytes."""
    for pad in range(0, 64, 9):
        data = tmp_path / f"pad{pad}"
        start_log(data)
        try:
            failed = ValueError("unexpected")
            try:
                failing_save()
            except ValueError as exc:
                failed = exc
            where = "unexpected error" + "。" * pad
            log_error(where, failed)
            one = (data / "logs" / "anju.log").stat().st_size
            for _ in range(6 * MAX_BYTES // one):  # six files' worth: the oldest two were dropped
                log_error(where, failed)
        finally:
            stop_log()
        files = sorted((data / "logs").iterdir())
        assert [f.name for f in files] == ["anju.log", "anju.log.1", "anju.log.2", "anju.log.3"]
        for file in files:
            assert file.stat().st_size <= MAX_BYTES
            assert "in failing_save" in read_log(file)
