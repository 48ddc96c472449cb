"""covering indexes for reports

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 00:40:00

A fair's report reads a million rows; these indexes let the aggregate scans
read a narrow index instead of the table (SQLite) and walk it in GROUP BY order:
`ix_inquiries_report` serves the type/language/platform/outcome/feedback,
time and visitor counts; `ix_inquiries_texts` the question-text grouping; the
partial `ix_inquiries_staff_answered` counts staff answers per question.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REPORT = (
    "fair_id",
    "prefecture",
    "type",
    "lang",
    "platform",
    "outcome",
    "faq_id",
    "feedback",
    "created_at",
    "visitor_id",
    "topic_prefecture",
)
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
ANSWERED = sa.text("staff_answer IS NOT NULL")


def upgrade() -> None:
    op.create_index("ix_inquiries_report", "inquiries", list(REPORT))
    op.create_index("ix_inquiries_texts", "inquiries", list(TEXTS))
    op.create_index(
        "ix_inquiries_staff_answered",
        "inquiries",
        ["fair_id", "normalized"],
        sqlite_where=ANSWERED,
        postgresql_where=ANSWERED,
    )


def downgrade() -> None:
    op.drop_index("ix_inquiries_staff_answered", table_name="inquiries")
    op.drop_index("ix_inquiries_texts", table_name="inquiries")
    op.drop_index("ix_inquiries_report", table_name="inquiries")
