"""why a member left the household (减员原因)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

A member who dies, marries out, moves their 户籍 away or splits off into a household of their own (分户) leaves the
household's 人数 and 劳动力人数; the county must explain every such drop to the level above, as the national
systems do with their 减员原因. The member's tombstone now keeps the reason the station gave when it removed them.
Members removed before this revision have none (the 减员名单 says 未记录).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_reason", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("left_reason")
