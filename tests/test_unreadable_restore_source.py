"""A restore from a backup on a scratched CD (or a failing stick) that cannot be read to its end says the backup
could not be READ, which file, and what to do. An encrypted backup said "无法把加密备份…解开到“笔记本的文件夹”…请检查
这个文件夹能否写入" (the laptop's folder blamed), a plain one "已损坏" (the backup called damaged, when the disc could
not be read). The station's database is as it was, with nothing half-made beside it.

The CD is a real read-only FUSE drive on which every read of one stretch of the backup file fails with EIO
(`tests.failing_drives.run_on_drives`, `tests.fuse_drives`); nothing in the program under test is mocked."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from forms import sealed_backup
from forms.backup import auto_backup, backup
from tests.failing_drives import run_on_drives
from tests.test_read_only_backup import PASSPHRASE
from tests.test_read_only_media import station  # noqa: F401 - fixture
from tests.test_unreadable_backup_source import scratch_mid_way
from tests.test_unwritable_database import fingerprint

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not os.path.exists("/dev/fuse"),
    reason="the failing drives are FUSE drives in a Linux mount namespace",
)

#: What was said before: the laptop's folder blamed, or the backup called damaged.
WRONG = (
    "能否写入",
    "解开到",
    "解压到",
    "已损坏",
    "不是安居",
    "can be written",
    "is damaged",
    "not an Anju",
    "Traceback",
)


def made_on_cd(kind: str, db: Path, cd: Path) -> Path:
    """The station's backup of that kind, on the CD: encrypted (立即备份), plain (--plain), or the day's own backup,
    compressed (copied from beside the database)."""
    if kind == "压缩":
        day = auto_backup(db)
        assert day is not None and day.suffix == ".gz"
        return Path(shutil.move(day, cd / day.name))
    sealed = kind.startswith("加密")
    return backup(db, cd / f"备份{sealed_backup.SUFFIX if sealed else '.sqlite'}", PASSPHRASE if sealed else None).path


@pytest.mark.parametrize("kind", ["加密", "--plain", "压缩", "加密，开头"])
def test_a_backup_on_a_cd_that_cannot_be_read_is_said_as_the_cd(
    kind: str,
    station: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Half-way through: the encrypted backup's chunks, the plain backup's pages, the compressed backup's bytes; or
    at its start, which says what kind of backup it is (it was "不是安居数据库文件", said as a program error)."""
    cd, laptop = tmp_path / "光盘", tmp_path / "笔记本"
    cd.mkdir()
    laptop.mkdir()
    made = made_on_cd(kind, station, cd)
    db = laptop / "幸福社区.db"
    db.write_bytes(station.read_bytes())
    before = fingerprint(db)
    size = made.stat().st_size
    # The plain backup: a page half-way through that opening it does not read; the others: a stretch half-way
    # through (an encrypted backup's header, at its start, reads).
    scratched = scratch_mid_way(made) if kind == "--plain" else range(size // 2, size // 2 + 512)
    if kind.endswith("开头"):
        scratched = range(0, 4096)
    secret = tmp_path / "口令.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    how = ["--passphrase-file", str(secret)] if kind.startswith("加密") else []
    ran = run_on_drives(
        [sys.executable, "-m", "desktop.cli", "restore", str(made), "--db", str(db), *how],
        scratched={made: scratched},
    )
    assert ran.returncode == 2, ran.stderr
    stderr = ran.stderr
    assert stderr.startswith(f"错误：没有恢复：读取备份文件“{made}”时出错（"), stderr
    assert "问题出在备份所在的光盘或U盘上" in stderr and f"数据库“{db}”没有改动" in stderr, stderr
    assert "怎么办：先把备份文件复制到本机硬盘上" in stderr and "从复制的那一份恢复" in stderr, stderr
    assert "如果复制也出错" in stderr and "另一份" in stderr, stderr
    assert f"Error: Nothing was restored: the backup file “{made}” could not be read (" in stderr, stderr
    assert not any(wrong in stderr for wrong in WRONG), stderr
    assert fingerprint(db) == before  # the same bytes; no before-restore copy, no plain copy, no -journal


def test_a_folder_that_fails_under_an_encrypted_restore_is_still_said_as_the_folder(
    station: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The reverse: the backup on a CD that reads whole, the laptop's folder on a disk that gives up (EIO) as the
    backup is opened into it."""
    cd, laptop = tmp_path / "光盘", tmp_path / "笔记本"
    cd.mkdir()
    laptop.mkdir()
    made = backup(station, cd / f"备份{sealed_backup.SUFFIX}", PASSPHRASE).path
    db = laptop / "幸福社区.db"
    db.write_bytes(station.read_bytes())
    before = fingerprint(db)
    secret = tmp_path / "口令.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    ran = run_on_drives(
        [
            sys.executable,
            "-m",
            "desktop.cli",
            "restore",
            str(made),
            "--db",
            str(db),
            "--passphrase-file",
            str(secret),
        ],
        read_only=(cd,),
        failing={laptop: station.stat().st_size // 2},
    )
    assert ran.returncode == 2 and "Traceback" not in ran.stderr, ran.stderr
    assert ran.stderr.startswith(f"错误：无法把加密备份“{made}”解开到“{laptop}”：Input/output error"), ran.stderr
    assert "读取备份文件" not in ran.stderr and "could not be read" not in ran.stderr, ran.stderr
    assert fingerprint(db) == before
