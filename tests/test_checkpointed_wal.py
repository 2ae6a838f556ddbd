"""A ``-wal`` beside a database on a CD or in a read-only folder whose changes the file already holds: SQLite
leaves the log as it is after copying it into the file (a checkpoint), so a copy made with Anju open, or on a
system that keeps the file, often has one. Such a database is read, as SQLite itself would read it with the log;
a log with anything the file does not hold, or one that cannot be read for sure, is still refused.

Every such database was refused ("旁边的“….db-wal”里还有没写进数据库文件的改动"), the clerk sent to copy files for
nothing. The logs are SQLite's own, written and checkpointed by it; what SQLite reads of a log is asked of SQLite
itself, on a copy of both files it may write (`read_with_its_wal`)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from forms.errors import StoreError
from forms.read_only_open import read_immutable
from forms.sqlite_paths import read_only_uri
from forms.store import Store
from tests.factories import add_site
from tests.test_read_only_media import anju, read_only, station  # noqa: F401 - fixtures
from tests.test_unwritable_database import fingerprint

Rows = list[tuple[object, ...]]


def on_a_cd(db: Path, cd: Path) -> Path:
    """``db`` and its ``-wal`` copied, as they are, to the folder ``cd``; the copy of ``db``."""
    cd.mkdir()
    for name in (db.name, f"{db.name}-wal"):
        shutil.copyfile(db.parent / name, cd / name)
    return cd / db.name


def read_with_its_wal(db: Path, scratch: Path) -> Rows:
    """What SQLite reads of ``db`` with its ``-wal``: both copied to a folder it may write, and opened as SQLite
    opens any database (it reads the log as it finds it)."""
    mine = on_a_cd(db, scratch)
    conn = sqlite3.connect(mine)
    try:
        return conn.execute("SELECT id, v FROM t ORDER BY id").fetchall()
    finally:
        conn.close()


def read_file_alone(db: Path) -> Rows:
    conn = sqlite3.connect(read_only_uri(db, immutable=True), uri=True)
    try:
        return conn.execute("SELECT id, v FROM t ORDER BY id").fetchall()
    finally:
        conn.close()


def refused(db: Path) -> bool:
    """Whether a reading command refuses ``db`` on a CD (`read_immutable`, as each asks), saying to copy its -wal."""
    with read_only(db, folder=True, file=True):
        try:
            assert read_immutable(db)
        except StoreError as exc:
            assert f"旁边的“{db.name}-wal”里还有没写进数据库文件的改动" in str(exc)
            return True
    return False


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, Path]]:
    """A database in WAL mode and a connection writing it, open while the test copies it (as Anju at the station):
    SQLite removes the -wal when the last connection closes. It checkpoints only when the test says."""
    db = tmp_path / "工作站" / "站点.db"
    db.parent.mkdir()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    for n in range(20):  # some hundreds of frames, a page of the table in many of them
        with conn:
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO t (v) VALUES (?)", [(f"第{n}批{i}" * 200,) for i in range(10)])
    yield conn, db
    conn.close()


def checkpoint(conn: sqlite3.Connection, mode: str) -> None:
    busy, in_log, copied = conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
    assert busy == 0 and in_log == copied > 0  # every frame copied into the file, the log left as it was


def salts(db: Path) -> bytes:
    return Path(f"{db}-wal").read_bytes()[16:24]


@pytest.mark.parametrize("mode", ["PASSIVE", "FULL"])
def test_a_wal_the_file_already_holds_is_read_past(
    mode: str, writer: tuple[sqlite3.Connection, Path], tmp_path: Path
) -> None:
    conn, db = writer
    checkpoint(conn, mode)
    cd = on_a_cd(db, tmp_path / "光盘")
    assert Path(f"{cd}-wal").stat().st_size > 100 * 4096  # every frame still there (some hundreds), committed
    assert read_with_its_wal(cd, tmp_path / "复制") == read_file_alone(cd)
    assert not refused(cd)


def test_a_wal_with_changes_the_file_does_not_hold_is_refused(
    writer: tuple[sqlite3.Connection, Path], tmp_path: Path
) -> None:
    conn, db = writer
    checkpoint(conn, "PASSIVE")
    conn.execute("UPDATE t SET v = '改过' WHERE id = 1")  # after the checkpoint: in the log only
    cd = on_a_cd(db, tmp_path / "光盘")
    assert read_with_its_wal(cd, tmp_path / "复制") != read_file_alone(cd)
    assert refused(cd)


@pytest.mark.parametrize("checkpointed", [True, False], ids=["又做了检查点", "新写的没有检查点"])
def test_frames_of_an_older_log_behind_a_new_one_count_only_as_sqlite_reads_them(
    checkpointed: bool, writer: tuple[sqlite3.Connection, Path], tmp_path: Path
) -> None:
    """After a checkpoint the next save starts the log again at its beginning, under new salts; the frames of the
    older log behind it stay in the file (holding pages as they were then, row 1 before it was changed). SQLite
    reads none of them: only what the new log adds counts."""
    conn, db = writer
    checkpoint(conn, "PASSIVE")
    old_salts, old_size = salts(db), Path(f"{db}-wal").stat().st_size
    conn.execute("UPDATE t SET v = '改过' WHERE id = 1")
    assert salts(db) != old_salts and Path(f"{db}-wal").stat().st_size == old_size  # a new log, the old behind it
    if checkpointed:
        checkpoint(conn, "PASSIVE")
    cd = on_a_cd(db, tmp_path / "光盘")
    with_wal = read_with_its_wal(cd, tmp_path / "复制")
    assert with_wal[0] == (1, "改过")
    assert (with_wal == read_file_alone(cd)) is checkpointed
    assert refused(cd) is not checkpointed


def test_a_commit_that_fails_its_checksum_is_not_read_nor_taken_for_the_file(
    writer: tuple[sqlite3.Connection, Path], tmp_path: Path
) -> None:
    """Row 1 changed twice, both checkpointed: the file holds the second. The second's commit frame damaged on the
    way (its checksum fails): SQLite stops before it and reads the first, which the file does not hold. Taking the
    frames without their checksums, the file would look up to date."""
    conn, db = writer
    conn.execute("UPDATE t SET v = '第一次改' WHERE id = 1")
    conn.execute("UPDATE t SET v = '第二次改' WHERE id = 1")
    checkpoint(conn, "PASSIVE")
    cd = on_a_cd(db, tmp_path / "光盘")
    wal = Path(f"{cd}-wal")
    log = bytearray(wal.read_bytes())
    page_size = int.from_bytes(log[8:12], "big")
    last_frame = len(log) - (24 + page_size)
    log[last_frame + 20] ^= 0xFF  # the second half of its checksum
    wal.write_bytes(bytes(log))
    assert read_file_alone(cd)[0] == (1, "第二次改")
    assert read_with_its_wal(cd, tmp_path / "复制")[0] == (1, "第一次改")
    assert refused(cd)


def test_a_wal_that_cannot_be_read_for_sure_is_refused(writer: tuple[sqlite3.Connection, Path], tmp_path: Path) -> None:
    """A header that fails its checksum (damaged: which log it was cannot be told), or a -wal this account may not
    read: refused as before, though the file may hold all of it."""
    conn, db = writer
    checkpoint(conn, "PASSIVE")
    damaged = on_a_cd(db, tmp_path / "光盘")
    wal = Path(f"{damaged}-wal")
    log = bytearray(wal.read_bytes())
    log[24] ^= 0x01
    wal.write_bytes(bytes(log))
    assert refused(damaged)

    unreadable = on_a_cd(db, tmp_path / "另一张光盘")
    with read_only(unreadable, folder=True, file=True), pytest.raises(StoreError) as refusal:
        Path(f"{unreadable}-wal").chmod(0o000)
        read_immutable(unreadable)
    assert "旁边的“站点.db-wal”里还有没写进数据库文件的改动" in str(refusal.value)


def test_a_station_copied_after_a_checkpoint_is_read_whole(
    station: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The station's database copied to a CD with Anju open, just after SQLite copied the last save into the file:
    the clerk's audit reads it, the save included, and nothing is left beside it."""
    with Store.open(station) as store:
        with store.unit_of_work("zhang") as uow:
            add_site(uow, "S09", "新建安置点")
        conn = sqlite3.connect(station, isolation_level=None)
        try:
            checkpoint(conn, "PASSIVE")
            cd = on_a_cd(station, tmp_path / "刻的光盘")
        finally:
            conn.close()
    assert Path(f"{cd}-wal").stat().st_size > 0
    everything = anju(capsys, "audit", "--db", str(station))[1]
    before = fingerprint(cd)
    with read_only(cd, folder=True, file=True):
        code, out, err = anju(capsys, "audit", "--db", str(cd))
        assert code == 0, err
        assert out == everything
        assert fingerprint(cd) == before
