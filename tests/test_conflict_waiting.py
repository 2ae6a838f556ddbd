"""A station's edit that clashed with the county's: the station is told while the county decides.

The station worker changed 户联系电话 while the county's clerk had changed it too. The merge kept the county's number
in a conflict for the clerk, and the return file brought that number back, over the worker's, without a word: the
worker saw their correction undone and typed it again. Now the import says how many of the station's changes wait
for the county (冲突待县里处理), the household's editor shows both numbers, and the settled news takes over once the
clerk decides.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.editor import HouseholdEditor
from desktop.sync_page import SyncPage
from desktop.tasks import TaskRunner
from forms.records import Household
from sync.county_conflicts import list_conflicts, resolve_conflict
from sync.county_return import write_return_file
from sync.return_file import ReturnManifest, build_return_payload, read_return_payload
from sync.station_apply import ReturnOutcome
from tests.test_editor import TODAY, ZHANG, open_household
from tests.test_sync_support import World
from tests.test_sync_support import add_household as add_world_household

pytest_plugins = ["tests.test_sync_support"]

PHONE_THEN, PHONE_COUNTY, PHONE_STATION = "13800000000", "13911111111", "13922222222"


def _clash_at_the_county(world: World) -> tuple[str, Path]:
    """Station A's household at S3 (A alone serves it); the clerk and then A's worker change its phone; A's batch
    is merged at the county, which writes the return file (not yet taken to the station)."""
    with world.edit("a") as uow:
        household = add_world_household(uow, world.site_id("S3"), room="302", phone=PHONE_THEN)
    world.sync("a")
    with world.edit("county") as uow:
        uow.get(Household, household.id).phone = PHONE_COUNTY
    with world.edit("a") as uow:
        uow.get(Household, household.id).phone = PHONE_STATION
    report = world.county_import(world.export("a"))
    (path, _made), *_ = report.returns
    return household.id, path


def _clash_on_the_phone(world: World) -> tuple[str, ReturnOutcome]:
    household_id, path = _clash_at_the_county(world)
    return household_id, world.station_import("a", path)


def _banner(qtbot: QtBot, world: World, household_id: str) -> str:
    tasks = TaskRunner()
    editor = HouseholdEditor(world.a, tasks, ZHANG, today=TODAY)
    qtbot.addWidget(editor)
    open_household(qtbot, editor, household_id)
    said = editor.banner.text() if editor.banner.isVisibleTo(editor) else ""
    tasks.wait()
    return said


def test_the_import_says_the_stations_change_waits_for_the_county(world: World) -> None:
    """The county's number replaces the worker's at the station (the county keeps it until the clerk decides): the
    import says so, in both languages, naming no value (the message goes to the sync log)."""
    household_id, outcome = _clash_on_the_phone(world)
    assert world.get("a", Household, household_id).phone == PHONE_COUNTY
    assert outcome.waiting == 1
    zh, en = outcome.message()
    assert "1 处本站的修改与县里的修改冲突，冲突待县里处理" in zh, zh
    assert "显示县里保留的值" in zh and "不必重新填写" in zh, zh
    assert "1 of this station's changes clash" in en and "the county's value is shown" in en, en
    assert PHONE_STATION not in zh + en and PHONE_COUNTY not in zh + en


def test_the_sync_page_says_the_change_waits(qtbot: QtBot, world: World, runner: TaskRunner) -> None:
    _household_id, path = _clash_at_the_county(world)
    page = SyncPage(world.a, runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.overview is not None, timeout=5000)
    page.import_returns([path])
    qtbot.waitUntil(lambda: "已导入县里的回执" in page.notice.text(), timeout=10_000)
    assert "1 处本站的修改与县里的修改冲突，冲突待县里处理" in page.notice.text(), page.notice.text()
    assert PHONE_COUNTY not in page.notice.text()


def test_the_editor_shows_both_values_until_the_clerk_decides_then_the_decision(qtbot: QtBot, world: World) -> None:
    household_id, _outcome = _clash_on_the_phone(world)
    said = _banner(qtbot, world, household_id)
    assert "“户联系电话”" in said and "冲突待县里处理" in said, said
    assert f"本站改为 {PHONE_STATION}" in said and f"暂时显示县里的值 {PHONE_COUNTY}" in said, said

    (conflict,) = list_conflicts(world.county)
    resolve_conflict(world.county, conflict.id, "station", "赵科长", note="电话已核实")
    path, _made = write_return_file(world.county, world.a.station_id, world.stick)
    outcome = world.station_import("a", path)
    assert outcome.waiting == 0 and "冲突待县里处理" not in outcome.message()[0]
    assert world.get("a", Household, household_id).phone == PHONE_STATION

    said = _banner(qtbot, world, household_id)
    assert "待县里处理" not in said, said
    assert said.startswith("县里处理了“户联系电话”的冲突（赵科长，") and "采用了本站的值" in said, said


def test_a_return_file_without_open_conflicts_still_reads(tmp_path: Path) -> None:
    """A return file from a county program before this one has no open_conflicts table: it reads, with nothing said
    about waiting conflicts (None, not 0: the station does not know)."""
    manifest = ReturnManifest("c", "县", "s", 0, 0, False, 0, 0, "0001", "1.0", {}, 0, "2026-01-01T00:00:00")
    payload = build_return_payload(manifest, [], [], {}, [{"id": 7, "status": "open"}])
    assert read_return_payload(payload, "new.return").open_conflicts == [{"id": 7, "status": "open"}]
    conn = sqlite3.connect(":memory:")
    conn.deserialize(payload)
    conn.execute("DROP TABLE open_conflicts")
    older = conn.serialize()
    conn.close()
    assert read_return_payload(older, "old.return").open_conflicts is None
