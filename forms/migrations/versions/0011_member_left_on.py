"""the day a member left the household (减员日期)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

The 减员名单 dated each drop by the day the station recorded it: a death on 15 October typed in on 3 November
counted in November, and the county, which explains each month's drops in 人数 to the level above, explained it in
the wrong month. The member's tombstone now keeps the day they left (died, married out …), asked with the 减员原因.
Members removed before this revision have none: the 减员名单 dates them by the day they were recorded, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("left_on")
