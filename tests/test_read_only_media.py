"""The commands that only read, on a station's database a county clerk was given on a CD or in a shared folder they
may only read: each reads what is committed in the file, says what it found, and leaves nothing beside it.

They all failed there ("安居需要在数据库旁边写入文件，只是读取也要": SQLite's WAL mode makes a ``-shm`` beside the
database even to read it), and beside a read-only file they left read-only ``-wal`` and ``-shm`` files behind. A
``-wal`` holding changes the file does not (copied while Anju was open) is refused rather than read past.

The read-only states are the kernel's own (chmod, root's override given up: `file_permissions_enforced`)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from desktop.cli import main
from forms.errors import DiskRefused
from forms.schema import HEAD_REVISION, read_revision
from forms.sqlite_paths import read_only_uri
from forms.store import Store, migrate
from forms.users import create_user
from tests.factories import add_site, add_sites_of_one_name
from tests.failing_drives import file_permissions_enforced
from tests.test_unwritable_database import fingerprint

ON = date(2026, 11, 30)


def anju(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    said = capsys.readouterr()
    return code, said.out, said.err


@pytest.fixture
def station(tmp_path: Path, template_db: Path) -> Path:
    """A station's database (six households, an account), alone in the folder it was copied to."""
    path = tmp_path / "光盘 #2" / "幸福社区.db"  # read through a URI: # and the space must stay the path's
    path.parent.mkdir()
    path.write_bytes(template_db.read_bytes())
    with Store.open(path) as store:
        with store.unit_of_work("zhang") as uow:
            add_sites_of_one_name(uow, ON)
        create_user(store, "zhang", "张站长", "站长", "right-password")
    return path


@contextmanager
def read_only(db: Path, *, folder: bool, file: bool) -> Iterator[None]:
    """``db``'s folder (a shared folder the clerk may only read), its files (copied from a CD), or both (a CD)."""
    files = [p for p in db.parent.iterdir()]
    if file:
        for p in files:
            p.chmod(0o444)
    if folder:
        db.parent.chmod(0o555)
    try:
        with file_permissions_enforced():
            if folder:
                with pytest.raises(PermissionError):  # the state is real, for root too
                    (db.parent / "试写").touch()
            if file:
                with pytest.raises(PermissionError):
                    os.close(os.open(db, os.O_RDWR))
            yield
    finally:
        db.parent.chmod(0o755)
        for p in files:
            p.chmod(0o644)


PLACES = {
    "光盘": {"folder": True, "file": True},
    "只读的共享文件夹": {"folder": True, "file": False},
    "只读文件": {"folder": False, "file": True},
    "本机硬盘": {"folder": False, "file": False},  # as before: read as it always was, nothing left either
}


def _first_household(db: Path) -> str:
    conn = sqlite3.connect(read_only_uri(db, immutable=True), uri=True)
    try:
        return str(conn.execute("SELECT id FROM households ORDER BY id LIMIT 1").fetchone()[0])
    finally:
        conn.close()


#: Each reading command, and what it says on this station's database.
READING: dict[str, tuple[Callable[[Path, Path], list[str]], Callable[[str], bool]]] = {
    "check": (
        lambda db, out: ["check", "--db", str(db), "--date", ON.isoformat()],
        lambda said: "已检查 6 户（2026-11-30）" in said,
    ),
    "audit": (
        lambda db, out: ["audit", "--db", str(db)],
        lambda said: said.startswith("审计日志完整：") and "条记录与审计日志一致" in said,
    ),
    "export": (
        lambda db, out: ["export", "members", "--db", str(db), "--out", str(out / "成员.xlsx"), "--date", "2026-11-30"],
        lambda said: said.startswith("已导出“全部安置点 家庭成员信息表”：12 行，写入"),
    ),
    "account-log": (
        lambda db, out: ["account-log", "--db", str(db)],
        lambda said: said.startswith("账户记录共 1 条") and "zhang" in said,
    ),
    "history": (
        lambda db, out: ["history", "--db", str(db), "--household", _first_household(db)],
        lambda said: "共 " in said and "条" in said,
    ),
    "questionnaire export": (
        lambda db, out: ["questionnaire", "export", "--db", str(db), "--out", str(out / "问卷.xlsx")],
        lambda said: said.startswith("问卷 ") and "已导出到" in said,
    ),
}


@pytest.mark.parametrize("place", list(PLACES))
@pytest.mark.parametrize("command", list(READING))
def test_a_reading_command_reads_a_database_it_cannot_write_and_leaves_nothing(
    command: str, place: str, station: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "文档"
    out.mkdir()
    argv, said_right = READING[command]
    arguments = argv(station, out)
    before = fingerprint(station)
    with read_only(station, **PLACES[place]):
        code, said, err = anju(capsys, *arguments)
        assert code == (1 if command == "check" else 0), err  # check: 1, for the errors it found
        assert said_right(said), said
        assert fingerprint(station) == before  # not a byte changed, no -wal or -shm left beside it
    if command in ("export", "questionnaire export"):
        assert len(list(out.iterdir())) == 1


@pytest.fixture
def county(tmp_path: Path, template_db: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "县里" / "会泽县.db"
    path.parent.mkdir()
    path.write_bytes(template_db.read_bytes())
    assert anju(capsys, "county", "init", "--db", str(path), "--name", "会泽县")[0] == 0
    return path


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("stations", "尚未登记工作站。"),
        ("conflicts", "没有待处理的冲突。"),
        ("duplicates", "没有重复人员。"),
        ("review", "没有待审核的住户。"),
    ],
)
def test_the_county_lists_read_a_county_database_on_a_cd(
    command: str, said: str, county: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = fingerprint(county)
    with read_only(county, folder=True, file=True):
        code, out, err = anju(capsys, "county", command, "--db", str(county))
        assert code == 0, err
        assert said in out, out
        assert fingerprint(county) == before


@pytest.fixture
def copied_while_open(station: Path, tmp_path: Path) -> Path:
    """The station's database copied to a CD while Anju had it open: a new 安置点 saved, still in its -wal."""
    cd = tmp_path / "刻的光盘"
    cd.mkdir()
    with Store.open(station) as store:
        with store.unit_of_work("zhang") as uow:
            add_site(uow, "S09", "新建安置点")
        wal = Path(f"{station}-wal")
        assert wal.stat().st_size > 0  # the case this is about: the save is in the -wal, not yet in the file
        for name in (station.name, wal.name):
            shutil.copyfile(station.parent / name, cd / name)
    return cd / station.name


def test_changes_waiting_in_a_wal_beside_a_read_only_database_are_not_read_past(
    copied_while_open: Path, station: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Read without its -wal, the copy would be the station's database before the save: an audit, a check or an
    export that looked sound and left out what was saved last."""
    copy = copied_while_open
    everything = anju(capsys, "audit", "--db", str(station))[1]  # the station's database, the site included
    before = fingerprint(copy)
    with read_only(copy, folder=True, file=True):
        code, out, err = anju(capsys, "audit", "--db", str(copy))
        assert code == 2 and out == "" and "Traceback" not in err
        assert err.startswith(
            f"错误：数据库“{copy}”旁边的“幸福社区.db-wal”里还有没写进数据库文件的改动（复制时安居还开着，或上次没有正常关闭）。"
        ), err
        assert "把“幸福社区.db”和“幸福社区.db-wal”一起复制到本机硬盘上自己的文件夹" in err
        assert "用 --db 指向复制的那一份再运行这条命令" in err
        assert err.index("改动") < err.index("holds changes")  # 中文 first
        assert fingerprint(copy) == before
    # As the message says: both files, copied to a folder of one's own, are read whole.
    mine = tmp_path / "我的文档"
    mine.mkdir()
    for name in ("幸福社区.db", "幸福社区.db-wal"):
        shutil.copyfile(copy.parent / name, mine / name)
    assert anju(capsys, "audit", "--db", str(mine / "幸福社区.db"))[1] == everything


def test_files_left_beside_a_database_by_an_earlier_read_do_not_stop_the_next(
    station: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An older Anju (or another program) read the CD's files on Linux and left an empty -wal and a -shm, read-only,
    beside them: nothing in them the file does not hold, so the database is read as it is."""
    with read_only(station, folder=False, file=True):
        conn = sqlite3.connect(read_only_uri(station), uri=True)  # the plain read-only open: it leaves them
        conn.execute("SELECT count(*) FROM households").fetchone()
        conn.close()
    assert Path(f"{station}-wal").stat().st_size == 0 and Path(f"{station}-shm").is_file()
    before = fingerprint(station)
    with read_only(station, folder=True, file=True):
        code, out, err = anju(capsys, "check", "--db", str(station), "--date", ON.isoformat())
        assert code == 1, err  # the errors it found
        assert "已检查 6 户" in out
        assert fingerprint(station) == before


def test_an_older_database_on_a_cd_is_refused_with_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It must be upgraded to be read, and the upgrade writes: said, with the copy to make."""
    old = tmp_path / "旧光盘" / "旧站.db"
    old.parent.mkdir()
    migrate(old, "0009")  # Anju 0.3.0
    before = fingerprint(old)
    with read_only(old, folder=True, file=True):
        code, out, err = anju(capsys, "check", "--db", str(old))
        assert code == 2 and out == "" and "Traceback" not in err
        assert err.startswith(f"错误：数据库“{old}”是旧版本安居的（数据库版本 0009），要先升级才能读取；它是只读的"), (
            err
        )
        assert "复制到本机硬盘上自己的文件夹" in err and "用 --db 指向复制的那一份" in err
        assert fingerprint(old) == before
    # Where it can be written, a reading command upgrades it as it always has (a copy is kept beside it first).
    assert anju(capsys, "check", "--db", str(old))[0] == 0
    assert read_revision(old) == HEAD_REVISION


def test_a_database_opened_to_read_refuses_a_write(station: Path) -> None:
    """Store.open(read_only=True) is for reading: a write by mistake is refused, on a CD and on the hard disk."""
    with (
        read_only(station, folder=True, file=True),
        Store.open(station, read_only=True) as store,
        pytest.raises(DiskRefused),
    ):
        store.set_setting("试写", 1)
    with Store.open(station, read_only=True) as store:
        with pytest.raises(DiskRefused):
            store.set_setting("试写", 1)
        assert store.get_setting("试写") is None
