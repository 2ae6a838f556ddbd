"""修改记录: a household's history as a county clerk or a 站长 reads it — who changed what, and when — from real
databases: edited at a station, synced and edited at the county, imported from a roster, split (分户), a member
removed and brought back; in the editor (Ctrl+H) and on the command line (``anju history``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.editor import HouseholdEditor
from desktop.editor.history_view import HistoryDialog
from desktop.tasks import TaskRunner
from forms.commandline import command_actor
from forms.commands import register
from forms.excel.apply import ImportOptions
from forms.excel.commands import register as register_excel
from forms.excel.roster_import import import_roster
from forms.household_history import HistoryLine, HouseholdHistory, household_history
from forms.idnumber import make_ric
from forms.import_marks import PREFIX
from forms.questionnaire import load_active
from forms.records import Employment, Household, Member, Setting, Site
from forms.splitting import Destination, split_household
from forms.store import Store
from forms.users import Account, create_user
from tests.factories import add_household, add_member, add_site, sheet_file
from tests.in_process_cli import run_in_process
from tests.test_editor import shown_editor
from tests.test_sync_support import World
from tests.test_sync_support import add_household as add_world_household

pytest_plugins = ["tests.test_sync_support"]

TODAY = date(2026, 5, 20)
PASSWORD = "history-pw-1"
HEAD_ID = make_ric("530326", date(1972, 3, 1), 11)
NUMBER = "5303261012000000234"  # a 户编号


def history(store: Store, household_id: str, **options: object) -> HouseholdHistory:
    with store.engine.connect() as conn:
        found = household_history(conn, household_id, load_active(store), **options)  # type: ignore[arg-type]
    assert found is not None
    return found


def said(lines: list[HistoryLine]) -> list[str]:
    return [line.text() for line in lines]


# ---- at a station, at the county, and back --------------------------------------------------------------------------


def test_a_station_edit_synced_and_edited_at_the_county_reads_in_order_with_who_on_both_sides(world: World) -> None:
    """The county clerk sees the station's changes as the station's (with the worker's account), their own under their
    name; back at the station the county's change is 县里's and the 站长's own under his display name; at the other
    station serving the site, everything came through the county, with the account that made it."""
    create_user(world.a, "zhang", "张站长", "站长", PASSWORD)
    create_user(world.county, "clerk", "赵科长", "县级管理员", PASSWORD)
    with world.edit("a") as uow:
        home = add_world_household(uow, world.site_id("S1"), room="101", members=1)
    with world.edit("a") as uow:
        found = uow.get(Household, home.id)
        assert found is not None
        found.phone = "13812345678"
    world.sync("a")
    with world.county.unit_of_work("clerk") as uow:
        found = uow.get(Household, home.id)
        assert found is not None
        found.room = "102"

    at_county = said(history(world.county, home.id).lines)
    assert "赵科长  修改 户信息：门牌号：101 → 102" in at_county[0]
    assert "者海镇工作站（zhang）  修改 户信息：户联系电话：13812345678" in at_county[1]
    assert all("者海镇工作站（zhang）  新增" in line for line in at_county[2:]), at_county
    assert {line.split("  新增 ")[1].split("：")[0] for line in at_county[2:]} == {"户信息", "成员 成员1010"}

    world.sync("a")
    at_station = said(history(world.a, home.id).lines)
    assert "县里（clerk）  修改 户信息：门牌号：101 → 102" in at_station[0]
    assert "张站长  修改 户信息：户联系电话：13812345678" in at_station[1]
    assert all("张站长  新增" in line for line in at_station[2:])
    assert history(world.a, home.id).title == ("1栋1单元102（户主 成员1010）", "1栋1单元102 (head 成员1010)")

    world.sync("b")  # station B serves the same site: it receives the household as the county has it
    at_b = said(history(world.b, home.id).lines)
    assert [line.split("  ", 1)[1].split("：")[0] for line in at_b] == ["县里  收到 成员 成员1010", "县里  收到 户信息"]
    assert "门牌号：102；户联系电话：13812345678" in at_b[1]  # as the county has it: B never saw it otherwise


# ---- a roster import ------------------------------------------------------------------------------------------------


def roster(path: Path, *rows: list[object]) -> Path:
    return sheet_file(
        path, ["户编号", "安置点名称", "姓名", "证件号码", "与户主关系", "劳动技能", "成员联系电话"], rows
    )


def test_what_a_roster_import_wrote_says_which_file_and_a_later_edit_says_who(store: Store, tmp_path: Path) -> None:
    create_user(store, "zhang", "张站长", "站长", PASSWORD)
    with store.unit_of_work("zhang") as uow:
        uow.add(Site(code="S01", name="幸福社区安置点"))
    line = ["HH-7", "幸福社区安置点", "张三", HEAD_ID, "户主", "普通劳动力", "13812345678"]
    path = roster(tmp_path / "三月名单.xlsx", line)
    import_roster(store, path, ImportOptions(actor="zhang", dry_run=True, on=TODAY))
    with store.engine.connect() as conn:  # a dry run leaves no entries, so no note of them
        assert not conn.execute(select(Setting.key).where(Setting.key.startswith(PREFIX))).all()
    import_roster(store, path, ImportOptions(actor="zhang", on=TODAY))
    with store.unit_of_work("zhang") as uow:
        person = uow.session.scalars(select(Member)).one()
        person.labour_skill = "技能劳动力"
        household_id = person.household_id

    lines = said(history(store, household_id).lines)
    assert lines[0].endswith("张站长  修改 成员 张三：劳动技能：普通劳动力 → 技能劳动力")
    assert len(lines) == 2 + 1  # the household and 张三 as imported, then the edit
    for imported in lines[1:]:
        assert "  导入 三月名单.xlsx（张站长）  新增 " in imported
    member = next(line for line in lines[1:] if "新增 成员 张三" in line)
    assert f"证件号码：{HEAD_ID}" in member  # whole in the app: the editor shows it whole to the same people
    assert "出生日期：1972年3月1日" in member


def test_a_command_line_import_under_an_account_name_shows_as_the_command_line_not_as_that_account(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``anju import-roster --user zhang`` asks no password: 修改记录 must not say 张站长 did it. Without --user the
    login name (which may be an account's too) is just as unproven. What 张站长 saves in the app stays his."""
    create_user(store, "zhang", "张站长", "站长", PASSWORD)
    with store.unit_of_work("zhang") as uow:
        uow.add(Site(code="S01", name="幸福社区安置点"))
    line = ["HH-7", "幸福社区安置点", "张三", HEAD_ID, "户主", "普通劳动力", "13812345678"]
    path = roster(tmp_path / "三月名单.xlsx", line)
    code, _, err = run_in_process(
        register_excel, "import-roster", str(path), "--db", str(store.path), "--user", "zhang"
    )
    assert code == 0, err
    monkeypatch.setenv("USERNAME", "zhang")  # the laptop's Windows login, named as the 站长's account
    other = roster(tmp_path / "四月名单.xlsx", [*line[:5], "技能劳动力", "13812345678"])
    code, _, err = run_in_process(register_excel, "import-roster", str(other), "--db", str(store.path))
    assert code == 0, err
    with store.unit_of_work("zhang") as uow:  # as the editor saves (`desktop.editor.storage`), logged in
        person = uow.session.scalars(select(Member)).one()
        person.phone = "13900001111"
        household_id = person.household_id

    lines = said(history(store, household_id).lines)
    assert "  张站长  修改 成员 张三：成员联系电话：13812345678 → 13900001111" in lines[0]
    assert "  命令行导入 四月名单.xlsx（zhang）  修改 成员 张三：劳动技能：普通劳动力 → 技能劳动力" in lines[1]
    assert all("  命令行导入 三月名单.xlsx（zhang）  新增 " in imported for imported in lines[2:]), lines
    assert not any("张站长" in shown for shown in lines[1:])
    code, out, _ = anju("history", "--db", str(store.path), "--household", "HH-7", "--json")
    assert code == 0 and [e["who"] for e in json.loads(out)["entries"]][:2] == [
        "张站长",
        "命令行导入 四月名单.xlsx（zhang）",
    ]


def test_a_command_line_change_synced_to_the_county_is_marked_there_too(world: World) -> None:
    create_user(world.a, "zhang", "张站长", "站长", PASSWORD)
    with world.a.unit_of_work(command_actor("zhang")) as uow:  # as ``anju import-roster --user zhang`` writes
        home = add_world_household(uow, world.site_id("S1"), room="101", members=1)
    with world.edit("a") as uow:
        found = uow.get(Household, home.id)
        assert found is not None
        found.phone = "13812345678"
    world.sync("a")
    at_county = said(history(world.county, home.id).lines)
    assert "者海镇工作站（命令行：zhang）  新增 户信息" in "".join(at_county)
    assert "者海镇工作站（zhang）  修改 户信息：户联系电话" in at_county[0]  # the app's edit: as before


# ---- 分户, and a member removed and brought back ------------------------------------------------------------------


@pytest.fixture
def family(store: Store) -> dict[str, str]:
    create_user(store, "li", "李采集", "采集员", PASSWORD)
    ids: dict[str, str] = {}
    with store.unit_of_work("li") as uow:
        site = add_site(uow)
        home = add_household(uow, site, building="3", unit="2", room="301", status="草稿")
        ids["户"], ids["site"] = home.id, site.id
        for name, relation in (("张三", "户主"), ("李四", "配偶"), ("张小", "之子"), ("王芳", "之儿媳")):
            ids[name] = add_member(uow, home, name=name, relation=relation).id
        uow.flush()
        ids["job"] = uow.add(Employment(member_id=ids["张小"], form="外出务工", start_month="2025-03")).id
    return ids


def test_a_split_shows_the_move_in_each_household_and_what_came_after_only_in_the_new_one(
    store: Store, family: dict[str, str]
) -> None:
    where = Destination(family["site"], "3", "2", "302")
    done = split_household(
        store,
        "li",
        family["户"],
        [family["张小"], family["王芳"]],
        family["张小"],
        where,
        collector="李采集",
        today=TODAY,
    )
    with store.unit_of_work("li") as uow:
        job = uow.get(Employment, family["job"])
        assert job is not None
        job.end_month = "2026-04"
    with store.unit_of_work("li") as uow:
        son = uow.get(Member, family["张小"])
        assert son is not None
        son.phone = "13900001111"

    old = said(history(store, family["户"]).lines)
    moved = "李采集  迁出本户 成员 张小：所属户：本户 → 户 3栋2单元302（户主 张小）；与户主关系：之子 → 户主"
    assert any(moved in x for x in old), old
    assert not any("13900001111" in x or "2026年4月" in x for x in old)  # his life after he left: not this household's
    assert any("新增 张小的就业 外出务工 2025-03" in x for x in old)  # his job while he lived here is

    new = said(history(store, done.new_id).lines)
    assert "李采集  修改 成员 张小：成员联系电话：13900001111" in new[0]
    assert "李采集  修改 张小的就业 外出务工 2025-03：结束时间：2026年4月" in new[1]
    assert any("迁入本户 成员 张小：所属户：户 3栋2单元301（户主 张三） → 本户" in x for x in new)
    assert "李采集  新增 户信息：" in new[-1]
    assert not any("新增 成员 张小" in x for x in new)  # added to the old household, not this one


def test_a_member_removed_and_brought_back_reads_as_both_with_who_did_each(
    store: Store, family: dict[str, str]
) -> None:
    create_user(store, "wang", "王站长", "站长", PASSWORD)
    with store.unit_of_work("li") as uow:
        wife = uow.get(Member, family["李四"])
        assert wife is not None
        wife.left_reason = "婚出"
        uow.delete(wife)
    with store.unit_of_work("wang") as uow:
        wife = uow.get(Member, family["李四"])
        assert wife is not None
        wife.deleted_at, wife.left_reason = None, None

    lines = said(history(store, family["户"]).lines)
    assert "王站长  恢复 成员 李四：减员原因：婚出 → " in lines[0]
    assert "李采集  减员（婚出） 成员 李四：减员原因：婚出" in lines[1]
    assert lines[0].split("  ")[0] >= lines[1].split("  ")[0]  # newest first


def test_a_long_history_comes_a_page_at_a_time_newest_first(store: Store, family: dict[str, str]) -> None:
    for n in range(25):
        with store.unit_of_work("li") as uow:
            home = uow.get(Household, family["户"])
            assert home is not None
            home.notes = f"第 {n} 次"
    first = history(store, family["户"], limit=10)
    second = history(store, family["户"], offset=10, limit=10)
    assert first.total == second.total == 25 + 6  # the household, four members, a job
    assert "备注：第 23 次 → 第 24 次" in first.lines[0].text()
    assert [x.seq for x in first.lines + second.lines] == sorted({x.seq for x in first.lines + second.lines})[::-1]


# ---- the editor -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["采集员", "站长", "县级管理员"])
def test_ctrl_h_in_the_editor_shows_the_history_to_every_role(
    qtbot: QtBot, store: Store, runner: TaskRunner, family: dict[str, str], role: str, tmp_path: Path
) -> None:
    """The editor's delete question promises the record "会保留在修改记录中"; there was no 修改记录 to look in."""
    with store.unit_of_work("li") as uow:
        home = uow.get(Household, family["户"])
        assert home is not None
        home.status = "已审核" if role == "采集员" else "草稿"  # approved: read-only for the 采集员, still readable
    account = Account("li", "李采集", role)  # type: ignore[arg-type]
    with shown_editor(qtbot, store, runner, account) as editor:
        _open(qtbot, editor, family["户"])
        field = next(w for w in editor.findChildren(QLineEdit) if w.isVisible() and w.isEnabled())
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: editor.findChild(HistoryDialog, "history_dialog") is not None, timeout=10_000)
        dialog = editor.findChild(HistoryDialog, "history_dialog")
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
        cells = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(dialog.table.rowCount())]
        assert ["李采集", "新增", "成员 张三"] in [row[1:4] for row in cells]
        assert any(row[3] == "户信息" and "门牌号：301" in row[4] for row in cells)
        assert "3栋2单元301（户主 张三）" in dialog.heading.text()
        assert not dialog.more.isVisible()
        if role == "站长":
            dialog.resize(900, 420)
            QApplication.processEvents()
            dialog.grab().save(str(tmp_path / "history.png"))
        dialog.close()


def _open(qtbot: QtBot, editor: HouseholdEditor, household_id: str) -> None:
    with qtbot.waitSignal(editor.opened, timeout=10_000):
        editor.open(household_id)


# ---- the command line -----------------------------------------------------------------------------------------------


def anju(*argv: str) -> tuple[int, str, str]:
    return run_in_process(register, *argv)


def test_anju_history_by_household_number_masks_id_numbers_unless_asked(store: Store, family: dict[str, str]) -> None:
    with store.unit_of_work("li") as uow:
        home = uow.get(Household, family["户"])
        assert home is not None
        home.hh_number = NUMBER
    with store.unit_of_work("li") as uow:
        head = uow.get(Member, family["张三"])
        assert head is not None
        head.id_number = HEAD_ID
    code, out, err = anju("history", "--db", str(store.path), "--household", NUMBER)
    assert code == 0, err
    heading, newest, *_ = out.splitlines()
    assert heading.startswith("3栋2单元301（户主 张三） 的修改记录，最新的在前，共 8 条；证件号码已脱敏")
    assert f"李采集  修改 成员 张三：证件号码：5303**********{HEAD_ID[-4:]}" in newest
    assert HEAD_ID not in out
    code, out, _ = anju("history", "--db", str(store.path), "--household", NUMBER, "--full-ids", "--json")
    data = json.loads(out)
    assert code == 0 and data["total"] == 8 and data["entries"][0]["who"] == "李采集"
    assert data["entries"][0]["changes"][0]["new"] == HEAD_ID
    code, _, err = anju("history", "--db", str(store.path), "--household", "nope")
    assert code == 2 and "没有户编号为“nope”的住户" in err
