"""账户记录: what was done to this database's accounts, and the logins that failed

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30

Accounts are local (never synced), and so is their log: who added an account, turned it off or on, reset or changed
its password (in 设置 or with ``anju reset-password``), each login, and each wrong password with the user name
tried (never the password). Rows are only ever added. Nothing that travels changes (`sync.versions`). Databases from
before this revision start with an empty log.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_log")),
    )
    op.create_index("ix_account_log_account", "account_log", ["account", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_account_log_account", table_name="account_log")
    op.drop_table("account_log")
