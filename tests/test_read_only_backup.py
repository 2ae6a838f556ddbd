"""`anju backup` of a database on a CD or in a read-only folder: a county clerk given a station's database on a CD,
or a station worker with a read-only copy, gets a sealed (or plain) backup where they asked, and nothing is left
beside the database, nor a plain copy anywhere; refused, with what to do, when changes wait in a -wal beside it.

It failed there: the backup opened the file its own way ("安居需要在数据库旁边写入文件"), and a sealed backup
makes its plain copy beside the database. The read-only states are the kernel's own (`file_permissions_enforced`)."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest

from forms.backup import restore
from forms.sqlite_paths import read_only_uri
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
