"""what `anju check` reads: members' ID verdict, an index of live heads, and override subjects

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

- ``members.id_check``: what the ID rules say of a member whatever the survey date (`Member.derive`, with
  `forms.rules.member_rules.id_verdict`), derived on every write like the pinyin initials, so `anju check` does
  not validate every 证件号码 again on every run. Filled here for every member already in the database, with the
  program's own function; if that function's answers ever change (a new rule, or a python-stdnum release with a
  different table of county codes), a new migration recomputes the column.
- ``ix_members_live_heads``: the live 户主 of each household (a partial index, so it holds one row per household),
  for the one-head rule.
- ``finding_overrides.subject``: what on the record an accepted finding is about (the field of a field check,
  "" for a record or household rule), so accepting one field's warning no longer accepts another field's warning
  of the same rule on the same record. Existing overrides of record and household rules get "" (each of those
  rules finds at most one acceptable finding per record, so nothing changes for them); existing overrides of
  field checks keep an empty subject, which still accepts every finding of their rule on their record, as when
  they were written: which field was meant is not recorded anywhere.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from forms.rules.member_rules import id_verdict

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HEADS_WHERE = "relation = '户主' AND deleted_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("id_check", sa.String(length=40), nullable=True))
        batch_op.create_index(
            "ix_members_live_heads",
            ["household_id"],
            unique=False,
            sqlite_where=sa.text(HEADS_WHERE),
            postgresql_where=sa.text(HEADS_WHERE),
        )
    with op.batch_alter_table("finding_overrides", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject", sa.String(length=64), nullable=True))

    conn = op.get_bind()
    members = sa.table(
        "members",
        sa.column("id", sa.String),
        sa.column("id_type", sa.String),
        sa.column("id_number", sa.String),
        sa.column("sex", sa.String),
        sa.column("birth_date", sa.Date),
        sa.column("id_check", sa.String),
    )
    rows = conn.execute(
        sa.select(members.c.id, members.c.id_type, members.c.id_number, members.c.sex, members.c.birth_date)
    ).all()
    if rows:
        conn.execute(
            sa.update(members).where(members.c.id == sa.bindparam("_id")).values(id_check=sa.bindparam("_check")),
            [
                {"_id": row.id, "_check": id_verdict(row.id_type, row.id_number, row.sex, row.birth_date)}
                for row in rows
            ],
        )
    conn.execute(sa.text("UPDATE finding_overrides SET subject = '' WHERE rule_code NOT LIKE 'field.%'"))


def downgrade() -> None:
    with op.batch_alter_table("finding_overrides", schema=None) as batch_op:
        batch_op.drop_column("subject")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_live_heads")
        batch_op.drop_column("id_check")
