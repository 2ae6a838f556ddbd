"""The station's side of online sync: one exchange with the county server.

An exchange is three steps, split so the desktop can run the database steps in its serial database worker and
the network step beside it (a slow network never holds up a household being opened):

1. `prepare_push` (database): seal the whole outbox — every local change the county has not acknowledged — as
   the next numbered batch, in memory. The same batch a USB export writes, so a lost answer is repaired by the
   next push exactly as a lost stick is by the next export.
2. `ServerClient.exchange` (network): POST it to ``/v1/exchange`` and read the sealed return file.
3. `take_reply` (database): apply the return file (`sync.station_apply.apply_return`): idempotent, so a reply
   applied twice, or an old one after a newer one, changes nothing.

`push` runs all three for ``anju sync push``; `record_exchange` writes the station's sync log either way.

Nothing is lost and nothing applied twice, wherever the connection breaks: a batch cut off on the way up is
refused whole by the envelope check (or never seen); a reply cut off on the way down is never applied (the
envelope check again) and the county's cursor makes the next push a replay that is answered, not re-applied.

**Why the standard library's http.client, not httpx.** The station is a Windows laptop running a PyInstaller
bundle: http.client adds nothing to it (httpx would bring httpcore, h11, anyio, sniffio, certifi and idna),
one synchronous request per exchange in a worker thread needs no async, and we need the socket itself: a
timeout on connecting and on every stalled read or write (not one deadline for a transfer whose size varies
from a few KB to tens of MB), a cap on the reply's size, and `ServerClient.abort` to cut a request short from
the UI thread when the program closes. System proxies are not used: a county server is reached on the county's
network, and a proxy that rewrites or caches bodies would only get in the way.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import insert

from forms.clock import server_clock_problem
from forms.errors import AnjuError
from forms.journal import utc_now
from forms.store import Store
from forms.sync_records import SyncExchange
from forms.version import APP_VERSION

from .batch import Manifest
from .errors import SyncError
from .identity import require_station
from .outbox import log_batch, questionnaire_version, seal_outbox
from .rows import bulk
from .station_apply import ReturnOutcome, apply_return

EXCHANGE_PATH = "/v1/exchange"
HEALTH_PATH = "/health"
BATCH_MEDIA_TYPE = "application/octet-stream"
OUTCOME_HEADER = "x-anju-outcome"
CONNECT_TIMEOUT_S = 10.0
IO_TIMEOUT_S = 60.0  # the longest a read or write may stall: the county applies a large batch before answering
MAX_REPLY = 512 * 1024 * 1024  # a return file carries a station's whole scope at most; far below this
CHUNK = 256 * 1024


# ---- what can go wrong -----------------------------------------------------------------------------------------


class ExchangeError(SyncError):
    """An exchange that did not complete. ``outcome`` is what the sync log calls it; ``transient`` says whether
    trying again soon may help (back-off) or a person must act first (wait for the normal interval)."""

    outcome = "failed"
    transient = True

    def __init__(self, zh: str, en: str, *, http_status: int | None = None, code: str = "") -> None:
        super().__init__(zh, en)
        self.http_status = http_status
        self.code = code


class ServerUnreachable(ExchangeError):
    outcome = "offline"

    def __init__(self, url: str, reason: tuple[str, str]) -> None:
        super().__init__(
            f"无法连接县里的服务器 {url}（{reason[0]}）。本站的数据安全保存在本机，联网后会自动重试；"
            "急需时可以“导出到U盘”带到县里。",
            f"Cannot reach the county server {url} ({reason[1]}). The station's data is safe on this computer and "
            "the sync is retried by itself once the network is back; if it is urgent, export to a USB stick.",
        )


class NotAnAnjuServer(ExchangeError):
    """Something answered, but not the county server (a hotspot's login page, a wrong address)."""

    outcome = "offline"

    def __init__(self, url: str, status: int, content_type: str) -> None:
        super().__init__(
            f"地址 {url} 的回应不是安居县级服务器（HTTP {status}，{content_type or '无类型'}）。"
            "若需先在网页上登录网络，请先登录；否则请县里核对服务器地址。本站数据未受影响，稍后会自动重试。",
            f"The answer from {url} is not from an Anju county server (HTTP {status}, {content_type or 'no type'}). "
            "If the network wants you to log in on a web page, do that first; otherwise ask the county to check "
            "the server address. The station's data is unaffected; the sync is retried by itself.",
            http_status=status,
        )


class NotHttp(ExchangeError):
    """Something listens at the address but does not speak HTTP (another program on the server's port)."""

    outcome = "offline"

    def __init__(self, url: str) -> None:
        super().__init__(
            f"地址 {url} 上的回应不是 HTTP：该地址和端口上运行的是另一个程序，不是安居县级服务器。"
            "请县里核对服务器地址和端口（anju serve --port）。本站数据未受影响，稍后会自动重试。",
            f"The answer at {url} is not HTTP: another program runs at that address and port, not the Anju county "
            "server. Ask the county to check the server's address and port (anju serve --port). The station's "
            "data is unaffected; the sync is retried by itself.",
        )


class ServerRefused(ExchangeError):
    """The server answered and said no (4xx): retrying soon will not help until someone acts."""

    outcome = "refused"
    transient = False


class ServerFailed(ExchangeError):
    """The server answered with an error of its own (5xx): it may be better soon."""

    outcome = "failed"


class ServerBusy(ServerFailed):
    """503 without the server's own JSON: uvicorn turning requests away over its concurrency limit (plain text
    "Service Unavailable"), or a proxy in front of the server saying the same. Nothing reached the county."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"县里的服务器 {url} 正忙（同时同步的工作站太多），这次没有同步。本站的数据都安全保存在本机，没有丢失；"
            "本站会自动重试，也可以过几分钟再点“立即同步”。若一整天都是这样，请告诉县里的管理员"
            "（县里服务器，HTTP 503）。",
            f"The county server {url} is busy (too many stations syncing at once), so this sync did not happen. "
            "The station's data is all safe on this computer; nothing is lost. The station tries again by itself, "
            "or click Sync now in a few minutes. If it stays like this all day, tell the county's administrator "
            "(county server, HTTP 503).",
            http_status=503,
            code="busy",
        )


class NoServer(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "本站还不知道县里服务器的地址，不能在线同步。请用U盘同步；若县里有服务器，请县里设置它的地址"
            "（anju county server-url 地址），本站用U盘同步一次（导入回执）后就能在线同步；"
            "也可以用 anju sync push --url 地址 指定。",
            "This station does not know the county server's address, so it cannot sync online. Sync by USB "
            "stick; if the county runs a server, ask the county to set its address (anju county server-url URL): "
            "after one USB exchange (importing the return file) this station syncs online. Or give it with anju "
            "sync push --url URL.",
        )


# ---- the network ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    headers: dict[str, str]  # lower-case names
    body: bytes

    def error_text(self) -> tuple[str, str, str] | None:
        """(code, 中文, English) from a JSON refusal, if the body is one."""
        if not self.content_type.startswith("application/json"):
            return None
        try:
            value = json.loads(self.body)
            return str(value["code"]), str(value["error_zh"]), str(value["error_en"])
        except (ValueError, KeyError, TypeError):
            return None


class ServerClient:
    """Talks to one county server. One request at a time; `abort` (from any thread) ends the current one now."""

    def __init__(
        self, url: str, *, connect_timeout: float = CONNECT_TIMEOUT_S, io_timeout: float = IO_TIMEOUT_S
    ) -> None:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SyncError(
                f"服务器地址“{url}”无效，应形如 http://主机:8470。请检查登记包或 --url。",
                f"The server address “{url}” is not valid; it should look like http://HOST:8470. Check the "
                "package or --url.",
            )
        self.url = url.strip()
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._base = parts.path.rstrip("/")
        self.connect_timeout = connect_timeout
        self.io_timeout = io_timeout
        self._lock = threading.Lock()
        self._conn: http.client.HTTPConnection | None = None
        self._aborted = False

    def exchange(self, sealed: bytes) -> Reply:
        """POST a sealed batch; the server's answer, whatever its status. Raises ServerUnreachable when no whole
        answer arrives."""
        return self._request("POST", EXCHANGE_PATH, sealed)

    def health(self) -> Reply:
        return self._request("GET", HEALTH_PATH, None)

    def abort(self) -> None:
        """Cut the request in progress (a blocked connect, send or read raises at once)."""
        with self._lock:
            self._aborted = True
            conn = self._conn
        if conn is not None and conn.sock is not None:
            with contextlib.suppress(OSError):  # already closed: nothing to cut
                conn.sock.shutdown(socket.SHUT_RDWR)

    def _connection(self) -> http.client.HTTPConnection:
        if self._https:
            return http.client.HTTPSConnection(self._host, self._port, timeout=self.connect_timeout)
        return http.client.HTTPConnection(self._host, self._port, timeout=self.connect_timeout)

    def _request(self, method: str, path: str, body: bytes | None) -> Reply:
        conn = self._connection()
        with self._lock:
            if self._aborted:
                raise ServerUnreachable(self.url, ("已取消", "cancelled"))
            self._conn = conn
        try:
            try:
                conn.connect()
            except OSError as exc:
                raise ServerUnreachable(self.url, _reason(exc, "连接时", "while connecting")) from exc
            assert conn.sock is not None
            conn.sock.settimeout(self.io_timeout)
            try:
                self._send(conn, method, path, body)
            except OSError as exc:
                # The server may have answered early and closed (413 for a body over its limit): read that.
                reply = self._early_reply(conn)
                if reply is None:
                    raise ServerUnreachable(self.url, _reason(exc, "发送时", "while sending")) from exc
                return reply
            try:
                return self._receive(conn)
            except (http.client.BadStatusLine, http.client.LineTooLong) as exc:
                if isinstance(exc, http.client.RemoteDisconnected):  # closed without a word: a dropped connection
                    raise ServerUnreachable(self.url, _reason(exc, "接收回执时", "while receiving the answer")) from exc
                raise NotHttp(self.url) from exc
            except (OSError, http.client.HTTPException) as exc:
                raise ServerUnreachable(self.url, _reason(exc, "接收回执时", "while receiving the answer")) from exc
        finally:
            with self._lock:
                self._conn = None
            conn.close()

    def _send(self, conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None) -> None:
        conn.putrequest(method, self._base + path, skip_accept_encoding=True)
        conn.putheader("User-Agent", f"anju/{APP_VERSION}")
        conn.putheader("Accept", f"{BATCH_MEDIA_TYPE}, application/json")
        if body is not None:
            conn.putheader("Content-Type", BATCH_MEDIA_TYPE)
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        if body:
            view = memoryview(body)
            for start in range(0, len(view), CHUNK):  # in pieces, so abort() takes effect mid-upload
                conn.send(view[start : start + CHUNK])

    def _early_reply(self, conn: http.client.HTTPConnection) -> Reply | None:
        try:
            return self._receive(conn)
        except (OSError, http.client.HTTPException):
            return None

    def _receive(self, conn: http.client.HTTPConnection) -> Reply:
        response = conn.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_REPLY:
            raise http.client.HTTPException(f"reply of {declared} bytes is too large")
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read(CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_REPLY:
                raise http.client.HTTPException("reply too large")
        body = b"".join(chunks)
        if declared is not None and declared.isdigit() and len(body) != int(declared):
            raise http.client.IncompleteRead(body, int(declared) - len(body))
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        return Reply(response.status, content_type, headers, body)


def _reason(exc: BaseException, when_zh: str = "", when_en: str = "") -> tuple[str, str]:
    """Why a connection failed, in words for people (中文, English)."""
    if isinstance(exc, socket.timeout | TimeoutError):
        zh, en = "等待超时", "timed out"
    elif isinstance(exc, ConnectionRefusedError):
        zh, en = "服务器未运行或端口不对", "connection refused: the server is not running, or the port is wrong"
    elif isinstance(exc, socket.gaierror):
        zh, en = "找不到该主机", "host not found"
    elif isinstance(exc, ConnectionResetError | BrokenPipeError | http.client.RemoteDisconnected):
        zh, en = "连接被断开", "the connection was dropped"
    elif isinstance(exc, http.client.IncompleteRead):
        zh, en = "回执不完整", "the answer was cut short"
    else:
        zh = en = str(exc) or type(exc).__name__
    return (f"{when_zh}{zh}", f"{en} {when_en}".strip())


# ---- the station's steps ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedBatch:
    url: str
    manifest: Manifest
    sealed: bytes


def prepare_push(store: Store, url: str | None = None) -> PreparedBatch:
    """Seal the whole outbox as the next batch, for the server at ``url`` (default: the enrolment package's).

    Like `sync.outbox.export_batch`, without the file: the batch number is used (and the batch logged as a
    push) in one transaction; a push that never arrives costs only the number, and the next push carries the
    same changes again.
    """
    questionnaire = questionnaire_version(store)
    with bulk(), store.engine.connect().execution_options(write=True) as conn, conn.begin():
        identity = require_station(conn, store)
        target = (url or identity.server_url or "").strip()
        if not target:
            raise NoServer()
        batch = seal_outbox(conn, store, questionnaire)
        log_batch(conn, "push", batch, file_name=None, note=target)
    manifest, sealed = batch.manifest, batch.sealed
    return PreparedBatch(target, manifest, sealed)


@dataclass(frozen=True)
class Answer:
    """A reply that carries a return file: the answer to the batch, or (``gap``) a request to send again."""

    reply: Reply
    gap: bool

    @property
    def server_status(self) -> str:
        return self.reply.headers.get(OUTCOME_HEADER, "")

    def count(self, name: str) -> int:
        value = self.reply.headers.get(f"x-anju-{name}", "0")
        return int(value) if value.isdigit() else 0


def read_answer(url: str, reply: Reply) -> Answer:
    """The return file in a reply, or the ExchangeError the reply amounts to."""
    if reply.content_type == BATCH_MEDIA_TYPE and reply.status in (200, 409):
        return Answer(reply, gap=reply.status == 409)
    error = reply.error_text()
    if error is None and reply.status == 503:
        raise ServerBusy(url)
    if error is None and reply.status >= 500:  # the server, or a proxy in front of it, failed without saying why
        raise ServerFailed(
            f"县里的服务器 {url} 出错（HTTP {reply.status}）。本站的数据安全保存在本机，稍后会自动重试，"
            "县里已收到的变更不会重复应用；若一直如此，请联系县里的管理员。",
            f"The county server {url} had an error (HTTP {reply.status}). The station's data is safe on this "
            "computer and the sync is retried by itself; nothing the county already has is applied twice. If this "
            "goes on, contact the county's administrator.",
            http_status=reply.status,
        )
    if error is None:
        raise NotAnAnjuServer(url, reply.status, reply.content_type)
    code, zh, en = error
    if reply.status >= 500 or reply.status in (408, 429):
        suffix_zh, suffix_en = f"（县里服务器，HTTP {reply.status}）", f" (county server, HTTP {reply.status})"
        raise ServerFailed(zh + suffix_zh, en + suffix_en, http_status=reply.status, code=code)
    raise ServerRefused(
        f"{zh}（县里服务器拒绝，HTTP {reply.status}）",
        f"{en} (refused by the county server, HTTP {reply.status})",
        http_status=reply.status,
        code=code,
    )


def take_reply(store: Store, batch: PreparedBatch, answer: Answer) -> ReturnOutcome:
    """Apply the return file the server answered with (idempotent)."""
    return apply_return(store, answer.reply.body, f"anju-return-{batch.manifest.batch_no:04d}", online=True)


# ---- one whole exchange, and the log --------------------------------------------------------------------------------


@dataclass
class ExchangeRecord:
    """One row of the station's sync log (`forms.sync_records.SyncExchange`)."""

    started_at: str
    trigger: str
    server_url: str | None = None
    outcome: str = "failed"
    http_status: int | None = None
    batch_no: int | None = None
    sent: int = 0
    received: int = 0
    updated: int = 0
    acked_seq: int | None = None
    message_zh: str = ""
    message_en: str = ""
    finished_at: str = field(default_factory=utc_now)
    resent: bool = False

    def succeeded(self, batch: PreparedBatch, answer: Answer, returned: ReturnOutcome) -> None:
        self.outcome = "ok"
        self.server_url = batch.url
        self.http_status = answer.reply.status
        self.batch_no = batch.manifest.batch_no
        self.sent = batch.manifest.total
        self.received = returned.applied.received
        self.updated = returned.applied.changed
        self.acked_seq = returned.ack_seq
        self.message_zh, self.message_en = _success_message(batch, answer, returned, resent=self.resent)
        # The county server's clock is looked after; a station's a year off shows here first (`forms.clock`).
        wrong_clock = server_clock_problem(answer.reply.headers.get("date"))
        if wrong_clock is not None:
            self.message_zh += wrong_clock[0]
            self.message_en += " " + wrong_clock[1]
        self.finished_at = utc_now()

    def failed(self, error: BaseException, batch: PreparedBatch | None = None) -> None:
        self.outcome = error.outcome if isinstance(error, ExchangeError) else "failed"
        self.http_status = error.http_status if isinstance(error, ExchangeError) else None
        if batch is not None:
            self.server_url, self.batch_no, self.sent = batch.url, batch.manifest.batch_no, batch.manifest.total
        if isinstance(error, AnjuError):  # a refusal, or the station's own disk full (`forms.schema.disk_refused`)
            self.message_zh, self.message_en = error.zh, error.en
        else:
            self.message_zh = (
                f"同步时出现意外错误（{error!r}）。本机数据未受影响；请重试，若仍出错请把这条信息告诉技术支持。"
            )
            self.message_en = (
                f"Unexpected error while syncing ({error!r}). The station's data is unaffected; try again, and if "
                "it happens again tell technical support."
            )
        self.finished_at = utc_now()


def _success_message(batch: PreparedBatch, answer: Answer, returned: ReturnOutcome, *, resent: bool) -> tuple[str, str]:
    m, a = batch.manifest, returned.applied
    if m.total:
        sent_zh, sent_en = f"发送第 {m.batch_no} 批 {m.total} 条变更", f"sent batch {m.batch_no} with {m.total} changes"
    else:
        sent_zh, sent_en = "没有待发送的变更", "no changes to send"
    if answer.server_status == "replay":
        sent_zh += "（县里此前已收到，未重复应用）"
        sent_en += " (the county had them already; nothing applied twice)"
    # The station's changes waiting for the county, and the rest of what the return file means, in the words the USB
    # import uses (`ReturnOutcome.news`). Only a county program too old to send its open conflicts leaves the count
    # of this batch's conflicts to say it.
    news_zh, news_en = returned.news()
    conflicts = answer.count("conflicts") if returned.waiting is None else 0
    conflicts_zh = f"；县里有 {conflicts} 处冲突待处理" if conflicts else ""
    conflicts_en = f"; {conflicts} conflicts wait at the county" if conflicts else ""
    kept = f"，{a.kept_local} 条保留本站未发送的修改" if a.kept_local else ""
    kept_en = f", {a.kept_local} keep local changes not yet sent" if a.kept_local else ""
    again = "县里缺少本站之前的部分变更，已重新发送。" if resent else ""
    again_en = "The county was missing earlier changes of this station; they were sent again. " if resent else ""
    if a.received:
        got_zh = f"收到 {a.received} 条记录，其中 {a.changed} 条更新了本机数据{kept}"
        got_en = f"received {a.received} records, {a.changed} of them updated here{kept_en}"
    else:
        got_zh, got_en = "县里没有新的数据", "nothing new from the county"
    return (
        f"{again}已与县里同步：{sent_zh}，{got_zh}{conflicts_zh}。{news_zh}",
        f"{again_en}Synced with the county: {sent_en}; {got_en}{conflicts_en}.{news_en}",
    )


def record_exchange(store: Store, record: ExchangeRecord) -> None:
    """Write one row of the station's sync log."""
    values = {k: v for k, v in record.__dict__.items() if k != "resent"}
    with store.engine.connect().execution_options(write=True) as conn, conn.begin():
        conn.execute(insert(SyncExchange).values(**values))


@dataclass
class PushResult:
    record: ExchangeRecord
    returned: ReturnOutcome | None = None


def push(
    store: Store,
    *,
    url: str | None = None,
    trigger: str = "command",
    connect_timeout: float = CONNECT_TIMEOUT_S,
    io_timeout: float = IO_TIMEOUT_S,
) -> PushResult:
    """One whole exchange (``anju sync push``), logged whatever its outcome. Never raises for the network: the
    record says what happened; errors that are not about the exchange (not enrolled, no server) do raise."""
    record = ExchangeRecord(utc_now(), trigger)
    batch = prepare_push(store, url)
    record.server_url = batch.url
    try:
        client = ServerClient(batch.url, connect_timeout=connect_timeout, io_timeout=io_timeout)
        answer = read_answer(batch.url, client.exchange(batch.sealed))
        returned = take_reply(store, batch, answer)
        if answer.gap:
            # The county lacks changes this station thought acknowledged (its database was restored): the reply
            # lowered the acknowledged seq, so a new batch carries them. Once; a second gap is an error.
            record.resent = True
            batch = prepare_push(store, url)
            answer = read_answer(batch.url, client.exchange(batch.sealed))
            if answer.gap:
                raise ServerRefused(
                    "县里仍缺少本站的部分变更。请联系县里的管理员。",
                    "The county still lacks some of this station's changes. Contact the county's administrator.",
                    http_status=409,
                    code="gap",
                )
            returned = take_reply(store, batch, answer)
    except SyncError as exc:
        record.failed(exc, batch)
        record_exchange(store, record)
        return PushResult(record)
    record.succeeded(batch, answer, returned)
    record_exchange(store, record)
    return PushResult(record, returned)
