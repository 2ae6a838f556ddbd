"""Encrypted backups: a lost stick yields nothing, the station (or, for an enrolled station, the county) opens it,
and a wrong passphrase or a damaged file changes nothing."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

import desktop.county  # noqa: F401 - first: desktop.page_parts and the county pages import each other
from forms import sealed_backup
from forms.backup import backup, open_sealed_backup, restore
from forms.errors import StoreError
from forms.idnumber import make_ric
from forms.records import Member
from forms.sealed_backup import DamagedBackup, WrongBackupPassphrase
from forms.store import Store
from sync.identity import load_identity
from tests.test_backup import dump
from tests.test_sync_support import World, add_household

pytest_plugins = ["tests.test_sync_support"]

PASSPHRASE = "者海镇-备份-2026"
ID_NUMBER = make_ric("530326", date(1980, 5, 17), 123)
PHONE = "13988776655"


def station_with_a_family(world: World) -> Path:
    """Station A with one household whose 户主 has an ID number, a phone and a health record; closed."""
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), members=1)
        member = uow.session.query(Member).filter_by(household_id=household.id).one()
        member.id_number, member.phone, member.health = ID_NUMBER, PHONE, "长期慢性病"
    world.close()
    return world.root / "a.db"


def nothing_plain_left(*folders: Path) -> bool:
    return not [p for folder in folders for p in folder.iterdir() if "partial" in p.name]


def test_backup_to_a_stick_is_encrypted_and_restores_with_its_passphrase(world: World) -> None:
    db = station_with_a_family(world)
    original = dump(db)
    result = backup(db, world.stick, PASSPHRASE)  # `--out E:\`
    assert result.encrypted and result.county_can_open
    assert result.path.parent == world.stick and result.path.suffix == ".anju-backup"
    data = result.path.read_bytes()
    for secret in (ID_NUMBER, PHONE, "长期慢性病", "SQLite format"):
        assert secret.encode() not in data, secret
    assert nothing_plain_left(world.stick, world.root)

    with Store.open(db, create=False) as store, store.unit_of_work("zhang") as uow:
        uow.session.query(Member).filter_by(id_number=ID_NUMBER).one().phone = "13000000000"
    assert dump(db) != original
    restored = restore(result.path, db, PASSPHRASE)
    assert dump(db) == original and restored.kept is not None
    assert nothing_plain_left(world.root)


def test_a_wrong_passphrase_is_refused_and_nothing_changes(world: World) -> None:
    db = station_with_a_family(world)
    made = backup(db, world.stick, PASSPHRASE).path
    before = dump(db)
    with pytest.raises(WrongBackupPassphrase) as refused:
        restore(made, db, "者海镇-备份-2025")
    assert refused.value.zh.startswith("口令不对")
    assert dump(db) == before and not list(world.root.glob("*before-restore*"))
    assert nothing_plain_left(world.root)


@pytest.mark.parametrize(
    "damage",
    ["cut in the header", "cut mid-chunk", "last chunk dropped", "bit flipped", "extra bytes"],
)
def test_a_truncated_or_altered_backup_is_refused_and_nothing_changes(
    world: World, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    db = station_with_a_family(world)
    monkeypatch.setattr(sealed_backup, "CHUNK", 4096)  # many chunks, so one can go missing whole
    made = backup(db, world.stick, PASSPHRASE).path
    data = bytearray(made.read_bytes())
    header = sealed_backup.read_backup_header(made)
    last_record = len(data) - (len(dump_last_chunk(data, header.size)) + 5)
    damaged = {
        "cut in the header": data[: header.size - 10],
        "cut mid-chunk": data[: header.size + 5000],
        "last chunk dropped": data[:last_record],
        "bit flipped": data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 0x04]) + data[len(data) // 2 + 1 :],
        "extra bytes": data + b"\0" * 16,
    }[damage]
    made.write_bytes(bytes(damaged))
    before = dump(db)
    with pytest.raises(DamagedBackup) as refused:
        restore(made, db, PASSPHRASE)
    assert "已损坏" in refused.value.zh and "没有恢复" in refused.value.zh
    assert dump(db) == before and not list(world.root.glob("*before-restore*"))
    assert nothing_plain_left(world.root)


def dump_last_chunk(data: bytearray, start: int) -> bytes:
    """The ciphertext of the last chunk record (flag 1) of a sealed backup."""
    pos = start
    while True:
        flag, length = data[pos], int.from_bytes(data[pos + 1 : pos + 5], "big")
        if flag == 1:
            return bytes(data[pos + 5 : pos + 5 + length])
        pos += 5 + length


def test_the_county_opens_a_stations_backup_with_its_key(world: World, tmp_path: Path) -> None:
    """The 站长 forgot the passphrase: the county clerk opens the backup, the station restores the copy."""
    county_db = world.root / "county.db"
    with world.county.engine.connect() as conn:
        county_key = load_identity(conn)
    assert county_key is not None
    db = station_with_a_family(world)
    original = dump(db)
    made = backup(db, world.stick, PASSPHRASE).path

    opened = open_sealed_backup(made, tmp_path / "opened.sqlite", county_enc_private=county_key.enc_private)
    assert dump(opened.path) == original
    db.unlink()  # the laptop died: a new one, with no database yet
    restore(opened.path, db)
    assert dump(db) == original

    # From the command line, encrypted again under a new passphrase for the trip back on a stick.
    new = tmp_path / "new-passphrase.txt"
    new.write_text("县里给的新口令2026\n", encoding="utf-8")
    ran = anju(
        "county",
        "open-backup",
        str(made),
        "--db",
        str(county_db),
        "--out",
        str(tmp_path),
        "--passphrase-file",
        str(new),
    )
    assert ran.returncode == 0, ran.stderr
    reopened = next(tmp_path.glob("*-reopened.anju-backup"))
    assert ID_NUMBER.encode() not in reopened.read_bytes()
    db.unlink()
    restore(reopened, db, "县里给的新口令2026")
    assert dump(db) == original


def test_another_stations_encrypted_backup_is_refused_before_any_passphrase(world: World) -> None:
    theirs = backup(world.root / "b.db", world.stick, "娜姑镇的口令12345").path
    world.close()
    before = dump(world.root / "a.db")
    with pytest.raises(StoreError) as refused:
        restore(theirs, world.root / "a.db")  # no passphrase asked: it is refused for whose it is
    assert "娜姑镇工作站" in refused.value.zh and "没有恢复" in refused.value.zh
    assert dump(world.root / "a.db") == before


def test_an_unenrolled_stations_backup_has_only_its_passphrase(store: Store, tmp_path: Path, world: World) -> None:
    store.close()
    made = backup(store.path, tmp_path, PASSPHRASE)
    assert made.encrypted and not made.county_can_open
    with world.county.engine.connect() as conn:
        county_key = load_identity(conn)
    assert county_key is not None
    with pytest.raises(StoreError, match="不是为本县加密"):
        open_sealed_backup(made.path, tmp_path / "x.sqlite", county_enc_private=county_key.enc_private)
    assert not (tmp_path / "x.sqlite").exists()


def test_a_passphrase_too_short_or_typed_differently_is_refused() -> None:
    with pytest.raises(StoreError, match="至少要 8 个字符"):
        sealed_backup.check_new_passphrase("short", "short")
    with pytest.raises(StoreError, match="两次输入"):
        sealed_backup.check_new_passphrase("者海镇-备份-2026", "者海镇-备份-2025")
    strengths = [sealed_backup.passphrase_strength(p) for p in ("abc", "aaaaaaaa", "abcdefgh", "Zhehai-Backup-2026")]
    assert strengths == [0, 1, 1, 3]


def anju(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True, input=stdin, encoding="utf-8"
    )


def test_command_line_backup_and_restore_with_a_passphrase_file(world: World, tmp_path: Path) -> None:
    db = station_with_a_family(world)
    original = dump(db)
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    made = anju("backup", "--db", str(db), "--out", str(world.stick), "--passphrase-file", str(secret))
    assert made.returncode == 0, made.stderr
    assert "已加密" in made.stdout and "县里" in made.stdout
    backup_file = next(world.stick.glob("*.anju-backup"))

    wrong = anju("restore", str(backup_file), "--db", str(db), stdin="wrong-passphrase\n")
    assert wrong.returncode == 2 and "口令不对" in wrong.stderr
    with Store.open(db, create=False) as store, store.unit_of_work("zhang") as uow:
        uow.session.query(Member).filter_by(id_number=ID_NUMBER).one().phone = "13000000000"
    restored = anju("restore", str(backup_file), "--db", str(db), "--passphrase-file", str(secret))
    assert restored.returncode == 0, restored.stderr
    assert dump(db) == original


def test_the_passphrase_dialog_shows_strength_and_refuses_a_mismatch(qtbot: QtBot) -> None:
    from desktop.settings_page import BackupPassphraseDialog

    dialog = BackupPassphraseDialog(county_can_open=False)
    qtbot.addWidget(dialog)
    assert "无法恢复" in dialog.fallback.text()  # an unenrolled station has only its passphrase
    assert dialog.strength.text() == "至少8个字符"  # nothing typed yet is not "too short": what is asked
    qtbot.keyClicks(dialog.passphrase, "abc")
    assert dialog.strength.text() == "太短"
    qtbot.keyClicks(dialog.passphrase, "-Zhehai-2026")
    assert dialog.strength.text() == "强"
    qtbot.keyClicks(dialog.again, "abc-Zhehai-2025")
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
    assert "不一致" in dialog.message.text() and dialog.result() != QDialog.DialogCode.Accepted


def test_backup_now_writes_an_encrypted_backup_to_the_chosen_place(
    qtbot: QtBot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.settings_page import BackupPassphraseDialog, SettingsPage
    from desktop.tasks import TaskRunner
    from forms.users import Account

    db = station_with_a_family(world)
    original = dump(db)
    target = world.stick / "者海镇.anju-backup"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(target), ""))
    seen: list[str] = []
    typed = "Zhehai-Backup-2026"  # QTest types no Chinese; an IME would

    def type_the_passphrase() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, BackupPassphraseDialog) and w.isVisible()]
        if not shown:  # not up yet
            QTimer.singleShot(20, type_the_passphrase)
            return
        dialog = shown[0]
        seen.append(dialog.findChild(QLabel, "backup_fallback").text())
        qtbot.keyClicks(dialog.findChild(QLineEdit, "backup_passphrase"), typed)
        again = dialog.findChild(QLineEdit, "backup_passphrase_again")
        qtbot.keyClicks(again, typed)
        qtbot.keyClick(again, Qt.Key.Key_Return)

    with Store.open(db, create=False) as store:
        page = SettingsPage(store, TaskRunner(), Account("zhang", "张站长", "站长"))
        qtbot.addWidget(page)
        QTimer.singleShot(0, type_the_passphrase)
        page.backup_now()
        qtbot.waitUntil(lambda: "加密备份完成" in page.backup_message.text(), timeout=20_000)
        page.runner.wait()
    assert "县里" in seen[0] and "县里" in page.backup_message.text()
    assert ID_NUMBER.encode() not in target.read_bytes()
    restore(target, db, typed)
    assert dump(db) == original
