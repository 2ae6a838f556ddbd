"""Sync bookkeeping tables (DESIGN.md §5): local to each database, never synced themselves.

They live on `forms.records.Base` so Alembic sees them with the rest of the schema (`forms.records` imports
this module at its bottom, so whoever holds ``Base.metadata`` holds these tables too). Only `sync/` writes
them. Which tables a database uses depends on its role:

- both: ``sync_identity`` (who this database is, its keys), ``sync_state`` (counters), ``sync_batches`` (the
  batch log: every file exported, imported or written);
- the county: ``sync_stations`` (enrolled stations, their public keys and cursors), ``sync_history`` (every
  incoming change exactly as received), ``sync_conflicts``, ``sync_moves`` (records that left a site, so the
  station that held them hears about it), ``sync_review_queue`` (households touched by imports) and
  ``sync_duplicate_decisions``;
- a station keeps the conflict resolutions the county sends it in ``sync_conflicts`` too, to show them.

Values that sync compares or shows exactly as they travelled (conflict values, incoming changes) are stored
as canonical JSON text rather than in JSON columns, so ``null`` and "missing" never blur.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .records import Base

#: `SyncIdentity.role` of an enrolled station (the county's is "county"); `sync.identity` names both.
STATION_ROLE = "station"


class SyncIdentity(Base):
    """This database's identity: a county (its own key pairs) or an enrolled station (its keys and the county's
    public keys). One row; none before ``anju county init`` or ``anju enrol --accept``."""

    __tablename__ = "sync_identity"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the county id or the station id
    role: Mapped[str] = mapped_column(String(10), nullable=False)  # county / station
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    county_id: Mapped[str] = mapped_column(String(64), nullable=False)
    county_name: Mapped[str] = mapped_column(String(100), nullable=False)
    enc_private: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)  # X25519, raw 32 bytes
    sign_private: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)  # Ed25519, raw 32 bytes
    county_enc_public: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    county_sign_public: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    sites: Mapped[list[str]] = mapped_column(JSON, nullable=False)  # a station's site codes; empty for the county
    server_url: Mapped[str | None] = mapped_column(String(200))
    package_id: Mapped[str | None] = mapped_column(String(64))  # the enrolment package a station accepted
    created_at: Mapped[str] = mapped_column(String(32), nullable=False)
    #: A station's own keys (``enc_private``, ``sign_private``) are made when it accepts its package; of the
    #: package it keeps the X25519 key, to open a return file sealed before the county knew its own keys, and the
    #: introduction of its own keys signed with the package's Ed25519 key, which is not kept (`sync.station_keys`).
    #: None on a county, and on a station enrolled before revision 0007 (its keys are the package's).
    package_enc_private: Mapped[bytes | None] = mapped_column(LargeBinary)
    keys_intro: Mapped[bytes | None] = mapped_column(LargeBinary)


class SyncState(Base):
    """Sync counters, one row (id 1).

    On the county ``county_rev`` is the global revision counter (one step per accepted change) and
    ``stamped_seq`` the journal seq up to which the county's own edits have been given revisions. On a station
    ``county_rev`` is the highest county revision it has applied, ``acked_seq`` the last local journal seq the
    county acknowledged (the outbox is every local entry after it) and ``next_batch`` the next batch number.
    """

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    county_rev: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    stamped_seq: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    acked_seq: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    next_batch: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    last_export_at: Mapped[str | None] = mapped_column(String(32))
    last_return_at: Mapped[str | None] = mapped_column(String(32))


class SyncStation(Base):
    """A station the county enrolled: its public keys, the sites it serves and how far its changes arrived."""

    __tablename__ = "sync_stations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    sites: Mapped[list[str]] = mapped_column(JSON, nullable=False)  # site codes
    #: The keys the county seals for and checks signatures with: the package's until the station introduces keys of
    #: its own (its first batch), then those, pinned (``pinned_at``): a copy of the package is not the station.
    enc_public: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    sign_public: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    package_sign_public: Mapped[bytes | None] = mapped_column(LargeBinary)  # checks the station's introduction
    pinned_at: Mapped[str | None] = mapped_column(String(32))
    #: 停用: the county no longer takes this station's batches nor writes it return files (a lost laptop)
    revoked_at: Mapped[str | None] = mapped_column(String(32))
    revoked_by: Mapped[str | None] = mapped_column(String(64))
    revoked_reason: Mapped[str | None] = mapped_column(String(200))
    package_id: Mapped[str] = mapped_column(String(64), nullable=False)
    enrolled_at: Mapped[str] = mapped_column(String(32), nullable=False)
    enrolled_by: Mapped[str] = mapped_column(String(64), nullable=False)
    cursor: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # last station seq applied
    last_batch: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    last_import_at: Mapped[str | None] = mapped_column(String(32))
    reported_rev: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # county rev it said it has
    returned_rev: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # county rev of its last return
    last_return_at: Mapped[str | None] = mapped_column(String(32))
    #: The Anju the station runs, as its latest batch's manifest names it (``0.3.0``): which stations still need
    #: the installer during an upgrade. None until its first batch since the county had revision 0009.
    app_version: Mapped[str | None] = mapped_column(String(32))


class SyncBatch(Base):
    """The batch log: every batch exported or imported and every return file written or applied."""

    __tablename__ = "sync_batches"
    __table_args__ = (Index("ix_sync_batches_station", "station_id", "batch_no"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    direction: Mapped[str] = mapped_column(String(12), nullable=False)  # export / import / return-out / return-in
    station_id: Mapped[str] = mapped_column(String(64), nullable=False)
    batch_no: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False)  # exported / applied / replay / written
    after_seq: Mapped[int | None] = mapped_column(Integer)
    first_seq: Mapped[int | None] = mapped_column(Integer)
    last_seq: Mapped[int | None] = mapped_column(Integer)
    county_rev: Mapped[int | None] = mapped_column(Integer)
    changes: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    applied: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    skipped: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    conflicts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[str] = mapped_column(String(32), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)


class SyncHistory(Base):
    """Every change a station sent, exactly as received, with the county revision it was given.

    Nothing is lost at a merge: a value the county did not take is still here (and in a conflict). The text of a
    change the county journaled in that very text is kept once, in the journal: ``changes`` is then NULL and
    ``journal_seq`` names the entry (`sync.county_apply.received_changes` reads the text either way).
    """

    __tablename__ = "sync_history"
    station_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    batch_no: Mapped[int] = mapped_column(Integer, nullable=False)
    record_table: Mapped[str] = mapped_column(String(30), nullable=False)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False)
    op: Mapped[str] = mapped_column(String(10), nullable=False)
    base_rev: Mapped[int] = mapped_column(Integer, nullable=False)
    at: Mapped[str] = mapped_column(String(32), nullable=False)  # the station's clock, for people to read
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    changes: Mapped[str | None] = mapped_column(Text)  # the station's canonical JSON, unchanged (or journal_seq)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)
    rev: Mapped[int] = mapped_column(Integer, nullable=False)  # the county revision this change was given
    outcome: Mapped[str] = mapped_column(String(10), nullable=False)  # applied / merged / conflict / orphan
    received_at: Mapped[str] = mapped_column(String(32), nullable=False)
    journal_seq: Mapped[int | None] = mapped_column(Integer)  # the county journal entry holding the same text


class SyncConflict(Base):
    """A field two sides changed differently (or a delete against an edit), with both values, until resolved."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (Index("ix_sync_conflicts_record", "record_table", "record_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)  # field / delete-edit / edit-deleted
    record_table: Mapped[str] = mapped_column(String(30), nullable=False)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False)
    household_id: Mapped[str | None] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(40), nullable=False)
    base_value: Mapped[str] = mapped_column(Text, nullable=False)  # canonical JSON
    county_value: Mapped[str] = mapped_column(Text, nullable=False)
    station_value: Mapped[str] = mapped_column(Text, nullable=False)
    kept: Mapped[str] = mapped_column(String(8), nullable=False)  # county / station: which value is in the record
    station_id: Mapped[str] = mapped_column(String(64), nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    rev: Mapped[int] = mapped_column(Integer, nullable=False)
    county_updated_by: Mapped[str | None] = mapped_column(String(64))  # who wrote the county value
    created_at: Mapped[str] = mapped_column(String(32), nullable=False)
    status: Mapped[str] = mapped_column(String(10), default="open", nullable=False)  # open / resolved
    resolution: Mapped[str | None] = mapped_column(String(8))  # station / county / value
    resolved_value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[str | None] = mapped_column(String(32))
    resolved_rev: Mapped[int | None] = mapped_column(Integer)


class SyncMove(Base):
    """A record that left a site (a household transferred, a member moved to a household elsewhere).

    The station serving the old site is sent the record once more, so it learns where the record went.
    """

    __tablename__ = "sync_moves"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_table: Mapped[str] = mapped_column(String(30), nullable=False)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False)
    from_site_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    to_site_id: Mapped[str | None] = mapped_column(String(36))
    rev: Mapped[int] = mapped_column(Integer, nullable=False)


class SyncReviewItem(Base):
    """A household touched by an import (or the county) and waiting for a clerk's review."""

    __tablename__ = "sync_review_queue"
    household_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str | None] = mapped_column(String(64))
    rev: Mapped[int] = mapped_column(Integer, nullable=False)
    flagged_at: Mapped[str] = mapped_column(String(32), nullable=False)
    reason: Mapped[str] = mapped_column(String(20), nullable=False)  # imported / conflict
    #: what the household rules found when they last ran on it; None until they have run since it was flagged
    findings: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON(none_as_null=True))


class SyncDuplicateDecision(Base):
    """A clerk's decision on one 证件号码 found in several live households: merged, or kept with a reason."""

    __tablename__ = "sync_duplicate_decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id_number: Mapped[str] = mapped_column(String(22), nullable=False, index=True)
    decision: Mapped[str] = mapped_column(String(8), nullable=False)  # merge / keep
    kept_member_id: Mapped[str | None] = mapped_column(String(36))
    member_ids: Mapped[list[str]] = mapped_column(JSON, nullable=False)  # the group the decision was made on
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(64), nullable=False)
    decided_at: Mapped[str] = mapped_column(String(32), nullable=False)


class SyncExchange(Base):
    """The station's online sync log: every exchange with the county server, whatever became of it.

    One row per attempt (a timer tick, 立即同步 or ``anju sync push``), written when it ends, so the sync log
    screen can show when the station last reached the county and, for a failed attempt, what to do about it.
    Local to the station; never synced.
    """

    __tablename__ = "sync_exchanges"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[str] = mapped_column(String(32), nullable=False)  # UTC, for people to read
    finished_at: Mapped[str] = mapped_column(String(32), nullable=False)
    trigger: Mapped[str] = mapped_column(String(10), nullable=False)  # timer / manual / command / retry
    server_url: Mapped[str | None] = mapped_column(String(200))
    #: ok / offline (no answer) / refused (the server said no) / failed (the server or this program failed)
    outcome: Mapped[str] = mapped_column(String(10), nullable=False)
    http_status: Mapped[int | None] = mapped_column(Integer)
    batch_no: Mapped[int | None] = mapped_column(Integer)  # the batch sent, if one was made
    sent: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # changes in that batch
    received: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # records in the return file
    updated: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # of those, changed here
    acked_seq: Mapped[int | None] = mapped_column(Integer)  # the county's acknowledgement, when one arrived
    message_zh: Mapped[str] = mapped_column(Text, nullable=False)  # what happened and, on failure, what to do
    message_en: Mapped[str] = mapped_column(Text, nullable=False)
