"""The change journal: how an entry is made, hashed and chained, and how the chain is checked.

Each entry hashes its own content together with the previous entry's hash (SHA-256 over canonical JSON), so
editing, inserting or deleting a row in the middle breaks the chain at that row. The store writes entries in
the same transaction as the record change they describe (see `forms.store.UnitOfWork`).
"""

from __future__ import annotations

import hashlib
import json
import json.encoder
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, select

from .records import JournalEntry

GENESIS_HASH = "0" * 64


def utc_now() -> str:
    """The current time as ISO-8601 UTC text (for people to read; never used to order changes)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def local_moment(stamp: str | None) -> datetime | None:
    """A stored UTC time (``2026-11-29T02:03:04.5Z``) in the computer's time zone (a time without a zone as it is);
    None for none, or for text that is not a time."""
    try:
        moment = datetime.fromisoformat((stamp or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone() if moment.tzinfo is not None else moment


def to_json_value(value: Any) -> Any:
    """A column value as plain JSON (dates become ISO text)."""
    if isinstance(value, date):
        return value.isoformat()
    return value


def is_iso_date(text: str) -> bool:
    """Whether ``text`` is a date as `to_json_value` spells one (YYYY-MM-DD; not the other forms
    `date.fromisoformat` takes, such as YYYYMMDD, which SQLite's date columns cannot read back). Asked as "spelt
    back the same": the ISO week form 1980-W32-1 is ten characters long too, and a length check let it through."""
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def _standard_encoder() -> Callable[[Any], str]:
    """The canonical spelling, ``json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))``
    with dates as ISO text (`to_json_value`), made once instead of on every call. Where the standard library has
    its C encoder, that encoder is used directly, without the circular-reference bookkeeping (the values are plain
    rows) and the layers of `json.JSONEncoder` around it: about half the time per call. Anything else that is not
    JSON is refused (TypeError)."""
    plain = json.JSONEncoder(
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_json_default, check_circular=False
    )
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return plain.encode
    try:
        encoder = make(None, _json_default, json.encoder.encode_basestring, None, ":", ",", True, False, True)
    except TypeError:  # another signature in another Python: the standard encoder says the same, more slowly
        return plain.encode

    def encode(value: Any) -> str:
        return "".join(encoder(value, 0))

    return encode if encode(_SAMPLE) == plain.encode(_SAMPLE) else plain.encode


#: The types orjson spells as the standard encoder does (exactly these: a subclass of str may spell itself otherwise).
_SCALARS = frozenset({str, int, bool, type(None), date, datetime})


def _plain(value: Any) -> bool:
    """Whether ``value`` is a flat list of `_SCALARS` (an entry's hashed columns) or a dict of [old, new] pairs of
    them (a change's fields)."""
    kind = type(value)
    if kind is list or kind is tuple:
        return _SCALARS.issuperset(map(type, value))
    if kind is dict:
        for pair in value.values():
            if type(pair) is not list or len(pair) != 2:
                return False
            old, new = pair
            if type(old) not in _SCALARS or type(new) not in _SCALARS:
                return False
        return True
    return False


#: A change orjson takes (`_plain`), to check that this orjson spells it as the standard encoder.
_SAMPLE = {"b": [None, "“引号”\n\x01\u2028"], "a": [date(2026, 1, 2), 1], "é": [True, -(2**63)]}


def _fast_encoder(standard: Callable[[Any], str]) -> Callable[[Any], bytes]:
    """The canonical spelling as UTF-8, through orjson where it spells a value exactly as the standard encoder.

    Every entry is encoded twice (its changes, then the hashed columns) and an import or a county's merge writes
    hundreds of thousands of entries: with the standard encoder that was a third of a roster import's Python time,
    orjson takes a fifth of it. The journal's hashes depend on the spelling, so orjson is used only where the two
    agree, checked, not assumed: the values it is given are looked at first (`_plain`), and only an entry's hashed
    columns or a change's fields whose every value is text, a whole number, true/false, null or a date go to orjson
    (what the journal writes, nearly always). There the two spell the same characters: text escaped alike, keys
    sorted by code point either way, dates through `_json_default` (``OPT_PASSTHROUGH_DATETIME``); what orjson
    refuses among them (integers past 64 bits) goes to the standard encoder. Everything else does too: a float (Python
    writes 6.103515625e-05, orjson 0.00006103515625, and NaN, which a batch's JSON can carry, orjson as null), a
    subclass of str, nested values. tests/test_journal_spelling.py holds the two equal over random values. Without
    orjson (a source checkout that lacks it), the standard encoder does it all."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - a dependency; kept working without it all the same
        return lambda value: standard(value).encode("utf-8")
    dumps = orjson.dumps
    option = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_SUBCLASS

    def encode(value: Any) -> bytes:
        if _plain(value):
            try:
                return dumps(value, default=_json_default, option=option)
            except TypeError:  # orjson.JSONEncodeError is one: an integer past 64 bits
                pass
        return standard(value).encode("utf-8")

    if encode(_SAMPLE) != standard(_SAMPLE).encode("utf-8"):  # pragma: no cover - another orjson, another spelling
        return lambda value: standard(value).encode("utf-8")
    return encode


_standard = _standard_encoder()
_encode_bytes = _fast_encoder(_standard)


def _encode(value: Any) -> str:
    return _encode_bytes(value).decode("utf-8")


def canonical_json(value: Any) -> str:
    """One spelling for one value: sorted keys, no spaces, UTF-8 kept (hash input and stored text)."""
    return _encode(value)


#: What an entry's hash covers, in order: every column except ``hash`` itself (``prev_hash`` included).
HASHED_COLUMNS: tuple[str, ...] = (
    "seq",
    "at",
    "actor",
    "origin",
    "source",
    "record_table",
    "record_id",
    "op",
    "base_rev",
    "changes",
    "prev_hash",
)
#: The journal's columns in the order `JournalWriter.row` gives them (the table's own order).
JOURNAL_COLUMNS: tuple[str, ...] = (*HASHED_COLUMNS, "hash")


def hash_values(values: list[Any]) -> str:
    """The hash of one entry given as the list of its `HASHED_COLUMNS` values, in that order."""
    return hashlib.sha256(_encode_bytes(values)).hexdigest()


def entry_hash(fields: Mapping[Any, Any]) -> str:
    """The hash of one entry, over every column except ``hash`` itself (``prev_hash`` included)."""
    return hash_values([fields[key] for key in HASHED_COLUMNS])


@dataclass
class JournalWriter:
    """Assigns ``seq`` and chains hashes for the entries of one transaction.

    It must be created inside a transaction that holds the write lock (BEGIN IMMEDIATE), so the head it reads
    cannot move before the transaction commits.
    """

    last_seq: int
    last_hash: str

    @classmethod
    def at_head(cls, conn: Connection) -> JournalWriter:
        row = conn.execute(
            select(JournalEntry.seq, JournalEntry.hash).order_by(JournalEntry.seq.desc()).limit(1)
        ).first()
        if row is None:
            return cls(0, GENESIS_HASH)
        return cls(row.seq, row.hash)

    def make(
        self,
        *,
        at: str,
        actor: str,
        origin: str,
        source: str,
        record_table: str,
        record_id: str,
        op: str,
        base_rev: int,
        changes: Mapping[str, Any],
    ) -> dict[str, Any]:
        """The next entry as a row dict, chained to the previous one."""
        row = self.row(at, actor, origin, source, record_table, record_id, op, base_rev, changes)
        return dict(zip(JOURNAL_COLUMNS, row, strict=True))

    def row(
        self,
        at: str,
        actor: str,
        origin: str,
        source: str,
        record_table: str,
        record_id: str,
        op: str,
        base_rev: int,
        changes: Mapping[str, Any],
        spelled: str | None = None,
    ) -> tuple[Any, ...]:
        """The next entry as a tuple of `JOURNAL_COLUMNS` (what bulk writes insert), chained to the previous one.

        ``changes`` values may be dates: they are spelled as ISO text, as `to_json_value` would give them.
        ``spelled``, when given, is the text to store for ``changes``, already spelled by the caller (sync
        journals a station's insert in the very text the station journaled it: spelling it again would give the
        same text, at a third of the cost of journaling it)."""
        seq = self.last_seq + 1
        payload = [seq, at, actor, origin, source, record_table, record_id, op, base_rev]
        payload.append(_encode(changes) if spelled is None else spelled)
        payload.append(self.last_hash)
        digest = hash_values(payload)
        payload.append(digest)
        self.last_seq, self.last_hash = seq, digest
        return tuple(payload)


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the journal's hash chain."""

    entries: int
    broken_at: int | None = None  # the first seq that does not verify
    reason_zh: str = ""
    reason_en: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None

    def message(self) -> str:
        if self.ok:
            return f"审计日志完整：{self.entries} 条记录，哈希链校验通过。 / Audit log intact: {self.entries} entries."
        return f"{self.reason_zh} / {self.reason_en}"


def verify_rows(rows: Iterable[Mapping[Any, Any]]) -> ChainReport:
    """Check entries given in seq order: consecutive seq, each prev_hash the hash before, each hash right."""
    expected_seq = 1
    prev = GENESIS_HASH
    count = 0
    for row in rows:
        seq = row["seq"]
        if seq != expected_seq:
            return ChainReport(
                count,
                seq,
                f"审计日志第 {expected_seq} 条缺失（下一条为第 {seq} 条），日志被删改过。",
                f"audit entry {expected_seq} is missing (next is {seq}): the log was tampered with",
            )
        if row["prev_hash"] != prev:
            return ChainReport(
                count,
                seq,
                f"审计日志第 {seq} 条与上一条的链接不符，日志被删改过。",
                f"audit entry {seq} does not link to the entry before it: the log was tampered with",
            )
        if entry_hash(row) != row["hash"]:
            return ChainReport(
                count,
                seq,
                f"审计日志第 {seq} 条的内容与其哈希不符，该条被修改过。",
                f"audit entry {seq} does not match its hash: it was edited",
            )
        prev = row["hash"]
        expected_seq += 1
        count += 1
    return ChainReport(count)


def verify_chain(conn: Connection) -> ChainReport:
    """Check the whole journal of the database behind ``conn``."""
    return verify_rows(conn.execute(select(JournalEntry.__table__).order_by(JournalEntry.seq)).mappings())
