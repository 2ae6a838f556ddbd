"""Figures for USB sync: exporting and importing a 100,000-change station batch, against plain sqlite3
``executemany`` writing the same rows in the same run.

The world: a county with the demo county's sites, one enrolled station holding demo households (about 90% of
the changes, as inserts) and then a phone number changed on many members (the rest, as updates). The batch
therefore carries each member's insert and, later, its update with base revision 0: at the county the insert
has already given the record a revision, so every update goes through the three-way merge, field by field.

- export: read the outbox, build the batch database, compress, encrypt, sign, write the file;
- import: verify the envelope, the hashes and the digest, then one transaction: merge every change, write the
  records, the county journal, the history of every incoming version and the review queue;
- import in one process: the same import with no second process (`sync.batch_check`), as a one-core machine, or
  one where no process can be started, runs it;
- import + return file: what ``anju sync import`` does: then the household rules on every touched household
  (right after the commit) and the station's sealed return file.

The baseline inserts the same final rows into an empty copy of the county database and applies the same
updates, one ``executemany`` per table, in one transaction, with the same durability settings, through sqlite3
as it ships (`bench.runner.plain_sqlite3`; one figure repeats the import against the same baseline given Anju's
faster binding of None and bool, `forms.bulk.FAST_ADAPTERS`). A second
baseline also writes the county journal and history rows the import writes, to show how much of the ratio is
SQLite writing more rows and how much is Python work (parsing, hashing, merging). A third, the floor, adds to
that second baseline the Python work no import of this batch can skip, each step done the cheapest way:
opening the envelope, checking every change's hash, parsing every change, deriving every new record's derived
fields, spelling and hashing every county journal entry (`floor_work`), measured against the first baseline:
how near the ≤ 5× target any import of this batch can come in Python, in one process. (The import itself checks a
batch this big, and makes the records its inserts create, in a second process while it merges, `sync.batch_check`,
and copies those records from that process's SQLite image without binding their values again,
`sync.new_records`: with a second core idle it comes nearer; with both cores busy it is slower.)
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections import namedtuple
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.runner import Figure
from forms.demo import TABLES, generate
from forms.journal import GENESIS_HASH, canonical_json, hash_values, utc_now
from forms.records import MODEL_BY_TABLE, Member, Site
from forms.store import Store
from sync import batch_check
from sync.county_apply import apply_batch, open_batch
from sync.enrolment import accept_package, enrol_station, init_county
from sync.envelope import KIND_BATCH, open_sealed
from sync.importing import import_files
from sync.outbox import export_batch
from sync.station_keys import signing_key
from sync.trunk import county_change

TODAY = date(2026, 11, 29)
SEED = 1
WORKDIR = Path(tempfile.mkdtemp(prefix="anju-sync-bench-"))
ROWS_PER_HOUSEHOLD = 9.76  # demo rows (household, members, spells, visits, measures) per household


@dataclass(frozen=True)
class World:
    county: Path
    station: Path
    batch: Path
    changes: int
    inserts: list[tuple[str, list[str], list[tuple[Any, ...]]]]  # table, columns, rows
    updates: list[tuple[str, str]]  # (phone, member id)
    bookkeeping: list[tuple[str, list[str], list[tuple[Any, ...]]]]  # the county journal and history rows


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def fresh_copy(source: Path, name: str) -> Path:
    target = WORKDIR / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


@cache
def world(changes: int) -> World:
    folder = WORKDIR / f"world-{changes}"
    folder.mkdir()
    chunks = list(generate(round(changes * 0.9 / ROWS_PER_HOUSEHOLD), SEED, TODAY))
    sites = chunks[0]["sites"]
    with Store.open(folder / "county.db") as county:
        init_county(county, "会泽县")
        with county_change(county, "bench") as uow:
            for row in sites:
                uow.add(Site(**row))
        made = enrol_station(county, "基准工作站", [s["code"] for s in sites], folder / "p.anju-station", "bench")
    _checkpoint(folder / "county.db")
    with Store.open(folder / "station.db") as station:
        accept_package(station, made.path, made.passphrase)
        inserted = 0
        for chunk in chunks:
            with station.unit_of_work("bench") as uow:
                for table in TABLES[1:]:
                    inserted += uow.insert_rows(MODEL_BY_TABLE[table], chunk[table])
        with station.unit_of_work("bench") as uow:
            members = uow.session.scalars(select(Member).order_by(Member.id).limit(changes - inserted)).all()
            updates = []
            for n, member in enumerate(members):
                member.phone = f"139{n:08d}"
                updates.append((member.phone, member.id))
        batch = export_batch(station, folder).path
    _checkpoint(folder / "station.db")
    raw = sqlite3.connect(folder / "station.db")
    inserts = []
    for table in TABLES[1:]:
        cursor = raw.execute(f"SELECT * FROM {table}")  # the rows as stored, after the updates
        columns = [d[0] for d in cursor.description]
        inserts.append((table, columns, [tuple(r) for r in cursor]))
    raw.close()
    # The rows an import writes besides the records, taken from one import into a scratch copy.
    scratch = fresh_copy(folder / "county.db", "scratch.db")
    with Store.open(scratch, create=False) as county:
        apply_batch(county, open_batch(county, batch.read_bytes(), batch.name))
    raw = sqlite3.connect(scratch)
    bookkeeping = []
    for table, where in (("journal", "WHERE source = 'remote'"), ("sync_history", "")):
        cursor = raw.execute(f"SELECT * FROM {table} {where}")
        bookkeeping.append((table, [d[0] for d in cursor.description], [tuple(r) for r in cursor]))
    raw.close()
    return World(
        folder / "county.db", folder / "station.db", batch, inserted + len(updates), inserts, updates, bookkeeping
    )


def raw_write(path: Path, w: World, *, bookkeeping: bool = False) -> None:
    """Plain sqlite3: the same rows and updates (and, with ``bookkeeping``, the county journal and history rows
    the import writes too), same durability settings, one transaction."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN IMMEDIATE")
    for table, columns, rows in [*w.inserts, *(w.bookkeeping if bookkeeping else [])]:
        marks = ", ".join("?" * len(columns))
        conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    conn.executemany("UPDATE members SET phone = ? WHERE id = ?", w.updates)
    conn.execute("COMMIT")
    conn.close()


@cache
def county_keys(county: Path) -> tuple[str, bytes, dict[str, Any]]:
    """The county's id and decryption key, and each station's row as the signature check reads it (read once: a
    few milliseconds)."""
    conn = sqlite3.connect(county)
    me, enc_private = conn.execute("SELECT id, enc_private FROM sync_identity").fetchone()
    cursor = conn.execute(
        "SELECT id, name, sign_public, enc_public, package_sign_public, pinned_at, revoked_at, revoked_reason"
        " FROM sync_stations"
    )
    station = namedtuple("station", [d[0] for d in cursor.description])  # type: ignore[misc]
    stations = {row[0]: station(*row) for row in cursor}
    conn.close()
    return me, enc_private, stations


def floor_work(path: Path, w: World) -> None:
    """The least any import of this batch must do, each step done the cheapest way, nothing else: open the
    envelope (signature, decryption, decompression), read the changes and check each one's hash, parse each
    change, derive the derived fields of each new record, spell and hash each county journal entry; then plain
    sqlite3 writes every row the import writes (records, journal, history), as `raw_write` does."""
    me, enc_private, stations = county_keys(w.county)
    _header, payload = open_sealed(
        w.batch.read_bytes(),
        w.batch.name,
        kind=KIND_BATCH,
        me=me,
        my_role="county",
        my_enc_private=enc_private,
        # as the import checks it: the batch that introduces the station's own keys is signed with them
        sender_key=lambda h: signing_key(stations[h.sender], h, w.batch.name) if h.sender in stations else None,
    )
    batch = sqlite3.connect(":memory:")
    batch.deserialize(payload)
    columns = "seq, at, actor, origin, record_table, record_id, op, base_rev, changes, prev_hash, hash"
    changes = batch.execute(f"SELECT {columns} FROM changes ORDER BY seq").fetchall()
    batch.close()
    now, prev = utc_now(), GENESIS_HASH
    for seq, at, actor, origin, table, record_id, op, base_rev, text, prev_hash, digest in changes:
        if hash_values([seq, at, actor, origin, "local", table, record_id, op, base_rev, text, prev_hash]) != digest:
            raise AssertionError(f"change {seq} does not match its hash")
        fields = json.loads(text)
        if op == "insert":
            MODEL_BY_TABLE[table].derive({key: pair[1] for key, pair in fields.items()})
        spelled = canonical_json(fields)
        prev = hash_values([seq, now, actor, origin, "remote", table, record_id, op, base_rev, spelled, prev])
    raw_write(path, w, bookkeeping=True)


def import_only(path: Path, w: World) -> None:
    with Store.open(path, create=False) as county:
        apply_batch(county, open_batch(county, w.batch.read_bytes(), w.batch.name))


def import_in_one_process(path: Path, w: World) -> None:
    """`import_only` as a one-core machine, or one where no process can be started, runs it: everything in this
    process."""
    kept = batch_check.BACKGROUND_MIN
    batch_check.BACKGROUND_MIN = w.changes + 1
    try:
        import_only(path, w)
    finally:
        batch_check.BACKGROUND_MIN = kept


def import_with_return(path: Path, w: World) -> None:
    out = WORKDIR / "returns"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    with Store.open(path, create=False) as county:
        assert not import_files(county, [w.batch], out).refused


def export(paths: tuple[Path, Path]) -> None:
    out = WORKDIR / "exports"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    with Store.open(paths[0], create=False) as station:
        export_batch(station, out)


def sync_figures(changes: int, runs: int) -> list[Figure]:
    w = world(changes)
    raw_name = "sqlite3 executemany of the same rows"

    def county_copy() -> Path:
        return fresh_copy(w.county, "county-run.db")

    return [
        Figure(
            name=f"anju sync export ({w.changes:,} changes)",
            ours=export,
            raw=lambda paths: raw_write(paths[1], w),
            raw_name=raw_name,
            setup=lambda: (fresh_copy(w.station, "station-run.db"), county_copy()),
            runs=runs,
            note="ours = read outbox + build batch + zlib + AES-GCM + Ed25519 + write file",
        ),
        Figure(
            name=f"anju sync import ({w.changes:,} changes, merged)",
            ours=lambda path: import_only(path, w),
            raw=lambda path: raw_write(path, w),
            raw_name=raw_name,
            setup=county_copy,
            runs=runs,
            target=5,
            note="ours = verify + merge + records + journal + history + review queue, one transaction",
        ),
        Figure(
            name=f"anju sync import ({w.changes:,}) vs adapted sqlite3",
            ours=lambda path: import_only(path, w),
            raw=lambda path: raw_write(path, w),
            raw_name="the same executemany, sqlite3 given Anju's adapters",
            setup=county_copy,
            runs=runs,
            plain=False,
            note="the baseline binds None and bool as fast as Anju does (forms.bulk.FAST_ADAPTERS)",
        ),
        Figure(
            name=f"anju sync import ({w.changes:,}) in one process",
            ours=lambda path: import_in_one_process(path, w),
            raw=lambda path: raw_write(path, w),
            raw_name=raw_name,
            setup=county_copy,
            runs=runs,
            note="no second process, as a one-core machine (or one where none can start) imports",
        ),
        Figure(
            name=f"anju sync import ({w.changes:,}) vs every row",
            ours=lambda path: import_only(path, w),
            raw=lambda path: raw_write(path, w, bookkeeping=True),
            raw_name="sqlite3 executemany of records + journal + history",
            setup=county_copy,
            runs=runs,
            note="the same import against writing every row it writes: what remains is Python work",
        ),
        Figure(
            name=f"anju sync import floor ({w.changes:,}): least work",
            ours=lambda path: floor_work(path, w),
            raw=lambda path: raw_write(path, w),
            raw_name=raw_name,
            setup=county_copy,
            runs=runs,
            note="ours = envelope + hash checks + parse + derive + journal hashes + sqlite3 of every row: no merge",
        ),
        Figure(
            name=f"anju sync import + return file ({w.changes:,})",
            ours=lambda path: import_with_return(path, w),
            raw=lambda path: raw_write(path, w),
            raw_name=raw_name,
            setup=county_copy,
            runs=runs,
            note="as anju sync import runs it: then the rules on touched households, and the sealed return file",
        ),
    ]


if __name__ == "__main__":
    import argparse

    from bench import runner

    parser = argparse.ArgumentParser(prog="python -m bench.sync_figures")
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = [runner.measure(f) for f in sync_figures(args.changes, args.runs)]
    print(runner.table(results))
    shutil.rmtree(WORKDIR, ignore_errors=True)
