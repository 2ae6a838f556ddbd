"""During an upgrade rollout the county sees which Anju each station runs: recorded from every batch that arrives
(by USB and online), shown in ``anju county stations`` and on the 工作站 page, where a station behind the county is
marked 需升级 with the county's version and one not heard from since the county upgraded is 未知, not up to date."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.cli import main
from desktop.county.stations_page import StationsPage
from desktop.tasks import TaskRunner
from forms.records import Household
from forms.schema import HEAD_REVISION, alembic_config, read_revision
from forms.store import Store, make_engine
from forms.users import Account
from forms.version import APP_VERSION
from sync import outbox
from sync.county_stations import BEHIND, CURRENT, UNKNOWN, StationInfo, list_stations
from sync.http_client import push
from tests.test_server_support import LiveServer, OnlineWorld
from tests.test_sync_support import World, add_household

pytest_plugins = ["tests.test_sync_support", "tests.test_server_support"]

ZHEHAI, NAGU = "者海镇工作站", "娜姑镇工作站"  # stations a and b of the test county
OLD = "0.2.0"  # the Anju a station not yet upgraded runs


def stations(store: Store) -> dict[str, StationInfo]:
    return {s.name: s for s in list_stations(store)}


def export_as(world: World, who: str, version: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A batch as the station's Anju ``version`` writes it (only its manifest's ``app_version`` differs)."""
    with monkeypatch.context() as patched:
        patched.setattr(outbox, "APP_VERSION", version)
        with world.edit(who) as uow:
            add_household(uow, world.site_id("S1"), room=f"{version}-{who}")
        return world.export(who)


def county_stations(capsys: pytest.CaptureFixture[str], county: Store) -> str:
    assert main(["county", "stations", "--db", str(county.location)]) == 0
    out: str = capsys.readouterr().out
    return out


def test_a_usb_batch_records_the_stations_anju_and_the_list_says_who_needs_the_installer(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old_batch = export_as(world, "a", OLD, monkeypatch)
    assert not world.county_import(old_batch).refused
    listed = stations(world.county)
    assert (listed[ZHEHAI].app_version, listed[ZHEHAI].standing) == (OLD, BEHIND)
    assert (listed[NAGU].app_version, listed[NAGU].standing) == (None, UNKNOWN)  # never heard from: not up to date

    out = county_stations(capsys, world.county)
    zhehai_line = next(line for line in out.splitlines() if line.startswith(ZHEHAI))
    assert f"安居 {OLD}，需升级到 {APP_VERSION}" in zhehai_line
    assert f"需升级到安居 {APP_VERSION}（请带安装程序去）：{ZHEHAI}" in out
    assert f"安居版本未知（县里升级后还没收到它们的批次，可能仍需升级）：{NAGU}" in out

    # Someone brought 者海镇 the installer: its next batch says so.
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="upgraded")
    assert not world.county_import(world.export("a")).refused
    assert (stations(world.county)[ZHEHAI].app_version, stations(world.county)[ZHEHAI].standing) == (
        APP_VERSION,
        CURRENT,
    )
    # An old stick imported late names the version the station ran then, not the one it runs now.
    world.county_import(old_batch)
    assert stations(world.county)[ZHEHAI].app_version == APP_VERSION
    out = county_stations(capsys, world.county)
    assert "需升级到安居" not in out and f"安居 {APP_VERSION}；" in out


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_online_exchange_records_the_stations_anju(
    online_world: OnlineWorld, live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    online_world.add_households("a", "S1", 1)
    monkeypatch.setattr(outbox, "APP_VERSION", OLD)
    assert push(online_world.a, url=live_server.url).record.outcome == "ok"
    assert stations(online_world.county)[ZHEHAI].app_version == OLD
    monkeypatch.undo()
    assert push(online_world.a, url=live_server.url).record.outcome == "ok"  # nothing to send: still answered
    assert stations(online_world.county)[ZHEHAI].standing == CURRENT


def test_a_county_database_with_stations_upgrades_and_shows_them_as_unknown(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A county as 0.2.0 left it, with a station's changes in it, opened by this program: nothing is lost, and no
    station passes for up to date before its next batch says so."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    world.sync("a")
    before = stations(world.county)[ZHEHAI]
    path = Path(world.county.location)
    world.county.close()
    engine = make_engine(path, foreign_keys=False)
    with engine.connect() as conn:
        command.downgrade(alembic_config(conn), "0008")
    engine.dispose()
    assert read_revision(path) == "0008"

    world.stores["county"] = Store.open(path, create=False)  # upgraded, with a copy kept first
    assert read_revision(path) == HEAD_REVISION and list(path.parent.glob("county.pre-upgrade-0008-*"))
    after = stations(world.county)[ZHEHAI]
    assert (after.cursor, after.last_batch, after.last_import_at) == (before.cursor, 1, before.last_import_at)
    assert (after.app_version, after.standing) == (None, UNKNOWN)
    assert world.count("county", Household) == 1
    assert not world.county_import(export_as(world, "a", OLD, monkeypatch)).refused
    assert stations(world.county)[ZHEHAI].standing == BEHIND


@pytest.fixture
def runner(world: World) -> Iterator[TaskRunner]:
    made = TaskRunner()
    yield made
    made.wait()


def test_the_stations_page_marks_the_station_behind_and_the_one_unknown(
    qtbot: QtBot, world: World, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not world.county_import(export_as(world, "a", OLD, monkeypatch)).refused
    page = StationsPage(world.county, runner, account=Account("clerk", "赵科长", "县级管理员"))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=5000)
    column = page.VERSION_COLUMN
    assert page.table.horizontalHeaderItem(column).text() == "安居版本"
    cells = {page.table.item(r, 0).text(): page.table.item(r, column) for r in range(2)}
    assert cells[ZHEHAI].text() == f"{OLD}（需升级到 {APP_VERSION}）"
    assert cells[ZHEHAI].foreground().color() == Qt.GlobalColor.darkRed
    assert f"带上 {APP_VERSION} 的安装程序" in cells[ZHEHAI].toolTip()
    assert cells[NAGU].text() == "未知" and "可能仍需升级" in cells[NAGU].toolTip()
    assert f"1 个需升级到安居 {APP_VERSION}，1 个安居版本未知。" in page.summary.text()
