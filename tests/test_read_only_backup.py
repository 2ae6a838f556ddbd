"""`anju backup` of a database on a CD or in a read-only folder: a county clerk given a station's database on a CD,
or a station worker with a read-only copy, gets a sealed (or plain) backup where they asked, and nothing is left
beside the database, nor a plain copy anywhere; refused, with what to do, when changes wait in a -wal beside it.

It failed there: the backup opened the file its own way ("安居需要在数据库旁边写入文件"), and a sealed backup
makes its plain copy beside the database. The read-only states are the kernel's own (`file_permissions_enforced`)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from forms.backup import restore
from forms.sqlite_paths import read_only_uri
from tests.failing_drives import run_on_drives
from tests.test_read_only_media import (  # noqa: F401 - fixtures
    PLACES,
    anju,
    copied_while_open,
    read_only,
    station,
)
from tests.test_unwritable_database import fingerprint

PASSPHRASE = "幸福社区-备份-2026"


def households(db: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(read_only_uri(db, immutable=True), uri=True)
    try:
        return conn.execute("SELECT * FROM households ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.fixture
def own_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This computer's folder for temporary files, watched: a plain copy left there would be found."""
    folder = tmp_path / "临时文件"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize("sealed", [True, False], ids=["加密", "--plain"])
@pytest.mark.parametrize("place", [p for p in PLACES if p != "本机硬盘"])
def test_a_database_nothing_can_write_is_backed_up_where_asked_leaving_nothing(
    place: str,
    sealed: bool,
    station: Path,  # noqa: F811
    tmp_path: Path,
    own_temp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "U盘"
    out.mkdir()
    secret = tmp_path / "口令.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    how = ["--passphrase-file", str(secret)] if sealed else ["--plain"]
    before, records = fingerprint(station), households(station)
    with read_only(station, **PLACES[place]):
        code, said, err = anju(capsys, "backup", "--db", str(station), "--out", str(out), *how)
        assert code == 0, err
        assert said.startswith("备份完成：") and "完整性检查通过" in said, said
        assert fingerprint(station) == before  # not a byte changed, nothing left beside it
    assert list(own_temp.iterdir()) == []  # the plain copy made on the way is gone
    (made,) = out.iterdir()
    assert made.name.endswith(".anju-backup" if sealed else ".sqlite")
    # The backup holds the database: restored into a new file, the households are the station's.
    restored = tmp_path / "还原" / "幸福社区.db"
    restored.parent.mkdir()
    restore(made, restored, PASSPHRASE if sealed else None)
    assert households(restored) == records


def test_changes_waiting_in_a_wal_beside_it_are_refused_before_the_passphrase(
    copied_while_open: Path,  # noqa: F811
    tmp_path: Path,
    own_temp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A backup of the file alone would leave out what was saved last, and look whole: refused, saying to copy the
    database with its -wal, and no passphrase asked (none is given here: asking would read the test's input)."""
    out = tmp_path / "U盘"
    out.mkdir()
    before = fingerprint(copied_while_open)
    with read_only(copied_while_open, folder=True, file=True):
        code, said, err = anju(capsys, "backup", "--db", str(copied_while_open), "--out", str(out))
        assert code == 2 and said == "" and "Traceback" not in err
        assert err.startswith(
            f"错误：数据库“{copied_while_open}”旁边的“幸福社区.db-wal”里还有没写进数据库文件的改动"
        ), err
        assert "用 --db 指向复制的那一份再运行这条命令" in err
        assert fingerprint(copied_while_open) == before
    assert list(out.iterdir()) == [] and list(own_temp.iterdir()) == []


def test_a_full_temporary_folder_is_named_with_what_to_do(station: Path, tmp_path: Path) -> None:  # noqa: F811
    """The plain copy a sealed backup of a CD is made from goes to this computer's folder for temporary files; when
    that drive is full, the clerk was told to look at the stick (请检查U盘是否已满或只读), which had room. Real
    drives: the database on a read-only one, the temporary folder on one too small for the copy."""
    out = tmp_path / "U盘"
    out.mkdir()
    temp = tmp_path / "临时文件"
    temp.mkdir()
    secret = tmp_path / "口令.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "desktop.cli", "backup", "--db", str(station), "--out", str(out)]
    command += ["--passphrase-file", str(secret)]

    def on_a_cd(argv: list[str], temporary_files: Path) -> subprocess.CompletedProcess[str]:
        """``argv`` run with the database on a CD, ``temp`` on a drive too small for the copy, and the folder for
        temporary files ``temporary_files``."""
        return run_on_drives(
            argv, read_only=(station.parent,), small={temp: 64 * 1024}, env={"TMPDIR": str(temporary_files)}
        )

    ran = on_a_cd(command, temp)
    assert ran.returncode == 2 and "Traceback" not in ran.stderr, ran.stderr
    assert ran.stderr.startswith(
        f"错误：备份没有做成：加密前要先在本机的临时文件夹“{temp}”里做一份未加密的副本，但那个磁盘已满。"
        "--out 指定的位置上什么也没有写。"
    ), ran.stderr
    assert f"怎么办：在“{temp}”所在的磁盘上腾出空间" in ran.stderr
    assert "set TMPDIR=" in ran.stderr and "用 --plain 备份成不加密的文件" in ran.stderr
    assert "U盘" not in ran.stderr
    assert list(out.iterdir()) == []
    # As it says: another folder with room for the copy, or --plain, and the backup is made.
    roomy = tmp_path / "D盘临时"
    roomy.mkdir()
    ran = on_a_cd(command, roomy)
    assert ran.returncode == 0 and ran.stdout.startswith("备份完成："), ran.stderr
    assert list(roomy.iterdir()) == []
    plain = [sys.executable, "-m", "desktop.cli", "backup", "--db", str(station), "--out", str(out), "--plain"]
    ran = on_a_cd(plain, temp)
    assert ran.returncode == 0, ran.stderr
    assert len(list(out.iterdir())) == 2
