"""inbox events record which instance holds them

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 03:30:00

With several instances on one database, "working" alone could not say whose
work a row was: a restarting instance returned every working row to pending,
including rows another live instance was processing. `holder` names the
instance (its lease `inbox:<holder>` says whether it is alive), so only the
rows of a dead instance are taken over.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inbox_events") as batch:
        batch.add_column(sa.Column("holder", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbox_events") as batch:
        batch.drop_column("holder")
