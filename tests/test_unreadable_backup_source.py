"""A backup of a database on a scratched CD (or a failing stick or disk) that cannot be read to its end says the
database could not be READ, which file, and what to do; it said "无法写入备份…请检查U盘是否已满或只读", and the
clerk looked at a stick with room to spare. Nothing half-written is left where the backup goes, nor a plain copy in
the folder for temporary files, and the database is as it was. The reverse holds too: a stick that is full, or
fails, is still said as the place that could not be written.

The drives are real (`tests.failing_drives.run_on_drives`): the CD is a read-only FUSE drive on which the kernel
answers every read of one stretch of the database file with EIO, as for a sector the drive cannot read
(`tests.fuse_drives`); the app's disk with a bad stretch the same on a drive that can be written; the failing stick
a FUSE drive whose writes fail with EIO once it has taken so many bytes; the full stick a small tmpfs. Nothing in
the program under test is mocked."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from forms.sqlite_paths import read_only_uri
from tests.failing_drives import run_on_drives
from tests.test_read_only_backup import PASSPHRASE
from tests.test_read_only_media import station  # noqa: F401 - fixture
from tests.test_unwritable_database import fingerprint

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not os.path.exists("/dev/fuse"),
    reason="the failing drives are FUSE drives in a Linux mount namespace",
)

WRITE_BLAMED = ("无法写入备份", "U盘是否已满", "Cannot write backup")


def pages_read_to_open(db: Path) -> set[int]:
    """The pages SQLite reads to open ``db`` and find its revision: its tables' list and alembic_version."""
    conn = sqlite3.connect(read_only_uri(db, immutable=True), uri=True)
    try:
        return {
            int(row[0])
            for row in conn.execute(
                "SELECT pageno FROM dbstat WHERE name IN ('sqlite_schema', 'sqlite_master', 'alembic_version')"
            )
        }
    finally:
        conn.close()


def page(db: Path, number: int) -> range:
    """The bytes of page ``number`` (from 1) of ``db``."""
    size = int.from_bytes(db.read_bytes()[16:18], "big")  # the page size, in the file's header
    return range((number - 1) * size, number * size)


def scratch_mid_way(db: Path) -> range:
    """A page half-way through ``db`` that opening it does not read: the copy fails there, half written."""
    pages = len(db.read_bytes()) // len(page(db, 1))
    needed = pages_read_to_open(db)
    return page(db, next(n for n in range(pages // 2, pages) if n not in needed))


def anju_backup(db: Path, out: Path, secret: Path | None) -> list[str]:
    how = ["--passphrase-file", str(secret)] if secret is not None else ["--plain"]
    return [sys.executable, "-m", "desktop.cli", "backup", "--db", str(db), "--out", str(out), *how]


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The stick the backup goes to, this computer's folder for temporary files, and the passphrase's file."""
    out, temp = tmp_path / "U盘", tmp_path / "临时文件"
    out.mkdir()
    temp.mkdir()
    secret = tmp_path / "口令.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return out, temp, secret


def assert_said_unreadable(stderr: str, db: Path, where: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert stderr.startswith(f"错误：备份没有做成：读取要备份的数据库“{db}”时出错（"), stderr
    assert f"问题出在数据库所在的光盘、U盘或磁盘上，不是备份位置的问题；{where}，原数据库没有改动。" in stderr
    assert "怎么办：先把数据库文件复制到本机硬盘上自己的文件夹" in stderr and "--db" in stderr
    assert "请检查光盘" in stderr
    assert f"Error: The backup was not made: the database to back up, “{db}”, could not be read (" in stderr
    assert not any(blame in stderr for blame in WRITE_BLAMED), stderr


@pytest.mark.parametrize("sealed", [True, False], ids=["加密", "--plain"])
def test_a_cd_that_cannot_be_read_half_way_is_said_as_the_cd_not_the_stick(
    sealed: bool,
    station: Path,  # noqa: F811
    places: tuple[Path, Path, Path],
) -> None:
    """The sealed backup's plain copy (in the folder for temporary files) and the --plain backup (on the stick
    itself, under a temporary name) both stop half-way: neither is left."""
    out, temp, secret = places
    before = fingerprint(station)
    ran = run_on_drives(
        anju_backup(station, out, secret if sealed else None),
        scratched={station: scratch_mid_way(station)},
        env={"TMPDIR": str(temp)},
    )
    assert ran.returncode == 2, ran.stderr
    assert_said_unreadable(ran.stderr, station, f"备份位置“{out}”上没有留下文件")
    assert list(out.iterdir()) == [] and list(temp.iterdir()) == []
    assert fingerprint(station) == before


@pytest.mark.parametrize("where", ["第一页", "数据表目录"])
def test_a_cd_whose_start_cannot_be_read_is_said_as_the_cd_before_any_passphrase(
    where: str,
    station: Path,  # noqa: F811
    places: tuple[Path, Path, Path],
) -> None:
    """Its first page (read on opening the file: it was a program error, 程序出错了) or the list of its tables (it
    was 文件可能已损坏，请从备份恢复, over a sound database on a scratched disc): refused before the passphrase is
    asked (none is given: asking would read the test's input)."""
    out, temp, _ = places
    scratched = page(station, 1 if where == "第一页" else max(pages_read_to_open(station) - {1}))
    command = [sys.executable, "-m", "desktop.cli", "backup", "--db", str(station), "--out", str(out)]
    ran = run_on_drives(command, scratched={station: scratched}, env={"TMPDIR": str(temp)})
    assert ran.returncode == 2, ran.stderr
    assert_said_unreadable(ran.stderr, station, "什么也没有写")
    assert "请从备份恢复" not in ran.stderr and "程序出错" not in ran.stderr
    assert list(out.iterdir()) == [] and list(temp.iterdir()) == []


#: Run inside the namespace: what the app does with its own database (read as usual, not as a file nothing can
#: change): 立即备份 (sealed, its plain copy beside the database), the day's backup (beside it too), the copy kept
#: before an upgrade, and a plain backup; what each said, as JSON.
_IN_THE_APP = """
import json, sys
from pathlib import Path
from forms.backup import auto_backup, backup, copy_before_upgrade
from forms.errors import StoreError

db, out, passphrase = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
said = {}
for name, run in (
    ("sealed", lambda: backup(db, out, passphrase)),
    ("daily", lambda: auto_backup(db)),
    ("upgrade", lambda: copy_before_upgrade(db, "0001")),
    ("plain", lambda: backup(db, out)),
):
    try:
        run()
        said[name] = "made"
    except StoreError as exc:
        said[name] = exc.zh
print(json.dumps(said, ensure_ascii=False))
"""


def test_the_apps_own_database_on_a_disk_with_a_bad_stretch_is_said_as_that_disk(
    station: Path,  # noqa: F811
    places: tuple[Path, Path, Path],
) -> None:
    """The app backs up its own database as usual (not as a file nothing can change), with the plain copy of 立即备份
    and the day's backup made beside it, on the same disk: a disk that can be written, with a bad stretch in the
    database file. The copy kept before an upgrade said 写不进去 and 请腾出 N MB there."""
    out, _, _ = places
    data = station.read_bytes()
    scratched = scratch_mid_way(station)
    ran = run_on_drives(
        [sys.executable, "-c", _IN_THE_APP, str(station), str(out), PASSPHRASE], worn={station: scratched}
    )
    assert ran.returncode == 0, ran.stderr
    said = json.loads(ran.stdout)
    unreadable = f"备份没有做成：读取要备份的数据库“{station}”时出错（disk I/O error）"
    assert said["sealed"].startswith(unreadable) and said["plain"].startswith(unreadable), said
    assert said["daily"].startswith(unreadable), said
    assert said["upgrade"].startswith("本版本安居升级前要先把数据库另存一份"), said
    assert f"但读取数据库“{station}”时出错（disk I/O error）" in said["upgrade"]
    assert "数据库没有改动，也没有升级" in said["upgrade"] and "腾出" not in said["upgrade"]
    assert not any(blame in text for text in said.values() for blame in WRITE_BLAMED), said
    assert list(out.iterdir()) == []
    # Beside the database: the day's backups' folder, empty; no plain copy, no upgrade copy. (Its -wal and -shm are
    # SQLite's, left by a read-only connection on any disk, and open in the app anyway.)
    beside = {p.name for p in station.parent.iterdir()} - {"幸福社区.db-wal", "幸福社区.db-shm"}
    assert sorted(beside) == ["幸福社区.backups", "幸福社区.db"]
    assert list((station.parent / "幸福社区.backups").iterdir()) == []
    assert station.read_bytes() == data


@pytest.mark.parametrize("sealed", [True, False], ids=["加密", "--plain"])
def test_a_full_stick_is_still_said_as_the_stick(
    sealed: bool,
    station: Path,  # noqa: F811
    places: tuple[Path, Path, Path],
) -> None:
    """The reverse: a database on a CD that reads whole, the stick too small for its backup."""
    out, temp, secret = places
    ran = run_on_drives(
        anju_backup(station, out, secret if sealed else None),
        read_only=(station.parent,),
        small={out: station.stat().st_size // 2},
        env={"TMPDIR": str(temp)},
    )
    assert ran.returncode == 2 and "Traceback" not in ran.stderr, ran.stderr
    assert ran.stderr.startswith(f"错误：无法写入备份“{out}{os.sep}"), ran.stderr
    assert "磁盘空间已满" in ran.stderr and "读取" not in ran.stderr
    assert list(out.iterdir()) == [] and list(temp.iterdir()) == []


#: Run inside the namespace: a backup to each stick given (each gives up after its own number of bytes); what each
#: said, as JSON.
_TO_EACH_STICK = """
import json, sys
from pathlib import Path
from forms.backup import backup
from forms.errors import StoreError

db, said = Path(sys.argv[1]), {}
for stick in sys.argv[2:]:
    try:
        said[stick] = "made: " + backup(db, Path(stick)).path.name
    except StoreError as exc:
        said[stick] = exc.zh
print(json.dumps(said, ensure_ascii=False))
"""


def test_a_stick_that_fails_wherever_it_gives_up_is_still_said_as_the_stick_and_keeps_nothing(
    station: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The reverse, for a stick that fails (EIO, not full): from half-way through the copy to after its last write.
    Given up while the copy was folded out of WAL mode (its last write), it was "备份…校验失败…原数据库可能已损坏"
    (the database called damaged), with the copy's journal left on the stick."""
    size = station.stat().st_size
    sticks = {tmp_path / f"U盘{limit}": limit for limit in [size // 2, *range(size, size + 16 * 1024, 2048)]}
    for stick in sticks:
        stick.mkdir()
    ran = run_on_drives([sys.executable, "-c", _TO_EACH_STICK, str(station), *map(str, sticks)], failing=sticks)
    assert ran.returncode == 0, ran.stderr
    said = json.loads(ran.stdout)
    failed = [stick for stick in sticks if not said[str(stick)].startswith("made: ")]
    for stick in failed:
        assert said[str(stick)].startswith(f"无法写入备份“{stick}{os.sep}"), said[str(stick)]
        assert "读取" not in said[str(stick)] and "损坏" not in said[str(stick)], said[str(stick)]
        assert list(stick.iterdir()) == [], stick
    assert len(failed) > 2 and failed != list(sticks)  # given up mid-way and at the end; with room enough, made
    for stick in sticks.keys() - set(failed):
        assert [p.name for p in stick.iterdir()] == [said[str(stick)].removeprefix("made: ")]


def test_a_stick_that_fails_under_a_sealed_backup_is_still_said_as_the_stick(
    station: Path,  # noqa: F811
    places: tuple[Path, Path, Path],
) -> None:
    out, temp, secret = places
    ran = run_on_drives(
        anju_backup(station, out, secret),
        read_only=(station.parent,),
        failing={out: station.stat().st_size // 2},
        env={"TMPDIR": str(temp)},
    )
    assert ran.returncode == 2 and "Traceback" not in ran.stderr, ran.stderr
    assert ran.stderr.startswith(f"错误：无法写入备份“{out}{os.sep}"), ran.stderr
    assert "Input/output error" in ran.stderr and "读取" not in ran.stderr
    assert list(out.iterdir()) == [] and list(temp.iterdir()) == []
