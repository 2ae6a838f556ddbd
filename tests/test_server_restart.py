"""A server killed in the middle of a request (SIGKILL, as in a power cut) and started again: the county holds the
batch either not at all or whole, and the station's next push completes the exchange without applying anything
twice — whether the kill came while the server was applying or after it committed, before the station heard."""

from __future__ import annotations

import threading
import time

from sync.http_client import PushResult, push
from tests.test_server_support import CuttingProxy, LiveServer, OnlineWorld, ServerProcess

pytest_plugins = ["tests.test_sync_support", "tests.test_server_support"]

HOUSEHOLDS = 150  # 600 changes: the apply takes long enough to be killed in the middle of


def push_in_background(world: OnlineWorld, url: str) -> tuple[threading.Thread, dict[str, PushResult]]:
    result: dict[str, PushResult] = {}
    thread = threading.Thread(target=lambda: result.update(a=push(world.a, url=url, io_timeout=30)))
    thread.start()
    return thread, result


def test_a_server_killed_while_applying_holds_the_batch_whole_or_not_at_all(online_world: OnlineWorld) -> None:
    w = online_world
    changes = w.add_households("a", "S1", HOUSEHOLDS)
    before = w.county_state()
    server = ServerProcess(w.county_url).start()
    w.cleanup.append(server.stop)
    proxy = CuttingProxy(server.port)
    w.cleanup.append(proxy.close)

    thread, result = push_in_background(w, proxy.url)
    assert proxy.upload_done.wait(30)  # the whole batch is at the server: it is verifying or applying it now
    time.sleep(0.15)
    server.kill()
    thread.join(30)
    assert result["a"].record.outcome == "offline"
    killed = w.county_state()
    assert killed in (before, (before[0] + changes, before[1] + changes, before[2] + HOUSEHOLDS, killed[3]))
    assert w.county.verify_journal().ok
    assert w.pending("a") == changes

    server.start()  # the same port: the station's address does not change
    done = push(w.a, url=proxy.url).record
    assert done.outcome == "ok", done.message_en
    after = w.county_state()
    assert after[:3] == (before[0] + changes, before[1] + changes, before[2] + HOUSEHOLDS)
    assert w.pending("a") == 0


def test_a_server_stopped_after_committing_answers_the_retry_without_applying_twice(
    online_world: OnlineWorld,
) -> None:
    w = online_world
    changes = w.add_households("a", "S1", 20)
    before = w.county_state()
    server = LiveServer(w.county).start()  # in this process: stopping it between commit and answer is enough
    proxy = CuttingProxy(server.port)
    w.cleanup.append(proxy.close)

    proxy.swallow_answer = True
    thread, result = push_in_background(w, proxy.url)
    assert proxy.answer_waiting.wait(30)  # the server is answering: the batch is committed
    server.stop()
    proxy.release.set()
    thread.join(30)
    assert result["a"].record.outcome == "offline"
    committed = w.county_state()
    assert committed[:3] == (before[0] + changes, before[1] + changes, before[2] + 20)
    assert w.pending("a") == changes  # the station never heard

    proxy.swallow_answer = False
    server = LiveServer(w.county).start()
    w.cleanup.append(server.stop)
    proxy.target_port = server.port
    done = push(w.a, url=proxy.url).record
    assert done.outcome == "ok" and "未重复应用" in done.message_zh, done.message_zh
    assert w.county_state() == committed  # answered as a replay: nothing applied twice
    assert w.pending("a") == 0
