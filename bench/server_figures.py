"""How many 500-change station batches per minute one county server process applies, on SQLite and PostgreSQL.

    python -m bench.server_figures [--batches 24] [--clients 4] [--runs 3] [--pg URL | --no-pg]

The world: a county with one site per station and ``--batches`` enrolled stations, each holding one sealed batch
of 500 changes (100 households, each with a head and two more members and an employment spell for the head).
One ``anju serve`` process (uvicorn, the real command, started fresh on a fresh copy of the county for every run)
is sent every batch over HTTP on 127.0.0.1 by ``--clients`` stations at a time; the time is from the first byte
sent to the last return file received, so it holds the whole exchange as the server does it: verifying the
envelope and every hash, the merge in one transaction, the rules re-run on the touched households, and the
station's sealed return file.

Figures (the runner's convention, `bench.runner`): ours against the raw cost of the same rows in the same run —
the driver's ``executemany`` (sqlite3 / psycopg) inserting each batch's final household, member and employment
rows in one transaction per batch, with the same durability settings. And, what the issue asks: batches/minute.
PostgreSQL comes from ``--pg`` or ``ANJU_TEST_PG_URL`` (``scripts/ci-postgres`` starts one); its user must be
allowed to create databases.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url, select

from bench.runner import Figure, Result, table
from forms.records import Employment, Household, Member, Site
from forms.store import Store
from sync.enrolment import accept_package, enrol_station, init_county
from sync.http_client import ServerClient, prepare_push
from sync.trunk import county_change

ROOT = Path(__file__).resolve().parent.parent
HOUSEHOLDS_PER_BATCH = 100  # × (1 household + 3 members + 1 spell) = 500 changes
WORKDIR = Path(tempfile.mkdtemp(prefix="anju-server-bench-"))
RAW_TABLES = ("households", "members", "employments")


@dataclass
class World:
    """A county template and the sealed batches, one per station."""

    folder: Path
    county_file: Path
    batches: list[bytes]
    rows: list[dict[str, tuple[list[str], list[tuple[Any, ...]]]]]  # per batch: table → (columns, rows)
    changes: int


def build(folder: Path, county_target: str, stations: int) -> tuple[list[bytes], list[dict[str, Any]], int]:
    """County at ``county_target``; stations as files in ``folder``; one sealed 500-change batch from each."""
    packages = []
    with Store.open(county_target) as county:
        init_county(county, "基准县")
        with county_change(county, "bench") as uow:
            for n in range(stations):
                uow.add(Site(code=f"S{n:02d}", name=f"安置点{n:02d}", county="基准县"))
        for n in range(stations):
            packages.append(enrol_station(county, f"工作站{n:02d}", [f"S{n:02d}"], folder / f"{n}.anju-station", "b"))
    batches, rows, changes = [], [], 0
    for n, made in enumerate(packages):
        with Store.open(folder / f"station{n}.db") as station:
            accept_package(station, made.path, made.passphrase)
            with station.engine.connect() as conn:
                site_id = conn.execute(select(Site.id).where(Site.code == f"S{n:02d}")).scalar_one()
            fill(station, site_id, n)
            batch = prepare_push(station, "http://127.0.0.1:9")
            batches.append(batch.sealed)
            changes = batch.manifest.total
        rows.append(final_rows(folder / f"station{n}.db"))
    return batches, rows, changes


def fill(station: Store, site_id: str, seed: int) -> None:
    with station.unit_of_work("bench") as uow:
        households = [
            {"id": Household(site_id=site_id).id, "site_id": site_id, "building": str(h // 20 + 1),
             "unit": "1", "room": f"{h:03d}", "phone": f"138{seed:02d}{h:06d}", "relocation_type": "建档立卡搬迁户"}
            for h in range(HOUSEHOLDS_PER_BATCH)
        ]  # fmt: skip
        uow.insert_rows(Household, households)
        members = []
        for h in households:
            for m, relation in enumerate(("户主", "配偶", "之子")):
                members.append(
                    {"id": Member(household_id=h["id"], name="x").id, "household_id": h["id"], "name": f"成员{m}",
                     "relation": relation, "sex": "男" if m != 1 else "女", "birth_date": date(1980 + m * 12, 3, 1),
                     "education": "初中", "labour_skill": "普通劳动力", "job_intent": m == 2}
                )  # fmt: skip
        uow.insert_rows(Member, members)
        spells = [
            {"member_id": m["id"], "form": "外出务工", "place_scope": "省外", "start_month": "2026-03",
             "monthly_income": 4200, "organised": True}
            for m in members[::3]
        ]  # fmt: skip
        uow.insert_rows(Employment, spells)


def final_rows(station: Path) -> dict[str, Any]:
    conn = sqlite3.connect(station)
    out = {}
    for name in RAW_TABLES:
        cursor = conn.execute(f"SELECT * FROM {name}")
        out[name] = ([d[0] for d in cursor.description], [tuple(r) for r in cursor])
    conn.close()
    return out


# ---- running ------------------------------------------------------------------------------------------------------


class Backend:
    """Fresh copies of the county for each run, and the raw baseline's connection."""

    name = ""

    def fresh(self) -> str:
        raise NotImplementedError

    def raw_insert(self, target: str, batches: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class SqliteBackend(Backend):
    name = "SQLite"

    def __init__(self, template: Path) -> None:
        self.template = template
        self.n = 0

    def fresh(self) -> str:
        self.n += 1
        target = WORKDIR / f"county-run-{self.n}.db"
        shutil.copyfile(self.template, target)
        return str(target)

    def raw_insert(self, target: str, batches: list[dict[str, Any]]) -> None:
        conn = sqlite3.connect(target, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        for rows in batches:
            conn.execute("BEGIN IMMEDIATE")
            for name in RAW_TABLES:
                columns, values = rows[name]
                marks = ", ".join("?" * len(columns))
                conn.executemany(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})", values)
            conn.execute("COMMIT")
        conn.close()


class PostgresBackend(Backend):
    name = "PostgreSQL"

    def __init__(self, base_url: str, template: str) -> None:
        self.base_url = base_url
        self.template = template
        self.admin = create_engine(
            make_url(base_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
        )
        self.made: list[str] = []

    def url(self, name: str) -> str:
        return make_url(self.base_url).set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.made.append(name)
        return self.url(name)

    def fresh(self) -> str:
        return self.create(f"anju_bench_run_{len(self.made)}", self.template)

    def raw_insert(self, target: str, batches: list[dict[str, Any]]) -> None:
        import psycopg

        dsn = make_url(target).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(dsn) as conn:
            for rows in batches:
                with conn.transaction(), conn.cursor() as cursor:
                    for name in RAW_TABLES:
                        columns, values = rows[name]
                        types = _pg_values(name, columns)
                        marks = ", ".join(["%s"] * len(columns))
                        cursor.executemany(
                            f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})", [types(v) for v in values]
                        )

    def close(self) -> None:
        with self.admin.connect() as conn:
            for name in self.made:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


def _pg_values(name: str, columns: list[str]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """SQLite's stored values as PostgreSQL's driver wants them: 0/1 as booleans, ISO text as dates."""
    from sqlalchemy import Boolean, Date

    from sync.rows import CODECS

    table = CODECS[name].table
    kinds = [type(table.c[c].type) for c in columns]

    def convert(row: tuple[Any, ...]) -> tuple[Any, ...]:
        out = list(row)
        for i, kind in enumerate(kinds):
            if out[i] is None:
                continue
            if issubclass(kind, Boolean):
                out[i] = bool(out[i])
            elif issubclass(kind, Date):
                out[i] = date.fromisoformat(out[i])
        return tuple(out)

    return convert


class ServerProcess:
    """``anju serve`` (as ``python -m sync.serve_command``) on a free port of 127.0.0.1, started outside the timing."""

    def __init__(self, db: str) -> None:
        with socket.create_server(("127.0.0.1", 0)) as probe:
            self.port = int(probe.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "sync.serve_command", "--db", db, "--port", str(self.port)]
        self.proc = subprocess.Popen(
            [*command, "--log-level", "warning"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.proc.poll() is None:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("anju serve did not start")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(30)


class Serving:
    """The one server process of the current run."""

    current: ServerProcess | None = None

    @classmethod
    def start(cls, db: str) -> ServerProcess:
        cls.stop()
        cls.current = ServerProcess(db)
        return cls.current

    @classmethod
    def stop(cls) -> None:
        if cls.current is not None:
            cls.current.stop()
            cls.current = None


def push_all(server: ServerProcess, batches: list[bytes], clients: int) -> None:
    def one(sealed: bytes) -> None:
        reply = ServerClient(server.url, io_timeout=300).exchange(sealed)
        if reply.status != 200:
            raise RuntimeError(f"the server answered {reply.status}: {reply.body[:300]!r}")

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, batches))


def figure(backend: Backend, w: World, clients: int) -> Figure:
    """What the table shows (the runs are timed in `main`: each needs a server process of its own)."""
    return Figure(
        name=f"serve {len(w.batches)}×{w.changes}-change batches, {backend.name}",
        ours=lambda server: push_all(server, w.batches, clients),
        raw=lambda target: backend.raw_insert(target, w.rows),
        raw_name=f"{'psycopg' if isinstance(backend, PostgresBackend) else 'sqlite3'} executemany, same rows",
        note=f"{clients} stations at a time over HTTP on 127.0.0.1 to one anju serve process",
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.server_figures", description=__doc__)
    parser.add_argument("--batches", type=int, default=24)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg", default=os.environ.get("ANJU_TEST_PG_URL"), help="PostgreSQL URL (server base)")
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()

    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores", flush=True)
    backends: list[tuple[Backend, World]] = []
    folder = WORKDIR / "sqlite"
    folder.mkdir()
    print(f"… building the SQLite county and {args.batches} stations", file=sys.stderr, flush=True)
    batches, rows, changes = build(folder, str(folder / "county.db"), args.batches)
    backends.append((SqliteBackend(folder / "county.db"), World(folder, folder / "county.db", batches, rows, changes)))
    pg: PostgresBackend | None = None
    if args.pg and not args.no_pg:
        folder = WORKDIR / "pg"
        folder.mkdir()
        print(f"… building the PostgreSQL county and {args.batches} stations", file=sys.stderr, flush=True)
        pg = PostgresBackend(args.pg, "anju_bench_template")
        target = pg.create("anju_bench_template")
        batches, rows, changes = build(folder, target, args.batches)
        backends.append((pg, World(folder, folder / "county.db", batches, rows, changes)))

    results: list[Result] = []
    rates: list[str] = []
    try:
        for backend, w in backends:
            print(f"… {backend.name}", file=sys.stderr, flush=True)
            result = Result(figure(backend, w, args.clients))
            for _ in range(args.runs):  # alternating ours and raw, as `bench.runner.measure` does
                served = backend.fresh()
                server = Serving.start(served)
                started = time.perf_counter()
                push_all(server, w.batches, args.clients)
                result.ours.append(time.perf_counter() - started)
                Serving.stop()
                raw_target = backend.fresh()
                started = time.perf_counter()
                backend.raw_insert(raw_target, w.rows)
                result.raw.append(time.perf_counter() - started)
            results.append(result)
            seconds = statistics.median(result.ours)
            rates.append(
                f"{backend.name}: {len(w.batches) / seconds * 60:,.0f} batches of {w.changes} changes per minute "
                f"({seconds / len(w.batches) * 1000:,.0f} ms a batch, {args.clients} stations at a time)"
            )
    finally:
        Serving.stop()
        if pg is not None:
            pg.made.append("anju_bench_template")
            pg.close()
        shutil.rmtree(WORKDIR, ignore_errors=True)
    print()
    print(table(results))
    print()
    print("\n".join(rates))
    return 0


if __name__ == "__main__":
    sys.exit(main())
