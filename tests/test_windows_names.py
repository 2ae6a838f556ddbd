"""What Chinese Windows asks of file names and paths, checked here on any system: names made from what people
type (a station 城关镇/幸福社区, a site 幸福:一区, a station called CON), names derived from a database deep in a
Desktop folder (backups, the copy before an upgrade), and a problem list Excel keeps open."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from forms.backup import auto_backup, backup, copy_before_upgrade, restore
from forms.file_names import (
    WINDOWS_MAX_PATH,
    export_file_name,
    safe_file_name,
    site_in_file_name,
    windows_length,
)
from forms.idnumber import make_ric
from forms.records import Site
from forms.store import Store
from sync.enrolment import PACKAGE_SUFFIX, package_name
from sync.identity import file_safe

ANJU = shutil.which("anju") or ""
DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"{p}{n}" for p in ("COM", "LPT") for n in "0123456789¹²³")}
#: What people name stations and sites, and what Windows refuses in a file name.
HOSTILE = [
    "城关镇/幸福社区",
    "幸福:一区",
    '"新村" ',
    "幸福社区.",
    "  安置点 . ",
    "CON",
    "con.anju",
    "Nul ",
    "COM1",
    "lpt9",
    "a<b>c|d?e*f\\g",
    "幸福\x01站\t",
    "...",
    "王𠮷✓站",
]


def windows_refuses(name: str) -> str | None:
    """Why Windows would refuse ``name`` as a file name, or None."""
    if not name:
        return "empty"
    if bad := re.findall(r'[<>:"/\\|?*\x00-\x1f]', name):
        return f"holds {bad}"
    if name[-1] in " .":
        return "ends in a dot or a space"
    if name.split(".")[0].rstrip(" ").upper() in DEVICES:
        return "a device name"
    if len(name.encode("utf-16-le")) // 2 > 255:
        return "longer than 255"
    return None


@pytest.mark.parametrize("typed", HOSTILE)
def test_every_name_made_from_what_people_type_is_one_windows_accepts(typed: str) -> None:
    made = {
        "package": package_name(typed) + PACKAGE_SUFFIX,
        "batch": f"anju-{file_safe(typed)}-0001-20261130.batch",
        "export": export_file_name("零就业家庭跟进清单", site_in_file_name(typed, typed), date(2026, 11, 30), "脱敏"),
        "export of all": export_file_name(typed, typed, date(2026, 11, 30)),
        "alone": safe_file_name(typed, "anju"),
    }
    assert {kind: windows_refuses(name) for kind, name in made.items() if windows_refuses(name)} == {}
    # What was typed still reads in the name: the Chinese stays, only what Windows refuses is replaced.
    assert package_name("城关镇/幸福社区") == "城关镇_幸福社区" and package_name("王𠮷✓站") == "王𠮷✓站"


def test_a_station_named_like_a_device_or_with_a_slash_gets_a_package_a_stick_can_hold(tmp_path: Path) -> None:
    """`anju enrol --out E:\\` names the package after the station. A station CON gave CON.anju-station, which on
    Windows is the console, not a file: the package went nowhere while its passphrase was shown. Run as on a Chinese
    Windows whose output goes to a file (GBK), with paths holding Chinese and spaces."""
    desk = tmp_path / "张三 的桌面" / "花名册 2026"
    stick = tmp_path / "U盘 E"
    desk.mkdir(parents=True)
    stick.mkdir()
    county = desk / "会泽县 县级.db"
    command = [ANJU] if ANJU else [sys.executable, "-m", "desktop.cli"]
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}

    def anju(*args: str) -> tuple[int, str]:
        done = subprocess.run([*command, *args], capture_output=True, env=env, timeout=300)
        assert b"Traceback" not in done.stderr, done.stderr.decode("gbk", "replace")
        return done.returncode, done.stdout.decode("gbk")

    assert anju("county", "init", "--db", str(county), "--name", "会泽县✓")[0] == 0
    assert anju("county", "site", "--db", str(county), "--code", "S01", "--name", "幸福:一区")[0] == 0
    for station in ("CON", "城关镇/幸福社区 ✓𠮷.", '"新村" '):
        code, out = anju("enrol", "--db", str(county), "--station", station, "--sites", "S01", "--out", str(stick))
        assert code == 0, out
        assert re.search(r"口令.*：[A-Z0-9]{4}(-[A-Z0-9]{4}){4}$", out.strip()), out  # the passphrase, readable
    made = sorted(p.name for p in stick.iterdir())
    assert made == ["_CON.anju-station", "_新村_.anju-station", "城关镇_幸福社区 ✓𠮷.anju-station"]
    assert [name for name in made if windows_refuses(name)] == []


def deep_folder(root: Path, length: int) -> Path:
    """A folder whose path is ``length`` long as Windows counts it. Latin letters: SQLite on Linux opens no path
    over 512 bytes, which Chinese (3 bytes each here, 2 on Windows) would pass before Windows' 260 characters."""
    folder = root
    while windows_length(folder) < length - 40:
        folder = folder / "2026 resettlement employment records"
    folder = folder / ("x" * (length - windows_length(folder) - 1))
    folder.mkdir(parents=True)
    assert windows_length(folder) == length
    return folder


#: What a file carries beyond its name while a backup writes it (`forms.backup`): the longest a Windows process
#: id and thread id give, and SQLite's -journal.
WRITING = ".4294967295-4294967295.partial-journal"


def test_a_database_deep_in_a_folder_that_opens_can_be_backed_up_and_upgraded_on_windows(
    tmp_path: Path, template_db: Path
) -> None:
    """A database whose path Windows opens (its -wal too) must get its automatic backup, its `anju backup` copy,
    the copy kept before a restore and the copy before an upgrade, all named after it: with the name repeated in
    NAME.backups/NAME-DATE.sqlite and .pre-upgrade-REV-TIME added, they passed MAX_PATH (260) when the database
    was deep in a Desktop folder, and the upgrade then refused to open the database at all."""
    folder = deep_folder(tmp_path, 170)
    db = folder / "者海镇易地扶贫搬迁安置点就业服务站数据库.db"
    shutil.copyfile(template_db, db)
    assert windows_length(f"{db}-journal") <= WINDOWS_MAX_PATH  # the database itself opens on Windows

    day = auto_backup(db, today=date(2026, 11, 30))
    assert day is not None and day.name.endswith(".sqlite.gz")
    made = [
        (day.with_suffix(""), WRITING),  # the checked copy, made first, then compressed
        (day, WRITING.removesuffix("-journal")),  # compressed by Python: no -journal
        (backup(db, folder).path, WRITING),
        (copy_before_upgrade(db, "0003"), WRITING),
        (restore(backup(db, tmp_path).path, db).kept, ".partial-journal"),  # the copy of the database restored over
    ]
    lengths = {str(path): windows_length(f"{path}{writing}") for path, writing in made if path is not None}
    assert len(lengths) == 5 and {path: n for path, n in lengths.items() if n > WINDOWS_MAX_PATH} == {}
    # Still named after the database, as far as there is room, and the day's backup is found again the next day.
    assert all(Path(path).name.startswith("者海") for path in lengths)
    assert auto_backup(db, today=date(2026, 11, 30)) is None
    assert len(list((folder / f"{db.stem}.backups").iterdir())) == 1


def test_a_short_path_keeps_the_names_the_readme_gives(tmp_path: Path, template_db: Path) -> None:
    db = tmp_path / "者海镇 工作站.db"
    shutil.copyfile(template_db, db)
    made = auto_backup(db, today=date(2026, 11, 30))
    assert made == tmp_path / "者海镇 工作站.backups" / "者海镇 工作站-2026-11-30.sqlite.gz"
    assert re.fullmatch(r"者海镇 工作站\.pre-upgrade-0003-\d{8}-\d{6}\.sqlite", copy_before_upgrade(db, "0003").name)


def test_a_problem_list_open_in_excel_is_said_not_a_traceback(store: Store, tmp_path: Path) -> None:
    """Excel keeps the files it has open locked: importing a roster again while its 问题清单 is open in Excel could
    not replace it, and `anju import-roster` ended in a traceback (the import itself saved), leaving a .tmp file
    beside the roster. A folder in the list's place stands for the lock here (the rename is refused the same way)."""
    with store.unit_of_work("test") as uow:
        uow.add(Site(code="S01", name="幸福社区安置点"))
    store.close()
    folder = tmp_path / "花名册 2026"
    folder.mkdir()
    roster = folder / "幸福社区 花名册.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["户编号", "安置点名称", "姓名", "证件号码", "与户主关系", "劳动技能"])
    ws.append(["1", "幸福社区安置点", "王𠮷", make_ric("530326", date(1975, 3, 4), 11), "户主", "普通劳动力"])
    ws.append(["1", "幸福社区安置点", "王二", make_ric("530326", date(2001, 3, 4), 21), "之子", "能干活✗"])
    wb.save(roster)
    locked = folder / "幸福社区 花名册.errors.xlsx"
    (locked / "open in Excel").mkdir(parents=True)

    command = [ANJU] if ANJU else [sys.executable, "-m", "desktop.cli"]
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    done = subprocess.run(
        [*command, "import-roster", str(roster), "--db", str(store.path), "--json"],
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode("gbk", "replace")
    said = json.loads(done.stdout.decode("utf-8"))
    assert done.returncode == 1 and said["ok"] is False
    assert "数据已导入并保存" in said["error"] and str(locked) in said["error"]
    assert sorted(p.name for p in folder.iterdir()) == ["幸福社区 花名册.errors.xlsx", "幸福社区 花名册.xlsx"]
    saved = sqlite3.connect(store.path).execute("SELECT count(*) FROM members").fetchone()[0]
    assert saved == 2


@pytest.mark.parametrize("folder_name", ["3#楼 安置点", "完成率%41 ％", "张三 的文档 (新)"])  # noqa: RUF001 - full-width on purpose
def test_a_database_in_a_folder_named_with_hash_or_percent_is_read_backed_up_and_restored_whole(
    tmp_path: Path, template_db: Path, capsys: pytest.CaptureFixture[str], folder_name: str
) -> None:
    """Windows folders may hold ``#`` and ``%`` (3#楼, 安置点#2, a name a browser saved with %41 in it). Put into a
    URI as they were, 3#楼 sent SQLite to a file 3 beside the folder, which it made empty: `anju check` called the
    station's database "no Anju data", and the day's backup and `anju backup` reported 完整性检查通过 for a copy of
    that empty file (a station's every backup held nothing). %41 made SQLAlchemy open a folder A that is not there."""
    from desktop.cli import main
    from forms.quick_open import QuickDatabase
    from tests.factories import add_household, add_member, add_site

    folder = tmp_path / folder_name
    folder.mkdir()
    db = folder / "站 点.db"
    shutil.copyfile(template_db, db)
    with Store.open(db) as store, store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        for n in range(3):
            add_member(uow, add_household(uow, site, room=f"{n + 101}"), name=f"王{n}", relation="户主")

    assert main(["check", "--db", str(db)]) == 1  # it ran, and found what the bare households lack
    assert "已检查 3 户" in capsys.readouterr().out
    assert QuickDatabase.open(db) is not None  # the app's quick start sees an up-to-date database

    def households(path: Path) -> int:
        return sqlite3.connect(path).execute("SELECT count(*) FROM households").fetchone()[0]

    assert main(["backup", "--db", str(db), "--out", str(tmp_path / "备份 #1.sqlite"), "--plain"]) == 0
    assert households(tmp_path / "备份 #1.sqlite") == 3
    day = auto_backup(db, today=date(2026, 11, 30))
    assert day is not None
    plain = tmp_path / "day.sqlite"
    plain.write_bytes(__import__("gzip").decompress(day.read_bytes()))
    assert households(plain) == 3
    with Store.open(db) as store, store.unit_of_work("zhang") as uow:
        add_household(uow, uow.session.query(Site).one(), room="999")
    assert restore(tmp_path / "备份 #1.sqlite", db).kept is not None
    assert households(db) == 3
    # Nothing was made beside the folder (SQLite's empty "3" was).
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["day.sqlite", "备份 #1.sqlite"]


def test_a_command_the_user_is_told_to_run_names_a_path_with_spaces_whole(
    tmp_path: Path, template_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 站长's database is under 张三 的文档\\安居 数据\\: the command a message gives to run next (anju enrol
    --accept … --db …) was printed with the path bare, and pasted into cmd it stopped at the first space."""
    import shlex

    from desktop.cli import main

    db = tmp_path / "张三 的文档" / "安居 数据（2026）" / "站 点.db"
    db.parent.mkdir(parents=True)
    shutil.copyfile(template_db, db)
    assert main(["sync", "export", "--db", str(db), "--out", str(tmp_path)]) == 2
    said = capsys.readouterr().err
    command = re.search(r"请先导入县里发的登记包：(anju enrol .*)", said)
    assert command is not None, said
    words = shlex.split(command.group(1))
    assert words[words.index("--db") + 1] == str(db)
