"""Starting ``anju`` when the database opened last time is not there: its USB stick is still in the drawer."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.app import run


@pytest.fixture
def laptop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[Path]:
    """This computer's settings and data folder, under ``tmp_path``; the remembered database is on a stick E盘."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "本机数据"))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "设置"))
    stick_db = tmp_path / "E盘" / "安居 数据" / "幸福社区 工作站.db"
    QSettings().setValue("last_database", str(stick_db))
    yield stick_db
    QSettings().remove("last_database")
    usual = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, usual)


def answer_each(*answers: Callable[[QWidget], None]) -> list[str]:
    """Answer the modal dialogs as they come, one answer each; gives each dialog's text as it was shown."""
    shown: list[str] = []
    left = list(answers)

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or (shown and dialog.property("answered")):
            QTimer.singleShot(20, look)
            return
        dialog.setProperty("answered", True)
        shown.append(dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle())
        left.pop(0)(dialog)
        if left:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
    return shown


def click(name: str) -> Callable[[QWidget], None]:
    def press(dialog: QWidget) -> None:
        button = dialog.findChild(QPushButton, name)
        if button is not None:
            button.click()
        elif isinstance(dialog, QDialog):  # not the dialog expected: closed, for the test to say what was shown
            dialog.reject()

    return press


def test_a_missing_stick_database_is_named_and_no_empty_station_is_made(laptop: Path, tmp_path: Path) -> None:
    """The app opened (and made) an empty database in the data folder and asked for the first 站长 account, as on a
    new laptop: the 站长 saw her station empty, and the account she made there became the database opened next."""
    shown = answer_each(click("quit"))
    assert run(None) == 2
    assert len(shown) == 1 and f"上次使用的数据库“{laptop}”现在找不到" in shown[0] and "请插好后点“重试”" in shown[0]
    assert not (tmp_path / "本机数据").exists() or not list((tmp_path / "本机数据").rglob("*.db"))
    assert QSettings().value("last_database") == str(laptop)  # remembered for the day the stick is back


def test_retry_once_the_stick_is_in_opens_the_database_on_it(laptop: Path, tmp_path: Path, template_db: Path) -> None:
    def plug_in_and_retry(dialog: QWidget) -> None:
        laptop.parent.mkdir(parents=True)
        shutil.copyfile(template_db, laptop)
        click("retry")(dialog)

    def cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        dialog.reject()

    shown = answer_each(click("retry"), plug_in_and_retry, cancel)
    assert run(None) == 0
    assert shown[1].startswith(f"仍然找不到“{laptop}”")  # retried before the stick was in
    assert shown[2] == "首次使用 — 创建站长账号"  # the stick's database, which has no account yet
    assert not list((tmp_path / "本机数据").rglob("*.db"))
