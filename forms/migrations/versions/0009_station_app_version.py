"""the county records which Anju each station runs

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30

A new Anju reaches a county over weeks: the county office first, its stations one by one (`sync.versions`). Every
batch's manifest names the Anju that wrote it (``app_version``); the county now keeps the one of each station's
latest batch, so the clerk sees which stations still need the installer. County bookkeeping only: nothing that
travels changes. Stations enrolled before this revision have none until their next batch arrives (shown as
unknown, never as up to date).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_stations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("app_version", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_stations", schema=None) as batch_op:
        batch_op.drop_column("app_version")
