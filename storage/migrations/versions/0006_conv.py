"""visitors remember an explicit language choice

Revision ID: 0006_conv
Revises: 0005_harden
Create Date: 2026-11-28 09:30:00

A language picked with /lang, a language button or the web chat's `lang` is the
reply language from then on, even when the visitor types in English; a
detected language never overrides it. `lang_chosen` says `lang` was chosen.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_conv"
down_revision: str | None = "0005_harden"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("visitors") as batch:
        batch.add_column(
            sa.Column("lang_chosen", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("visitors") as batch:
        batch.drop_column("lang_chosen")
