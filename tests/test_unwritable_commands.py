"""The ``anju`` commands that write, on a database that cannot be saved to: each says so before any long work (a
county roster read for a quarter of a minute, a password or passphrase typed), with the file, why and what to do
at a command prompt, exit 2 and no traceback; nothing changes. The commands that only read keep working on a
read-only file.

The read-only states are the kernel's own (chmod, root's override given up: `file_permissions_enforced`)."""

from __future__ import annotations

import io
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import main
from forms.backup import backup
from forms.commandline import command_word
from forms.sqlite_paths import read_only_uri
from forms.unwritable import why_unwritable
from tests.failing_drives import file_permissions_enforced
from tests.test_excel_cli import HEAD, roster
from tests.test_unwritable_database import fingerprint, read_only_file, read_only_folder, station_db

__all__ = ["read_only_file", "read_only_folder", "station_db"]  # fixtures, used by name


def anju(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    said = capsys.readouterr()
    return code, said.out, said.err


@pytest.fixture
def county_roster(tmp_path: Path) -> Path:
    """A roster with a row to report: read, it leaves FILE.errors.xlsx beside itself."""
    return roster(
        tmp_path / "花名册.xlsx",
        ["1", "幸福社区安置点", "张三", HEAD, "户主", "普通劳动力", "13812345678"],
        ["1", "幸福社区安置点", "张小", "5.30326E+17", "之子", "普通劳动力", None],
    )


@pytest.fixture
def backup_file(template_db: Path, tmp_path: Path) -> Path:
    """A backup to restore (or any file a command would read): made of another database, whose folder can be read."""
    return backup(template_db, tmp_path / "备份.sqlite", None).path


WRITING = {
    "import-roster": lambda db, roster, backup: ["import-roster", str(roster), "--db", str(db)],
    # a dry run writes the import and rolls it back: on a read-only file it too failed at the end
    "import-roster --dry-run": lambda db, roster, backup: ["import-roster", str(roster), "--db", str(db), "--dry-run"],
    "reset-password": lambda db, roster, backup: ["reset-password", "zhang", "--db", str(db)],
    "restore": lambda db, roster, backup: ["restore", str(backup), "--db", str(db)],
    "questionnaire reset": lambda db, roster, backup: ["questionnaire", "reset", "--db", str(db)],
    "county init": lambda db, roster, backup: ["county", "init", "--db", str(db), "--name", "会泽县"],
    "enrol --accept": lambda db, roster, backup: ["enrol", "--accept", str(backup), "--db", str(db)],
    "sync import": lambda db, roster, backup: ["sync", "import", str(backup), "--db", str(db)],
}


@pytest.mark.parametrize("command", list(WRITING))
def test_a_writing_command_says_the_file_is_read_only_before_any_work(
    command: str,
    read_only_file: Path,
    county_roster: Path,
    backup_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """import-roster read the whole workbook first, and then said it in the app's words (请关闭安居…) or failed as a
    program error; reset-password and restore asked for a password first."""
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # nothing to type: a command that asked first would stop there
    before = fingerprint(read_only_file)
    code, out, err = anju(capsys, *WRITING[command](read_only_file, county_roster, backup_file))
    assert code == 2, err
    assert out == "" and "Traceback" not in err
    assert err.startswith(
        f"错误：数据库文件“{read_only_file}”是只读的，不能往里保存。这条命令没有运行，什么都没有改动。\n\n"
        f"怎么办：在命令提示符里运行 attrib -r {command_word(f'{read_only_file}*')} 取消只读"
    ), err
    assert "再运行一次这条命令" in err and "用 --db 指向复制的那一份" in err and "关闭安居" not in err
    assert err.index("是只读的") < err.index("is read-only")  # 中文 first
    assert fingerprint(read_only_file) == before  # not a byte changed, nothing left beside it
    assert not county_roster.with_name("花名册.errors.xlsx").exists()  # the workbook was not read


@pytest.mark.parametrize("command", ["import-roster", "county init", "restore"])
def test_a_writing_command_names_a_folder_it_cannot_write_in(
    command: str,
    read_only_folder: Path,
    county_roster: Path,
    backup_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = fingerprint(read_only_folder)
    code, _out, err = anju(capsys, *WRITING[command](read_only_folder, county_roster, backup_file))
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"错误：不能在数据库所在的文件夹“{read_only_folder.parent}”里写入"), err
    assert "用 --db 指向复制的那一份再运行这条命令" in err
    assert fingerprint(read_only_folder) == before


def test_the_commands_that_only_read_work_on_a_read_only_file(
    read_only_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = read_only_file.read_bytes()
    out_file = tmp_path / "成员.xlsx"
    code, out, err = anju(capsys, "export", "members", "--db", str(read_only_file), "--out", str(out_file))
    assert code == 0 and out.startswith("已导出“全部安置点 家庭成员信息表”"), err
    assert out_file.is_file()
    for argv in (["check"], ["audit"], ["account-log"]):
        code, out, err = anju(capsys, *argv, "--db", str(read_only_file))
        assert code == 0, (argv, err)
    assert read_only_file.read_bytes() == before


def test_once_read_only_is_cleared_a_file_left_read_only_beside_it_is_named(
    read_only_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reading the read-only file leaves its -shm read-only too (SQLite gives it the database's permissions): after
    attrib -r on the database, saving still failed, and the message blamed the folder, which can be written. Anju's
    own reading commands leave nothing there now (`tests.test_read_only_media`); an older Anju, or another program
    reading it with SQLite, still does."""
    conn = sqlite3.connect(read_only_uri(read_only_file), uri=True)
    conn.execute("SELECT count(*) FROM households").fetchone()
    conn.close()
    shm = Path(f"{read_only_file}-shm")
    with pytest.raises(PermissionError):  # the case this test is about: left behind, and read-only
        os.close(os.open(shm, os.O_RDWR))
    read_only_file.chmod(0o644)  # 属性 → 取消勾选“只读”, on the database only
    code, _out, err = anju(capsys, "questionnaire", "reset", "--db", str(read_only_file))
    assert code == 2
    named = f"“{read_only_file.name}-wal”、“{read_only_file.name}-shm”"
    assert err.startswith(f"错误：数据库“{read_only_file}”旁边的{named}是只读的，不能往里保存。"), err
    assert (
        f"attrib -r {command_word(f'{read_only_file}*')}" in err
    )  # the database and both files at once: one command, not two runs
    assert "文件夹" not in err.split("\n")[0]  # the folder can be written: it is not blamed


@pytest.fixture
def write_protected_stick(tmp_path: Path) -> Iterator[Path]:
    stick = tmp_path / "U盘"
    stick.mkdir()
    stick.chmod(0o555)
    with file_permissions_enforced():
        yield stick
    stick.chmod(0o755)


def test_demo_into_a_folder_that_cannot_be_written_says_so(
    write_protected_stick: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = write_protected_stick / "演示.db"
    code, _out, err = anju(capsys, "demo", "--households", "5", "--db", str(db))
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"错误：不能在“{write_protected_stick}”里写入数据库“演示.db”：这个文件夹是只读的"), err
    assert "写保护开关" in err and "再运行一次这条命令" in err
    assert list(write_protected_stick.iterdir()) == []


def test_a_backup_to_a_write_protected_stick_is_refused_before_the_passphrase(
    station_db: Path, write_protected_stick: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The passphrase was asked twice, the database copied, and then the stick refused the file."""
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # an empty passphrase: refused as too short, had it been asked
    code, _out, err = anju(capsys, "backup", "--db", str(station_db), "--out", str(write_protected_stick))
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"错误：不能在“{write_protected_stick}”里写入备份：这个文件夹是只读的"), err
    assert list(write_protected_stick.iterdir()) == []


def test_a_nearly_full_disk_is_said_for_the_command_prompt(station_db: Path) -> None:
    free = os.statvfs(station_db.parent).f_bavail * os.statvfs(station_db.parent).f_frsize
    full = why_unwritable(station_db, room_needed=free + 1, command=True)  # as if what a save needs were not there
    assert full is not None
    assert full.zh.startswith(f"数据库“{station_db}”所在的磁盘快满了")
    assert full.zh.endswith("删除不需要的文件、清空回收站，腾出空间后再运行一次这条命令。")
    desktop = why_unwritable(station_db, room_needed=free + 1)
    assert desktop is not None and desktop.zh.endswith("删除不需要的文件、清空回收站，腾出空间。")  # the app's own
