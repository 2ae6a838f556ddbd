"""Restoring a backup into a database that cannot be written (a read-only file, a read-only folder, a
write-protected stick): the restore says that cause and what to do, in the app and in ``anju restore``, and changes
nothing. It said "请腾出磁盘空间后再试" whatever the cause, after opening the backup and copying the database aside,
and left that copy and SQLite's -wal and -shm files behind.

The read-only states are the kernel's own (chmod, root's override given up: `file_permissions_enforced`)."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from forms.backup import backup, restore
from forms.errors import StoreError
from forms.store import Store
from forms.users import Account
from tests.failing_drives import file_permissions_enforced
from tests.test_restore_in_app import Answers, _answers_stop
from tests.test_unwritable_database import fingerprint, read_only_file, read_only_folder, station_db

__all__ = ["_answers_stop", "read_only_file", "read_only_folder", "station_db"]  # fixtures, used by name

PASSPHRASE = "站里的备份口令 2026"


def plain_backup(source: Path, folder: Path) -> Path:
    return backup(source, folder / "备份.sqlite").path


def packed_backup(source: Path, folder: Path) -> Path:
    """A compressed daily backup, as `forms.backup.auto_backup` leaves it: uncompressed beside the database first."""
    plain = plain_backup(source, folder)
    packed = folder / "幸福社区-2026-11-28.sqlite.gz"
    with open(plain, "rb") as f, gzip.open(packed, "wb") as out:
        shutil.copyfileobj(f, out)
    return packed


def sealed_backup(source: Path, folder: Path) -> Path:
    """An encrypted backup from a stick: decrypted beside the database first."""
    return backup(source, folder / "备份.anju-backup", PASSPHRASE).path


BACKUPS: dict[str, Callable[[Path, Path], Path]] = {
    "plain": plain_backup,
    "packed": packed_backup,
    "sealed": sealed_backup,
}


@pytest.mark.parametrize("kind", list(BACKUPS))
def test_a_read_only_database_file_is_said_as_read_only_and_nothing_is_left_beside_it(
    kind: str, station_db: Path, template_db: Path, tmp_path: Path
) -> None:
    made = BACKUPS[kind](template_db, tmp_path)
    station_db.chmod(0o444)
    try:
        before = fingerprint(station_db)
        with file_permissions_enforced(), pytest.raises(StoreError) as refused:
            restore(made, station_db, PASSPHRASE if kind == "sealed" else None)
        after = fingerprint(station_db)
    finally:
        station_db.chmod(0o644)
    said = refused.value.zh
    assert said.startswith(f"没有从备份恢复：数据库文件“{station_db}”是只读的"), said
    assert "取消勾选“只读”" in said and "写保护开关" in said and said.endswith("改好后，再点“从备份恢复”。")
    assert "腾出" not in said and "read-only" in refused.value.en
    assert after == before  # the same bytes; no before-restore copy, no -wal or -shm left beside it


@pytest.mark.parametrize("kind", list(BACKUPS))
def test_a_read_only_folder_is_said_as_the_folder_and_nothing_changes(
    kind: str, station_db: Path, template_db: Path, tmp_path: Path
) -> None:
    made = BACKUPS[kind](template_db, tmp_path)
    station_db.parent.chmod(0o555)
    try:
        before = fingerprint(station_db)
        with file_permissions_enforced(), pytest.raises(StoreError) as refused:
            restore(made, station_db, PASSPHRASE if kind == "sealed" else None)
        after = fingerprint(station_db)
    finally:
        station_db.parent.chmod(0o755)
    said = refused.value.zh
    assert said.startswith(f"没有从备份恢复：不能在数据库所在的文件夹“{station_db.parent}”里写入"), said
    assert "请管理员给这个文件夹加上写入权限" in said and "腾出" not in said
    assert after == before


def test_anju_restore_of_a_compressed_backup_into_a_read_only_folder_names_the_folder(
    read_only_folder: Path, template_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import main

    made = packed_backup(template_db, tmp_path)
    before = fingerprint(read_only_folder)
    code = main(["restore", str(made), "--db", str(read_only_folder)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"错误：不能在数据库所在的文件夹“{read_only_folder.parent}”里写入"), err
    assert "再运行这条命令" in err and "腾出" not in err
    assert fingerprint(read_only_folder) == before


def test_the_app_says_a_read_only_database_before_the_backup_is_chosen(
    qtbot: QtBot, station_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """设置 → 从备份恢复: said before the worker looks for the backup on the stick and types its passphrase; the
    window stays open on the database as it was."""
    store = Store.open(station_db)
    window = MainWindow(store, Account("zhang", "张站长", "站长"))
    qtbot.addWidget(window)
    window.show()
    window.show_page("settings")
    chosen: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: chosen.append("asked") or ("", ""))
    )
    said: list[str] = []

    def go(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        next(b for b in box.buttons() if "恢复" in b.text()).click()

    def read(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()

    station_db.chmod(0o444)
    try:
        before = fingerprint(station_db)
        with file_permissions_enforced():
            answers = Answers([(QMessageBox, go), (QMessageBox, read)])
            window.pages["settings"].findChild(QPushButton, "restore_backup").click()  # type: ignore[union-attr]
            qtbot.waitUntil(lambda: answers.done, timeout=10_000)
        after = fingerprint(station_db)
    finally:
        station_db.chmod(0o644)
        window.close()
        store.close()
    assert chosen == []  # no file dialog, no passphrase
    assert window.restore_request is None
    assert said[0].startswith(f"没有从备份恢复：数据库文件“{station_db}”是只读的"), said
    assert "腾出" not in said[0]
    assert after == before
