"""The ``anju`` command line: as a user runs it, in a subprocess, with the installed entry point."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from forms.version import APP_VERSION

ANJU = shutil.which("anju") or ""


def anju(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [ANJU, *args] if ANJU else [sys.executable, "-m", "desktop.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", cwd=cwd, timeout=300)


def test_version() -> None:
    result = anju("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"anju {APP_VERSION}"


def test_demo_backup_restore_audit_round_trip(tmp_path: Path) -> None:
    db, copy = tmp_path / "demo.db", tmp_path / "demo-backup.sqlite"
    made = anju("demo", "--households", "60", "--db", str(db), "--seed", "7", "--json")
    assert made.returncode == 0, made.stderr
    counts = json.loads(made.stdout)["counts"]
    assert counts["households"] == 60 and counts["members"] > 60

    assert anju("backup", "--db", str(db), "--out", str(copy), "--plain").returncode == 0
    audit = anju("audit", "--db", str(db))
    assert audit.returncode == 0 and "哈希链校验通过" in audit.stdout

    raw = sqlite3.connect(db)
    raw.execute("DELETE FROM members WHERE rowid IN (SELECT rowid FROM members LIMIT 5)")
    raw.commit()
    raw.close()
    restored = anju("restore", str(copy), "--db", str(db))
    assert restored.returncode == 0, restored.stderr
    raw = sqlite3.connect(db)
    assert raw.execute("SELECT count(*) FROM members").fetchone() == (counts["members"],)
    raw.close()


def test_demo_refuses_to_overwrite_a_database(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    assert anju("demo", "--households", "5", "--db", str(db)).returncode == 0
    again = anju("demo", "--households", "5", "--db", str(db))
    assert again.returncode == 2
    assert "已存在" in again.stderr and "--force" in again.stderr
    assert anju("demo", "--households", "6", "--db", str(db), "--force").returncode == 0  # a demo: replaced


def test_demo_force_replaces_only_a_demo_database(tmp_path: Path) -> None:
    """``anju demo --force`` typed at a real station's database (a wrong name, a line copied from the README)
    deleted the station's work without a question."""
    from forms.store import Store
    from forms.users import create_user

    station = tmp_path / "station.db"
    with Store.open(station) as store:  # a station's database, as Anju makes it
        create_user(store, "zhanzhang", "王站长", "站长", "anju2026")
    before = station.read_bytes()
    refused = anju("demo", "--households", "5", "--db", str(station), "--force")
    assert refused.returncode == 2
    assert "不是 anju demo 建立的演示数据库" in refused.stderr and "没有删除任何文件" in refused.stderr
    assert station.read_bytes() == before

    text = tmp_path / "notes.db"  # not a database at all
    text.write_text("名单", encoding="utf-8")
    assert anju("demo", "--households", "5", "--db", str(text), "--force").returncode == 2
    assert text.read_text(encoding="utf-8") == "名单"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["backup", "--db", "{tmp}/missing.db", "--out", "{tmp}/b.sqlite"], "找不到要备份的数据库"),
        (["restore", "{tmp}/missing.sqlite", "--db", "{tmp}/x.db"], "找不到备份文件"),
        (["audit", "--db", "{tmp}/missing.db"], "找不到数据库文件"),
        (["audit", "--db", "{tmp}/text.db"], "不是安居数据库"),
        (["demo", "--households", "0", "--db", "{tmp}/d.db"], "至少为 1"),
        (["check", "--db", "{tmp}"], "是文件夹，不是数据库文件"),
        (["reset-password", "zhanzhang", "--db", "{tmp}"], "是文件夹，不是数据库文件"),
        (["backup", "--db", "{tmp}", "--out", "{tmp}/b.sqlite", "--plain"], "是文件夹，不是数据库文件"),
        (["restore", "{tmp}", "--db", "{tmp}/x.db"], "是文件夹，不是备份文件"),
        (["restore", "{tmp}/text.db", "--db", "{tmp}/x.db"], "不是安居的备份文件，没有恢复"),
        (["history", "--db", "{tmp}/missing.db", "--household", "1"], "数据库的位置显示在安居登录窗口的最上面"),
        (["questionnaire", "export", "--db", "{tmp}/x.db", "--out", "{tmp}/no/q.xlsx"], "请先建好这个文件夹"),
        (["demo", "--households", "3", "--db", "{tmp}", "--force"], "是文件夹，不是数据库文件"),
        (["check"], "缺少参数 --db"),
        (["export", "members", "--db", "{tmp}/x.db"], "缺少参数 --out"),
        (["demo", "--households", "many", "--db", "{tmp}/d.db"], "--households 的值“many”不是整数"),
        (["frobnicate"], "没有命令“frobnicate”"),
        (["check", "--db", "{tmp}/x.db", "--site", "S01"], "不认识的参数：--site S01"),
    ],
)
def test_bad_input_exits_2_with_a_chinese_then_english_message(tmp_path: Path, args: list[str], expected: str) -> None:
    (tmp_path / "text.db").write_text("hello", encoding="utf-8")
    result = anju(*[a.format(tmp=tmp_path) for a in args])
    assert result.returncode == 2
    assert result.stderr.startswith("错误：") and expected in result.stderr and "\nError: " in result.stderr
    assert "Traceback" not in result.stderr and "usage:" not in result.stderr
    as_json = anju(*[a.format(tmp=tmp_path) for a in args], "--json")
    assert as_json.returncode == 2 and json.loads(as_json.stdout)["ok"] is False, as_json.stdout + as_json.stderr


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["import-roster", "名单.xlsx", "--db", "x.db", "--sheet", "户"], "anju import-roster"),
        (["check", "--db", "x.db", "--site", "S01"], "anju check"),
        (["county", "site", "--db", "x.db", "--code", "S01", "--name", "一站", "--station", "S01"], "anju county site"),
        (["sync", "push", "--db", "x.db", "extra"], "anju sync push"),
        (["questionnaire", "export", "--db", "x.db", "--out", "q.xlsx", "--force"], "anju questionnaire export"),
        (["county", "resolve", "three", "--db", "x.db"], "anju county resolve"),
        (["county"], "anju county"),
        (["--sheet", "户"], "anju"),
    ],
)
def test_a_refused_command_line_points_to_the_help_of_the_command_typed(
    args: list[str], command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``anju import-roster 名单.xlsx --db x.db --sheet 户`` said “用法见 anju --help”, whose page lists the commands
    but none of import-roster's options: the clerk was sent to the one help that could not answer."""
    from desktop.cli import main

    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"用法见 {command} --help。" in err.splitlines()[0], err
    assert err.splitlines()[1].endswith(f"See {command} --help."), err


def test_reset_password_names_the_accounts_that_differ_only_in_case(tmp_path: Path) -> None:
    """A database from before such names were refused holds caiji and Caiji: “没有用户“CAIJI”” was untrue."""
    db = tmp_path / "demo.db"
    assert anju("demo", "--households", "3", "--db", str(db)).returncode == 0
    raw = sqlite3.connect(db)
    raw.execute(
        "INSERT INTO users (username, display_name, role, password_hash, active, created_at) "
        "SELECT 'Caiji', '李采集员', role, password_hash, active, created_at FROM users WHERE username = 'caiji'"
    )
    raw.commit()
    raw.close()
    command = [ANJU] if ANJU else [sys.executable, "-m", "desktop.cli"]
    typed = subprocess.run(
        [*command, "reset-password", "CAIJI", "--db", str(db)],
        input="remembered-1\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert typed.returncode == 2, typed.stdout
    assert typed.stderr.startswith("错误：有 2 个账号的用户名只差大小写：") and "请照其中一个原样输入" in typed.stderr
    assert "Caiji" in typed.stderr and "caiji" in typed.stderr


def test_accepting_a_file_that_is_no_enrolment_package_says_so_and_leaves_no_database(tmp_path: Path) -> None:
    """``anju enrol --accept 花名册.xlsx --db station.db`` said “不是安居的同步文件…….batch 批次文件或回执文件”, the
    words for sync import, and left an empty station.db behind, to be opened later as the station's."""
    roster = tmp_path / "花名册.xlsx"
    roster.write_bytes(b"PK\x03\x04 not a package")
    for package in (roster, tmp_path / "者海镇工作站.anju-station"):  # the wrong file; one not on the stick
        result = anju("enrol", "--accept", str(package), "--db", str(tmp_path / "station.db"), "--passphrase", "x")
        assert result.returncode == 2 and result.stderr.startswith("错误："), result.stderr
        assert "批次文件或回执文件" not in result.stderr
        assert not list(tmp_path.glob("station.db*"))
    wrong = anju("enrol", "--accept", str(roster), "--db", str(tmp_path / "station.db"), "--passphrase", "x")
    assert "不是安居的登记包。请选择县里发来的登记包（文件名以 .anju-station 结尾）" in wrong.stderr


def test_a_passphrase_file_that_cannot_be_read_is_said_in_chinese(tmp_path: Path) -> None:
    """``--passphrase-file`` mistyped said “读不了口令文件：No such file or directory”, the system's English inside
    the 中文; a file that is no text (a .docx, say) was a program error."""
    db = tmp_path / "demo.db"
    assert anju("demo", "--households", "3", "--db", str(db)).returncode == 0
    (tmp_path / "口令.docx").write_bytes(b"PK\x03\x04\xff\xfe\x00\x81")
    for name, why in (("口令.txt", "找不到这个文件"), (".", "这是文件夹"), ("口令.docx", "不是文本文件")):
        result = anju("backup", "--db", str(db), "--out", str(tmp_path), "--passphrase-file", str(tmp_path / name))
        assert result.returncode == 2 and result.stderr.startswith("错误：读不了口令文件"), result.stderr
        assert why in result.stderr and "请检查 --passphrase-file" in result.stderr, result.stderr
        assert "No such file" not in result.stderr.split("\nError: ")[0]
    assert not list(tmp_path.glob("*.anju-backup"))


def test_a_rare_character_in_a_name_does_not_break_output_to_a_gbk_file(tmp_path: Path) -> None:
    """`anju check --db X > 报告.txt` on a Chinese Windows writes in GBK: a name with a character GBK lacks (王𠮷)
    was a UnicodeEncodeError traceback and a cut-off report. --json is UTF-8, as JSON is; the text says the
    character as an escape rather than crash."""
    import os

    db = tmp_path / "demo.db"
    assert anju("demo", "--households", "20", "--db", str(db), "--date", "2026-11-29").returncode == 0
    raw = sqlite3.connect(db)
    raw.execute("UPDATE members SET name = '王𠮷' WHERE relation = '户主'")
    raw.execute("UPDATE members SET id_number = '530326200309213704' WHERE relation = '户主'")  # a finding each
    raw.commit()
    raw.close()
    command = [ANJU] if ANJU else [sys.executable, "-m", "desktop.cli"]
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    text = subprocess.run([*command, "check", "--db", str(db)], capture_output=True, env=env, timeout=300)
    assert text.returncode == 1 and b"Traceback" not in text.stderr, text.stderr.decode("gbk", "replace")
    assert "户主王\\U00020bb7" in text.stdout.decode("gbk") and "已检查 20 户" in text.stdout.decode("gbk")
    machine = subprocess.run([*command, "check", "--db", str(db), "--json"], capture_output=True, env=env, timeout=300)
    assert machine.returncode == 1 and json.loads(machine.stdout.decode("utf-8"))["rules"][0]["findings"]
    assert "王𠮷" in machine.stdout.decode("utf-8")


def test_a_database_another_program_is_writing_is_named_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The app (or another anju command) holds the write lock: after the wait, say so in 中文 and English."""
    from desktop.cli import main

    db = tmp_path / "县 数据" / "站 点.db"
    db.parent.mkdir()
    assert anju("demo", "--households", "3", "--db", str(db)).returncode == 0
    monkeypatch.setattr("forms.store.BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code = main(["questionnaire", "reset", "--db", str(db), "--json"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    out, err = capsys.readouterr()
    assert code == 2 and json.loads(out)["ok"] is False
    assert err.startswith("错误：") and "正被另一个程序使用" in err and "\nError: " in err and str(db) in err


def test_a_forgotten_station_admin_password_is_reset_from_the_command_line(tmp_path: Path) -> None:
    """The only 站长 forgot the password: nobody could log in to manage accounts, and nothing said what to do."""
    from forms.store import Store
    from forms.users import authenticate, must_choose_password

    db = tmp_path / "demo.db"
    assert anju("demo", "--households", "5", "--db", str(db)).returncode == 0
    command = [ANJU] if ANJU else [sys.executable, "-m", "desktop.cli"]

    def reset(username: str, password: str) -> subprocess.CompletedProcess[str]:
        args = [*command, "reset-password", username, "--db", str(db)]
        return subprocess.run(
            args, input=password + "\n", capture_output=True, text=True, encoding="utf-8", timeout=300
        )

    done = reset("zhanzhang", "remembered-1")
    assert done.returncode == 0 and "已重设“zhanzhang”（站长）的密码" in done.stdout, done.stderr
    short = reset("zhanzhang", "123")
    assert short.returncode == 2 and "至少需要 6 个字符" in short.stderr
    unknown = reset("nobody", "remembered-2")
    assert unknown.returncode == 2 and "没有用户“nobody”" in unknown.stderr and "zhanzhang" in unknown.stderr
    with Store.open(db) as store:
        assert authenticate(store, "zhanzhang", "remembered-1") is not None
        assert authenticate(store, "zhanzhang", "anju2026") is None
        assert must_choose_password(store, "zhanzhang")  # whoever typed it knows it: asked for their own at login
    assert "请他换成只有自己知道的密码" in done.stdout


def test_reset_password_takes_the_user_name_as_the_login_does(tmp_path: Path) -> None:
    """The login takes “Zhanzhang” (a capital, Caps Lock) for zhanzhang; ``anju reset-password Zhanzhang`` said there
    was no such user, naming zhanzhang among the users."""
    from forms.store import Store
    from forms.users import authenticate

    db = tmp_path / "demo.db"
    assert anju("demo", "--households", "3", "--db", str(db)).returncode == 0
    command = [ANJU] if ANJU else [sys.executable, "-m", "desktop.cli"]
    for typed, password in (("Zhanzhang", "remembered-1"), (" ZHANZHANG ", "remembered-2")):
        done = subprocess.run(
            [*command, "reset-password", typed, "--db", str(db), "--json"],
            input=password + "\n",
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["username"] == "zhanzhang"
        with Store.open(db) as store:
            assert authenticate(store, "zhanzhang", password) is not None


def test_audit_exits_1_on_a_tampered_log(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert anju("demo", "--households", "5", "--db", str(db)).returncode == 0
    raw = sqlite3.connect(db)
    raw.execute("UPDATE journal SET actor = 'mallory' WHERE seq = 4")
    raw.commit()
    raw.close()
    result = anju("audit", "--db", str(db), "--json")
    assert result.returncode == 1 and json.loads(result.stdout)["broken_at"] == 4


HEADLESS_PROBE = """
import sys
from desktop.cli import main
codes = [
    main(["demo", "--households", "20", "--db", sys.argv[1]]),
    main(["backup", "--db", sys.argv[1], "--out", sys.argv[2], "--plain"]),
    main(["audit", "--db", sys.argv[1]]),
    main(["restore", sys.argv[2], "--db", sys.argv[1]]),
]
qt = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "desktop.app")))
print(codes, qt)
assert codes == [0, 0, 0, 0], codes
assert qt == [], qt
"""


def _parsers(parser: argparse.ArgumentParser, path: str = "anju") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, nested in action.choices.items():
                yield from _parsers(nested, f"{path} {name}")


def test_every_option_in_every_help_says_what_it_is_in_chinese_first() -> None:
    """``anju backup --help`` listed ``--db DB`` with nothing beside it, ``demo``'s options were English only and
    ``--json`` put English first: a 站长 reading the help could not tell what to type."""
    from desktop.cli import build_parser

    cjk = re.compile("[\u4e00-\u9fff]")
    english = re.compile(r"/ [A-Za-z(]")
    unsaid = []
    for path, parser in _parsers(build_parser()):
        for action in parser._actions:
            named = f"{path} {'/'.join(action.option_strings) or action.dest}"
            if isinstance(action, argparse._SubParsersAction):
                unsaid += [
                    f"{path} {a.dest}: {a.help!r}" for a in action._choices_actions if not cjk.match(a.help or "")
                ]
            elif not action.help or not cjk.search(action.help.split(" / ")[0]):
                unsaid.append(f"{named}: {action.help!r}")
            elif not english.search(action.help) and " | " not in action.help:  # a list of kinds: each in English
                unsaid.append(f"{named}: {action.help!r} (no English)")  # import-roster's "Excel 文件 (.xlsx/.xls)"
    assert unsaid == []
    sync = dict(_parsers(build_parser()))["anju sync"]
    assert all(name in (sync.description or "") for name in ("export", "import", "status", "push"))


def test_the_second_process_check_starts_one_and_says_so() -> None:
    """What ``scripts/check-installer`` asks of a built program: it can start the process big sync batches are
    checked in. (On a one-core machine it says that none is used, exit 3.)"""
    result = anju("--check-second-process")
    assert (result.returncode, result.stdout.strip()) in [
        (0, "第二个进程已启动并完成工作。/ The second process started and did its work."),
        (3, "此电脑只有一个处理器核心，不使用第二个进程。/ One core here: no second process is used."),
    ], result.stdout + result.stderr


def test_headless_commands_never_import_qt(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", HEADLESS_PROBE, str(tmp_path / "d.db"), str(tmp_path / "b.sqlite")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_gui_self_test_opens_a_demo_database_and_refuses_a_bad_file(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    db, bad = tmp_path / "demo.db", tmp_path / "bad.db"
    assert anju("demo", "--households", "30", "--db", str(db)).returncode == 0
    bad.write_text("not a database", encoding="utf-8")
    command = [ANJU] if ANJU else [sys.executable, "-m", "desktop.cli"]
    ok = subprocess.run([*command, "--selftest", "--db", str(db)], capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0, ok.stderr
    refused = subprocess.run(
        [*command, "--selftest", "--db", str(bad)], capture_output=True, text=True, env=env, timeout=120
    )
    assert refused.returncode == 2 and "不是安居数据库" in refused.stderr  # no dialog waiting for nobody
