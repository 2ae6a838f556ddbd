"""The station's background sync against a real server on 127.0.0.1: it pushes on a timer and on 立即同步, backs
off with jitter while the server is away, keeps the database runner free while the network is slow, and shows
online or offline, pending changes and the last sync; the sync log screen lists every exchange and, on failure,
what to do."""

from __future__ import annotations

import random
import re
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, insert, select, text

from desktop.online_sync import OFFLINE, ONLINE, UNCONFIGURED, OnlineSync, backoff_delay, read_info
from desktop.sync_log_page import AMBER, PAGE_ROWS, SyncLogPage, SyncStatusWidget, status_text
from desktop.sync_page import SyncPage
from desktop.tasks import TaskRunner
from forms.sync_records import SyncExchange
from tests.test_server_support import LiveServer, OnlineWorld
from tests.test_sync_support import add_household

pytest_plugins = ["tests.test_sync_support", "tests.test_server_support"]
# The station side: which database the county keeps does not matter here.
on_sqlite = pytest.mark.parametrize("backend", ["sqlite"])


@pytest.fixture
def runner(online_world: OnlineWorld) -> Iterator[TaskRunner]:
    made = TaskRunner()
    yield made
    made.wait()


def make_sync(qtbot: QtBot, world: OnlineWorld, runner: TaskRunner, url: str, **options: Any) -> OnlineSync:
    settings: dict[str, Any] = {"first_delay_s": 0.0, "rng": random.Random(7), **options}
    online = OnlineSync(world.a, runner, url=url, **settings)
    world.cleanup.append(online.stop)
    return online


def dead_url() -> str:
    """An address on 127.0.0.1 where nothing listens (connection refused at once)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_backoff_doubles_up_to_its_cap_with_jitter() -> None:
    rng = random.Random(1)
    for failures, ceiling in ((1, 15), (2, 30), (3, 60), (6, 480), (7, 600), (20, 600)):
        delays = [backoff_delay(failures, rng) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays), (failures, min(delays), max(delays))
        assert len({round(d, 3) for d in delays}) > 40  # jittered: stations that failed together spread out


@on_sqlite
def test_it_pushes_on_start_and_shows_online_pending_and_last_sync(
    qtbot: QtBot, online_world: OnlineWorld, live_server: LiveServer, runner: TaskRunner
) -> None:
    w = online_world
    changes = w.add_households("a", "S1", 3)
    online = make_sync(qtbot, w, runner, live_server.url)
    widget = SyncStatusWidget(online)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(online.exchanged, timeout=15000) as exchanged:
        online.start()
    record = exchanged.args[0]
    assert (record.outcome, record.trigger, record.sent) == ("ok", "timer", changes)
    status = online.status
    assert status.state == ONLINE and status.pending == 0 and status.last_sync_at == record.finished_at
    assert status.next_in_s == online.interval_s  # the next push after the normal interval
    assert "在线" in widget.label.text() and "待发送 0 条" in widget.label.text()
    assert w.pending("a") == 0 and w.county_state()[0] == changes

    # An edit shows as pending at the next refresh; 立即同步 sends it.
    w.add_households("a", "S3", 1, room=700)
    with qtbot.waitSignal(online.status_changed, check_params_cb=lambda s: s.pending == 4, timeout=5000):
        online.refresh()
    with qtbot.waitSignal(online.exchanged, timeout=15000) as exchanged:
        widget.button.click()
    assert exchanged.args[0].trigger == "manual" and exchanged.args[0].sent == 4
    assert online.status.pending == 0


@on_sqlite
def test_while_the_server_is_away_it_backs_off_and_comes_back_on_sync_now(
    qtbot: QtBot, online_world: OnlineWorld, runner: TaskRunner
) -> None:
    w = online_world
    w.add_households("a", "S1", 1)
    online = make_sync(qtbot, w, runner, dead_url(), base_delay_s=0.05, max_delay_s=0.2)
    seen: list[Any] = []
    online.exchanged.connect(seen.append)
    online.start()
    qtbot.waitUntil(lambda: len(seen) >= 4, timeout=15000)
    assert [r.outcome for r in seen[:4]] == ["offline"] * 4
    assert [r.trigger for r in seen[:4]] == ["timer", "retry", "retry", "retry"]
    assert online.status.state == OFFLINE and online.status.failures >= 4
    assert online.status.pending == 4 and online.status.last_sync_at is None
    text, _colour = status_text(online.status)
    assert "离线" in text and "后重试" in text
    assert "联网后会自动重试" in seen[0].message_zh and "USB" in seen[0].message_en

    server = LiveServer(w.county).start()
    w.cleanup.append(server.stop)
    online.url_override = server.url
    qtbot.waitUntil(lambda: not online.busy, timeout=10000)
    with qtbot.waitSignal(online.exchanged, check_params_cb=lambda r: r.outcome == "ok", timeout=15000):
        online.sync_now()
    assert online.status.state == ONLINE and online.status.failures == 0 and online.status.pending == 0


@on_sqlite
def test_a_slow_network_never_holds_up_the_database_runner_and_stop_cuts_it_short(
    qtbot: QtBot, online_world: OnlineWorld, runner: TaskRunner
) -> None:
    # A server that takes the connection and never answers.
    silent = socket.create_server(("127.0.0.1", 0))
    online_world.cleanup.append(silent.close)
    url = f"http://127.0.0.1:{silent.getsockname()[1]}"
    online = make_sync(qtbot, online_world, runner, url, io_timeout_s=30)
    online.sync_now()
    qtbot.waitUntil(lambda: online.network.busy, timeout=5000)  # the request is out, waiting on the network
    results: list[Any] = []
    runner.start(lambda _p: read_info(online_world.a), on_done=results.append)  # say, opening a household
    qtbot.waitUntil(lambda: bool(results), timeout=3000)
    assert online.busy  # the exchange is still waiting, and the database work went by

    started = time.monotonic()
    online.stop()
    assert time.monotonic() - started < 3  # abort() cut the request; no 30 s wait at exit
    qtbot.waitUntil(lambda: not online.busy, timeout=5000)
    assert online_world.exchanges("a")[-1].outcome == "offline"


@on_sqlite
def test_sync_now_while_one_runs_queues_exactly_one_more(
    qtbot: QtBot, online_world: OnlineWorld, live_server: LiveServer, runner: TaskRunner
) -> None:
    online = make_sync(qtbot, online_world, runner, live_server.url)
    seen: list[Any] = []
    online.exchanged.connect(seen.append)
    online.sync_now()
    online.sync_now()
    online.sync_now()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=15000)
    qtbot.wait(300)
    assert [r.trigger for r in seen] == ["manual", "manual"] and len(seen) == 2


@on_sqlite
def test_a_station_whose_database_cannot_be_written_is_told_why(
    qtbot: QtBot, online_world: OnlineWorld, live_server: LiveServer, runner: TaskRunner
) -> None:
    """The station's own disk refused the county's reply (full, or a write-protected stick): the log said
    同步时出现意外错误（DiskRefused(…)）, a program error to report, not the full disk to clear."""
    from tests.failing_drives import read_only

    online_world.add_households("a", "S1", 1)
    online = make_sync(qtbot, online_world, runner, live_server.url)
    with read_only(online_world.a.engine), qtbot.waitSignal(online.exchanged, timeout=15000) as exchanged:
        online.start()
    record = exchanged.args[0]
    assert record.outcome == "failed" and "意外错误" not in record.message_zh
    assert record.message_zh.startswith(f"无法写入数据库“{online_world.a.path}”：数据库文件或所在的文件夹是只读的")
    assert "之前保存的数据都还在" in record.message_zh and record.message_en.startswith("Cannot write to the database")


@on_sqlite
def test_a_refusal_is_shown_and_retried_only_at_the_normal_pace(
    qtbot: QtBot, online_world: OnlineWorld, live_server: LiveServer, runner: TaskRunner
) -> None:
    with online_world.county.engine.begin() as conn:
        conn.execute(text("UPDATE sync_stations SET id = 'station-gone' WHERE name = '者海镇工作站'"))
    online = make_sync(qtbot, online_world, runner, live_server.url)
    with qtbot.waitSignal(online.exchanged, timeout=15000) as exchanged:
        online.start()
    record = exchanged.args[0]
    assert (record.outcome, record.http_status) == ("refused", 403)
    assert "请联系县里" in record.message_zh
    status = online.status
    assert status.state == ONLINE and status.last_outcome == "refused" and status.failures == 0
    assert status.next_in_s == online.interval_s
    assert "被拒绝" in status_text(status)[0]


@on_sqlite
def test_a_station_without_a_server_says_so_and_does_not_try(
    qtbot: QtBot, online_world: OnlineWorld, runner: TaskRunner
) -> None:
    with online_world.a.engine.begin() as conn:
        conn.execute(text("UPDATE sync_identity SET server_url = NULL"))
    online = OnlineSync(online_world.a, runner, first_delay_s=0.0)
    online_world.cleanup.append(online.stop)
    widget = SyncStatusWidget(online)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(online.status_changed, check_params_cb=lambda s: s.state == UNCONFIGURED, timeout=5000):
        online.start()
    online.sync_now()
    qtbot.wait(200)
    assert not online.busy and online_world.exchanges("a") == []
    assert "未设置服务器" in widget.label.text() and not widget.button.isEnabled()


@on_sqlite
def test_the_sync_log_lists_every_exchange_with_what_to_do(
    qtbot: QtBot, online_world: OnlineWorld, live_server: LiveServer, runner: TaskRunner
) -> None:
    w = online_world
    w.add_households("a", "S1", 1)
    online = make_sync(qtbot, w, runner, dead_url())
    page = SyncLogPage(w.a, runner, online)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(online.exchanged, timeout=15000):
        online.sync_now()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.model.data(page.model.index(0, page.model.OUTCOME)) == "未连接"
    assert "联网后会自动重试" in page.detail.text() and "export to a USB stick" in page.detail.text()

    online.url_override = live_server.url
    with qtbot.waitSignal(online.exchanged, timeout=15000):
        online.sync_now()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    model = page.model
    assert [model.data(model.index(r, model.OUTCOME)) for r in range(2)] == ["成功", "未连接"]  # newest first
    assert model.data(model.index(0, model.SENT)) == "4"
    assert "已与县里同步" in page.detail.text()
    assert "县里服务器" in page.server_line.text() and live_server.url in page.server_line.text()


@on_sqlite
@pytest.mark.parametrize("extra", [PAGE_ROWS - 2, 2 * PAGE_ROWS + 48])
def test_the_log_pages_through_many_exchanges(
    qtbot: QtBot, online_world: OnlineWorld, runner: TaskRunner, extra: int
) -> None:
    row = {
        "started_at": "2026-11-29T08:00:00.000000Z",
        "finished_at": "2026-11-29T08:00:01.000000Z",
        "trigger": "timer",
        "outcome": "offline",
        "sent": 0,
        "received": 0,
        "updated": 0,
        "message_zh": "无法连接",
        "message_en": "offline",
    }
    with online_world.a.engine.begin() as conn:
        conn.execute(insert(SyncExchange), [dict(row) for _ in range(extra + 2)])
    total = extra + 2
    online = OnlineSync(online_world.a, runner, url="http://127.0.0.1:9")
    page = SyncLogPage(online_world.a, runner, online)
    qtbot.addWidget(page)
    model = page.model
    model.reload()
    qtbot.waitUntil(lambda: model.rowCount() == min(total, PAGE_ROWS), timeout=5000)
    while model.canFetchMore():
        model.fetchMore()
        qtbot.waitUntil(lambda: not model.loading, timeout=5000)
    assert model.rowCount() == total
    ids = [r.id for r in model.rows]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == total  # no row twice, none missing


@on_sqlite
def test_the_last_sync_is_the_newest_exchange_even_when_the_clock_was_once_ahead(
    qtbot: QtBot, online_world: OnlineWorld, live_server: LiveServer, runner: TaskRunner
) -> None:
    # An earlier sync made while the laptop's clock was a year ahead (a flat CMOS battery, a wrong date set by hand).
    row = {
        "started_at": "2027-12-01T03:00:00.000000Z",
        "finished_at": "2027-12-01T03:00:02.000000Z",
        "trigger": "timer",
        "outcome": "ok",
        "sent": 0,
        "received": 0,
        "updated": 0,
        "message_zh": "已与县里同步",
        "message_en": "synced",
    }
    with online_world.a.engine.begin() as conn:
        conn.execute(insert(SyncExchange).values(**row))
    online = make_sync(qtbot, online_world, runner, live_server.url)
    widget = SyncStatusWidget(online)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(online.exchanged, timeout=15000) as exchanged:
        online.start()
    record = exchanged.args[0]
    assert record.outcome == "ok"
    assert online.status.last_sync_at == record.finished_at  # as the sync log's newest row says
    assert "2027" not in widget.label.text()


@on_sqlite
def test_the_usb_screen_lists_the_usb_files_not_the_online_exchanges(
    qtbot: QtBot, online_world: OnlineWorld, live_server: LiveServer, runner: TaskRunner, tmp_path: Any
) -> None:
    """Every online sync logs a push and its answer; dozens a day would push the USB files a station admin looks
    for off the 同步 screen's list. 同步记录 lists the online exchanges."""
    from sync.outbox import export_batch

    online_world.add_households("a", "S1", 1)
    online = make_sync(qtbot, online_world, runner, live_server.url)
    with qtbot.waitSignal(online.exchanged, timeout=15000):
        online.sync_now()
    online_world.add_households("a", "S1", 1)
    export_batch(online_world.a, tmp_path)
    page = SyncPage(online_world.a, runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.log.rowCount() >= 1, timeout=5000)
    assert [page.log.item(r, 1).text() for r in range(page.log.rowCount())] == ["导出批次"]


@on_sqlite
def test_the_offline_line_counts_down_to_the_next_attempt(
    qtbot: QtBot, online_world: OnlineWorld, runner: TaskRunner
) -> None:
    online = make_sync(qtbot, online_world, runner, dead_url(), base_delay_s=8.0, max_delay_s=8.0)
    widget = SyncStatusWidget(online)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(online.exchanged, timeout=15000):
        online.start()

    def seconds_left() -> int:
        match = re.search(r"离线，(\d+) 秒 后重试", widget.label.text())
        assert match, widget.label.text()
        return int(match.group(1))

    first = seconds_left()  # 4 to 8 s: the back-off after one failure
    qtbot.wait(2500)
    with qtbot.waitSignal(online.status_changed, timeout=5000):
        online.refresh()  # what the pending-count timer does every 30 s
    assert online.busy is False and seconds_left() <= first - 2  # not the same "8 秒后重试" for as long as it waits


@on_sqlite
def test_a_busy_county_server_is_not_shown_as_offline(
    qtbot: QtBot, online_world: OnlineWorld, runner: TaskRunner
) -> None:
    """The server answers 503 while a clerk's big USB import holds the county database: the network is fine, so
    the station must not send its staff to check the network."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Busy(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get("content-length") or 0))
            body = json.dumps({"code": "busy", "error_zh": "县级数据库正忙。", "error_en": "The database is busy."})
            self.send_response(503)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body.encode())))
            self.end_headers()
            self.wfile.write(body.encode())

        do_GET = do_POST = do_PUT = do_HEAD = _answer

        def log_message(self, *_args: Any) -> None:
            pass

    busy = ThreadingHTTPServer(("127.0.0.1", 0), Busy)
    threading.Thread(target=busy.serve_forever, daemon=True).start()
    online_world.cleanup.append(busy.shutdown)
    online_world.add_households("a", "S1", 1)
    online = make_sync(qtbot, online_world, runner, f"http://127.0.0.1:{busy.server_port}", base_delay_s=30)
    with qtbot.waitSignal(online.exchanged, timeout=15000) as exchanged:
        online.start()
    record = exchanged.args[0]
    assert (record.outcome, record.http_status) == ("failed", 503) and "正忙" in record.message_zh
    assert online.status.state == ONLINE and online.status.failures == 1  # retried soon, with back-off
    line = status_text(online.status)[0]
    assert "县里服务器正忙" in line and "后重试" in line and "离线" not in line


@on_sqlite
def test_a_county_server_over_its_concurrency_limit_says_busy_try_again_nothing_lost(
    qtbot: QtBot, online_world: OnlineWorld, runner: TaskRunner
) -> None:
    """uvicorn over ``limit_concurrency`` answers 503 "Service Unavailable" in plain text, before the app sees the
    request. The station said the county server "出错", as if it were broken, and to call the administrator: it is
    busy, a few minutes mend it, and nothing was lost. (With a limit of 1 the station's own connection fills it.)"""
    w = online_world
    changes = w.add_households("a", "S1", 2)
    busy = LiveServer(w.county, limit_concurrency=1).start()
    w.cleanup.append(busy.stop)
    online = make_sync(qtbot, w, runner, busy.url, base_delay_s=30)
    widget = SyncStatusWidget(online)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(online.exchanged, timeout=15000) as exchanged:
        online.start()
    record = exchanged.args[0]
    assert (record.outcome, record.http_status) == ("failed", 503)
    assert record.message_zh.startswith(f"县里的服务器 {busy.url} 正忙")
    assert "没有丢失" in record.message_zh and "过几分钟再点“立即同步”" in record.message_zh
    assert "is busy" in record.message_en and "nothing is lost" in record.message_en
    assert "出错" not in record.message_zh
    assert "● 在线（县里服务器正忙）" in widget.label.text() and "后重试" in widget.label.text()
    assert "正忙" in widget.label.toolTip()
    assert w.pending("a") == changes and w.county_state()[0] == 0  # kept for the next try; nothing half-applied
    page = SyncLogPage(w.a, runner, online)  # 同步记录 says busy in amber too, not a red 失败
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    outcome = page.model.index(0, page.model.OUTCOME)
    assert page.model.data(outcome) == "服务器忙（503）"
    assert page.model.data(outcome, Qt.ItemDataRole.ForegroundRole) == QColor(AMBER)

    online.stop()
    server = LiveServer(w.county).start()  # the rush is over
    w.cleanup.append(server.stop)
    online = make_sync(qtbot, w, runner, server.url)
    with qtbot.waitSignal(online.exchanged, check_params_cb=lambda r: r.outcome == "ok", timeout=15000):
        online.start()
    assert w.pending("a") == 0 and w.county_state()[0] == changes


@on_sqlite
def test_the_sync_goes_on_through_a_switch_to_a_surveyor_who_sees_what_it_brings_and_no_sync_controls(
    qtbot: QtBot, online_world: OnlineWorld, live_server: LiveServer
) -> None:
    """The 站长 hands the laptop to a 采集员 (换人登录) while the station syncs: the sync is the station's and goes on.
    What it brings (a household another station recorded) is journaled under who recorded it there, never under
    whoever is logged in here, and shows in the 采集员's 住户 list (it stayed out of the list until a restart); her
    status bar offers no 立即同步 (she has no 同步 pages). Back to the 站长, the status bar shows that exchange."""
    from desktop.main_window import MainWindow
    from forms.records import Household, JournalEntry
    from forms.users import Account, create_user
    from sync.http_client import push
    from tests.test_switch_user import lock_dialog, log_in_as

    w = online_world
    create_user(w.a, "zhang", "张站长", "站长", "zhang-password")
    create_user(w.a, "wang", "王采集", "采集员", "wang-password")
    main = MainWindow(w.a, Account("zhang", "张站长", "站长"))
    qtbot.addWidget(main)
    main.show()
    online = main.online
    assert online is not None
    online.url_override, online.first_delay_s = live_server.url, 0.0
    world_cleanup(w, main)
    with qtbot.waitSignal(online.exchanged, timeout=15000):
        online.start()
    assert main.findChild(SyncStatusWidget) is not None  # the 站长's

    main.switch_user()
    log_in_as(qtbot, lock_dialog(main), "wang", "wang-password")
    qtbot.waitUntil(lambda: not main.is_locked, timeout=10_000)
    assert main.online is online  # the same sync, its timer running
    qtbot.waitUntil(lambda: main.findChild(SyncStatusWidget) is None)
    assert not [b for b in main.statusBar().findChildren(QAbstractButton) if "同步" in b.text()]

    with w.edit("b") as uow:  # 娜姑镇 records a family at 幸福社区, which both stations serve
        household = add_household(uow, w.site_id("S1"), room="808")
    assert push(w.b, url=live_server.url).record.outcome == "ok"
    with qtbot.waitSignal(online.exchanged, timeout=15000) as exchanged:
        online.sync("timer")  # what the timer does
    assert exchanged.args[0].outcome == "ok" and exchanged.args[0].updated
    with w.a.reading() as session:
        entries = session.scalars(select(JournalEntry).where(JournalEntry.record_id == household.id)).all()
        shown = session.scalar(select(func.count()).select_from(Household).where(Household.deleted_at.is_(None)))
    assert entries and {(e.actor, e.source) for e in entries} == {("li", "remote")}  # who recorded it at 娜姑镇
    model = main.households.model
    qtbot.waitUntil(lambda: not model.pending and model.rowCount() == shown, timeout=10_000)
    assert household.id in model.ids

    main.switch_user()
    log_in_as(qtbot, lock_dialog(main), "zhang", "zhang-password")
    qtbot.waitUntil(lambda: not main.is_locked, timeout=10_000)
    widget = main.findChild(SyncStatusWidget)
    assert widget is not None and "在线" in widget.label.text() and widget.button.isEnabled()
    assert online.status.last_sync_at == exchanged.args[0].finished_at


def world_cleanup(world: OnlineWorld, main: Any) -> None:
    """The window's sync and database work end before the server and the databases go."""

    def close() -> None:
        main.idle.timer.stop()
        if main.online is not None:
            main.online.stop()
        main.runner.wait()
        main.close()

    world.cleanup.append(close)


@on_sqlite
def test_a_change_the_county_keeps_its_own_value_over_is_told_as_the_usb_import_tells_it(
    qtbot: QtBot, online_world: OnlineWorld, live_server: LiveServer, runner: TaskRunner
) -> None:
    """The worker corrects 户联系电话 while the county's clerk has changed it too: the county keeps its number until
    the clerk decides, and the answer puts it back at the station. Online sync said only 县里有 1 处冲突待处理 (and
    nothing at all on the next exchange), so the worker saw the correction undone and typed it again. Now the sync
    log and the status bar say what the USB import says: the change waits for the county, its value is shown
    meanwhile, nothing is lost, do not type it again, and where to see both values."""
    from forms.records import Household

    w = online_world
    with w.edit("a") as uow:  # at 3号安置点, which station A alone serves
        household = add_household(uow, w.site_id("S3"), room="302", phone="13800000000")
    online = make_sync(qtbot, w, runner, live_server.url)
    page = SyncLogPage(w.a, runner, online)
    widget = SyncStatusWidget(online)
    qtbot.addWidget(page)
    qtbot.addWidget(widget)
    page.show()
    with qtbot.waitSignal(online.exchanged, timeout=15000):
        online.sync_now()
    with w.edit("county") as uow:
        uow.get(Household, household.id).phone = "13911111111"  # type: ignore[union-attr]
    with w.edit("a") as uow:
        uow.get(Household, household.id).phone = "13922222222"  # type: ignore[union-attr]

    for _exchange in range(2):  # the one that clashed, and the next (the change still waits)
        with qtbot.waitSignal(online.exchanged, timeout=15000) as exchanged:
            online.sync_now()
        record = exchanged.args[0]
        assert record.outcome == "ok", record.message_en
        said = record.message_zh
        assert "1 处本站的修改与县里的修改冲突，冲突待县里处理" in said, said
        assert "本站显示县里保留的值" in said and "本站的修改没有丢失，不必重新填写" in said, said
        assert "打开该户可看到双方的值" in said, said
        assert "县里有 1 处冲突待处理" not in said, said  # said once, in the station's words
        assert "1 of this station's changes clash" in record.message_en and "do not type" in record.message_en
        assert "13911111111" not in said + record.message_en and "13922222222" not in said + record.message_en
        assert online.status.message_zh == said
        qtbot.waitUntil(lambda: page.detail.text().startswith(online.status.message_zh), timeout=5000)
        assert "冲突待县里处理" in widget.label.toolTip()
    assert w.get("a", Household, household.id).phone == "13911111111"


#: A laptop screen of 1366×768 at Windows' usual 125%: the window's width in Qt's own pixels.
SMALL_SCREEN_WIDTH, SMALL_SCREEN_HEIGHT = 1366 * 4 // 5, 768 * 4 // 5


@on_sqlite
def test_the_status_bar_says_how_many_changes_wait_for_the_county_and_opens_the_household(
    qtbot: QtBot, online_world: OnlineWorld, live_server: LiveServer
) -> None:
    """After an online sync that left the worker's correction waiting for the county, the status bar said only
    "● 在线", and the county's number, shown meanwhile, looked like the correction undone. It now says how many of
    the station's changes wait, beside the state, fitting a small laptop's status bar; a click opens the household,
    whose editor shows both values; once the clerk decides, it is gone."""
    from desktop.main_window import MainWindow
    from forms.records import Household
    from forms.users import Account
    from sync.county_conflicts import list_conflicts, resolve_conflict

    w = online_world
    with w.edit("a") as uow:  # at 3号安置点, which station A alone serves
        household = add_household(uow, w.site_id("S3"), room="302", phone="13800000000")
    main = MainWindow(w.a, Account("zhang", "张站长", "站长"))
    qtbot.addWidget(main)
    main.resize(SMALL_SCREEN_WIDTH, SMALL_SCREEN_HEIGHT)
    main.show()
    online = main.online
    assert online is not None
    online.url_override, online.first_delay_s = live_server.url, 0.0
    world_cleanup(w, main)
    with qtbot.waitSignal(online.exchanged, timeout=15000):
        online.start()
    widget = main.findChild(SyncStatusWidget)
    assert widget is not None and not widget.waiting.isVisible()  # nothing waits: nothing said
    with w.edit("county") as uow:
        uow.get(Household, household.id).phone = "13911111111"  # type: ignore[union-attr]
    with w.edit("a") as uow:
        uow.get(Household, household.id).phone = "13922222222"  # type: ignore[union-attr]

    with qtbot.waitSignal(online.exchanged, timeout=15000):
        online.sync_now()
    qtbot.waitUntil(widget.waiting.isVisible, timeout=5000)
    assert widget.waiting.text() == "1 处修改待县里处理"
    assert widget.label.text().startswith("● 在线")
    tip = widget.waiting.toolTip()
    assert "本站的修改没有丢失，不必重新填写" in tip and "点这里打开该户，可看到双方的值" in tip and "302" in tip, tip
    # It fits the small screen's status bar, with who is logged in (换人登录) still there beside it.
    bar = main.statusBar()
    for item in (widget.label, widget.waiting, widget.button, main.user_label):
        shown = item.mapTo(bar, item.rect().topRight())
        assert item.isVisible() and 0 <= shown.x() <= bar.width(), (item.objectName(), shown.x(), bar.width())
    assert widget.label.width() >= widget.label.sizeHint().width()  # the state itself is not cut short

    widget.waiting.click()
    qtbot.waitUntil(lambda: main.stack.currentWidget() is main.editor, timeout=5000)
    qtbot.waitUntil(lambda: main.editor.household_id == household.id, timeout=10000)

    (conflict,) = list_conflicts(w.county)
    resolve_conflict(w.county, conflict.id, "station", "赵科长", note="电话已核实")
    with qtbot.waitSignal(online.exchanged, timeout=15000):
        online.sync_now()
    qtbot.waitUntil(lambda: not widget.waiting.isVisible(), timeout=5000)
    assert online.status.waiting == 0


def test_changes_waiting_in_several_households_offer_each_to_open(qtbot: QtBot, store: Any) -> None:
    from PySide6.QtWidgets import QMenu

    from desktop.online_sync import SyncStatus

    runner = TaskRunner()
    widget = SyncStatusWidget(OnlineSync(store, runner))
    qtbot.addWidget(widget)
    widget.show()
    households = (("h1", "幸福社区安置点 1-101"), ("h2", "幸福社区安置点 2-202"))
    widget.show_status(SyncStatus(state=ONLINE, last_outcome="ok", waiting=3, waiting_households=households))
    assert widget.waiting.isVisible() and widget.waiting.text() == "3 处修改待县里处理"
    assert widget.waiting.toolTip().endswith("幸福社区安置点 1-101\n幸福社区安置点 2-202")
    widget.waiting.click()
    menu = widget.findChild(QMenu, "sync_waiting_menu")
    assert menu is not None and [a.text() for a in menu.actions()] == [where for _id, where in households]
    with qtbot.waitSignal(widget.open_household) as opened:
        menu.actions()[1].trigger()
    assert opened.args == ["h2"]
    menu.close()
    widget.show_status(SyncStatus(state=ONLINE, last_outcome="ok"))  # the county decided: nothing waits
    assert not widget.waiting.isVisible()
    runner.wait()
