"""The sync commands as a county clerk and a station admin type them: output, exit codes, messages."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.cli import main
from forms.store import Store
from tests.test_sync_support import World, add_household, edit_at_both

pytest_plugins = ["tests.test_sync_support"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_usb_round_trip_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    county, station, stick = str(tmp_path / "county.db"), str(tmp_path / "a.db"), tmp_path / "stick"
    stick.mkdir()
    package = str(tmp_path / "a.anju-station")

    assert run_json(capsys, "county", "init", "--db", county, "--name", "会泽县")["ok"]
    code, out, _ = run(capsys, "county", "site", "--db", county, "--code", "S1", "--name", "幸福社区")
    assert code == 0 and "已添加安置点 S1" in out
    made = run_json(capsys, "enrol", "--db", county, "--station", "者海镇工作站", "--sites", "S1", "--out", package)
    passphrase = str(made["passphrase"])
    assert re.fullmatch(r"([A-Z2-9]{4}-){4}[A-Z2-9]{4}", passphrase)

    code, _, err = run(
        capsys, "enrol", "--accept", package, "--db", station, "--passphrase", "AAAA-BBBB-CCCC-DDDD-EEEE"
    )
    assert code == 2 and err.startswith("错误：口令不正确") and "\nError: Wrong passphrase" in err
    code, out, _ = run(capsys, "enrol", "--accept", package, "--db", station, "--passphrase", passphrase)
    assert code == 0 and "登记完成" in out and "者海镇工作站" in out
    assert f"下一步：导入本站安置点的住户花名册（anju import-roster 花名册.xlsx --db {station}" in out
    assert "为采集员添加账号" in out  # what a new station does next
    code, _, err = run(capsys, "enrol", "--accept", package, "--db", station, "--passphrase", passphrase)
    assert code == 2 and "无需再次导入" in err

    with Store.open(station, create=False) as store:
        with store.engine.connect() as conn:
            site_id = conn.exec_driver_sql("SELECT id FROM sites WHERE code = 'S1'").scalar_one()
        with store.unit_of_work("zhang") as uow:
            household = add_household(uow, site_id)
    assert run_json(capsys, "sync", "status", "--db", station)["pending"] == 3

    exported = run_json(capsys, "sync", "export", "--db", station, "--out", str(stick))
    batch = Path(str(exported["path"]))
    assert re.fullmatch(r"anju-者海镇工作站-0001-\d{8}\.batch", batch.name) and exported["changes"] == 3

    imported = run_json(capsys, "sync", "import", str(batch), "--db", county)
    (return_file,) = imported["returns"]  # type: ignore[misc]
    assert Path(return_file).parent == stick and Path(return_file).name.startswith("anju-者海镇工作站-0001-")
    code, out, _ = run(capsys, "sync", "import", str(batch), "--db", county)
    assert code == 0 and "已于" in out and "本次未作任何更改" in out

    code, out, _ = run(capsys, "sync", "import", return_file, "--db", station)
    assert code == 0 and "已导入县里的回执" in out
    assert run_json(capsys, "sync", "status", "--db", station)["pending"] == 0

    (listed,) = run_json(capsys, "county", "stations", "--db", county)["stations"]  # type: ignore[misc]
    assert listed["last_batch"] == 1 and listed["cursor"] > 0 and listed["last_import_at"]
    (queued,) = run_json(capsys, "county", "review", "--db", county)["households"]  # type: ignore[misc]
    assert queued["household_id"] == household.id
    code, out, _ = run(capsys, "county", "return", household.id, "--db", county, "--comment", "请补充电话")
    assert code == 0 and "已退回" in out
    code, out, _ = run(capsys, "county", "conflicts", "--db", county)
    assert code == 0 and "没有待处理的冲突" in out

    cut = stick / "cut.batch"
    cut.write_bytes(batch.read_bytes()[:200])
    code, out, err = run(capsys, "sync", "import", str(cut), "--db", county, "--json")
    assert code == 2 and json.loads(out)["ok"] is False
    assert err.startswith("错误：“cut.batch”不完整") and "Traceback" not in err


def test_enrolling_onto_the_stick_names_the_package_after_the_station(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--out E:\\`` (the stick, as ``anju sync export --out`` takes it) was refused: “E:\\ already exists, pick
    another file name”, about a folder."""
    county, stick = str(tmp_path / "county.db"), tmp_path / "stick"
    stick.mkdir()
    run(capsys, "county", "init", "--db", county, "--name", "会泽县")
    run(capsys, "county", "site", "--db", county, "--code", "S1", "--name", "幸福社区")
    made = run_json(capsys, "enrol", "--db", county, "--station", "者海镇工作站", "--sites", "S1", "--out", str(stick))
    package = stick / "者海镇工作站.anju-station"
    assert made["path"] == str(package) and package.is_file()
    station, passphrase = str(tmp_path / "a.db"), str(made["passphrase"])
    assert run_json(capsys, "enrol", "--accept", str(package), "--db", station, "--passphrase", passphrase)["ok"]


def test_a_package_is_always_named_as_one_and_a_missing_folder_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--out E:/usb/`` for a folder that is not there wrote a package file called ``usb`` beside it, and ``--out
    pkg`` one called ``pkg``: the station's 导入登记包 lists only ``.anju-station`` files, so neither was found."""
    county = str(tmp_path / "county.db")
    run(capsys, "county", "init", "--db", county, "--name", "会泽县")
    run(capsys, "county", "site", "--db", county, "--code", "S1", "--name", "幸福社区")
    missing = f"{tmp_path / 'usb'}/"
    code, _, err = run(capsys, "enrol", "--db", county, "--station", "者海镇工作站", "--sites", "S1", "--out", missing)
    assert code == 2 and f"文件夹“{missing}”不存在" in err and "U盘" in err
    assert not (tmp_path / "usb").exists()
    made = run_json(
        capsys, "enrol", "--db", county, "--station", "者海镇工作站", "--sites", "S1", "--out", str(tmp_path / "pkg")
    )
    assert made["path"] == str(tmp_path / "pkg.anju-station") and (tmp_path / "pkg.anju-station").is_file()


def test_bad_input_exits_2_saying_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    county = str(tmp_path / "county.db")
    code, _, err = run(capsys, "sync", "export", "--db", county, "--out", str(tmp_path))
    assert code == 2 and "找不到数据库文件" in err
    run(capsys, "county", "init", "--db", county, "--name", "会泽县")
    code, _, err = run(capsys, "county", "init", "--db", county, "--name", "会泽县")
    assert code == 2 and "已经是县级数据库" in err
    code, _, err = run(capsys, "enrol", "--db", county, "--station", "x", "--sites", "S9", "--out", str(tmp_path / "p"))
    assert code == 2 and "没有编码为 S9 的安置点" in err and "anju county site" in err
    code, _, err = run(capsys, "enrol", "--db", county, "--station", "x")
    assert code == 2 and "--sites --out" in err
    code, _, err = run(capsys, "sync", "export", "--db", county, "--out", str(tmp_path))
    assert code == 2 and "尚未登记为工作站" in err
    code, _, err = run(capsys, "sync", "import", str(tmp_path), "--db", county)  # the stick, not its files
    assert code == 2 and err.startswith(f"错误：“{tmp_path}”是文件夹，不是文件。请写出文件夹里要导入的文件")


def test_a_return_file_that_cannot_be_written_still_says_the_batch_was_imported(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    county = str(world.root / "county.db")
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    batch = world.export("a")

    def station() -> dict[str, object]:
        stations = run_json(capsys, "county", "stations", "--db", county)["stations"]
        return {s["name"]: s for s in stations}["者海镇工作站"]  # type: ignore[attr-defined, no-any-return]

    def cursor() -> int:
        return int(station()["cursor"])  # type: ignore[call-overload]

    # A folder for the return files that is not there is found before anything is applied.
    code, out, err = run(capsys, "sync", "import", str(batch), "--db", county, "--out", str(world.root / "E"))
    assert code == 2 and out == "" and "文件夹" in err and "不存在" in err and cursor() == 0

    # The stick the batch came on takes no file (a write-protected or full stick; here the name it would take is
    # a folder): the batch is applied all the same, and the clerk is told so, and how to get the return file.
    days = [datetime.now(UTC) + timedelta(days=d) for d in (0, 1)]
    blockers = [world.stick / f"anju-者海镇工作站-0001-{day:%Y%m%d}.return.partial" for day in days]
    for blocker in blockers:
        blocker.mkdir()
    code, out, err = run(capsys, "sync", "import", str(batch), "--db", county)
    assert code == 2 and "者海镇工作站”第 1 批：已应用" in out and cursor() > 0
    assert err.startswith("错误：工作站“者海镇工作站”的批次已经导入，但回执没有写出：无法写入")
    assert "重新导入" in err and "anju county return-file" in err and "\nError: The batches of station" in err
    assert "Traceback" not in err and not list(world.stick.glob("*.return"))
    assert station()["last_return_at"] is None  # no return file is listed that the station never got

    for blocker in blockers:
        blocker.rmdir()
    imported = run_json(capsys, "sync", "import", str(batch), "--db", county)
    (return_file,) = imported["returns"]  # type: ignore[misc]
    assert station()["last_return_at"] is not None
    code, out, _ = run(capsys, "sync", "import", return_file, "--db", str(world.root / "a.db"))
    assert code == 0 and "已导入县里的回执" in out
    assert run_json(capsys, "sync", "status", "--db", str(world.root / "a.db"))["pending"] == 0


HEADLESS_PROBE = """
import sys
from desktop.cli import main
codes = [
    main(["county", "init", "--db", sys.argv[1], "--name", "会泽县"]),
    main(["county", "stations", "--db", sys.argv[1]]),
    main(["county", "conflicts", "--db", sys.argv[1]]),
]
qt = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "desktop.app")))
assert codes == [0, 0, 0] and qt == [], (codes, qt)
"""


def test_sync_commands_never_import_qt(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", HEADLESS_PROBE, str(tmp_path / "c.db")], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_resolving_a_conflict_says_what_was_taken(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    from forms.records import Household
    from tests.test_sync_scenarios import shared_household

    household_id = shared_household(world, phone="13800000000")
    edit_at_both(world, Household, household_id, "phone", ("13911111111", "13922222222"))
    county = str(world.root / "county.db")
    (conflict,) = run_json(capsys, "county", "conflicts", "--db", county)["conflicts"]  # type: ignore[misc]
    code, out, _ = run(capsys, "county", "resolve", str(conflict["id"]), "--db", county, "--take", "station")
    said = f"冲突 #{conflict['id']} 已处理：采用工作站的值。有关的工作站会在下次回执中收到结果。"
    assert code == 0 and out.strip() == said


def test_take_value_without_a_value_is_refused_and_the_conflict_left_open(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--take value`` with no ``--value`` wrote an empty value: a program error on a household's 状态, and on its
    户联系电话 the number cleared with “改为“None””; a ``--value`` beside ``--take county`` was dropped unsaid."""
    from forms.records import Household
    from tests.test_sync_scenarios import shared_household

    household_id = shared_household(world, phone="13800000000")
    edit_at_both(world, Household, household_id, "phone", ("13911111111", "13922222222"))
    edit_at_both(world, Household, household_id, "status", ("已完成", "退回"))
    county = str(world.root / "county.db")
    for conflict in run_json(capsys, "county", "conflicts", "--db", county)["conflicts"]:  # type: ignore[attr-defined]
        number = str(conflict["id"])
        code, _, err = run(capsys, "county", "resolve", number, "--db", county, "--take", "value")
        assert code == 2 and err.startswith("错误：--take value 要和 --value 一起用") and "冲突没有处理" in err, err
        code, _, err = run(capsys, "county", "resolve", number, "--db", county, "--take", "county", "--value", "x")
        assert code == 2 and err.startswith("错误：--value 只和 --take value 一起用"), err
    assert len(run_json(capsys, "county", "conflicts", "--db", county)["conflicts"]) == 2  # type: ignore[arg-type]
    assert world.get("county", Household, household_id).phone == "13911111111"


def test_opening_a_backup_that_is_not_there_says_so(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    """``anju county open-backup`` of a backup not on the stick (or the stick's folder) was a program error."""
    county, out = str(world.root / "county.db"), str(world.stick)
    code, _, err = run(capsys, "county", "open-backup", f"{out}/者海镇.anju-backup", "--db", county, "--out", out)
    assert code == 2 and err.startswith("错误：找不到备份文件"), err
    code, _, err = run(capsys, "county", "open-backup", out, "--db", county, "--out", out, "--plain")
    assert code == 2 and "是文件夹，不是备份文件" in err, err


def test_approving_every_clean_household_says_how_many_and_what_is_left(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    with world.edit("a") as uow:
        for room in ("1", "2"):
            add_household(uow, world.site_id("S1"), room=room, status="已完成")
        add_household(uow, world.site_id("S1"), room="3")  # 草稿
    world.sync("a")
    county = str(world.root / "county.db")
    code, _, err = run(capsys, "county", "approve", "--db", county)
    assert code == 2 and err.startswith("错误：请给出一个住户编号，或用 --all-clean")
    code, out, _ = run(capsys, "county", "approve", "--all-clean", "--db", county)
    assert code == 0 and out.startswith("已审核通过 2 户。另有 1 户留待逐户审核：未标记已完成 1 户")
    done = run_json(capsys, "county", "approve", "--all-clean", "--db", county)
    assert (done["approved"], done["left"], done["not_complete"]) == (0, 1, 1)


def test_revoking_a_station_from_the_command_line(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    county = str(world.root / "county.db")
    code, out, err = run(
        capsys, "county", "return-file", "--station", "娜姑镇工作站 ", "--db", county, "--out", str(world.stick)
    )
    assert code == 0 and out.startswith("已写出回执"), err  # a space pasted after the name, as enrolment trims it
    code, out, _ = run(capsys, "county", "revoke", "者海镇工作站 ", "--reason", "笔记本电脑丢失", "--db", county)
    assert code == 0 and out.startswith("工作站已停用，现名“者海镇工作站（") and "anju enrol" in out
    code, _, err = run(capsys, "county", "revoke", "者海镇工作站", "--reason", "again", "--db", county)
    assert code == 2 and "没有名为“者海镇工作站”的在用工作站" in err
    listed = run_json(capsys, "county", "stations", "--db", county)["stations"]
    assert [s["revoked_reason"] for s in listed if s["revoked_at"]] == ["笔记本电脑丢失"]  # type: ignore[index,union-attr]


def _tamper_with_the_audit_log(world: World) -> None:
    with world.a.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE journal SET actor = 'mallory' WHERE seq = 1")


def _add_a_household_with_errors(world: World) -> None:
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))  # no ID numbers: the check finds errors


@pytest.mark.parametrize(
    ("args", "prepare", "code", "expected"),
    [
        (["sync", "import", "{stick}/x.batch", "--db", "{county}"], None, 2, "不是安居的同步文件"),
        (["sync", "push", "--db", "{a}", "--url", "http://127.0.0.1:9", "--timeout", "5"], None, 2, "无法连接"),
        (["sync", "push", "--db", "{county}"], None, 2, "尚未登记为工作站"),
        (["sync", "export", "--db", "{county}", "--out", "{stick}"], None, 2, "尚未登记为工作站"),
        (["county", "init", "--db", "{county}", "--name", "会泽县"], None, 2, "已经是县级数据库"),
        (["enrol", "--db", "{county}", "--station", "x"], None, 2, "--sites --out"),
        (["audit", "--db", "{a}"], _tamper_with_the_audit_log, 1, "审计日志"),
        (["check", "--db", "{a}"], _add_a_household_with_errors, 1, "有错误的户不能标记为“已完成”"),
    ],
    ids=["import", "push-offline", "push-county", "export-county", "init-twice", "enrol-missing", "audit", "check"],
)
def test_every_failing_command_says_why_in_one_json_shape(
    world: World,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    prepare: Callable[[World], None] | None,
    code: int,
    expected: str,
) -> None:
    """A script reads "ok", then "error" and "error_en", whichever command failed: `sync import` gave only its
    per-file list and `sync push` its log record, so a script looking for "error" found nothing."""
    (world.stick / "x.batch").write_text("hello", encoding="utf-8")
    if prepare is not None:
        prepare(world)
    where = {"stick": str(world.stick), "county": str(world.root / "county.db"), "a": str(world.root / "a.db")}
    got, out, err = run(capsys, *[a.format(**where) for a in args], "--json")
    data = json.loads(out)
    assert got == code and data["ok"] is False, out + err
    assert expected in data["error"] and data["error_en"] and data["error_en"] != data["error"]


def test_a_family_recorded_twice_is_listed_with_the_command_that_merges_it(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    """整户合并 had no command line: `county duplicates` listed each member of the family on a line of its own,
    and the clerk could only merge them one by one."""
    from forms.records import Household, Member
    from tests.test_sync_support import FAMILY, live_members, one_family_at_both_stations

    homes = one_family_at_both_stations(world, newborn_at_b=True)
    with world.edit("b") as uow:  # 王大 once more, in another family: no twin of anything
        other = add_household(uow, world.site_id("S2"), room="9", members=1)
        uow.add(Member(household_id=other.id, name="王大", id_number=FAMILY[0][2]))
    world.sync("b")
    county = str(world.root / "county.db")

    code, out, _ = run(capsys, "county", "duplicates", "--db", county)
    command = f"anju county merge-households {homes['a']} --keep-household {homes['b']} --db {county}"
    assert code == 0 and "整户重复（同一户登记了两次，共 1 对）" in out
    assert (
        f"幸福社区 3-1-0302（住户 {homes['b']}，户主 王大）与 幸福社区 3-1-302（住户 {homes['a']}），2 个证件号码相同"
        in out
    )
    assert command in out  # B's copy has the newborn: it is the one suggested to keep
    (twin,) = run_json(capsys, "county", "duplicates", "--db", county)["twins"]  # type: ignore[misc]
    assert (twin["keep"], twin["other"], twin["head"], twin["command"]) == (homes["b"], homes["a"], "王大", command)
    assert twin["id_numbers"] == sorted(number for *_, number in FAMILY)

    def refused(*args: str) -> tuple[str, str]:
        code, out, err = run(capsys, "county", "merge-households", *args, "--db", county, "--json")
        data = json.loads(out)
        assert code == 2 and data["ok"] is False and data["error_en"] and "Traceback" not in err, err
        assert err.startswith(f"错误：{data['error']}")
        return data["error"], data["error_en"]

    zh, _ = refused(other.id, "--keep-household", homes["a"])
    assert "不能整户合并" in zh and "anju county merge" in zh
    zh, en = refused("no-such-id", "--keep-household", homes["a"])
    assert zh.startswith("没有编号为 no-such-id 的住户") and en.startswith("No household with id no-such-id")
    zh, _ = refused(homes["a"], "--keep-household", homes["a"])
    assert zh.startswith("请选择两个不同的住户合并")

    code, out, _ = run(capsys, "county", "merge-households", homes["a"], "--keep-household", homes["b"], "--db",
                       county, "--note", "两站都导入了同一份花名册")  # fmt: skip
    said = f"已整户合并：保留 幸福社区 3-1-0302（住户 {homes['b']}），幸福社区 3-1-302（住户 {homes['a']}）已作废。"
    assert code == 0 and out.startswith(said + "合并 2 人；就业、走访和帮扶措施都转到保留的住户。")
    assert "有关的工作站会在下次回执中收到结果" in out
    voided = world.get("county", Household, homes["a"])
    assert voided.status == "作废" and "两站都导入了同一份花名册" in voided.void_reason
    assert live_members(world, "county", homes["b"]) == ["李二", "王大", "王小"]

    zh, _ = refused(homes["a"], "--keep-household", homes["b"])  # the second time: nothing to merge any more
    assert "已删除或已作废，不能合并" in zh
    code, out, _ = run(capsys, "county", "duplicates", "--db", county)
    assert code == 0 and "整户重复" not in out and "merge-households" not in out


def test_a_batch_imported_on_a_full_disk_says_so_and_can_be_imported_again(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    """The county's laptop has no room left: the import was a traceback (``OperationalError: database or disk is
    full``). It says so, nothing of the batch is applied, and the same file imports once there is room."""
    from tests.failing_drives import disk_full

    county = str(world.root / "county.db")
    with world.edit("a") as uow:
        for room in range(40):
            add_household(uow, world.site_id("S1"), room=f"{room:03d}", notes="在园区务工，" * 50)
    batch = world.export("a")
    before = world.count_history()
    with disk_full():
        code, out, err = run(capsys, "sync", "import", str(batch), "--db", county)
    assert code == 2 and err.startswith(
        f"错误：无法写入数据库“{county}”：磁盘已满。这一步没有保存，之前保存的数据都还在"
    )
    assert "Traceback" not in err and "OperationalError" not in err and "\nError: Cannot write to the database" in err
    assert world.count_history() == before and not list(world.stick.glob("*.return"))
    code, out, _ = run(capsys, "sync", "import", str(batch), "--db", county)
    assert code == 0 and "第 1 批：已应用" in out
