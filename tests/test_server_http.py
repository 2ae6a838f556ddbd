"""What the county server answers, request by request: the health check, the OpenAPI description, refusals as
bilingual JSON with the right 4xx (a station known only by its signature, size and type limits), a gap answered
with a return file that makes the station send again, and the ``anju serve`` / ``anju sync push`` commands."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from desktop.cli import build_parser, fail
from forms.errors import AnjuError
from forms.records import Household
from forms.schema import HEAD_REVISION
from sync import push_command, serve_command
from sync.county_return import make_return
from sync.envelope import read_header
from sync.http_client import ServerClient, prepare_push, push
from sync.keys import KeyPairs
from sync.server import DEFAULT_MAX_BODY, openapi_spec
from tests.test_server_support import LiveServer, OnlineWorld

pytest_plugins = ["tests.test_sync_support", "tests.test_server_support"]

# Behaviour of the HTTP layer does not depend on the database: these run on SQLite only.
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])


def request(
    server: LiveServer, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def refusal(status: int, headers: dict[str, str], body: bytes) -> dict[str, Any]:
    """A refusal must be JSON with a code and a message in both languages."""
    assert 400 <= status < 500, (status, body[:200])
    assert headers["content-type"].startswith("application/json")
    value: dict[str, Any] = json.loads(body)
    assert set(value) == {"code", "error_zh", "error_en"} and value["error_zh"] and value["error_en"]
    return value


def test_health_says_which_county_and_database(online_world: OnlineWorld, live_server: LiveServer) -> None:
    status, _headers, body = request(live_server, "GET", "/health")
    assert status == 200
    assert json.loads(body) == {
        "ok": True,
        "service": "anju-county",
        "county": "会泽县",
        "version": json.loads(body)["version"],
        "schema_revision": HEAD_REVISION,
        "database": "sqlite",
    }


def test_the_openapi_description_is_served_and_written_by_the_command(
    online_world: OnlineWorld, live_server: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _headers, body = request(live_server, "GET", "/openapi.json")
    served = json.loads(body)
    assert status == 200
    exchange = served["paths"]["/v1/exchange"]["post"]
    assert "application/octet-stream" in exchange["requestBody"]["content"]
    assert {"200", "400", "403", "409", "413", "415", "422", "503"} <= set(exchange["responses"])
    out = tmp_path / "openapi.json"
    assert anju("serve", "--openapi", str(out)) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == served == openapi_spec()
    assert str(out) in capsys.readouterr().out


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [("GET", "/nowhere", 404, "not_found"), ("GET", "/v1/exchange", 405, "method_not_allowed")],
)
def test_wrong_addresses_and_methods_get_bilingual_json(
    online_world: OnlineWorld, live_server: LiveServer, method: str, path: str, status: int, code: str
) -> None:
    got, headers, body = request(live_server, method, path)
    assert got == status and refusal(got, headers, body)["code"] == code


def test_a_body_of_another_type_or_too_large_is_refused_before_it_is_read(
    online_world: OnlineWorld, live_server: LiveServer
) -> None:
    status, headers, body = request(live_server, "POST", "/v1/exchange", b"{}", {"Content-Type": "application/json"})
    assert status == 415 and refusal(status, headers, body)["code"] == "unsupported_media_type"
    # A declared length over the limit is refused at once, without waiting for the body.
    conn = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=10)
    conn.putrequest("POST", "/v1/exchange")
    conn.putheader("Content-Type", "application/octet-stream")
    conn.putheader("Content-Length", str(1 << 40))
    conn.endheaders()
    response = conn.getresponse()
    assert response.status == 413
    value = refusal(413, {k.lower(): v for k, v in response.getheaders()}, response.read())
    assert "U盘" in value["error_zh"] and "USB" in value["error_en"]
    conn.close()


def test_a_batch_over_the_limit_is_refused_and_the_station_is_told_to_use_usb(online_world: OnlineWorld) -> None:
    w = online_world
    server = LiveServer(w.county, max_body=4096).start()
    w.cleanup.append(server.stop)
    w.add_households("a", "S1", 30)
    before = w.county_state()
    # Sent in chunks with no length given: counted as it comes, refused once past the limit.
    batch = prepare_push(w.a, server.url)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    pieces = (batch.sealed[i : i + 1000] for i in range(0, len(batch.sealed), 1000))
    conn.request(
        "POST", "/v1/exchange", body=pieces, headers={"Content-Type": "application/octet-stream"}, encode_chunked=True
    )
    response = conn.getresponse()
    assert response.status == 413
    assert refusal(413, {k.lower(): v for k, v in response.getheaders()}, response.read())["code"] == "too_large"
    conn.close()
    record = push(w.a, url=server.url).record
    assert (record.outcome, record.http_status) == ("refused", 413)
    assert "U盘" in record.message_zh
    assert w.county_state() == before


def test_an_upload_that_stalls_is_cut_off_and_the_station_told_to_send_again(online_world: OnlineWorld) -> None:
    """A client that sends part of a body and then nothing (a dead link, or someone holding connections open) is
    answered 408 once the upload has stalled for the server's limit, instead of holding its connection forever."""
    server = LiveServer(online_world.county, body_timeout=0.3).start()
    online_world.cleanup.append(server.stop)
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/exchange HTTP/1.1\r\nHost: county\r\nContent-Type: application/octet-stream\r\n"
            b"Content-Length: 100000\r\n\r\nANJU"
        )
        answer = b""
        while chunk := sock.recv(65536):  # the server closes the connection after answering
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 ")
    value = json.loads(body)
    assert value["code"] == "stalled" and "重新发送" in value["error_zh"] and "again" in value["error_en"]


def _one_response(sock: socket.socket) -> bytes:
    """One whole response read from ``sock`` (its head and Content-Length bytes, which may come in two packets)."""
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += sock.recv(65536)
    head, _, body = answer.partition(b"\r\n\r\n")
    length = int(re.search(rb"(?i)content-length: *(\d+)", head)[1])  # type: ignore[index]
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


def _answered_then_closed_within(sock: socket.socket, seconds: float) -> bytes | None:
    """What the server sends on ``sock`` before closing it within ``seconds``; None if it is still open then."""
    answer = b""
    until = time.monotonic() + seconds
    while (left := until - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            return None
        if not chunk:
            return answer
        answer += chunk
    return None


def test_a_connection_that_never_finishes_its_headers_is_closed(online_world: OnlineWorld) -> None:
    """Connections that send nothing, or their headers a byte at a time, are closed once a request's headers are
    late, so they cannot use up the county server's sockets; stations are served meanwhile, and a kept-alive
    connection's next request is on the clock as its first was."""
    w = online_world
    server = LiveServer(w.county, header_timeout=0.5).start()
    w.cleanup.append(server.stop)
    with contextlib.ExitStack() as stack:
        silent = stack.enter_context(socket.create_connection(("127.0.0.1", server.port), timeout=10))
        trickle = stack.enter_context(socket.create_connection(("127.0.0.1", server.port), timeout=10))
        status, _headers, _body = request(server, "GET", "/health")  # a station is served while they wait
        assert status == 200
        trickled_for = time.monotonic()
        for byte in b"GET /health HTTP/1.1\r\nHost: county\r\nX-Slow: ":
            try:
                trickle.sendall(bytes([byte]))
            except OSError:  # closed under us: the point
                break
            time.sleep(0.05)
        assert _answered_then_closed_within(silent, 5) == b""
        assert _answered_then_closed_within(trickle, 5) == b"" and time.monotonic() - trickled_for < 4
        kept = stack.enter_context(socket.create_connection(("127.0.0.1", server.port), timeout=10))
        kept.sendall(b"GET /health HTTP/1.1\r\nHost: county\r\n\r\n")
        assert _one_response(kept).startswith(b"HTTP/1.1 200 ")
        kept.sendall(b"GET /health HTTP/1.1\r\n")  # the next request's headers begin, and stop
        assert _answered_then_closed_within(kept, 3) == b""  # by the header deadline, not the 5-second keep-alive
        # The next request's first bytes arriving while the response is still being written (here: pipelined
        # behind a whole request) are on the clock too, from the response's end.
        piped = stack.enter_context(socket.create_connection(("127.0.0.1", server.port), timeout=10))
        piped.sendall(b"GET /health HTTP/1.1\r\nHost: county\r\n\r\nGET /health HTTP/1.1\r\n")
        assert _answered_then_closed_within(piped, 3).startswith(b"HTTP/1.1 200 ")


def test_a_slow_upload_is_not_cut_off_by_the_header_deadline(online_world: OnlineWorld) -> None:
    """Only the headers have a deadline: a batch whose body takes longer than it (a slow mobile link) goes in."""
    w = online_world
    server = LiveServer(w.county, header_timeout=0.3).start()
    w.cleanup.append(server.stop)
    w.add_households("a", "S1", 3)
    batch = prepare_push(w.a, server.url)

    def slowly() -> Iterator[bytes]:
        step = max(1, len(batch.sealed) // 6)
        for i in range(0, len(batch.sealed), step):
            time.sleep(0.15)
            yield batch.sealed[i : i + step]

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request(
        "POST", "/v1/exchange", body=slowly(), headers={"Content-Type": "application/octet-stream"}, encode_chunked=True
    )
    response = conn.getresponse()
    assert response.status == 200, response.read()[:300]
    conn.close()


@pytest.mark.parametrize(
    ("upload", "status", "code"),
    [
        ("a spreadsheet", 400, "not_a_batch"),
        ("UPDATE sync_stations SET id = 'station-gone' WHERE name = '者海镇工作站'", 403, "unknown_station"),
        ("UPDATE sync_identity SET id = 'county-elsewhere'", 403, "wrong_county"),
        ("a return file", 422, "wrong_kind"),
    ],
)
def test_an_upload_from_nobody_is_refused_from_its_first_bytes(
    online_world: OnlineWorld, upload: str, status: int, code: str
) -> None:
    """Uploads that are not ours, or are from no station of this county, are refused as soon as their envelope's
    header has arrived: the server does not read (and hold in memory) the megabytes announced after it. Here the
    rest never comes, and the answer arrives all the same, long before the upload would count as stalled."""
    w = online_world
    server = LiveServer(w.county, body_timeout=5).start()
    w.cleanup.append(server.stop)
    w.add_households("a", "S1", 2)
    sealed = prepare_push(w.a, server.url).sealed
    if upload == "a spreadsheet":
        sealed = b"PK\x03\x04" + bytes(4000)
    elif upload == "a return file":
        with w.county.engine.connect() as conn:
            station = conn.execute(text("SELECT id FROM sync_stations WHERE name = '者海镇工作站'")).scalar_one()
        sealed = make_return(w.county, station).sealed
    else:
        with w.county.engine.begin() as conn:
            conn.execute(text(upload))
    before = w.county_state()
    first = sealed[: read_header(sealed, "x").size] if sealed.startswith(b"ANJUSEAL") else sealed[:100]
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=4)
    conn.putrequest("POST", "/v1/exchange")
    conn.putheader("Content-Type", "application/octet-stream")
    conn.putheader("Content-Length", str(DEFAULT_MAX_BODY - 1))
    conn.endheaders(first)  # and nothing more: the connection stays open
    response = conn.getresponse()
    value = refusal(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    conn.close()
    assert (response.status, value["code"]) == (status, code)
    assert w.county_state() == before


@pytest.mark.parametrize(
    ("sql", "code"),
    [
        ("UPDATE sync_stations SET id = 'station-gone' WHERE name = '者海镇工作站'", "unknown_station"),
        ("UPDATE sync_stations SET package_sign_public = :key WHERE name = '者海镇工作站'", "bad_signature"),
        # another computer holding the same package got there first: its keys are the station's now
        (
            "UPDATE sync_stations SET sign_public = :key, pinned_at = '2026-11-30' WHERE name = '者海镇工作站'",
            "station_copy",
        ),
        (
            "UPDATE sync_stations SET revoked_at = 'x', revoked_reason = '笔记本电脑丢失' WHERE name = '者海镇工作站'",
            "station_revoked",
        ),
        ("UPDATE sync_identity SET id = 'county-elsewhere'", "wrong_county"),
    ],
)
def test_a_station_is_known_only_by_its_signature(
    online_world: OnlineWorld, live_server: LiveServer, sql: str, code: str, caplog: pytest.LogCaptureFixture
) -> None:
    w = online_world
    w.add_households("a", "S1", 2)
    with w.county.engine.begin() as conn:
        conn.execute(text(sql), {"key": KeyPairs.generate().public().sign})
    before = w.county_state()
    batch = prepare_push(w.a, live_server.url)
    caplog.set_level("INFO", logger="anju.server")
    status, headers, body = request(
        live_server, "POST", "/v1/exchange", batch.sealed, {"Content-Type": "application/octet-stream"}
    )
    value = refusal(status, headers, body)
    assert status == 403 and value["code"] == code
    # The server's console says what it refused, from where, and why: 中文 first, then English.
    (line,) = [r.getMessage() for r in caplog.records if r.name == "anju.server"]
    assert line.startswith("拒绝了来自 127.0.0.1 的同步") and f"403 {code}" in line
    assert line.index(value["error_zh"]) < line.index(value["error_en"])
    record = push(w.a, url=live_server.url).record
    assert (record.outcome, record.http_status) == ("refused", 403)
    assert "县里" in record.message_zh and "county" in record.message_en
    assert w.county_state() == before
    assert w.pending("a") == 8


def test_a_return_file_posted_to_the_server_is_refused(online_world: OnlineWorld, live_server: LiveServer) -> None:
    with online_world.county.engine.connect() as conn:
        station = conn.execute(text("SELECT id FROM sync_stations WHERE name = '者海镇工作站'")).scalar_one()
    sealed = make_return(online_world.county, station).sealed
    status, headers, body = request(
        live_server, "POST", "/v1/exchange", sealed, {"Content-Type": "application/octet-stream"}
    )
    assert status == 422 and refusal(status, headers, body)["code"] == "wrong_kind"


def test_a_county_restored_from_a_backup_gets_the_missing_changes_again(
    online_world: OnlineWorld, live_server: LiveServer
) -> None:
    """The county lost batches it had acknowledged (restored from last night's backup): the station's next push
    leaves a gap; the server answers with a return file that lowers the station's acknowledgement, and the
    station sends everything again at once. Nothing is lost and nothing is applied twice."""
    w = online_world
    first = w.add_households("a", "S1", 2)
    assert push(w.a, url=live_server.url).record.outcome == "ok"
    backup = w.root / "county-backup.db"
    source = sqlite3.connect(w.county_url)
    target = sqlite3.connect(backup)
    source.backup(target)
    source.close()
    target.close()
    lost = w.add_households("a", "S3", 3, room=300)
    assert push(w.a, url=live_server.url).record.outcome == "ok"

    live_server.stop()
    w.cleanup.remove(live_server.stop)
    w.county.close()
    for suffix in ("-wal", "-shm"):
        Path(w.county_url + suffix).unlink(missing_ok=True)
    shutil.copyfile(backup, w.county_url)
    w.reopen_county()
    server = LiveServer(w.county).start()
    w.cleanup.append(server.stop)
    restored = w.county_state()

    later = w.add_households("a", "S1", 1, room=900)
    record = push(w.a, url=server.url).record
    assert record.outcome == "ok" and record.sent == lost + later, record.message_en
    assert "重新发送" in record.message_zh
    assert w.county_state()[:3] == (restored[0] + lost + later, restored[1] + lost + later, restored[2] + 4)
    assert w.count("county", Household) == 6 and first == 8
    assert w.pending("a") == 0


# ---- the commands --------------------------------------------------------------------------------------------------


def anju(*argv: str) -> int:
    """Run ``anju`` with the serve and push commands, as desktop.cli.main does (they are wired there too)."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "serve" not in sub.choices:
        serve_command.register(sub)
    sync = next(a for a in sub.choices["sync"]._actions if isinstance(a, argparse._SubParsersAction))
    if "push" not in sync.choices:
        push_command.register(sub)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except AnjuError as exc:
        return fail(exc.zh, exc.en, args)


def test_sync_push_exits_0_when_synced_and_2_with_what_to_do(
    online_world: OnlineWorld, live_server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    w = online_world
    w.add_households("a", "S1", 1)
    db = str(w.root / "a.db")
    assert anju("sync", "push", "--db", db, "--url", live_server.url) == 0
    assert "已与县里同步" in capsys.readouterr().out
    assert anju("sync", "push", "--db", db, "--url", live_server.url, "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["outcome"] == "ok" and out["sent"] == 0

    assert anju("sync", "push", "--db", db, "--url", "http://127.0.0.1:9", "--timeout", "5") == 2
    err = capsys.readouterr().err
    assert "无法连接县里的服务器" in err and "Cannot reach the county server" in err
    assert "这条命令不会自己重试：联网后请再运行一次" in err and "run it again once online" in err
    assert anju("sync", "push", "--db", db) == 2  # the package's address (a dead one in this world)
    assert anju("sync", "push", "--db", str(w.root / "county.db"), "--url", live_server.url) == 2
    assert "尚未登记为工作站" in capsys.readouterr().err
    assert [r.outcome for r in w.exchanges("a")] == ["ok", "ok", "offline", "offline"]


def test_serve_refuses_what_it_cannot_serve(online_world: OnlineWorld, capsys: pytest.CaptureFixture[str]) -> None:
    assert anju("serve") == 2
    assert "--db" in capsys.readouterr().err
    assert anju("serve", "--db", str(online_world.root / "a.db")) == 2
    assert "不是县级数据库" in capsys.readouterr().err
    assert anju("serve", "--db", str(online_world.root / "missing.db")) == 2
    assert anju("serve", "--db", str(online_world.root / "county.db"), "--port", "0") == 2


def test_serve_says_what_to_do_when_it_cannot_listen(
    online_world: OnlineWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    """A port already taken (a second ``anju serve``, another program) or an address this PC does not have: the
    clerk reads why and what to do, and is never told the server started."""
    county = str(online_world.root / "county.db")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        assert anju("serve", "--db", county, "--port", port) == 2
    out, err = capsys.readouterr()
    assert "已启动" not in out and "started" not in out
    assert f"端口 {port} 已被占用" in err and "--port" in err and f"port {port} is already in use" in err
    assert anju("serve", "--db", county, "--host", "192.0.2.1", "--port", port) == 2  # TEST-NET: never this PC's
    out, err = capsys.readouterr()
    assert "已启动" not in out
    assert "本机没有地址 192.0.2.1" in err and "--host" in err and "has no address 192.0.2.1" in err


def test_the_client_reads_an_early_refusal_even_while_it_is_still_sending(online_world: OnlineWorld) -> None:
    server = LiveServer(online_world.county, max_body=4096).start()
    online_world.cleanup.append(server.stop)
    reply = ServerClient(server.url).exchange(bytes(32 << 20))  # far more than the socket buffers hold
    assert reply.status == 413 and reply.error_text() is not None


class OtherProgram:
    """Something else listening where the county server should be: it answers every connection with ``answer``."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = self.sock.accept()
                with conn:
                    conn.settimeout(5)
                    with contextlib.suppress(OSError):
                        conn.recv(65536)
                        conn.sendall(self.answer)

    def close(self) -> None:
        self.sock.close()


@pytest.mark.parametrize(
    ("answer", "outcome", "zh", "en"),
    [
        (b"SSH-2.0-OpenSSH_8.9\r\n", "offline", "不是 HTTP", "not HTTP"),
        (b"\x00\xff\xfe garbage\r\n\r\n", "offline", "另一个程序", "another program"),
        (
            b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 11\r\n\r\n<h1>502</h1>",
            "failed",
            "出错（HTTP 502）",
            "error (HTTP 502)",
        ),
        (b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\nerror", "failed", "HTTP 500", "HTTP 500"),
    ],
)
def test_the_station_says_what_answered_when_it_is_not_the_county_server(
    online_world: OnlineWorld, answer: bytes, outcome: str, zh: str, en: str
) -> None:
    """Another program on the server's port, or a proxy in front of it failing: the station says so in words (not
    the other program's bytes, not "log in on a web page"), keeps every change, and tries again later."""
    w = online_world
    changes = w.add_households("a", "S1", 1)
    other = OtherProgram(answer)
    w.cleanup.append(other.close)
    record = push(w.a, url=other.url, connect_timeout=5, io_timeout=5).record
    assert record.outcome == outcome
    assert zh in record.message_zh and en in record.message_en, (record.message_zh, record.message_en)
    assert "SSH" not in record.message_zh + record.message_en and "garbage" not in record.message_en
    assert "登录" not in record.message_zh and "log in" not in record.message_en
    assert w.pending("a") == changes


def test_serve_over_its_connection_limit_answers_busy_and_serves_again_once_a_connection_ends(
    online_world: OnlineWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    """``anju serve --max-connections``, run for real: a county PC that accepted every station at once could run
    out of memory (each upload may be held whole while it is checked). Over the limit uvicorn answers a plain 503,
    which stations read as "the server is busy, trying again later" (tests/test_online_sync.py); below it again,
    requests are served. A limit of one would answer every request busy, and is refused."""
    county = str(online_world.root / "county.db")
    assert anju("serve", "--db", county, "--max-connections", "1") == 2
    assert "--max-connections 1 太小" in capsys.readouterr().err
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    serving = subprocess.Popen(
        [sys.executable, "-m", "sync.serve_command", "--db", county, "--port", str(port), "--max-connections", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert serving.stdout is not None
        started = serving.stdout.readline()
        assert "已启动" in started and "工作站连接的地址是 http://127.0.0.1:9" in started  # the county's, to check

        def health() -> tuple[int, bytes]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request("GET", "/health")
                response = conn.getresponse()
                return response.status, response.read()
            finally:
                conn.close()

        with socket.create_connection(("127.0.0.1", port)) as idle:  # a station's connection, still open
            idle.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert _one_response(idle).startswith(b"HTTP/1.1 200")  # it holds its place after its answer
            status, body = health()
            assert status == 503 and b"Service Unavailable" in body
        deadline = time.monotonic() + 30
        while (status := health()[0]) == 503 and time.monotonic() < deadline:
            time.sleep(0.05)  # the server notices the closed connection a moment later
        assert status == 200
    finally:
        serving.terminate()
        serving.wait(timeout=30)


def test_a_server_set_up_or_moved_after_enrolment_reaches_stations_with_their_next_return_file(
    online_world: OnlineWorld, live_server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """The county's server address used to be fixed at ``anju county init`` and given only in enrolment packages: a
    county that set up its server later, or moved it to another PC or address, had to enrol every station again.
    ``anju county server-url`` now changes it, and each station takes it from its next USB return file."""
    w = online_world
    w.add_households("a", "S1", 1)
    station, county = str(w.root / "a.db"), str(w.root / "county.db")
    assert anju("sync", "push", "--db", station, "--timeout", "5") == 2  # the package's address: nobody there
    capsys.readouterr()

    assert anju("county", "server-url", "0.0.0.0:8470", "--db", county) == 2
    assert "工作站连不上它" in capsys.readouterr().err
    assert anju("county", "server-url", live_server.url.removeprefix("http://") + "/", "--db", county) == 0
    out = capsys.readouterr().out
    assert f"已改为 {live_server.url}" in out  # read as a browser would, and said so
    assert "只有县里这台电脑自己能连上" in out  # what anju serve shows without --host: fine here, not for stations
    assert anju("county", "server-url", "--db", county, "--json") == 0
    assert json.loads(capsys.readouterr().out)["server_url"] == live_server.url

    _report, taken = w.sync("a")  # one USB exchange
    assert f"县里服务器的地址已改为 {live_server.url}" in taken.message()[0]
    assert anju("sync", "push", "--db", station) == 0  # online now, at the address the county gave
    assert "已与县里同步" in capsys.readouterr().out
    _report, again = w.sync("a")
    assert "地址" not in again.message()[0]  # said once

    assert anju("county", "server-url", "--clear", "--db", county) == 0
    capsys.readouterr()
    _report, cleared = w.sync("a")
    assert "县里已停用联网同步服务器" in cleared.message()[0]
    assert anju("sync", "push", "--db", station) == 2
    assert "本站还不知道县里服务器的地址" in capsys.readouterr().err
