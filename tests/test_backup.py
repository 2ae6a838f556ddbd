"""Backups and restores: checked copies, nothing lost when the input is bad, a week of automatic backups."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from forms.backup import auto_backup, auto_backup_dir, backup, integrity_problems, restore
from forms.errors import StoreError
from forms.records import Site
from forms.store import Store
from tests.factories import add_household, add_member, add_site
from tests.failing_drives import run_on_drives
from tests.test_sync_support import World

pytest_plugins = ["tests.test_sync_support"]


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted: equal dumps mean identical content."""
    raw = sqlite3.connect(path)
    tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    content = {t: sorted(raw.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    raw.close()
    return content


def fill(store: Store, households: int = 20) -> None:
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        for n in range(households):
            household = add_household(uow, site, building=str(n % 5 + 1), room=f"{n + 101}")
            add_member(uow, household, name=f"张{n}", relation="户主")


def test_backup_and_restore_round_trip_identical_content(store: Store, tmp_path: Path) -> None:
    fill(store)
    original = dump(store.path)
    out = tmp_path / "usb" / "station-backup.sqlite"
    out.parent.mkdir()
    result = backup(store.path, out)
    assert result.path == out and result.size > 0 and integrity_problems(out) == []
    assert dump(out) == original
    assert not list(out.parent.glob("*.partial"))

    # Work goes on after the backup; restoring brings back exactly the backed-up state.
    with store.unit_of_work("zhang") as uow:
        add_site(uow, code="S02", name="后加的安置点")
    store.close()
    assert dump(store.path) != original
    restore(out, store.path)
    assert dump(store.path) == original
    with Store.open(store.path) as reopened:
        assert reopened.verify_journal().ok


def test_restore_keeps_the_replaced_database_beside_it(store: Store, tmp_path: Path) -> None:
    fill(store, 3)
    out = tmp_path / "b.sqlite"
    backup(store.path, out)
    with store.unit_of_work("zhang") as uow:
        add_site(uow, code="S02", name="恢复前的新数据")
    before_restore = dump(store.path)
    store.close()
    result = restore(out, store.path)
    kept = list(store.path.parent.glob("station.before-restore-*.sqlite"))
    assert len(kept) == 1 and dump(kept[0]) == before_restore
    assert result.kept == kept[0]  # `anju restore` names it


def test_a_damaged_backup_is_refused_and_the_database_is_untouched(store: Store, tmp_path: Path) -> None:
    fill(store, 50)
    out = tmp_path / "b.sqlite"
    backup(store.path, out)
    data = bytearray(out.read_bytes())
    for offset in range(4096 * 2, len(data), 4096):  # scribble over every page after the schema page
        data[offset + 100 : offset + 140] = b"\xff" * 40
    out.write_bytes(bytes(data))
    before = dump(store.path)
    with pytest.raises(StoreError, match="损坏"):
        restore(out, store.path)
    assert dump(store.path) == before


def test_backup_of_something_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database", encoding="utf-8")
    with pytest.raises(StoreError, match="不是安居数据库"):
        backup(text, tmp_path / "out.sqlite")
    with pytest.raises(StoreError, match="找不到"):
        backup(tmp_path / "missing.db", tmp_path / "out.sqlite")


def test_backup_to_a_missing_drive_says_so(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="不存在"):
        backup(store.path, tmp_path / "E-drive-not-inserted" / "b.sqlite")
    with pytest.raises(StoreError, match="不能与数据库是同一个文件"):
        backup(store.path, store.path)


def test_restoring_a_database_onto_itself_says_so_at_once(store: Store, tmp_path: Path) -> None:
    """`anju restore station.db --db station.db` waited 15 s, then said another program was using the database,
    and kept a copy of it beside it each time."""
    fill(store, 2)
    store.close()
    before = dump(store.path)
    started = time.monotonic()
    with pytest.raises(StoreError, match="就是要恢复到的数据库") as raised:
        restore(tmp_path / "." / store.path.name, store.path)
    assert time.monotonic() - started < 5 and "没有恢复" in raised.value.zh
    assert dump(store.path) == before and not list(tmp_path.glob("*before-restore*"))


def test_restoring_a_newer_programs_backup_is_refused(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "b.sqlite"
    backup(store.path, out)
    raw = sqlite3.connect(out)
    raw.execute("UPDATE alembic_version SET version_num = '0099'")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="更新版本"):
        restore(out, store.path)


def test_backup_is_consistent_while_a_writer_holds_a_transaction(store: Store, tmp_path: Path) -> None:
    fill(store, 5)
    committed = dump(store.path)
    with store.unit_of_work("zhang") as uow:
        add_site(uow, code="S03", name="未提交")
        uow.flush()
        backup(store.path, tmp_path / "mid.sqlite")
    assert dump(tmp_path / "mid.sqlite") == committed


def test_restore_while_another_program_writes_says_so_instead_of_waiting_forever(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`anju restore` while the app (or a command) holds the write lock: it hung with no word; now it waits as
    long as a save would, then refuses, the database as it was."""
    fill(store, 3)
    copy = backup(store.path, tmp_path / "copy.sqlite").path
    with store.unit_of_work("zhang") as uow:
        add_site(uow, code="S09", name="备份之后")
    before = dump(store.path)
    monkeypatch.setattr("forms.backup.BUSY_WAIT_SECONDS", 0.2)
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            restore(copy, store.path)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(10)
    finished_while_locked = not worker.is_alive()
    holder.execute("ROLLBACK")
    holder.close()
    worker.join(30)
    assert finished_while_locked, "restore waited for as long as the other program held the lock"
    assert isinstance(outcome[0], StoreError) and "正被另一个程序使用" in outcome[0].zh and "没有恢复" in outcome[0].zh
    assert dump(store.path) == before
    # nor a copy "kept" of a database that was not replaced: the same data twice, under a name saying it was
    assert list(store.path.parent.glob("*.before-restore-*")) == []


def test_auto_backup_keeps_one_a_day_for_seven_days(store: Store) -> None:
    fill(store, 2)
    start = date(2026, 11, 1)
    for day in range(10):
        assert auto_backup(store.path, today=start + timedelta(days=day)) is not None
    assert auto_backup(store.path, today=start + timedelta(days=9)) is None  # already made today
    kept = sorted(p.name for p in auto_backup_dir(store.path).iterdir())
    assert kept == [f"station-{(start + timedelta(days=d)).isoformat()}.sqlite.gz" for d in range(3, 10)]


def test_the_days_backup_finishes_while_work_is_saved_between_its_steps(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The app copies the day's backup step by step beside the worker's saves. SQLite starts such a copy again
    whenever another connection writes between two steps: under steady editing it never finished. It finishes,
    whole and checked, is what the database was when it began, and the saves made meanwhile stay in the database."""
    import forms.backup as backups
    from desktop.cli import main

    fill(store, 40)
    monkeypatch.setattr(backups, "BACKUP_STEP_PAGES", 2)
    pages = sqlite3.connect(store.path).execute("PRAGMA page_count").fetchone()[0]
    before = dump(store.path)
    saved: list[str] = []

    def save_between_steps() -> None:
        assert len(saved) < 3 * pages, "the copy keeps starting again"
        with store.unit_of_work("zhang") as uow:
            saved.append(add_site(uow, code=f"E{len(saved):03}", name=f"边备份边录入{len(saved)}").code)

    made = auto_backup(store.path, between_steps=save_between_steps)
    assert made is not None and made.name.endswith(".sqlite.gz") and len(saved) > 3
    kept = {code for (code,) in sqlite3.connect(store.path).execute("SELECT code FROM sites")}
    assert set(saved) <= kept  # nothing typed during the backup is lost
    restored = tmp_path / "restored.db"
    restore(made, restored)
    assert dump(restored) == before  # the database as it was when the copy began, whole
    assert main(["audit", "--db", str(restored)]) == 0
    assert "哈希链校验通过" in capsys.readouterr().out


def test_auto_backup_keeps_the_last_seven_after_a_holiday_or_a_clock_jump(store: Store) -> None:
    fill(store, 2)
    start = date(2026, 11, 1)
    for day in range(7):
        auto_backup(store.path, today=start + timedelta(days=day))
    before = sorted(p.name for p in auto_backup_dir(store.path).iterdir())
    # Back after three weeks (or the clock battery went flat and the date jumped): the week before is still there.
    back = start + timedelta(days=28)
    assert auto_backup(store.path, today=back) is not None
    kept = sorted(p.name for p in auto_backup_dir(store.path).iterdir())
    assert kept == [*before[1:], f"station-{back.isoformat()}.sqlite.gz"]


def test_the_day_s_backup_is_kept_when_the_clock_went_back_to_2009(store: Store) -> None:
    """A flat clock battery: the day's backup is named 2009-01-01, the oldest name of all. It holds the newest work,
    so the oldest real day goes instead of it (it was deleted as soon as it was made)."""
    fill(store, 2)
    start = date(2026, 11, 1)
    for day in range(7):
        auto_backup(store.path, today=start + timedelta(days=day))
    made = auto_backup(store.path, today=date(2009, 1, 1))
    assert made is not None and made.exists()
    kept = sorted(p.name for p in auto_backup_dir(store.path).iterdir())
    assert kept == [
        "station-2009-01-01.sqlite.gz",
        *(f"station-{(start + timedelta(days=d)).isoformat()}.sqlite.gz" for d in range(1, 7)),
    ]


def test_a_daily_backup_cut_short_is_not_kept_for_ever_beside_the_real_ones(store: Store) -> None:
    """The app killed (a power cut) during the day's backup left its half copy (``….partial`` and a -journal): the
    households' ID numbers, which no later backup removed, since the rotation counts only backups."""
    fill(store, 2)
    start = date(2026, 11, 1)
    auto_backup(store.path, today=start)
    folder = auto_backup_dir(store.path)
    cut = folder / f"station-{(start + timedelta(days=1)).isoformat()}.sqlite.4242-140245.partial"  # PID-THREAD
    cut.write_bytes(store.path.read_bytes()[:4096])
    Path(f"{cut}-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7")  # a hot journal's magic
    assert auto_backup(store.path, today=start + timedelta(days=2)) is not None  # the next day the app is open
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [f"station-{(start + timedelta(days=d)).isoformat()}.sqlite.gz" for d in (0, 2)]


def test_backup_to_a_folder_puts_a_named_file_inside_it(store: Store, tmp_path: Path) -> None:
    fill(store, 2)
    usb = tmp_path / "usb"
    usb.mkdir()
    result = backup(store.path, usb)  # `anju backup --out E:\` as for `anju sync export`
    assert result.path.parent == usb and result.path.name.startswith("station-backup-")
    assert dump(result.path) == dump(store.path)


@pytest.mark.skipif(sys.platform == "win32", reason="limits the size of files a process may write (POSIX)")
def test_backup_to_a_full_drive_says_so_and_leaves_no_partial_file(store: Store, tmp_path: Path) -> None:
    fill(store, 300)
    store.close()
    usb = tmp_path / "usb"
    usb.mkdir()

    def small_drive() -> None:  # the child may write files of up to 40 kB and a bit: then the drive is "full"
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (40_100, 40_100))

    out = usb / "station-backup.sqlite"
    command = [sys.executable, "-m", "desktop.cli", "backup", "--db", str(store.path), "--out", str(out), "--plain"]
    ran = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", preexec_fn=small_drive)
    assert ran.returncode == 2, ran.stderr
    assert "Traceback" not in ran.stderr
    assert f"无法写入备份“{out}”" in ran.stderr and "U盘是否已满" in ran.stderr
    assert list(usb.iterdir()) == []


def test_a_sealed_backup_on_a_full_laptop_disk_names_that_disk_not_the_stick(template_db: Path, tmp_path: Path) -> None:
    """An encrypted backup is made from a plain copy beside the database (on the laptop's disk), then sealed onto
    the stick: when the laptop's disk is full, the worker was told to look at the stick, which had room. Real
    drives: the database's folder on one with room for the database but not for a copy of it."""
    db = tmp_path / "文档" / "station.db"
    db.parent.mkdir()
    shutil.copyfile(template_db, db)
    with Store.open(db) as store:
        fill(store, 300)
    usb = tmp_path / "usb"
    usb.mkdir()
    secret = tmp_path / "口令.txt"
    secret.write_text("幸福社区-备份-2026\n", encoding="utf-8")
    command = [sys.executable, "-m", "desktop.cli", "backup", "--db", str(db), "--out", str(usb)]
    ran = run_on_drives([*command, "--passphrase-file", str(secret)], small={db.parent: db.stat().st_size + 128 * 1024})
    assert ran.returncode == 2 and "Traceback" not in ran.stderr, ran.stderr
    assert ran.stderr.startswith(
        f"错误：备份没有做成：加密前要先在数据库所在的文件夹“{db.parent}”里做一份未加密的副本，但那个磁盘已满。"
        f"备份位置“{usb}”上什么也没有写。"
    ), ran.stderr
    assert "怎么办：在那个磁盘上腾出空间" in ran.stderr and "U盘" not in ran.stderr
    assert list(usb.iterdir()) == []


def test_restore_replaces_a_damaged_database_and_keeps_it_as_it_was(store: Store, tmp_path: Path) -> None:
    fill(store, 100)
    out = tmp_path / "b.sqlite"
    backup(store.path, out)
    original = dump(out)
    store.close()
    # The laptop lost power while copying: the database is cut short. Opening it says "restore a backup".
    with store.path.open("r+b") as damaged:
        damaged.truncate(store.path.stat().st_size // 2)
    cut = store.path.read_bytes()
    with pytest.raises(StoreError, match="anju restore"):
        Store.open(store.path)

    result = restore(out, store.path)
    assert dump(store.path) == original and integrity_problems(store.path) == []
    assert result.kept is not None and result.kept.read_bytes() == cut  # kept byte for byte, for support
    with Store.open(store.path) as reopened:
        assert reopened.verify_journal().ok


def test_restore_over_a_file_that_is_not_an_anju_database_is_refused(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "b.sqlite"
    backup(store.path, out)
    roster = tmp_path / "花名册.xlsx"
    roster.write_bytes(b"PK\x03\x04 a workbook")
    with pytest.raises(StoreError, match="不是安居数据库，没有恢复") as raised:
        restore(out, roster)
    assert str(roster) in raised.value.zh
    assert roster.read_bytes() == b"PK\x03\x04 a workbook"
    assert not list(tmp_path.glob("*before-restore*"))


KILLED_WHILE_KEEPING = """
import os, signal, sys
from pathlib import Path
from forms import backup

def half_then_killed(source, target):  # the power goes half-way through keeping the current database
    data = Path(source).read_bytes()
    Path(target).write_bytes(data[: len(data) // 2])
    os.kill(os.getpid(), signal.SIGKILL)

backup._copy = half_then_killed
backup.restore(Path(sys.argv[1]), Path(sys.argv[2]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="kills itself with SIGKILL (POSIX)")
def test_a_restore_killed_while_keeping_the_database_leaves_no_half_copy_under_the_kept_name(
    store: Store, tmp_path: Path
) -> None:
    """A half-written NAME.before-restore-TIME.sqlite looked like the database the restore keeps: the one a person
    goes back to when the restore turns out to be the wrong one."""
    fill(store, 3)
    out = tmp_path / "b.sqlite"
    backup(store.path, out)
    with store.unit_of_work("zhang") as uow:  # saved after the backup: the restore would replace it
        add_site(uow, code="S02", name="后加的安置点")
    store.close()
    current = dump(store.path)

    ran = subprocess.run([sys.executable, "-c", KILLED_WHILE_KEEPING, str(out), str(store.path)], check=False)
    assert ran.returncode == -9
    assert not list(tmp_path.glob("*before-restore*.sqlite"))
    assert dump(store.path) == current  # killed before the restore itself: nothing changed

    result = restore(out, store.path)  # and it simply runs again
    assert result.kept is not None and dump(result.kept) == current


def test_two_windows_making_the_days_backup_at_once_both_succeed(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two windows open on one database made the day's backup under one temporary name: each removed or renamed
    the other's half-written copy, and both said "无法写入备份…：disk I/O error。请检查U盘是否已满或只读"."""
    import threading

    from forms import backup as backups

    fill(store, 50)
    both_copied = threading.Barrier(2, timeout=10)
    copy = backups._copy

    def copy_at_the_same_moment(
        source: Path, target: Path, between_steps: Callable[[], None] | None = None, **how: bool
    ) -> None:
        try:
            copy(source, target, between_steps, **how)
        finally:
            both_copied.wait()

    monkeypatch.setattr(backups, "_copy", copy_at_the_same_moment)
    today = date(2026, 11, 30)
    outcomes: list[object] = []

    def window() -> None:
        try:
            outcomes.append(auto_backup(store.path, today=today))
        except StoreError as exc:
            outcomes.append(exc)

    windows = [threading.Thread(target=window) for _ in range(2)]
    for thread in windows:
        thread.start()
    for thread in windows:
        thread.join()
    assert len(outcomes) == 2 and not [o for o in outcomes if isinstance(o, StoreError)], outcomes
    made = auto_backup_dir(store.path) / "station-2026-11-30.sqlite.gz"
    assert [p.name for p in auto_backup_dir(store.path).iterdir()] == [made.name]
    plain = tmp_path / "unpacked.sqlite"
    with gzip.open(made) as packed:
        plain.write_bytes(packed.read())
    assert integrity_problems(plain) == [] and dump(plain) == dump(store.path)


def later_work(store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        [site] = uow.session.scalars(select(Site))
        add_household(uow, site, building="9", room="901")


def test_a_years_daily_backups_are_compressed_and_each_restores(store: Store, tmp_path: Path) -> None:
    """A station's database grows for years, and seven plain daily copies of it took most of a gigabyte of the
    laptop's small disk: they are kept compressed, and each still restores as it is, in the app or with `anju
    restore`. The plain backups an older version made are compressed too, and go in turn."""
    fill(store, 200)
    folder = auto_backup_dir(store.path)
    folder.mkdir()
    older_version = folder / "station-2026-10-31.sqlite"
    plain_size = backup(store.path, older_version).size
    before = dump(store.path)
    made = auto_backup(store.path, today=date(2026, 11, 1))
    assert made == folder / "station-2026-11-01.sqlite.gz"
    assert sorted(p.name for p in folder.iterdir()) == ["station-2026-10-31.sqlite.gz", made.name]  # none plain
    assert made.stat().st_size < plain_size / 2

    later_work(store)  # after the backup: the restore takes it back
    store.close()  # a restore waits for every window on the database to close
    kept = restore(made, store.path).kept
    assert dump(store.path) == before
    assert kept is not None and kept.exists()

    for day in range(2, 8):
        auto_backup(store.path, today=date(2026, 11, day))
    assert sorted(p.name for p in folder.iterdir()) == [f"station-2026-11-{d:02d}.sqlite.gz" for d in range(1, 8)]


def test_a_compressed_backup_cut_short_is_refused_and_nothing_changes(store: Store, tmp_path: Path) -> None:
    fill(store, 50)
    made = auto_backup(store.path, today=date(2026, 11, 1))
    assert made is not None
    cut = tmp_path / "station-2026-11-01.sqlite.gz"
    cut.write_bytes(made.read_bytes()[: made.stat().st_size // 2])  # copied to a stick pulled out too soon
    later_work(store)
    store.close()
    before = dump(store.path)
    with pytest.raises(StoreError, match="已损坏"):
        restore(cut, store.path)
    assert dump(store.path) == before
    assert sorted(p.name for p in store.path.parent.iterdir() if "restore" in p.name) == []


APP_OPEN = """
import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from desktop.app import application, show
from desktop.main_window import MainWindow
from desktop.store_loading import StoreLoading
from forms.accounts import Account
from forms.backup import auto_backup_dir
from forms.store import Store

app = application()
store = Store.open(Path(sys.argv[1]))
window = MainWindow(store, Account("zhanzhang", "张站长", "站长"))


def ready() -> None:  # the day's backup made, as on every start: the app is open and idle
    if [*auto_backup_dir(store.path).glob("*.sqlite"), *auto_backup_dir(store.path).glob("*.sqlite.gz")]:
        print("ready", flush=True)
    else:
        QTimer.singleShot(50, ready)


QTimer.singleShot(50, ready)
QTimer.singleShot(60_000, lambda: app.exit(3))  # never left open by a test that failed
sys.exit(show(app, window, StoreLoading.done(store, window.runner), selftest=False))
"""


def anju_restore(backup_file: Path, db: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "desktop.cli", "restore", str(backup_file), "--db", str(db), "--json"]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_a_restore_while_the_app_is_open_on_the_database_is_refused_and_a_crashed_app_blocks_none(
    store: Store, tmp_path: Path
) -> None:
    """`anju restore` while the app was open on the database went ahead: the window went on showing the old data,
    and what the worker typed next into a household the backup did not have was dropped. On Linux and macOS the
    app's day's backup had also let go of the locks that show it has the database open."""
    fill(store, 3)
    copy = backup(store.path, tmp_path / "yesterday.sqlite").path
    with store.unit_of_work("zhang") as uow:
        add_site(uow, code="S02", name="今天录入的")
    store.close()
    today = dump(store.path)

    app = subprocess.Popen(
        [sys.executable, "-c", APP_OPEN, str(store.path)], stdout=subprocess.PIPE, text=True, encoding="utf-8"
    )
    try:
        assert app.stdout is not None and app.stdout.readline().strip() == "ready"
        refused = anju_restore(copy, store.path)
        assert refused.returncode == 2
        said = json.loads(refused.stdout)
        assert said["ok"] is False and "正被另一个程序使用" in said["error"] and "没有恢复" in said["error"]
        assert f"“安居 Anju … — {store.path.name}”的安居窗口" in said["error"] and "请先关闭" in said["error"]
        assert refused.stderr.startswith("错误：数据库") and "Close every Anju window" in refused.stderr
        assert dump(store.path) == today and not list(tmp_path.glob("*before-restore*"))
    finally:
        app.kill()  # the app crashes (or the laptop is switched off): nothing it left may block the restore
        app.wait()
    restored = anju_restore(copy, store.path)
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["kept"] and dump(store.path) == dump(copy)


DAMAGE_PAGES = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
(root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'members'").fetchone()
(size,) = conn.execute("PRAGMA page_size").fetchone()
conn.close()
with open(sys.argv[1], "r+b") as f:  # a bad sector, say, under the members table
    f.seek((root - 1) * size)
    f.write(b"\\xff" * 64)
"""


def test_a_damaged_database_still_open_in_the_app_is_not_replaced_under_it(store: Store, tmp_path: Path) -> None:
    """A damaged database is restored by putting a new file in its place: the app still open on it went on saving,
    with no error, into the old file that no longer had a name, and all of it was lost when it closed."""
    fill(store, 200)
    copy = backup(store.path, tmp_path / "yesterday.sqlite").path
    with store.unit_of_work("zhang") as uow:
        add_site(uow, code="S02", name="恢复之前")
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the pages to damage are in the file itself
    subprocess.run([sys.executable, "-c", DAMAGE_PAGES, str(store.path)], check=True)
    assert integrity_problems(store.path)

    with pytest.raises(StoreError, match="正被另一个程序使用") as raised:
        restore(copy, store.path)
    assert "没有恢复" in raised.value.zh and not list(tmp_path.glob("*before-restore*"))
    with store.unit_of_work("zhang") as uow:  # the worker goes on typing
        add_site(uow, code="S03", name="恢复之后录入的")
    store.close()
    raw = sqlite3.connect(store.path)
    assert raw.execute("SELECT code FROM sites WHERE code IN ('S02', 'S03') ORDER BY code").fetchall() == [
        ("S02",),
        ("S03",),
    ]
    raw.close()
    assert restore(copy, store.path).kept is not None  # closed: the restore goes ahead


READ_AND_CLOSE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
print(",".join(code for (code,) in conn.execute("SELECT code FROM sites ORDER BY code")))
conn.close()
"""


def test_another_program_closing_leaves_the_apps_saves_where_it_can_read_them_after_the_apps_backup(
    store: Store, tmp_path: Path
) -> None:
    """The app's own backup closed a plain file handle on its open database, which on Linux and macOS let go of
    every lock its connections held: the next command that closed its connection took itself for the last, and
    deleted the app's -wal. The app then saved into a file no other program could see."""
    fill(store, 2)
    backup(store.path, tmp_path / "today.sqlite")  # what the app does every day, and at 立即备份
    other = [sys.executable, "-c", READ_AND_CLOSE, str(store.path)]
    assert subprocess.run(other, capture_output=True, text=True, check=True).stdout.strip() == "S01"
    assert Path(f"{store.path}-wal").exists()
    with store.unit_of_work("zhang") as uow:
        add_site(uow, code="S02", name="备份之后录入的")
    assert subprocess.run(other, capture_output=True, text=True, check=True).stdout.strip() == "S01,S02"


def test_another_stations_backup_is_not_restored_over_this_station(world: World, tmp_path: Path) -> None:
    """Restoring station B's backup over station A's database made A's laptop claim to be station B: both then
    synced as one station. A new laptop's database, not yet enrolled, takes it (the station moved computers)."""
    theirs = backup(world.b.path, tmp_path / "b-backup.sqlite").path
    world.close()
    before = dump(world.root / "a.db")
    with pytest.raises(StoreError, match="没有恢复") as raised:
        restore(theirs, world.root / "a.db")
    assert "工作站“娜姑镇工作站”" in raised.value.zh and "工作站“者海镇工作站”" in raised.value.zh
    assert raised.value.zh.index("娜姑镇") < raised.value.zh.index("者海镇") and "--db" in raised.value.zh
    assert dump(world.root / "a.db") == before and not list(world.root.glob("*before-restore*"))

    own = backup(world.root / "a.db", tmp_path / "a-backup.sqlite").path
    assert restore(own, world.root / "a.db").kept is not None  # its own backup: restored
    new_laptop = tmp_path / "new-laptop.db"
    Store.open(new_laptop).close()
    restore(theirs, new_laptop)
    assert dump(new_laptop)["sync_identity"] == dump(theirs)["sync_identity"]


CRASH_AFTER_SAVING = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("UPDATE sites SET name = '停电前最后保存的'")
conn.commit()
os._exit(0)  # the power goes: the last save is only in the -wal beside the database
"""


def test_a_damaged_database_is_kept_with_its_wal_as_it_was_when_no_program_has_it_open(
    store: Store, tmp_path: Path
) -> None:
    """Asking whether a program has the database open folds the -wal a crashed app left into it: a damaged
    database is kept byte for byte, -wal and all, before it is asked."""
    fill(store, 200)
    copy = backup(store.path, tmp_path / "yesterday.sqlite").path
    store.close()
    subprocess.run([sys.executable, "-c", DAMAGE_PAGES, str(store.path)], check=True)
    subprocess.run([sys.executable, "-c", CRASH_AFTER_SAVING, str(store.path)], check=True)
    wal = Path(f"{store.path}-wal").read_bytes()
    assert wal and integrity_problems(store.path)

    result = restore(copy, store.path)
    assert result.kept is not None and Path(f"{result.kept}-wal").read_bytes() == wal
    assert dump(store.path) == dump(copy)
