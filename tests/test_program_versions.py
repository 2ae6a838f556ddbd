"""A database or a backup that a newer Anju made or upgraded, met by an older one (a laptop whose upgrade was rolled
back, a backup restored on a laptop not yet upgraded): refused untouched, naming the version to install."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from forms import sealed_backup
from forms.backup import backup, check_sealed_backup, restore
from forms.errors import StoreError
from forms.schema import HEAD_REVISION, KNOWN_REVISIONS, program_version
from forms.store import Store
from forms.version import APP_VERSION, SCHEMA_OF_RELEASE


def made_by_a_later_anju(path: Path) -> None:
    """``path`` as Anju 0.9.0 leaves it: a schema revision this program does not know, and its version recorded."""
    raw = sqlite3.connect(path)
    raw.execute("UPDATE alembic_version SET version_num = '0099'")
    raw.execute("PRAGMA user_version = 9000")
    raw.commit()
    raw.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_each_schema_change_comes_with_a_version_of_its_own() -> None:
    """Messages tell users which version to install: a migration left under the old version number would send them
    for the installer they already have."""
    assert SCHEMA_OF_RELEASE.get(APP_VERSION) == HEAD_REVISION, (
        "A new schema revision needs a new APP_VERSION (forms/version.py) and its line in SCHEMA_OF_RELEASE."
    )
    assert SCHEMA_OF_RELEASE["0.1.0"] == "0007"  # released: never rewritten
    releases = sorted(SCHEMA_OF_RELEASE.items(), key=lambda kv: tuple(int(p) for p in kv[0].split(".")))
    revisions = [KNOWN_REVISIONS.index(revision) for _version, revision in releases]
    assert revisions == sorted(set(revisions)), "each release brings a later schema than the one before"


def test_a_database_records_the_version_that_made_it(tmp_path: Path) -> None:
    Store.open(tmp_path / "station.db").close()
    assert program_version(tmp_path / "station.db") == APP_VERSION


def test_a_database_a_later_anju_upgraded_names_the_version_to_install(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    Store.open(db).close()
    made_by_a_later_anju(db)
    before = digest(db)
    with pytest.raises(StoreError) as refused:
        Store.open(db)
    zh, en = refused.value.zh, refused.value.en
    assert "由安居 0.9.0 建立或升级过" in zh and "请把本机的安居升级到 0.9.0 或更新的版本后再打开" in zh
    assert "没有损坏" in zh and "不要改用旁边的升级前副本" in zh
    assert "upgrade Anju on this computer to 0.9.0 or later" in en
    assert digest(db) == before and not list(tmp_path.glob("*.pre-upgrade-*"))


def test_a_backup_a_later_anju_made_is_not_restored_and_names_the_version(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    Store.open(db).close()
    plain = backup(db, tmp_path / "plain.sqlite").path
    made_by_a_later_anju(plain)
    before = digest(db)
    with pytest.raises(StoreError) as refused:
        restore(plain, db)
    assert "由安居 0.9.0 做成" in refused.value.zh and "没有恢复" in refused.value.zh
    assert "升级到 0.9.0 或更新的版本，再恢复这个备份" in refused.value.zh
    assert digest(db) == before


def test_an_encrypted_backup_a_later_anju_made_names_the_version_before_any_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "station.db"
    Store.open(db).close()
    plain = backup(db, tmp_path / "plain.sqlite").path
    sealed = tmp_path / "station-backup.anju-backup"
    monkeypatch.setattr(sealed_backup, "APP_VERSION", "0.9.0")
    with sealed.open("wb") as out:  # as Anju 0.9.0 seals its database at schema 0099
        sealed_backup.seal_file(plain, out, "者海镇-备份-2026", revision="0099", whose=None, made_at="2027-03-01")
    monkeypatch.undo()
    with pytest.raises(StoreError) as refused:
        check_sealed_backup(sealed, db)
    assert "由安居 0.9.0 做成" in refused.value.zh and "没有恢复" in refused.value.zh


def test_an_encrypted_backup_in_a_later_format_is_not_called_damaged(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    Store.open(db).close()
    sealed = backup(db, tmp_path, "者海镇-备份-2026").path
    data = bytearray(sealed.read_bytes())
    data[len(sealed_backup.MAGIC)] = sealed_backup.FORMAT + 1  # as a later Anju may write it
    sealed.write_bytes(bytes(data))
    with pytest.raises(StoreError) as refused:
        check_sealed_backup(sealed, db)
    assert not isinstance(refused.value, sealed_backup.DamagedBackup)
    assert "更新版本的安居" in refused.value.zh and "升级" in refused.value.zh and "没有恢复" in refused.value.zh
