"""What a county clerk reads in ``anju county`` and on the county's pages, in her first month: the questionnaire's words
for a conflict's field, 中文 status words, local times, sites by name, and one return file per batch on the stick.
Real county and station databases, real batch and return files."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.cli import main
from desktop.county.stations_page import StationsPage
from desktop.sync_page import SyncPage
from desktop.tasks import TaskRunner
from forms.records import Household
from forms.shown_time import local_time
from tests.test_sync_scenarios import shared_household
from tests.test_sync_support import CLERK, World, add_household, edit_at_both

pytest_plugins = ["tests.test_sync_support"]

#: A stored time as it was printed: UTC, with the T of ISO 8601.
RAW_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_conflicts_and_the_review_queue_are_listed_in_the_questionnaires_words(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line printed ``[open] … households phone: 县里="139…" 工作站…=null`` and ``[草稿] conflict``."""
    household_id = shared_household(world, phone="13800000000")
    edit_at_both(world, Household, household_id, "phone", ("13911111111", "13922222222"))
    edit_at_both(world, Household, household_id, "building", ("3", None))
    county = str(world.root / "county.db")

    listed = run(capsys, "county", "conflicts", "--db", county).splitlines()
    assert len(listed) == 2
    phone, building = listed
    said = "[待处理] 幸福社区 3-1-302 住户信息 · 户联系电话：县里 “13911111111”，工作站“娜姑镇工作站” “13922222222”"
    assert said in phone
    assert "住户信息 · 楼栋：" in building and building.endswith("“3”，工作站“娜姑镇工作站” （空）")
    for word in ("households", "phone", "open", "null"):
        assert word not in "\n".join(listed), word
    (first, _) = json.loads(run(capsys, "county", "conflicts", "--db", county, "--json"))["conflicts"]
    assert (first["field"], first["field_label"], first["field_label_en"]) == ("phone", "户联系电话", "Household phone")

    (queued,) = run(capsys, "county", "review", "--db", county).splitlines()
    assert queued.startswith(f"{household_id} 幸福社区 3-1-302 [草稿] 有冲突，") and "conflict" not in queued


def test_the_stations_list_names_sites_and_batches_in_local_time(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    """``安置点 S1,S3；最近第 1 批，已应用到变更 3，最近导入 2026-11-30T13:05``: codes, a change number the clerk
    cannot tell from an import's "已应用 3 条变更", and a UTC time."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    world.sync("a")
    county = str(world.root / "county.db")

    lines = run(capsys, "county", "stations", "--db", county).splitlines()
    listed = {line.split("（")[0]: line for line in lines}
    (zhehai,) = [s for s in json.loads(run(capsys, "county", "stations", "--db", county, "--json"))["stations"]
                 if s["name"] == "者海镇工作站"]  # fmt: skip
    line = listed["者海镇工作站"]
    assert "安置点 幸福社区（S1）、阳光小区（S3）；" in line
    assert f"已收到第 1 批及以前各批（最近导入 {local_time(zhehai['last_import_at'])}）" in line
    assert f"最近回执 {local_time(zhehai['last_return_at'])}" in line
    assert "已应用到变更" not in line and not RAW_TIME.search("\n".join(lines))
    assert "尚未送来批次" in listed["娜姑镇工作站"]
    assert zhehai["site_names"] == ["幸福社区", "阳光小区"] and zhehai["cursor"] > 0  # scripts keep the numbers

    batch = sorted(world.stick.glob("anju-者海镇工作站-0001-*.batch"))[0]
    again = run(capsys, "sync", "import", str(batch), "--db", county)
    assert "导入过，本次未作任何更改" in again and not RAW_TIME.search(again)
    status = run(capsys, "sync", "status", "--db", str(world.root / "a.db"))
    assert "最近导出" in status and not RAW_TIME.search(status)


def test_a_batch_imported_again_leaves_one_return_file_for_it_on_the_stick(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    """Importing the same batch twice wrote anju-…-0001-DAY-2.return beside the first; the 站长 did not know which
    to import. The later one (it holds all the first did, and what the county decided since) takes its place."""
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"))
    batch = world.export("a")
    county = str(world.root / "county.db")

    first = json.loads(run(capsys, "sync", "import", str(batch), "--db", county, "--json"))
    (written,) = [Path(p) for p in first["returns"]]
    assert first["returns_replaced"] == []
    # The same batch's return file from an earlier day, as an older Anju named a second copy, and a stranger's file
    # that only looks like one (it is the batch itself): the first is replaced, the other left alone.
    older = written.with_name(re.sub(r"-\d{8}\.return$", "-20261101-2.return", written.name))
    shutil.copyfile(written, older)
    stranger = written.with_name(re.sub(r"-\d{8}\.return$", "-20261102.return", written.name))
    shutil.copyfile(batch, stranger)

    run(capsys, "county", "return", household.id, "--db", county, "--comment", "请补充电话")
    said = run(capsys, "sync", "import", str(batch), "--db", county)
    assert "导入过，本次未作任何更改" in said
    assert f"已重写回执：{written}（它取代了U盘上" in said and "工作站导入这一个即可" in said
    returns = sorted(p.name for p in world.stick.glob("anju-者海镇工作站-0001-*.return"))
    assert returns == sorted([written.name, stranger.name])

    # 写出回执 after reviewing takes the same place; the station imports the one file and has the county's comment.
    said = run(capsys, "county", "return-file", "--db", county, "--station", "者海镇工作站", "--out", str(world.stick))
    assert said.startswith(f"已重写回执：{written}") and "条记录" in said
    assert sorted(p.name for p in world.stick.glob("anju-者海镇工作站-0001-*.return")) == returns
    imported = run(capsys, "sync", "import", str(written), "--db", str(world.root / "a.db"))
    assert "已导入县里的回执" in imported
    assert world.get("a", Household, household.id).status == "退回"


def test_the_county_sync_log_names_each_return_file_written(qtbot: QtBot, world: World, runner: TaskRunner) -> None:
    """The 同步 page's log showed — as the file of every 写出回执 row."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    report, _ = world.sync("a")
    ((written, _made),) = report.returns

    page = SyncPage(world.county, runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.overview is not None and page.log.rowCount() == 2, timeout=5000)
    (batch,) = world.stick.glob("*.batch")
    rows = {page.log.item(r, 1).text(): page.log.item(r, 6).text() for r in range(page.log.rowCount())}
    assert rows == {"导入批次": batch.name, "写出回执": written.name}


def test_the_stations_page_names_the_sites_each_station_serves(qtbot: QtBot, world: World, runner: TaskRunner) -> None:
    page = StationsPage(world.county, runner, account=CLERK)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=5000)
    sites = {page.table.item(r, 0).text(): page.table.item(r, 1) for r in range(2)}
    assert sites["者海镇工作站"].text() == "幸福社区、阳光小区"
    assert sites["者海镇工作站"].toolTip() == "安置点代码：S1、S3"
    assert sites["娜姑镇工作站"].text() == "幸福社区、新村"
