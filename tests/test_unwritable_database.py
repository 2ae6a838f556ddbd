"""A station database that cannot be saved to: copied from a CD (read-only), in a folder the user may not write,
on a nearly full disk. The app says so before the login instead of after ten minutes of typing; the file is left
exactly as it was. The commands that write: tests/test_unwritable_commands.py.

The read-only state is the kernel's own (chmod, with root's override given up: `file_permissions_enforced`), so
SQLite meets what it meets on a worker's laptop, whoever runs the tests."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.app import run
from forms.records import Site
from forms.store import Store
from forms.unwritable import why_unwritable
from forms.users import create_user
from tests.failing_drives import file_permissions_enforced
from tests.test_missing_database import answer_each, click


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's bytes, and what lies beside it: unchanged, nothing half-written or left over."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


@pytest.fixture
def laptop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[None]:
    """This computer's settings and data folder, under ``tmp_path``."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "本机数据"))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "设置"))
    yield
    QSettings().remove("last_database")
    usual = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, usual)


@pytest.fixture
def station_db(tmp_path: Path, template_db: Path) -> Path:
    """A station's database with a site and an account, copied into a folder of its own (光盘 copy, stick)."""
    path = tmp_path / "从光盘复制" / "幸福社区.db"
    path.parent.mkdir()
    path.write_bytes(template_db.read_bytes())
    with Store.open(path) as store:
        with store.unit_of_work("zhang") as uow:
            uow.add(Site(code="S01", name="幸福社区安置点"))
        create_user(store, "zhang", "张站长", "站长", "right-password")
    return path


@pytest.fixture
def read_only_file(station_db: Path) -> Iterator[Path]:
    station_db.chmod(0o444)
    with file_permissions_enforced():
        with pytest.raises(PermissionError):  # the state is real, for root too: the kernel refuses a write
            os.close(os.open(station_db, os.O_RDWR))
        yield station_db
    station_db.chmod(0o644)


@pytest.fixture
def read_only_folder(station_db: Path) -> Iterator[Path]:
    station_db.parent.chmod(0o555)
    with file_permissions_enforced():
        with pytest.raises(PermissionError):
            (station_db.parent / "试写").touch()
        yield station_db
    station_db.parent.chmod(0o755)


def test_a_read_only_database_is_refused_before_the_login_with_what_to_do(laptop: None, read_only_file: Path) -> None:
    """It opened as usual: the worker logged in, typed a household, and only 保存 said the file was read-only."""
    before = fingerprint(read_only_file)
    shown = answer_each(click("quit"))
    assert run(read_only_file) == 2
    assert len(shown) == 1, shown  # the warning only: no login, no window
    said = shown[0]
    assert said.startswith(f"数据库文件“{read_only_file}”是只读的，安居不能往里保存。已保存的数据都没有改动。")
    assert "取消勾选“只读”" in said and "写保护开关" in said and "复制到本机硬盘" in said
    assert said.index("是只读的") < said.index("is read-only")  # 中文 first
    assert fingerprint(read_only_file) == before  # not a byte changed, no -wal or -shm left beside it
    assert QSettings().value("last_database") is None


def test_retry_once_read_only_is_cleared_opens_it(laptop: None, read_only_file: Path) -> None:
    def still_read_only_then_cleared(dialog: QWidget) -> None:
        read_only_file.chmod(0o644)  # 属性 → 取消勾选“只读”
        click("retry")(dialog)

    def cancel_login(dialog: QWidget) -> None:
        dialog.close()

    shown = answer_each(click("retry"), still_read_only_then_cleared, cancel_login)
    assert run(read_only_file) == 0
    assert shown[1].startswith(f"仍然不能保存到“{read_only_file}”。")
    assert shown[2] == "登录 — 安居"  # put right: the database opens as usual


def test_a_folder_that_cannot_be_written_is_named(laptop: None, read_only_folder: Path) -> None:
    """SQLite writes NAME-wal and NAME-shm beside the database: in a read-only folder nothing can be saved."""
    before = fingerprint(read_only_folder)
    shown = answer_each(click("quit"))
    assert run(read_only_folder) == 2
    assert len(shown) == 1 and shown[0].startswith(f"不能在数据库所在的文件夹“{read_only_folder.parent}”里写入")
    assert "“幸福社区.db-wal”和“幸福社区.db-shm”" in shown[0]
    assert fingerprint(read_only_folder) == before


def test_a_nearly_full_disk_is_said_and_a_writable_database_passes(station_db: Path) -> None:
    assert why_unwritable(station_db) is None
    assert why_unwritable(station_db.with_name("没有这个文件.db")) is None  # opening it says it is missing
    free = os.statvfs(station_db.parent).f_bavail * os.statvfs(station_db.parent).f_frsize
    full = why_unwritable(station_db, room_needed=free + 1)  # this disk, as if what a save needs were not there
    assert full is not None and full.zh.startswith(f"数据库“{station_db}”所在的磁盘快满了")
    assert "清空回收站" in full.zh
