"""The online sync world: a county (an SQLite file or a PostgreSQL database) with two enrolled stations, a real
uvicorn server on 127.0.0.1, and a TCP proxy that cuts a connection after so many bytes.

No tests here. As in `tests.test_sync_support`, the world is built once per session and backend (county init,
three sites, two packages accepted) and each test gets fresh copies: files for SQLite, ``CREATE DATABASE …
TEMPLATE`` for PostgreSQL. Station A serves sites S1 and S3, station B serves S1 and S2.

PostgreSQL comes from ``ANJU_TEST_PG_URL`` (``scripts/ci-postgres`` starts one and prints it); its user must be
allowed to create databases. Without it the PostgreSQL tests skip locally, and fail in CI (``CI=true``), so a CI
run can never pass without having tested PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy import Engine, create_engine, make_url, text

from forms.store import Store
from forms.sync_records import SyncExchange
from sync.county_sites import add_site
from sync.enrolment import accept_package, enrol_station, init_county
from sync.server import DEFAULT_MAX_BODY, create_app
from sync.server_protocol import HEADER_TIMEOUT_S, with_header_timeout
from tests.test_sync_support import World, add_household

ROOT = Path(__file__).resolve().parent.parent
PG_ENV = "ANJU_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")
STATIONS = ("a.db", "b.db")


def pg_base_url() -> str:
    """The PostgreSQL server to test against, or skip (locally) / fail (CI) without one."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        reason = f'{PG_ENV} is not set: start a server with `eval "$(scripts/ci-postgres)"`'
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL tests must run in CI, but {reason}", pytrace=False)
        pytest.skip(reason)
    return url


def with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


class PgAdmin:
    """Creates and drops the throwaway databases the tests use, on the server ``ANJU_TEST_PG_URL`` names."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.engine: Engine = create_engine(
            make_url(base_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
        )

    def create(self, name: str, template: str | None = None) -> str:
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return with_database(self.base_url, name)

    def drop(self, name: str) -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[PgAdmin]:
    admin = PgAdmin(pg_base_url())
    yield admin
    admin.engine.dispose()


def build_online_world(folder: Path, county_target: str) -> None:
    """County at ``county_target`` (a file or a URL), stations A and B as files in ``folder``."""
    with Store.open(county_target) as county:
        init_county(county, "会泽县", "http://127.0.0.1:9")  # a dead address: each test points at its own server
        for code, name in (("S1", "幸福社区"), ("S2", "新村"), ("S3", "阳光小区")):
            add_site(county, code, name, "clerk", county="会泽县")
        packages = {
            "a": enrol_station(county, "者海镇工作站", ["S1", "S3"], folder / "a.anju-station", "clerk"),
            "b": enrol_station(county, "娜姑镇工作站", ["S1", "S2"], folder / "b.anju-station", "clerk"),
        }
    for key, made in packages.items():
        with Store.open(folder / f"{key}.db") as station:
            accept_package(station, made.path, made.passphrase)


@dataclass
class Template:
    folder: Path
    county: str  # the county file, or the template database's name


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    folder = tmp_path_factory.mktemp("online-sqlite")
    build_online_world(folder, str(folder / "county.db"))
    return Template(folder, str(folder / "county.db"))


@pytest.fixture(scope="session")
def pg_template(tmp_path_factory: pytest.TempPathFactory, pg_admin: PgAdmin) -> Iterator[Template]:
    folder = tmp_path_factory.mktemp("online-pg")
    name = f"anju_tpl_{os.getpid()}"
    build_online_world(folder, pg_admin.create(name))
    yield Template(folder, name)
    pg_admin.drop(name)


@dataclass
class OnlineWorld(World):
    backend: str = "sqlite"
    county_url: str = ""
    cleanup: list[Any] = field(default_factory=list)

    def reopen_county(self) -> Store:
        self.stores["county"].close()
        self.stores["county"] = Store.open(self.county_url, create=False)
        return self.county

    def pending(self, who: str) -> int:
        with self.stores[who].engine.connect() as conn:
            acked = conn.execute(text("SELECT acked_seq FROM sync_state")).scalar_one()
            return int(
                conn.execute(
                    text("SELECT count(*) FROM journal WHERE source = 'local' AND seq > :acked"), {"acked": acked}
                ).scalar_one()
            )

    def exchanges(self, who: str) -> list[Any]:
        with self.stores[who].engine.connect() as conn:
            return list(conn.execute(SyncExchange.__table__.select().order_by(SyncExchange.id)).all())

    def county_state(self) -> tuple[int, int, int, int]:
        """(history rows, county rev, households, sum of station cursors): what applying a batch changes."""
        with self.county.engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT (SELECT count(*) FROM sync_history), (SELECT county_rev FROM sync_state), "
                    "(SELECT count(*) FROM households), (SELECT coalesce(sum(cursor), 0) FROM sync_stations)"
                )
            ).one()
        return int(row[0]), int(row[1]), int(row[2]), int(row[3])

    def add_households(self, who: str, site: str, count: int, members: int = 3, *, room: int = 100) -> int:
        """Add households (each with ``members`` people); returns the number of journal entries (changes)."""
        site_id = self.site_id(site)
        with self.edit(who) as uow:
            for n in range(count):
                add_household(uow, site_id, room=str(room + n), members=members)
        return count * (1 + members)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def online_world(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OnlineWorld]:
    template: Template = request.getfixturevalue(f"{'pg' if backend == 'postgresql' else 'sqlite'}_template")
    for name in STATIONS:
        shutil.copyfile(template.folder / name, tmp_path / name)
    drop: str | None = None
    if backend == "postgresql":
        admin: PgAdmin = request.getfixturevalue("pg_admin")
        drop = f"anju_t_{uuid.uuid4().hex[:10]}"
        county_url = admin.create(drop, template.county)
    else:
        shutil.copyfile(template.county, tmp_path / "county.db")
        county_url = str(tmp_path / "county.db")
    stick = tmp_path / "stick"
    stick.mkdir()
    world = OnlineWorld(tmp_path, stick, backend=backend, county_url=county_url)
    world.stores["county"] = Store.open(county_url, create=False)
    for key, name in zip(("a", "b"), STATIONS, strict=True):
        world.stores[key] = Store.open(tmp_path / name, create=False)
    yield world
    for stop in reversed(world.cleanup):
        stop()
    world.close()
    if drop is not None:
        request.getfixturevalue("pg_admin").drop(drop)


# ---- a real server ------------------------------------------------------------------------------------------------


class LiveServer:
    """uvicorn serving ``create_app(store)`` on a free port of 127.0.0.1, in a thread of this process."""

    def __init__(
        self,
        store: Store,
        *,
        max_body: int = DEFAULT_MAX_BODY,
        header_timeout: float = HEADER_TIMEOUT_S,
        limit_concurrency: int | None = None,
        **app: Any,
    ) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.sock.getsockname()[1])
        config = uvicorn.Config(
            create_app(store, max_body=max_body, **app),
            log_level="warning",
            lifespan="off",
            http=with_header_timeout(header_timeout),  # as `anju serve` runs it
            limit_concurrency=limit_concurrency,  # over it, uvicorn answers 503 in plain text
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        self.sock.close()
        assert not self.thread.is_alive(), "uvicorn did not stop"


@pytest.fixture
def live_server(online_world: OnlineWorld) -> LiveServer:
    """The county of ``online_world`` served for the test; stopped when the world is torn down."""
    server = LiveServer(online_world.county).start()
    online_world.cleanup.append(server.stop)
    return server


class ServerProcess:
    """``anju serve`` in a process of its own (``python -m sync.serve_command``), to be killed mid-request."""

    def __init__(self, db: str, port: int | None = None) -> None:
        self.db = db
        if port is None:
            with socket.create_server(("127.0.0.1", 0)) as probe:
                port = int(probe.getsockname()[1])
        self.port = port
        self.proc: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        command = [sys.executable, "-m", "sync.serve_command", "--db", self.db, "--port", str(self.port)]
        self.proc = subprocess.Popen(
            [*command, "--log-level", "warning"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"anju serve exited: {self.proc.stderr.read() if self.proc.stderr else ''}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return self
            time.sleep(0.05)
        raise RuntimeError("anju serve did not start")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup — a power cut or a crash."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.proc is not None and self.proc.stderr is not None:
            self.proc.stderr.close()


# ---- a proxy that cuts connections ------------------------------------------------------------------------------


class CuttingProxy:
    """A TCP proxy on 127.0.0.1 in front of a server, to break connections on purpose.

    ``cut_next(up=…)`` makes the next connection drop partway towards the server (mid-upload), ``cut_next(down=…)``
    partway back to the client (mid-answer): an int is a number of bytes, a float a fraction of the HTTP body
    (read from its Content-Length), so 0.5 cuts halfway through the body. Later connections pass untouched.
    ``swallow_answer`` forwards the upload but, once the answer starts, sets ``answer_waiting`` and waits for
    ``release``, then drops the connection without passing on a byte: the server has answered, so it has
    committed — a moment to kill it between its commit and the station hearing of it. ``upload_done`` is set once
    a whole request (headers and body) has gone to the server.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self._rules: list[tuple[float | None, float | None]] = []
        self.swallow_answer = False
        self.answer_waiting = threading.Event()
        self.release = threading.Event()
        self.upload_done = threading.Event()
        self.cuts = 0
        self._closing = False
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cut_next(self, *, up: float | None = None, down: float | None = None) -> None:
        self._rules.append((up, down))

    def close(self) -> None:
        self._closing = True
        self.release.set()
        self.listener.close()
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.close()
        for thread in self._threads:
            thread.join(5)

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            up, down = self._rules.pop(0) if self._rules else (None, None)
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            self._sockets += [client, upstream]
            pair = (client, upstream)
            for source, target, limit, upward in ((client, upstream, up, True), (upstream, client, down, False)):
                thread = threading.Thread(target=self._pump, args=(source, target, limit, upward, pair), daemon=True)
                thread.start()
                self._threads.append(thread)

    def _pump(
        self,
        source: socket.socket,
        target: socket.socket,
        limit: float | None,
        upward: bool,
        pair: tuple[socket.socket, socket.socket],
    ) -> None:
        sent = 0
        cut_at = limit if isinstance(limit, int) else None
        head = b""
        whole: int | None = None  # the request's length, headers and body
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if whole is None:
                    head += data
                    end = head.find(b"\r\n\r\n")
                    if end >= 0:
                        whole = end + 4 + _content_length(head[:end])
                        if isinstance(limit, float):
                            cut_at = end + 4 + int((whole - end - 4) * limit)
                if not upward and self.swallow_answer:
                    self.answer_waiting.set()
                    self.release.wait(30)
                    break
                if cut_at is not None and sent + len(data) >= cut_at:
                    target.sendall(data[: cut_at - sent])
                    self.cuts += 1
                    break
                target.sendall(data)
                sent += len(data)
                if upward and whole is not None and sent >= whole:
                    self.upload_done.set()
        except OSError:
            pass
        # One side ended, failed or was cut: the connection is over for both (no half-closes in these exchanges).
        for sock in pair:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


@pytest.fixture
def proxy(live_server: LiveServer, online_world: OnlineWorld) -> CuttingProxy:
    made = CuttingProxy(live_server.port)
    online_world.cleanup.append(made.close)
    return made
