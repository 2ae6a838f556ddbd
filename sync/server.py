"""The county server (``anju serve``): stations push their sealed batch over HTTP and take their return file.

One endpoint does the whole exchange, bytes in and bytes out: ``POST /v1/exchange`` with a sealed station batch as
the body answers with the station's sealed return file — the very files a USB stick carries, verified and applied
by the very code ``anju sync import`` runs (`sync.county_apply`, `sync.county_return`), one transaction per batch.
So everything the USB path guarantees holds here: a replayed batch is a no-op that still gets its answer (the
station may have lost the previous one), a batch cut short or altered is refused before anything is read, and
nothing is ever applied twice, whatever the network does.

**Who may push.** A station is known only by its signature: the envelope names its sender, the sender must be a
station this county enrolled, and the Ed25519 signature over the envelope must verify with that station's key —
checked before anything is decrypted. The envelope's header is checked as soon as its first bytes arrive: an upload
that is not a batch, or names another county or no station of this one, is refused before the rest of it is read
(so uploads from nobody cannot fill the server's memory). There are no passwords or tokens to leak or expire; an
unknown sender or a bad signature gets 403. The envelope is encrypted and signed end to end, so plain HTTP on the
county network leaks nothing and lets nobody change anything; a reverse proxy may still add TLS.

**Answers.** 200 with the return file (``X-Anju-Outcome``: applied / replay / empty, and counts), or 409 with a
return file when the batch leaves a gap (``X-Anju-Outcome: gap``: the return file asks the station to send those
changes again; it applies it and pushes once more). Every refusal is JSON ``{code, error_zh, error_en}`` with a
4xx status saying what to do, 中文 first: a malformed body is never a 500, and never applies anything. 503 means
the database is unreachable or busy (try again later, ``Retry-After``); 500 is left for bugs.

Batches are applied one at a time per process (a lock around the write), since the database takes one writer at
a time anyway: queued in the process, a second station waits for the first instead of timing out on SQLite's busy
lock. Verification (signature, decryption, hashes) runs outside the lock.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from forms.errors import AnjuError, DiskRefused
from forms.schema import HEAD_REVISION
from forms.store import Store
from forms.sync_records import SyncStation
from forms.version import APP_VERSION

from .county_apply import BatchOutcome, OpenedBatch, apply_batch, open_batch
from .county_return import make_return
from .envelope import KIND_BATCH, SIGNATURE_LEN, Header, peek_header, read_header
from .errors import (
    AlteredFile,
    BatchGap,
    DamagedFile,
    MalformedBatch,
    NewerFormat,
    NewerSchema,
    NotAnjuFile,
    StationCopy,
    StationRestored,
    StationRevoked,
    SyncError,
    TruncatedFile,
    UnknownStation,
)
from .identity import COUNTY, file_safe, load_identity
from .keys import ed25519_public
from .review_hook import recheck_households
from .station_keys import signing_key
from .versions import is_newer

log = logging.getLogger("anju.server")

EXCHANGE_PATH = "/v1/exchange"
HEALTH_PATH = "/health"
BATCH_MEDIA_TYPE = "application/octet-stream"
DEFAULT_MAX_BODY = 64 * 1024 * 1024  # a 100,000-change batch seals to well under 20 MiB
RETRY_AFTER_S = 30
BODY_TIMEOUT_S = 60.0  # the longest an upload may stall (as long as the station waits on a stalled send)
UPLOAD_NAME = "upload"  # what the sync messages call the uploaded batch
_ID = re.compile(r"[A-Za-z0-9_.-]{1,100}")  # a station's or county's id, as an envelope names them

# The headers an exchange answers with, besides the return file itself.
OUTCOME_HEADER = "X-Anju-Outcome"
COUNT_HEADERS = {
    "applied": "X-Anju-Applied",
    "skipped": "X-Anju-Skipped",
    "merged": "X-Anju-Merged",
    "conflicts": "X-Anju-Conflicts",
}
BATCH_HEADER = "X-Anju-Batch"
_STATUS_ZH = {"applied": "新批次", "replay": "重发的批次，未重复应用", "empty": "没有变更"}


class ErrorBody(BaseModel):
    """Every refusal: a stable code for programs, and what to do for people (中文 first)."""

    code: str
    error_zh: str
    error_en: str


class Health(BaseModel):
    ok: bool
    service: str
    county: str
    version: str
    schema_revision: str
    database: str


class Refusal(Exception):
    """An answer other than a return file: status, code and the bilingual message."""

    def __init__(self, status: int, code: str, zh: str, en: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {code}: {en}")
        self.status, self.code, self.zh, self.en = status, code, zh, en
        self.headers = headers or {}

    @classmethod
    def of(cls, status: int, code: str, error: AnjuError) -> Refusal:
        return cls(status, code, error.zh, error.en)

    def response(self) -> JSONResponse:
        body = ErrorBody(code=self.code, error_zh=self.zh, error_en=self.en)
        return JSONResponse(body.model_dump(), status_code=self.status, headers=self.headers)


def _too_large(limit: int) -> Refusal:
    mib = limit // (1024 * 1024)
    return Refusal(
        413,
        "too_large",
        f"上传的批次超过服务器允许的 {mib} MiB，未应用任何内容。请改用U盘同步（导出到U盘），或请县里调大服务器的上限。",
        f"The batch is larger than the {mib} MiB this server accepts; nothing was applied. Sync by USB stick "
        "instead (export to USB), or ask the county to raise the server's limit.",
    )


def _unavailable(detail: str) -> Refusal:
    return Refusal(
        503,
        "unavailable",
        f"县里的服务器暂时无法使用数据库（{detail}），未应用任何内容。工作站会稍后自动重试；若一直如此，请联系县里的管理员。",
        f"The county server cannot use its database right now ({detail}); nothing was applied. The station "
        "will try again later; if this goes on, contact the county's administrator.",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


@dataclass
class Exchanged:
    """A batch applied (or found already applied) and the return file that answers it."""

    outcome: BatchOutcome
    reply: bytes


class Exchanger:
    """Authenticates, verifies and applies one sealed batch at a time against the county's store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._write = threading.Lock()

    def admit(self, header: Header) -> Any:
        """What the header alone tells (an upload's first bytes, see `_read_body`): a batch for this county from a
        station it enrolled. Returns the station's row."""
        if not (_ID.fullmatch(header.sender) and _ID.fullmatch(header.recipient)):
            # Ids the county makes (station-…, county-…): anything else, line breaks or terminal escapes in what
            # the refusals and the log repeat, was never written by a station.
            raise _damaged()
        if header.kind != KIND_BATCH:
            raise Refusal(
                422,
                "wrong_kind",
                "上传的是县里的回执文件，不是工作站的批次。请在工作站上导入回执文件，而不是上传到服务器。",
                "The upload is a county return file, not a station batch. Import return files at the station; "
                "do not upload them to the server.",
            )
        try:
            with self.store.engine.connect() as conn:
                county = load_identity(conn)
                station = conn.execute(select(SyncStation).where(SyncStation.id == header.sender)).first()
        except (OperationalError, DiskRefused) as exc:
            raise _unavailable(_first_line(exc)) from exc
        if county is None or county.role != COUNTY:
            raise Refusal(
                503,
                "not_county",
                "服务器的数据库不是县级数据库，暂时不能同步。请县里的管理员检查 anju serve 的 --db。",
                "The server's database is not the county's, so it cannot sync now. The county's administrator "
                "should check anju serve's --db.",
            )
        if header.recipient != county.id:
            raise Refusal(
                403,
                "wrong_county",
                f"这个工作站是由另一个县（编号 {header.recipient}）登记的，不能同步到本县（{county.name}）的服务器。"
                "未应用任何内容。请检查本站登记包里的服务器地址。",
                f"This station was enrolled by another county ({header.recipient}) and cannot sync with the server "
                f"of {county.name}. Nothing was applied. Check the server address in the station's package.",
            )
        if station is None:
            raise Refusal(
                403,
                "unknown_station",
                f"本县没有登记编号为 {header.sender} 的工作站，服务器拒绝了这次同步，未应用任何内容。"
                "请联系县里确认本站的登记（可能已被重新登记），在此之前可以用U盘同步。",
                f"This county has no enrolled station {header.sender}, so the server refused the sync; nothing was "
                "applied. Ask the county to check this station's enrolment (it may have been enrolled again); "
                "until then, sync by USB stick.",
            )
        return station

    def authenticate(self, data: bytes) -> Header:
        """Shape, checksum and kind, then the sender: an enrolled station whose signature verifies."""
        with _header_refusals():
            header = read_header(data, UPLOAD_NAME)
        station = self.admit(header)
        try:
            key = signing_key(station, header, "upload")
        except StationCopy as exc:
            raise Refusal.of(403, "station_copy", exc) from None
        except StationRevoked as exc:
            raise Refusal.of(403, "station_revoked", exc) from None
        except AlteredFile:  # keys the package did not introduce
            raise _bad_signature() from None
        signed = header.size + header.payload_len
        try:
            ed25519_public(key).verify(data[signed : signed + SIGNATURE_LEN], data[:signed])
        except InvalidSignature:
            raise _bad_signature() from None
        if is_newer(header.schema):
            raise _newer_station(f"数据结构版本 {header.schema}", f"schema {header.schema}")
        return header

    def exchange(self, data: bytes) -> Exchanged:
        """Verify, apply and answer. Raises Refusal for anything but a return file to send back."""
        self.authenticate(data)
        batch = self._open(data)
        try:
            with self._write:
                try:
                    outcome = apply_batch(self.store, batch)
                except BatchGap as gap:
                    reply = make_return(self.store, batch.manifest.station_id, answering=batch.manifest, reset=True)
                    raise Refusal(
                        409,
                        "gap",
                        gap.zh,
                        gap.en,
                        headers={OUTCOME_HEADER: "gap", BATCH_HEADER: str(batch.manifest.batch_no)},
                    ) from Gap(reply.sealed)
                made = make_return(self.store, batch.manifest.station_id, answering=batch.manifest)
        except UnknownStation as exc:  # removed between authenticate and apply
            raise Refusal.of(403, "unknown_station", exc) from None
        except StationCopy as exc:  # another computer's batch pinned other keys between authenticate and apply
            raise Refusal.of(403, "station_copy", exc) from None
        except StationRevoked as exc:  # revoked between authenticate and apply
            raise Refusal.of(403, "station_revoked", exc) from None
        except StationRestored as exc:
            raise Refusal.of(409, "station_restored", exc) from None
        except MalformedBatch as exc:  # a value the station program never writes, found before anything applied
            raise Refusal.of(400, "malformed", exc) from None
        except DamagedFile as exc:  # a big batch's changes are checked during the merge (`sync.batch_check`)
            raise Refusal.of(400, "damaged", exc) from None
        except SyncError as exc:
            raise Refusal.of(422, "refused", exc) from None
        except (OperationalError, DiskRefused) as exc:
            log.warning("数据库暂时无法使用 / database unavailable: %s", _first_line(exc))
            raise _unavailable(_first_line(exc)) from exc
        except (DBAPIError, ValueError, TypeError) as exc:
            # A signed, well-formed batch holding values the county cannot store (a date that is not one, text
            # longer than its column on PostgreSQL …): the transaction rolled back whole. The station must fix
            # the record; logged with its traceback, since a program error would look the same.
            log.exception(
                "工作站“%s”第 %d 批无法写入数据库，已整批撤销 / batch %d of station %s could not be applied",
                *(batch.station_name, batch.manifest.batch_no, batch.manifest.batch_no, batch.station_name),
            )
            raise Refusal(
                422,
                "rejected_by_database",
                "县里的数据库无法保存本批中的数据，未应用任何内容。请把这条信息告诉县里的管理员，以便从服务器日志查明是哪条记录。",
                "The county database cannot store data in this batch; nothing was applied. Tell the county's "
                "administrator this message, so they can find the record in the server's log.",
            ) from exc
        # The rules re-run on the touched households after the commit, as after a USB import: findings for the
        # review queue, never a reason to refuse. The batch is in and answered either way; a queue row whose rules
        # did not run is checked when the review screen opens it.
        try:
            recheck_households(self.store, outcome.touched)
        except Exception:
            log.exception("re-running the rules after station %s batch %d", outcome.station_name, outcome.batch_no)
        return Exchanged(outcome, made.sealed)

    def _open(self, data: bytes) -> OpenedBatch:
        """Decrypt the batch and check every hash (outside the write lock: this is the CPU-bound part)."""
        try:
            batch = open_batch(self.store, data, UPLOAD_NAME)
        except UnknownStation as exc:
            raise Refusal.of(403, "unknown_station", exc) from None
        except StationCopy as exc:
            raise Refusal.of(403, "station_copy", exc) from None
        except StationRevoked as exc:
            raise Refusal.of(403, "station_revoked", exc) from None
        except NewerSchema as exc:
            raise Refusal.of(422, "newer_schema", exc) from None
        except MalformedBatch:
            raise _malformed() from None
        except DamagedFile as exc:
            raise Refusal.of(400, "damaged", exc) from None
        except SyncError as exc:
            raise Refusal.of(422, "refused", exc) from None
        except (OperationalError, DiskRefused) as exc:
            raise _unavailable(_first_line(exc)) from exc
        except Exception as exc:
            # Signed by an enrolled station, yet not a batch the station program makes (an empty payload …).
            log.warning("a signed payload that is not a batch", exc_info=exc)
            raise _malformed() from exc
        # From here on messages name the batch as its USB file would be named (a station admin knows those).
        batch.name = f"anju-{file_safe(batch.station_name)}-{batch.manifest.batch_no:04d}"
        return batch


@contextmanager
def _header_refusals() -> Iterator[None]:
    """An envelope header that is not ours, cut short or damaged, refused as such."""
    try:
        yield
    except NotAnjuFile:
        raise Refusal(
            400,
            "not_a_batch",
            "上传的内容不是安居的同步批次，未应用任何内容。请用安居工作站程序同步，不要用其他程序上传。",
            "The upload is not an Anju sync batch; nothing was applied. Sync from the Anju station program, "
            "not from another program.",
        ) from None
    except NewerFormat as exc:
        raise _newer_station(f"文件格式 {exc.layout}", f"file format {exc.layout}") from None
    except TruncatedFile:
        raise Refusal(
            400,
            "truncated",
            "上传的批次不完整（连接可能中途断开），未应用任何内容。工作站会自动重新发送；若反复出现，请检查网络。",
            "The uploaded batch is incomplete (the connection probably dropped); nothing was applied. The "
            "station sends it again by itself; if this keeps happening, check the network.",
        ) from None
    except DamagedFile:
        raise _damaged() from None


def _newer_station(what: str, what_en: str) -> Refusal:
    """A batch from a station whose Anju is newer than the server's: the county upgrades, the station waits."""
    return Refusal(
        422,
        "newer_schema",
        f"本站的安居比县里服务器的新（{what}，服务器的安居 {APP_VERSION} 只支持到数据结构版本 {HEAD_REVISION}），"
        "服务器暂时不能应用，未应用任何内容。请县里把服务器上的安居升级到与本站相同的版本；"
        "在此之前本站的数据安全保存在本机。",
        f"This station's Anju is newer than the county server's ({what_en}; the server's Anju {APP_VERSION} knows "
        f"up to schema {HEAD_REVISION}), so nothing was applied. Ask the county to upgrade Anju on the server to "
        "this station's version; until then the station's data stays safe on the station.",
    )


def _bad_signature() -> Refusal:
    return Refusal(
        403,
        "bad_signature",
        "批次的签名与该工作站登记的密钥不符，服务器拒绝了这次同步，未应用任何内容。"
        "若本站刚被重新登记，请导入新的登记包；否则请联系县里。",
        "The batch's signature does not match the key this station was enrolled with, so the server "
        "refused it; nothing was applied. If the station was just enrolled again, accept the new package; "
        "otherwise contact the county.",
    )


def _damaged() -> Refusal:
    return Refusal(
        400,
        "damaged",
        "上传的批次在传输中损坏，未应用任何内容。工作站会自动重新发送；若反复出现，请检查网络或改用U盘同步。",
        "The uploaded batch was damaged on the way; nothing was applied. The station sends it again by itself; "
        "if this keeps happening, check the network or sync by USB stick.",
    )


def _malformed() -> Refusal:
    return Refusal(
        400,
        "malformed",
        "上传的批次内容格式不对（不是安居工作站程序生成的），未应用任何内容。请确认工作站使用的是正式版本的安居；"
        "若问题持续，请联系技术支持。",
        "The uploaded batch is not laid out as the Anju station program makes it; nothing was applied. Check that "
        "the station runs a released Anju; if this goes on, contact technical support.",
    )


class Gap(Exception):
    """Carries the return file that answers a gap (the reason of a 409 Refusal)."""

    def __init__(self, reply: bytes) -> None:
        super().__init__("gap")
        self.reply = reply


def _first_line(exc: DBAPIError | DiskRefused) -> str:
    if isinstance(exc, DiskRefused):  # the drive refused a write (`forms.schema.disk_refused`)
        return exc.en
    return str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__


def _reply_response(exchanged: Exchanged) -> Response:
    o = exchanged.outcome
    headers = {OUTCOME_HEADER: o.status, BATCH_HEADER: str(o.batch_no)}
    for key, header in COUNT_HEADERS.items():
        headers[header] = str(getattr(o, key))
    return Response(exchanged.reply, media_type=BATCH_MEDIA_TYPE, headers=headers)


def _refusal_response(refusal: Refusal) -> Response:
    cause = refusal.__cause__
    if isinstance(cause, Gap):
        # The answer to a gap is a return file too: it lowers the station's acknowledged seq, so its next push
        # carries the changes the county is missing.
        return Response(cause.reply, status_code=refusal.status, media_type=BATCH_MEDIA_TYPE, headers=refusal.headers)
    return refusal.response()


# ---- the application ------------------------------------------------------------------------------------------

_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": what}
    for status, what in (
        (400, "Not an Anju batch, cut short or damaged on the way; nothing was applied."),
        (403, "Unknown station, bad signature, or a station of another county; nothing was applied."),
        (408, "The upload stalled; nothing was applied. The station sends it again."),
        (409, "The station's database was restored from an old backup (JSON); nothing was applied."),
        (413, "The body is larger than the server accepts."),
        (415, "The body is not application/octet-stream."),
        (422, "A batch this server cannot apply (newer schema, a return file, data the database refuses)."),
        (503, "The database is unavailable or busy; try again after Retry-After seconds."),
    )
}
_SEALED = {BATCH_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}
_COUNT = {"schema": {"type": "integer"}}


def create_app(
    store: Store | None, *, max_body: int = DEFAULT_MAX_BODY, body_timeout: float = BODY_TIMEOUT_S
) -> FastAPI:
    """The server for ``store`` (a county database). ``None`` makes an app that only describes itself (the OpenAPI
    spec); its endpoints answer 503. An upload that stalls for ``body_timeout`` seconds is answered 408."""
    exchanger = Exchanger(store) if store is not None else None
    app = FastAPI(
        title="Anju county sync server",
        version=APP_VERSION,
        summary="安居县级同步服务器 / stations push sealed batches and take their sealed return files",
        description=__doc__ or "",
        # The interactive docs load scripts from the internet, which a county network may not reach.
        docs_url=None,
        redoc_url=None,
    )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            zh, en = "没有这个地址。同步地址是 POST /v1/exchange。", "No such address. Sync is POST /v1/exchange."
        elif exc.status_code == 405:
            zh, en = "这个地址不支持该请求方法。", "This address does not take that request method."
        else:
            zh, en = f"请求无法处理（{exc.detail}）。", f"The request cannot be handled ({exc.detail})."
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "bad_request")
        return Refusal(exc.status_code, code, zh, en, headers=dict(exc.headers or {})).response()

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, _exc: RequestValidationError) -> JSONResponse:
        return Refusal(422, "invalid_request", "请求格式不正确。", "The request is malformed.").response()

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return Refusal(
            500,
            "internal",
            "县里的服务器出现意外错误，已记录在服务器日志中。工作站会稍后自动重试；若一直如此，请联系县里的管理员。",
            "The county server hit an unexpected error (logged on the server). The station will try again "
            "later; if this goes on, contact the county's administrator.",
        ).response()

    @app.get(
        HEALTH_PATH,
        response_model=Health,
        responses={503: _ERROR_RESPONSES[503]},
        summary="服务器与数据库是否可用 / whether the server and its database are up",
    )
    def health() -> Any:
        if store is None:
            return _unavailable("no database").response()
        try:
            with store.engine.connect() as conn:
                identity = load_identity(conn)
        except (DBAPIError, DiskRefused) as exc:
            return _unavailable(_first_line(exc)).response()
        return Health(
            ok=identity is not None and identity.role == COUNTY,
            service="anju-county",
            county=identity.name if identity is not None else "",
            version=APP_VERSION,
            schema_revision=HEAD_REVISION,
            database=store.engine.dialect.name,
        )

    @app.post(
        EXCHANGE_PATH,
        response_class=Response,
        summary="推送批次、取回回执 / push a sealed station batch, take the sealed return file",
        responses={
            200: {
                "description": "The station's sealed return file (the answer to this batch).",
                "content": _SEALED,
                "headers": {
                    OUTCOME_HEADER: {"description": "applied / replay / empty", "schema": {"type": "string"}},
                    BATCH_HEADER: {"description": "the batch number answered", **_COUNT},
                    **{header: {"description": f"changes {key}", **_COUNT} for key, header in COUNT_HEADERS.items()},
                },
            },
            **_ERROR_RESPONSES,
            409: {
                "description": "A gap: a sealed return file asking the station to send changes again "
                "(application/octet-stream, X-Anju-Outcome: gap), or, as JSON, a station restored from an old "
                "backup. Nothing was applied.",
                "content": {**_SEALED, "application/json": {"schema": ErrorBody.model_json_schema()}},
            },
        },
        openapi_extra={"requestBody": {"required": True, "content": _SEALED}},
    )
    async def exchange(request: Request) -> Response:
        try:
            data = await _read_body(request, max_body, body_timeout, exchanger.admit if exchanger else None)
            if exchanger is None:
                raise _unavailable("no database")
            started = time.perf_counter()
            exchanged = await run_in_threadpool(exchanger.exchange, data)
        except Refusal as refusal:
            # Read on the county PC's console: from where, and why (中文 first); never a record's content.
            client = request.client.host if request.client else "?"
            log.info(
                "拒绝了来自 %s 的同步（%d %s）：%s / Refused a sync from %s (%d %s): %s",
                *(client, refusal.status, refusal.code, refusal.zh),
                *(client, refusal.status, refusal.code, refusal.en),
            )
            return _refusal_response(refusal)
        o = exchanged.outcome
        log.info(
            "工作站“%s”第 %d 批（%s）：应用 %d 条，跳过 %d 条，冲突 %d 处 / station %s batch %d: %s, %d applied, "
            "%d skipped, %d conflicts (%.0f ms)",
            *(o.station_name, o.batch_no, _STATUS_ZH.get(o.status, o.status), o.applied, o.skipped, o.conflicts),
            *(o.station_name, o.batch_no, o.status, o.applied, o.skipped, o.conflicts),
            (time.perf_counter() - started) * 1000,
        )
        return _reply_response(exchanged)

    return app


async def _read_body(
    request: Request, limit: int, idle: float, admit: Callable[[Header], object] | None = None
) -> bytes:
    """The body, refused early when it is not a batch's type or is larger than ``limit``, or when it stalls for
    ``idle`` seconds (a dead link, or a client holding the connection open: without this it would wait forever).

    ``admit`` checks the envelope header as soon as its bytes have arrived (a few hundred at the start): an upload
    that is not ours, is for another county or is from no station the county enrolled is refused then, before the
    rest is read, so uploads from nobody cannot make the server hold their megabytes."""
    content_type = request.headers.get("content-type")
    if content_type is not None and content_type.split(";")[0].strip().lower() != BATCH_MEDIA_TYPE:
        raise Refusal(
            415,
            "unsupported_media_type",
            f"同步请求的内容类型应为 {BATCH_MEDIA_TYPE}。请用安居工作站程序同步。",
            f"A sync request's body must be {BATCH_MEDIA_TYPE}. Sync from the Anju station program.",
        )
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise Refusal(400, "bad_length", "请求的长度无效。", "The request's Content-Length is not valid.")
        if int(declared) > limit:
            raise _too_large(limit)  # before reading a byte of it
    body = io.BytesIO()  # its getvalue() hands over the bytes it holds: the body is never copied whole
    head = bytearray()  # the first bytes, until the header in them is admitted
    chunks = request.stream()
    try:
        while True:
            try:
                chunk = await asyncio.wait_for(anext(chunks), idle)
            except StopAsyncIteration:
                break
            body.write(chunk)
            if body.tell() > limit:
                raise _too_large(limit)
            if admit is not None:
                head += chunk
                with _header_refusals():
                    header = peek_header(head, UPLOAD_NAME)
                if header is not None:
                    await run_in_threadpool(admit, header)  # it reads the database
                    admit, head = None, bytearray()
    except TimeoutError:
        raise Refusal(
            408,
            "stalled",
            f"上传停顿超过 {idle:g} 秒，服务器断开了连接，未应用任何内容。"
            "工作站会自动重新发送；若反复出现，请检查网络。",
            f"The upload stalled for more than {idle:g} seconds, so the server dropped it; nothing was applied. The "
            "station sends it again by itself; if this keeps happening, check the network.",
            headers={"Connection": "close"},
        ) from None
    except ClientDisconnect:
        # The station went away mid-upload: nothing to apply, nobody to answer; it sends again by itself.
        raise Refusal(
            400, "disconnected", "上传中途断开，未应用任何内容。", "The upload was cut off; nothing was applied."
        ) from None
    return body.getvalue()


def openapi_spec() -> dict[str, Any]:
    """The server's OpenAPI document, without a database."""
    return create_app(None).openapi()


def write_openapi(path: Path) -> None:
    path.write_text(json.dumps(openapi_spec(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
