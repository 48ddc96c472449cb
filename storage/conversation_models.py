"""Tables for the staff inbox: conversations and saved replies (migration 0005_staff).

Kept apart from `storage.models` so each module stays small; both share `Base`.
A conversation stores no visitor text of its own: it points at inquiry rows
(the questions that led to a handover), so `/forget` and retention purges,
which erase inquiry text, erase what the inbox shows too.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, BigId, utcnow


class ConversationState(StrEnum):
    """Where a visitor's conversation at a booth stands; one definition for every page."""

    BOT = "bot"  # nobody needs staff: the bot answers
    WAITING = "waiting_for_staff"
    REPLIED = "staff_replied"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    ConversationState.BOT: "With the bot",
    ConversationState.WAITING: "Waiting for staff",
    ConversationState.REPLIED: "Staff replied",
    ConversationState.CLOSED: "Closed",
}
OPEN_STATES = (ConversationState.WAITING, ConversationState.REPLIED)


class Conversation(Base):
    """One visitor's exchange with the bot and staff at one booth."""

    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_visitor", "visitor_id", "fair_id", "booth_id"),
        Index("ix_conversations_state", "state", "fair_id", "prefecture"),
        Index("ix_conversations_updated", "updated_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"))
    fair_id: Mapped[str | None] = mapped_column(String(64))
    booth_id: Mapped[str | None] = mapped_column(String(64))
    prefecture: Mapped[str | None] = mapped_column(String(5))  # the booth's: scoping
    platform: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(20), default=ConversationState.BOT.value)
    reason: Mapped[str | None] = mapped_column(String(20))  # why staff were asked
    context: Mapped[list[Any]] = mapped_column(JSON, default=list)  # inquiry ids that led to it
    request_id: Mapped[int | None] = mapped_column(BigId)  # the inquiry that asked for staff
    assignee: Mapped[str | None] = mapped_column(String(64))  # staff user name
    waiting_since: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column()


class SavedReply(Base):
    """A canned answer for a fair (booth_id None) or one booth, in several languages."""

    __tablename__ = "saved_replies"
    __table_args__ = (Index("ix_saved_replies_fair", "fair_id", "booth_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    fair_id: Mapped[str] = mapped_column(String(64))
    booth_id: Mapped[str | None] = mapped_column(String(64))
    prefecture: Mapped[str | None] = mapped_column(String(5))  # the booth's: scoping
    title: Mapped[str] = mapped_column(String(120))
    texts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # lang -> text
    created_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


__all__ = ["OPEN_STATES", "STATE_LABELS", "Conversation", "ConversationState", "SavedReply"]
