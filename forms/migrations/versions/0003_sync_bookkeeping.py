"""sync bookkeeping tables

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

USB and online sync (DESIGN.md §5) keeps its bookkeeping in local tables beside the records: this database's
identity and keys, the counters (the county's revision counter, a station's acknowledged seq and batch number),
the batch log, and on the county the enrolled stations with their cursors, every incoming change as received,
conflicts, records that left a site, the review queue and duplicate decisions. The models are in
forms/sync_records.py. Nothing is copied or rewritten: existing records keep rev 0 until they first sync.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_batches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("direction", sa.String(length=12), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("after_seq", sa.Integer(), nullable=True),
        sa.Column("first_seq", sa.Integer(), nullable=True),
        sa.Column("last_seq", sa.Integer(), nullable=True),
        sa.Column("county_rev", sa.Integer(), nullable=True),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.Column("applied", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("conflicts", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_batches")),
    )
    with op.batch_alter_table("sync_batches", schema=None) as batch_op:
        batch_op.create_index("ix_sync_batches_station", ["station_id", "batch_no"], unique=False)

    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("record_table", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=True),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("base_value", sa.Text(), nullable=False),
        sa.Column("county_value", sa.Text(), nullable=False),
        sa.Column("station_value", sa.Text(), nullable=False),
        sa.Column("kept", sa.String(length=8), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("county_updated_by", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("resolution", sa.String(length=8), nullable=True),
        sa.Column("resolved_value", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.Column("resolved_at", sa.String(length=32), nullable=True),
        sa.Column("resolved_rev", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflicts")),
    )
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_conflicts_household_id"), ["household_id"], unique=False)
        batch_op.create_index("ix_sync_conflicts_record", ["record_table", "record_id"], unique=False)

    op.create_table(
        "sync_duplicate_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id_number", sa.String(length=22), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("kept_member_id", sa.String(length=36), nullable=True),
        sa.Column("member_ids", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("decided_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_duplicate_decisions")),
    )
    with op.batch_alter_table("sync_duplicate_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_duplicate_decisions_id_number"), ["id_number"], unique=False)

    op.create_table(
        "sync_history",
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.Column("record_table", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("base_rev", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "seq", name=op.f("pk_sync_history")),
    )
    with op.batch_alter_table("sync_history", schema=None) as batch_op:
        batch_op.create_index("ix_sync_history_record", ["record_table", "record_id"], unique=False)

    op.create_table(
        "sync_identity",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("county_id", sa.String(length=64), nullable=False),
        sa.Column("county_name", sa.String(length=100), nullable=False),
        sa.Column("enc_private", sa.LargeBinary(), nullable=False),
        sa.Column("sign_private", sa.LargeBinary(), nullable=False),
        sa.Column("county_enc_public", sa.LargeBinary(), nullable=False),
        sa.Column("county_sign_public", sa.LargeBinary(), nullable=False),
        sa.Column("sites", sa.JSON(), nullable=False),
        sa.Column("server_url", sa.String(length=200), nullable=True),
        sa.Column("package_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_identity")),
    )
    op.create_table(
        "sync_moves",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("record_table", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("from_site_id", sa.String(length=36), nullable=False),
        sa.Column("to_site_id", sa.String(length=36), nullable=True),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_moves")),
    )
    with op.batch_alter_table("sync_moves", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_moves_from_site_id"), ["from_site_id"], unique=False)

    op.create_table(
        "sync_review_queue",
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=True),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("flagged_at", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("household_id", name=op.f("pk_sync_review_queue")),
    )
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("county_rev", sa.Integer(), nullable=False),
        sa.Column("stamped_seq", sa.Integer(), nullable=False),
        sa.Column("acked_seq", sa.Integer(), nullable=False),
        sa.Column("next_batch", sa.Integer(), nullable=False),
        sa.Column("last_export_at", sa.String(length=32), nullable=True),
        sa.Column("last_return_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "sync_stations",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("sites", sa.JSON(), nullable=False),
        sa.Column("enc_public", sa.LargeBinary(), nullable=False),
        sa.Column("sign_public", sa.LargeBinary(), nullable=False),
        sa.Column("package_id", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", sa.String(length=32), nullable=False),
        sa.Column("enrolled_by", sa.String(length=64), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("last_batch", sa.Integer(), nullable=False),
        sa.Column("last_import_at", sa.String(length=32), nullable=True),
        sa.Column("reported_rev", sa.Integer(), nullable=False),
        sa.Column("returned_rev", sa.Integer(), nullable=False),
        sa.Column("last_return_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_stations")),
        sa.UniqueConstraint("name", name=op.f("uq_sync_stations_name")),
    )


def downgrade() -> None:
    op.drop_table("sync_stations")
    op.drop_table("sync_state")
    op.drop_table("sync_review_queue")
    with op.batch_alter_table("sync_moves", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_moves_from_site_id"))

    op.drop_table("sync_moves")
    op.drop_table("sync_identity")
    with op.batch_alter_table("sync_history", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_history_record")

    op.drop_table("sync_history")
    with op.batch_alter_table("sync_duplicate_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_duplicate_decisions_id_number"))

    op.drop_table("sync_duplicate_decisions")
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_conflicts_record")
        batch_op.drop_index(batch_op.f("ix_sync_conflicts_household_id"))

    op.drop_table("sync_conflicts")
    with op.batch_alter_table("sync_batches", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_batches_station")

    op.drop_table("sync_batches")
