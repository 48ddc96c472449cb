"""staff inbox: conversations and saved replies

Revision ID: 0005_staff
Revises: 0004
Create Date: 2026-11-28 09:00:00

Staff work conversations, not loose questions: one row per visitor and booth
with a state (bot / waiting for staff / staff replied / closed), the inquiry
ids that led to a handover, and who took it. Saved replies are canned answers
per fair or booth in several languages.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_staff"
down_revision: str | None = "0005_reports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column(
            "visitor_id",
            BIG_ID,
            sa.ForeignKey("visitors.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("fair_id", sa.String(64)),
        sa.Column("booth_id", sa.String(64)),
        sa.Column("prefecture", sa.String(5)),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(20)),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("request_id", BIG_ID),
        sa.Column("assignee", sa.String(64)),
        sa.Column("waiting_since", WHEN),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.Column("closed_at", WHEN),
    )
    op.create_index(
        "ix_conversations_visitor", "conversations", ["visitor_id", "fair_id", "booth_id"]
    )
    op.create_index("ix_conversations_state", "conversations", ["state", "fair_id", "prefecture"])
    op.create_index("ix_conversations_updated", "conversations", ["updated_at"])
    op.create_table(
        "saved_replies",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("fair_id", sa.String(64), nullable=False),
        sa.Column("booth_id", sa.String(64)),
        sa.Column("prefecture", sa.String(5)),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(64)),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_index("ix_saved_replies_fair", "saved_replies", ["fair_id", "booth_id"])


def downgrade() -> None:
    op.drop_index("ix_saved_replies_fair", table_name="saved_replies")
    op.drop_table("saved_replies")
    for name in ("ix_conversations_updated", "ix_conversations_state", "ix_conversations_visitor"):
        op.drop_index(name, table_name="conversations")
    op.drop_table("conversations")
