"""The change journal: how an entry is made, hashed and chained, and how the chain is checked.

Each entry hashes its own content together with the previous entry's hash (SHA-256 over canonical JSON), so
editing, inserting or deleting a row in the middle breaks the chain at that row. The store writes entries in
the same transaction as the record change they describe (see `forms.store.UnitOfWork`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, select

from .records import JournalEntry

GENESIS_HASH = "0" * 64


def utc_now() -> str:
    """The current time as ISO-8601 UTC text (for people to read; never used to order changes)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def to_json_value(value: Any) -> Any:
    """A column value as plain JSON (dates become ISO text)."""
    if isinstance(value, date):
        return value.isoformat()
    return value


def canonical_json(value: Any) -> str:
    """One spelling for one value: sorted keys, no spaces, UTF-8 kept (hash input and stored text)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=to_json_value)


def entry_hash(fields: Mapping[Any, Any]) -> str:
    """The hash of one entry, over every column except ``hash`` itself (``prev_hash`` included)."""
    payload = [
        fields["seq"],
        fields["at"],
        fields["actor"],
        fields["origin"],
        fields["source"],
        fields["record_table"],
        fields["record_id"],
        fields["op"],
        fields["base_rev"],
        fields["changes"],
        fields["prev_hash"],
    ]
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


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
        entry: dict[str, Any] = {
            "seq": self.last_seq + 1,
            "at": at,
            "actor": actor,
            "origin": origin,
            "source": source,
            "record_table": record_table,
            "record_id": record_id,
            "op": op,
            "base_rev": base_rev,
            "changes": canonical_json(changes),
            "prev_hash": self.last_hash,
        }
        entry["hash"] = entry_hash(entry)
        self.last_seq = entry["seq"]
        self.last_hash = entry["hash"]
        return entry


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
