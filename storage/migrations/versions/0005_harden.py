"""failed staff logins counted in the database; inbox retries with backoff

Revision ID: 0005_harden
Revises: 0005_staff
Create Date: 2026-11-28 09:30:00

Login throttling was per process: with several instances an attacker got the
limit once per instance, and a restart forgot it. Failures are rows now, keyed
by a digest of the client address or user name.

An inbox event that failed is retried later, not at once: `not_before` holds
its next try (NULL: as soon as there is room).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_harden"
down_revision: str | None = "0005_staff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_login_failures_key_at", "login_failures", ["key", "at"])
    with op.batch_alter_table("inbox_events") as batch:
        batch.add_column(sa.Column("not_before", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbox_events") as batch:
        batch.drop_column("not_before")
    op.drop_index("ix_login_failures_key_at", table_name="login_failures")
    op.drop_table("login_failures")
