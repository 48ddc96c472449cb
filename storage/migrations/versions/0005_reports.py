"""travel concerns on inquiries; texts index carries the matched entry

Revision ID: 0005_reports
Revises: 0004
Create Date: 2026-11-28 09:00:00

Reports count the travel concerns a question voices (safety, cost, halal food
...; `faq.concerns`), stored with the question as "cost,safety" (NULL when
none). A partial index over the questions that voice one keeps that count to a
narrow scan. `ix_inquiries_texts` gains `faq_id`, so the top questions can be
grouped by the FAQ entry they matched without reading the table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_reports"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXTS = (
    "fair_id",
    "normalized",
    "kind",
    "outcome",
    "prefecture",
    "topic_prefecture",
    "created_at",
    "lang",
    "type",
)
CONCERNS = ("fair_id", "concerns", "prefecture", "topic_prefecture", "created_at")
HAS_CONCERNS = sa.text("concerns IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("inquiries") as batch:
        batch.add_column(sa.Column("concerns", sa.String(length=128), nullable=True))
    op.drop_index("ix_inquiries_texts", table_name="inquiries")
    op.create_index("ix_inquiries_texts", "inquiries", [*TEXTS, "faq_id"])
    op.create_index(
        "ix_inquiries_concerns",
        "inquiries",
        list(CONCERNS),
        sqlite_where=HAS_CONCERNS,
        postgresql_where=HAS_CONCERNS,
    )


def downgrade() -> None:
    op.drop_index("ix_inquiries_concerns", table_name="inquiries")
    op.drop_index("ix_inquiries_texts", table_name="inquiries")
    op.create_index("ix_inquiries_texts", "inquiries", list(TEXTS))
    with op.batch_alter_table("inquiries") as batch:
        batch.drop_column("concerns")
