"""each received change's text kept once: in the county journal, or in sync_history where the journal differs

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

The county keeps every change a station sent (DESIGN.md §5: nothing is ever lost). Until now ``sync_history``
held each change's text and the county journal held it again: a station's insert taken whole is journaled in
the very text the station sent, so a county stored most of what it received twice (a third of what an import
writes). From this revision a history row whose change was journaled in the same text holds ``changes`` NULL
and ``journal_seq``, the county journal entry holding the text (`sync.county_apply.received_changes` reads it
either way); a change the county journaled differently (a merge, a conflict, an orphan) keeps its own text.

``ix_sync_history_record`` goes: nothing reads the history by record (the journal's own index answers what
happened to a record), and every import paid for keeping it.

Existing rows are not rewritten: they keep their text, with ``journal_seq`` NULL.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_history", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_history_record")
        batch_op.alter_column("changes", existing_type=sa.Text(), nullable=True)
        batch_op.add_column(sa.Column("journal_seq", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.execute(
        "UPDATE sync_history SET changes = "
        "(SELECT journal.changes FROM journal WHERE journal.seq = sync_history.journal_seq) "
        "WHERE changes IS NULL"
    )
    with op.batch_alter_table("sync_history", schema=None) as batch_op:
        batch_op.drop_column("journal_seq")
        batch_op.alter_column("changes", existing_type=sa.Text(), nullable=False)
        batch_op.create_index("ix_sync_history_record", ["record_table", "record_id"], unique=False)
