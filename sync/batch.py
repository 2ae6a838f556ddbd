"""The station batch: a small SQLite database (the payload inside the envelope) holding a manifest and changes.

Tables::

    manifest(key TEXT PRIMARY KEY, value TEXT)      -- each value canonical JSON
    changes(seq INTEGER PRIMARY KEY, at, actor, origin, record_table, record_id, op, base_rev, changes,
            prev_hash, hash)                        -- the station's journal entries, verbatim

Manifest keys: ``format``, ``station_id``, ``station_name``, ``county_id``, ``batch_no``, ``after_seq`` (the
station's acknowledged seq when it exported: the batch holds every local change after it), ``first_seq``,
``last_seq``, ``county_rev`` (the county revision the station had applied), ``app_version`` (the station's Anju),
``schema`` (the oldest schema revision whose program reads the batch, as in the envelope: `sync.versions`),
``questionnaire``, ``counts`` (per table and op), ``total``, ``digest`` and ``created_at``. A key this program does
not know is left unread (a later version's, not needed here).

Each change is a journal entry exactly as the station wrote it, so its ``hash`` (SHA-256 over the entry, see
`forms.journal.entry_hash`) is recomputed here and must match; ``digest`` is SHA-256 over all the hashes in
seq order, binding the list to the manifest. Changes are never squashed: each keeps its own base values.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, NamedTuple

from forms.journal import canonical_json, hash_values

from .errors import AlteredFile, MalformedBatch

BATCH_FORMAT = 1
#: What json.loads parses with (the C scanner where there is one); typeshed does not declare the attribute.
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


class Change(NamedTuple):
    """One station journal entry as it travels (``changes`` is its canonical JSON text, ``{field: [old, new]}``).

    A named tuple, not a dataclass: a batch holds 100,000 of them, and a tuple is made in one step.
    """

    seq: int
    at: str
    actor: str
    origin: str
    record_table: str
    record_id: str
    op: str
    base_rev: int
    changes: str
    prev_hash: str
    hash: str

    def fields(self) -> dict[str, list[Any]]:
        value = json.loads(self.changes)
        if not isinstance(value, dict):
            raise ValueError("changes is not an object")
        return value

    def parsed(self) -> dict[str, list[Any]]:
        """`fields`, or {} where the changes are not a JSON object (the change then sets nothing)."""
        text = self.changes
        try:
            # json.loads without its layers: the C scanner straight on the text. A text it does not take whole
            # (surrounding whitespace, anything malformed) goes the standard way, with the standard outcome.
            value, end = _scan(text, 0)
        except (StopIteration, ValueError, TypeError):
            end = -1
        if end == len(text) and type(value) is dict:
            return value
        try:
            return self.fields()
        except ValueError:
            return {}


#: The journal's columns, in the order a Change holds them (the batch's ``changes`` table has the same).
CHANGE_COLUMNS: tuple[str, ...] = Change._fields
_SCHEMA = f"""
CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE changes ({", ".join(c + (" INTEGER PRIMARY KEY" if c == "seq" else "") for c in CHANGE_COLUMNS)});
"""


@dataclass(frozen=True)
class Manifest:
    station_id: str
    station_name: str
    county_id: str
    batch_no: int
    after_seq: int
    first_seq: int | None
    last_seq: int
    county_rev: int
    app_version: str
    schema: str
    questionnaire: str | None
    counts: dict[str, dict[str, int]]
    total: int
    digest: str
    created_at: str


def digest_of(hashes: Iterable[str]) -> str:
    sha = hashlib.sha256()
    for h in hashes:
        sha.update(h.encode("ascii"))
    return sha.hexdigest()


def count_changes(changes: Iterable[Change]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for change in changes:
        per_table = counts.setdefault(change.record_table, {})
        per_table[change.op] = per_table.get(change.op, 0) + 1
    return counts


def new_database() -> sqlite3.Connection:
    return sqlite3.connect(":memory:")


def write_manifest(conn: sqlite3.Connection, values: Mapping[str, Any]) -> None:
    conn.executemany(
        "INSERT INTO manifest (key, value) VALUES (?, ?)", [(k, canonical_json(v)) for k, v in values.items()]
    )


def read_manifest(conn: sqlite3.Connection) -> dict[str, Any]:
    return {key: json.loads(value) for key, value in conn.execute("SELECT key, value FROM manifest")}


def known_keys(raw: dict[str, Any], shape: type) -> dict[str, Any]:
    """The manifest values this program reads (``shape``'s fields). A key a newer program added is one this
    program does not need, or the file would be stamped with a schema revision it does not know (`sync.versions`):
    refused as incomplete, the next version's return files would stop every station not yet upgraded."""
    names = {f.name for f in fields(shape)}
    return {key: value for key, value in raw.items() if key in names}


def build_batch(manifest: Manifest, changes: Sequence[Change]) -> bytes:
    """The batch payload (an SQLite database image) for these changes."""
    conn = new_database()
    try:
        conn.executescript(_SCHEMA)
        write_manifest(conn, {"format": BATCH_FORMAT, **manifest.__dict__})
        marks = ", ".join("?" * len(CHANGE_COLUMNS))
        conn.executemany(
            f"INSERT INTO changes ({', '.join(CHANGE_COLUMNS)}) VALUES ({marks})",
            changes,
        )
        conn.commit()
        return conn.serialize()
    finally:
        conn.close()


def open_payload(payload: bytes, name: str) -> sqlite3.Connection:
    """An in-memory SQLite database from a payload (already verified by the envelope)."""
    conn = new_database()
    try:
        conn.deserialize(payload)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (sqlite3.DatabaseError, MemoryError):  # an empty payload makes deserialize raise MemoryError
        conn.close()
        raise AlteredFile(name, "内容不是有效的数据库", "the content is not a valid database") from None
    return conn


def written_by(payload: bytes) -> str | None:
    """The Anju version a batch's or return file's manifest names (``app_version``), or None where it cannot be
    read: asked of a file a newer program wrote, whose layout may not be this program's."""
    try:
        conn = open_payload(payload, "")
    except AlteredFile:
        return None
    try:
        row = conn.execute("SELECT value FROM manifest WHERE key = 'app_version'").fetchone()
        value = json.loads(row[0]) if row is not None else None
    except (sqlite3.DatabaseError, ValueError, TypeError):
        return None
    finally:
        conn.close()
    return value if isinstance(value, str) else None


def read_batch(payload: bytes, name: str, *, hashes: bool = True) -> tuple[Manifest, list[Change]]:
    """Read and check a batch: the digest over its changes' hashes, the counts in the manifest, and (unless
    ``hashes`` is False: the caller checks them, see `sync.batch_check`) every change's own hash."""
    conn = open_payload(payload, name)
    try:
        raw = read_manifest(conn)
        if raw.get("format") != BATCH_FORMAT:
            raise AlteredFile(
                name, f"批次格式 {raw.get('format')} 无法识别", f"unknown batch format {raw.get('format')}"
            )
        raw.pop("format")
        manifest = Manifest(**known_keys(raw, Manifest))
        changes = _changes(conn)
    except (sqlite3.DatabaseError, TypeError, ValueError):
        raise AlteredFile(name, "批次清单不完整", "the batch manifest is incomplete") from None
    finally:
        conn.close()
    if not well_formed(manifest, changes):
        raise MalformedBatch(name)
    verify_listing(manifest, changes, name)
    if hashes and (altered := first_altered(changes)) is not None:
        raise AlteredFile(name, *altered_detail(altered))
    return manifest, changes


def _changes(conn: sqlite3.Connection) -> list[Change]:
    rows = conn.execute(f"SELECT {', '.join(CHANGE_COLUMNS)} FROM changes ORDER BY seq").fetchall()
    return list(map(Change._make, rows))


def read_changes(payload: bytes) -> list[Change]:
    """The changes of a payload `read_batch` has already taken (for checking them elsewhere)."""
    conn = open_payload(payload, "")
    try:
        return _changes(conn)
    finally:
        conn.close()


#: The types the station program writes in a manifest. The envelope proves who sent a batch, not that its
#: values are sane, and the merge compares and sorts them: any other type is refused before anything runs.
MANIFEST_TYPES: dict[str, tuple[type, ...]] = {
    "station_id": (str,),
    "station_name": (str,),
    "county_id": (str,),
    "batch_no": (int,),
    "after_seq": (int,),
    "first_seq": (int, type(None)),
    "last_seq": (int,),
    "county_rev": (int,),
    "app_version": (str,),
    "schema": (str,),
    "questionnaire": (str, type(None)),
    "counts": (dict,),
    "total": (int,),
    "digest": (str,),
    "created_at": (str,),
}
_CHANGE_INTS = frozenset({"seq", "base_rev"})


def _typed(value: object, types: tuple[type, ...]) -> bool:
    return isinstance(value, types) and not (isinstance(value, bool) and bool not in types)


def well_formed(manifest: Manifest, changes: Sequence[Change]) -> bool:
    """Whether every manifest value and change column has the type the station program writes."""
    if not all(_typed(getattr(manifest, key), types) for key, types in MANIFEST_TYPES.items()):
        return False
    if manifest.batch_no < 1 or manifest.after_seq < 0 or manifest.county_rev < 0:
        return False
    # Column by column, as the set of exact types found (the values come from SQLite: int, float, str, bytes or
    # None, never a subclass, so "exactly int" is "an int and not a bool" and "exactly str" is "a str").
    for key, column in zip(CHANGE_COLUMNS, zip(*changes, strict=True), strict=False):
        if not set(map(type, column)) <= ({int} if key in _CHANGE_INTS else {str}):
            return False
    return True


def verify_listing(manifest: Manifest, changes: Sequence[Change], name: str) -> None:
    """The changes are the ones the manifest lists: their count per table and op, the digest over their hashes,
    their first and last numbers."""
    if len(changes) != manifest.total or count_changes(changes) != manifest.counts:
        raise AlteredFile(name, "变更条数与清单不符", "the number of changes does not match the manifest")
    if digest_of(c.hash for c in changes) != manifest.digest:
        raise AlteredFile(name, "变更摘要与清单不符", "the digest of the changes does not match the manifest")
    if changes and (changes[0].seq != manifest.first_seq or changes[-1].seq != manifest.last_seq):
        raise AlteredFile(name, "变更序号与清单不符", "the change numbers do not match the manifest")
    if changes and changes[0].seq <= manifest.after_seq:
        raise AlteredFile(name, "变更序号与清单不符", "the change numbers do not match the manifest")


def first_altered(changes: Iterable[Change]) -> Change | None:
    """The first change whose content does not match its own hash, or None."""
    for change in changes:
        # The hashed columns in order: a change is a station journal entry without its source, always "local".
        if hash_values([*change[:4], "local", *change[4:10]]) != change.hash:
            return change
    return None


def altered_detail(change: Change) -> tuple[str, str]:
    """What `AlteredFile` says of a change that does not match its hash."""
    return (
        f"第 {change.seq} 条变更与其哈希不符，工作站的审计日志可能被改动过，请在工作站运行 anju audit",
        f"change {change.seq} does not match its hash; the station's audit log may have been edited "
        "(run anju audit at the station)",
    )
