"""The county's return file for one station: a small SQLite database (the payload inside the envelope).

Tables::

    manifest(key TEXT PRIMARY KEY, value TEXT)           -- each value canonical JSON
    records(record_table, record_id, rev, data)          -- data: the whole row as JSON, bookkeeping included
    resolutions(id INTEGER PRIMARY KEY, data)            -- conflicts the county resolved, with the note
    settings(key TEXT PRIMARY KEY, value)                -- the county's published settings (``county.*``)
    open_conflicts(id INTEGER PRIMARY KEY, data)         -- the station's own changes still waiting for the clerk

``open_conflicts`` came later: it holds every conflict still open on this station's changes to its households (all of
them each time, not those since a revision), so the station can say what waits and show both values meanwhile. A
return file without it (an older county program) is read as saying nothing about them (None); an older station
program reads only the tables it names, so it leaves this one unread and stays silent as before.

Manifest keys: ``format``, ``county_id``, ``county_name``, ``station_id``, ``ack_seq`` (the station's cursor:
every local change up to it arrived), ``ack_batch``, ``reset`` (true after a gap: the station must lower its
acknowledged seq to ``ack_seq`` and send again), ``since_rev`` (the county revision the station reported),
``county_rev`` (every record in the station's scope changed up to it is here), ``schema`` (the oldest schema
revision whose program reads the file: `sync.versions`), ``app_version`` (the county's Anju), ``counts`` (records
per table), ``total`` and ``created_at``. A key this program does not know is left unread.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

from forms.journal import canonical_json

from .batch import known_keys, new_database, open_payload, read_manifest, write_manifest
from .errors import AlteredFile
from .rows import Row

RETURN_FORMAT = 1
_SCHEMA = """
CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (record_table TEXT NOT NULL, record_id TEXT NOT NULL, rev INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE resolutions (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE open_conflicts (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
"""


@dataclass(frozen=True)
class ReturnManifest:
    county_id: str
    county_name: str
    station_id: str
    ack_seq: int
    ack_batch: int
    reset: bool
    since_rev: int
    county_rev: int
    schema: str
    app_version: str
    counts: dict[str, int]
    total: int
    created_at: str


class ReturnRecord(NamedTuple):
    record_table: str
    record_id: str
    rev: int
    data: str  # the row as JSON

    def row(self) -> Row:
        value = json.loads(self.data)
        if not isinstance(value, dict):
            raise ValueError("record data is not an object")
        return value


@dataclass
class ReturnPayload:
    manifest: ReturnManifest
    records: list[ReturnRecord]
    resolutions: list[dict[str, Any]]
    settings: dict[str, Any]
    #: The station's conflicts the county has not decided yet; None when the file predates them.
    open_conflicts: list[dict[str, Any]] | None = None


def row_json(row: Row) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


def build_return_payload(
    manifest: ReturnManifest,
    records: Sequence[ReturnRecord],
    resolutions: Sequence[dict[str, Any]],
    settings: dict[str, Any],
    open_conflicts: Sequence[dict[str, Any]] = (),
) -> bytes:
    conn = new_database()
    try:
        conn.executescript(_SCHEMA)
        write_manifest(conn, {"format": RETURN_FORMAT, **asdict(manifest)})
        conn.executemany(
            "INSERT INTO records (record_table, record_id, rev, data) VALUES (?, ?, ?, ?)",
            [(r.record_table, r.record_id, r.rev, r.data) for r in records],
        )
        conn.executemany(
            "INSERT INTO resolutions (id, data) VALUES (?, ?)", [(r["id"], canonical_json(r)) for r in resolutions]
        )
        conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)", [(k, canonical_json(v)) for k, v in settings.items()]
        )
        conn.executemany(
            "INSERT INTO open_conflicts (id, data) VALUES (?, ?)",
            [(c["id"], canonical_json(c)) for c in open_conflicts],
        )
        conn.commit()
        return conn.serialize()
    finally:
        conn.close()


def read_return_payload(payload: bytes, name: str) -> ReturnPayload:
    conn = open_payload(payload, name)
    try:
        raw = read_manifest(conn)
        if raw.pop("format", None) != RETURN_FORMAT:
            raise AlteredFile(name, "回执格式无法识别", "unknown return file format")
        manifest = ReturnManifest(**known_keys(raw, ReturnManifest))
        records = [
            ReturnRecord(*row)
            for row in conn.execute("SELECT record_table, record_id, rev, data FROM records ORDER BY rev, rowid")
        ]
        resolutions = [json.loads(data) for (data,) in conn.execute("SELECT data FROM resolutions ORDER BY id")]
        settings = {key: json.loads(value) for key, value in conn.execute("SELECT key, value FROM settings")}
        open_conflicts = _open_conflicts(conn)
    except (sqlite3.DatabaseError, TypeError, ValueError):
        raise AlteredFile(name, "回执内容不完整", "the return file's content is incomplete") from None
    finally:
        conn.close()
    if len(records) != manifest.total:
        raise AlteredFile(name, "记录条数与清单不符", "the number of records does not match the manifest")
    return ReturnPayload(manifest, records, resolutions, settings, open_conflicts)


def _open_conflicts(conn: sqlite3.Connection) -> list[dict[str, Any]] | None:
    """The ``open_conflicts`` table's rows, or None in a return file written before it existed."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'open_conflicts'").fetchone() is None:
        return None
    found = [json.loads(data) for (data,) in conn.execute("SELECT data FROM open_conflicts ORDER BY id")]
    if not all(isinstance(c, dict) and isinstance(c.get("id"), int) for c in found):
        raise ValueError("an open conflict is not an object with an id")
    return found
