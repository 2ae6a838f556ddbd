"""stations sign with keys of their own, made when they accept their package; the county pins them, and may revoke
a station

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

An enrolment package holds a station's keys, and a package with its passphrase could be accepted on any number of
computers: each copy could sign batches as the station and open the county's return files. From this revision a
station makes key pairs of its own when it accepts its package, and keeps from the package only what it needs:
the introduction of its own keys, signed with the package's key (``keys_intro``), and the package's X25519 key,
to open a return file the county sealed before it knew the station's own keys (``package_enc_private``). The
county keeps the package's Ed25519 key (``package_sign_public``) to check introductions, and pins the first keys
introduced (``pinned_at``): from then on only those keys are the station.

Existing stations keep signing with their package's keys (no introduction) until they are enrolled again.

A station the county revokes (``revoked_at``, ``revoked_by``, ``revoked_reason``: a laptop lost or stolen) is
refused from then on, whatever keys it holds; its name is freed for the station enrolled in its place.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_identity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("package_enc_private", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("keys_intro", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("sync_stations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("package_sign_public", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("pinned_at", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("revoked_at", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("revoked_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("revoked_reason", sa.String(length=200), nullable=True))
    op.execute("UPDATE sync_stations SET package_sign_public = sign_public")


def downgrade() -> None:
    with op.batch_alter_table("sync_stations", schema=None) as batch_op:
        batch_op.drop_column("revoked_reason")
        batch_op.drop_column("revoked_by")
        batch_op.drop_column("revoked_at")
        batch_op.drop_column("pinned_at")
        batch_op.drop_column("package_sign_public")
    with op.batch_alter_table("sync_identity", schema=None) as batch_op:
        batch_op.drop_column("keys_intro")
        batch_op.drop_column("package_enc_private")
