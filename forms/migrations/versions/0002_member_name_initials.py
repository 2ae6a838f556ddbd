"""member name initials for pinyin search

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

Station workers find people by pinyin initials (张三 ← zs). The initials are derived from the name, stored so
SQL can filter on them with an index, and filled here for every member already in the database. This step
uses the program's own `name_initials`, so it writes what the store writes for new members; if that function
ever changes its output, a new migration recomputes the column.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from forms.pinyin import name_initials

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_initials", sa.String(length=50), nullable=True))
        batch_op.create_index(batch_op.f("ix_members_name_initials"), ["name_initials"], unique=False)

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name FROM members")).all()
    if rows:
        conn.execute(
            sa.text("UPDATE members SET name_initials = :initials WHERE id = :id"),
            [{"id": row.id, "initials": name_initials(row.name)} for row in rows],
        )


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_name_initials"))
        batch_op.drop_column("name_initials")
