"""Online sync through a real uvicorn server on 127.0.0.1, with the county on SQLite and on PostgreSQL: two
stations exchange batches; a connection cut halfway through the upload or halfway through the answer, and two
stations pushing at once, lose nothing and apply nothing twice."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from desktop import cli
from forms import store as store_module
from forms.records import Household
from sync.http_client import PushResult, prepare_push, push
from tests.test_server_support import CuttingProxy, LiveServer, OnlineWorld

pytest_plugins = ["tests.test_sync_support", "tests.test_server_support"]


def test_two_stations_exchange_batches_through_the_server(online_world: OnlineWorld, live_server: LiveServer) -> None:
    w = online_world
    sent_a = w.add_households("a", "S1", 5)
    sent_b = w.add_households("b", "S2", 4, room=200)
    history, rev, households, _ = w.county_state()

    first_a = push(w.a, url=live_server.url).record
    first_b = push(w.b, url=live_server.url).record
    assert (first_a.outcome, first_b.outcome) == ("ok", "ok"), (first_a.message_en, first_b.message_en)
    assert (first_a.sent, first_b.sent) == (sent_a, sent_b)
    assert w.county_state()[:3] == (history + sent_a + sent_b, rev + sent_a + sent_b, households + 9)
    assert w.pending("a") == w.pending("b") == 0

    # B serves S1 too: its answer brought A's households there (and its own back with their revisions); A's
    # next exchange brings nothing of S2, which A does not serve.
    assert first_b.received >= sent_a + sent_b and first_b.updated == sent_a
    assert w.count("b", Household) == 9 and w.count("a", Household) == 5
    again_a = push(w.a, url=live_server.url).record
    assert again_a.outcome == "ok" and again_a.sent == 0 and again_a.received == 0

    # An edit at B of a household A made reaches A through the county.
    with w.b.reading() as session:
        shared = session.query(Household).filter(Household.room == "100").one().id
    with w.edit("b") as uow:
        record = uow.get(Household, shared)
        assert record is not None
        record.phone = "13800138000"
    assert push(w.b, url=live_server.url).record.outcome == "ok"
    assert push(w.a, url=live_server.url).record.outcome == "ok"
    assert w.get("a", Household, shared).phone == "13800138000"
    assert w.county.verify_journal().ok
    assert [r.outcome for r in w.exchanges("a")] == ["ok", "ok", "ok"]
    assert [r.trigger for r in w.exchanges("b")] == ["command"] * 2


def test_a_connection_cut_halfway_through_the_upload_applies_nothing(
    online_world: OnlineWorld, proxy: CuttingProxy
) -> None:
    w = online_world
    changes = w.add_households("a", "S1", 40)
    before = w.county_state()

    proxy.cut_next(up=0.5)
    cut = push(w.a, url=proxy.url).record
    assert proxy.cuts == 1
    # (The whole batch fitted in the socket buffers, so the station only notices when no answer comes.)
    assert cut.outcome == "offline", cut.message_en
    assert w.county_state() == before  # the server saw half a batch: nothing applied, nothing half-applied
    assert w.pending("a") == changes

    done = push(w.a, url=proxy.url).record
    assert done.outcome == "ok" and done.sent == changes
    history, rev, households, _cursors = w.county_state()
    assert (history, rev, households) == (before[0] + changes, before[1] + changes, before[2] + 40)
    assert w.pending("a") == 0
    assert [r.outcome for r in w.exchanges("a")] == ["offline", "ok"]


def test_a_connection_cut_halfway_through_the_answer_loses_nothing_and_applies_nothing_twice(
    online_world: OnlineWorld, proxy: CuttingProxy
) -> None:
    w = online_world
    changes = w.add_households("a", "S1", 40)
    before = w.county_state()

    proxy.cut_next(down=0.5)
    cut = push(w.a, url=proxy.url).record
    assert proxy.cuts == 1
    assert cut.outcome == "offline" and "接收回执时" in cut.message_zh, cut.message_zh
    applied = w.county_state()
    assert applied[:3] == (before[0] + changes, before[1] + changes, before[2] + 40)  # the county has it all
    assert w.pending("a") == changes  # but the station never heard: half an answer is no answer

    # More work meanwhile; the next push carries the old changes again with the new one.
    w.add_households("a", "S3", 1, room=900)
    done = push(w.a, url=proxy.url).record
    assert done.outcome == "ok" and done.sent == changes + 4
    after = w.county_state()
    assert after[:3] == (applied[0] + 4, applied[1] + 4, applied[2] + 1)  # only the new ones were applied
    assert w.pending("a") == 0
    with w.a.reading() as session:
        revs = {h.room: h.rev for h in session.query(Household)}
    assert all(rev > 0 for rev in revs.values())  # every household has its county revision now

    # A replay of the same changes is answered, never applied again.
    replay = push(w.a, url=proxy.url).record
    assert replay.outcome == "ok" and w.county_state()[:3] == after[:3]


def test_two_stations_pushing_at_once_both_apply_completely(online_world: OnlineWorld, live_server: LiveServer) -> None:
    w = online_world
    sent = {"a": w.add_households("a", "S3", 60), "b": w.add_households("b", "S2", 60, room=500)}
    before = w.county_state()
    start = threading.Barrier(2)
    results: dict[str, PushResult] = {}

    def run(who: str) -> None:
        start.wait()
        results[who] = push(w.stores[who], url=live_server.url)

    threads = [threading.Thread(target=run, args=(who,)) for who in sent]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert {who: r.record.outcome for who, r in results.items()} == {"a": "ok", "b": "ok"}
    total = sent["a"] + sent["b"]
    assert w.county_state()[:3] == (before[0] + total, before[1] + total, before[2] + 120)
    assert w.pending("a") == w.pending("b") == 0
    assert w.county.verify_journal().ok  # one gap-free chain: the two applies did not interleave


def test_each_push_is_a_new_batch_number_and_a_lost_push_costs_only_its_number(
    online_world: OnlineWorld, live_server: LiveServer
) -> None:
    w = online_world
    changes = w.add_households("a", "S1", 2)
    lost = prepare_push(w.a, live_server.url)  # sealed, never sent (the laptop was closed)
    record = push(w.a, url=live_server.url).record
    assert record.outcome == "ok" and record.batch_no == lost.manifest.batch_no + 1 and record.sent == changes
    assert w.pending("a") == 0


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_usb_import_while_the_server_holds_the_database_says_to_try_again(
    online_world: OnlineWorld, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The clerk imports a stick while the server is applying a big push (its write lock held longer than SQLite
    waits): ``anju sync import`` says the database is busy and to run it again, with nothing imported — not a
    traceback. Once the lock is gone, the same command imports the batch."""
    w = online_world
    w.add_households("b", "S2", 2, room=200)
    batch = w.export("b")
    before = w.county_state()
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(w.county_url, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # as the server does while it applies
    try:
        assert cli.main(["sync", "import", "--db", w.county_url, str(batch)]) == 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert "数据库正忙" in err and "再运行一次" in err and "busy" in err and "Traceback" not in err
    assert w.county_state() == before
    assert cli.main(["sync", "import", "--db", w.county_url, str(batch)]) == 0
    assert w.county_state()[2] == before[2] + 2
