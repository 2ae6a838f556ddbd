"""online sync log

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

A station that reaches the county server over the network (DESIGN.md §5, Online) keeps a log of every exchange:
when, what triggered it, its outcome, how many changes went up and records came back, and a message that says
what happened and, on failure, what to do. The model is `forms.sync_records.SyncExchange`. A new, empty table:
nothing existing is copied or rewritten.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_exchanges",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("finished_at", sa.String(length=32), nullable=False),
        sa.Column("trigger", sa.String(length=10), nullable=False),
        sa.Column("server_url", sa.String(length=200), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("batch_no", sa.Integer(), nullable=True),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("acked_seq", sa.Integer(), nullable=True),
        sa.Column("message_zh", sa.Text(), nullable=False),
        sa.Column("message_en", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_exchanges")),
    )


def downgrade() -> None:
    op.drop_table("sync_exchanges")
