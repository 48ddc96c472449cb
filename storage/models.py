"""Table definitions.

Inquiries are append-mostly: a row is written once per visitor question and
later only gains what happened next (feedback, a staff answer). Unique
constraints, not in-process locks, keep redelivered events from being stored
twice, so several server processes can share one PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from storage.clock import utcnow

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on the way out, on SQLite (which forgets the zone) too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use utcnow()")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime}


class Fair(Base):
    __tablename__ = "fairs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(100))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    staff_chat_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Booth(Base):
    __tablename__ = "booths"

    fair_id: Mapped[str] = mapped_column(ForeignKey("fairs.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    prefecture: Mapped[str] = mapped_column(String(5))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    staff_chat_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Visitor(Base):
    __tablename__ = "visitors"
    __table_args__ = (UniqueConstraint("platform", "key", name="uq_visitor_platform_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))  # HMAC pseudonym, never the raw id
    raw_id: Mapped[str | None] = mapped_column(String(128))  # kept only while replies need it
    lang: Mapped[str | None] = mapped_column(String(8))
    # `lang` was chosen (/lang, a language button, the web chat's lang), not detected:
    # it then stays the reply language whatever language the visitor types in.
    lang_chosen: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    fair_id: Mapped[str | None] = mapped_column(String(64))
    booth_id: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notice_shown: Mapped[bool] = mapped_column(Boolean, default=False)
    staff_hold_until: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)


# Column lists of the report indexes (see migration 0003_report_indexes).
REPORT_INDEX = (
    *("fair_id", "prefecture", "type", "lang", "platform", "outcome", "faq_id", "feedback"),
    *("created_at", "visitor_id", "topic_prefecture"),
)
TEXTS_INDEX = (
    *("fair_id", "normalized", "kind", "outcome", "prefecture", "topic_prefecture"),
    *("created_at", "lang", "type", "faq_id"),
)
# migration 0005_reports: travel concerns, counted from a small partial index
CONCERNS_INDEX = ("fair_id", "concerns", "prefecture", "topic_prefecture", "created_at")
_HAS_CONCERNS = "concerns IS NOT NULL"
HAS_CONCERNS: dict[str, Any] = {
    "sqlite_where": sql_text(_HAS_CONCERNS),
    "postgresql_where": sql_text(_HAS_CONCERNS),
}
_ANSWERED = "staff_answer IS NOT NULL"
STAFF_ANSWERED: dict[str, Any] = {
    "sqlite_where": sql_text(_ANSWERED),
    "postgresql_where": sql_text(_ANSWERED),
}


class Inquiry(Base):
    __tablename__ = "inquiries"
    __table_args__ = (
        UniqueConstraint("platform", "event_id", name="uq_inquiry_event"),
        Index("ix_inquiries_fair_created", "fair_id", "created_at"),
        Index("ix_inquiries_prefecture_created", "prefecture", "created_at"),
        Index("ix_inquiries_topic_created", "topic_prefecture", "created_at"),
        Index("ix_inquiries_visitor", "visitor_id"),
        # reports (migration 0003): covering indexes for the aggregate scans
        Index("ix_inquiries_report", *REPORT_INDEX),
        Index("ix_inquiries_texts", *TEXTS_INDEX),
        Index("ix_inquiries_staff_answered", "fair_id", "normalized", **STAFF_ANSWERED),
        Index("ix_inquiries_concerns", *CONCERNS_INDEX, **HAS_CONCERNS),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(128))
    visitor_id: Mapped[int | None] = mapped_column(ForeignKey("visitors.id", ondelete="SET NULL"))
    fair_id: Mapped[str | None] = mapped_column(String(64))
    booth_id: Mapped[str | None] = mapped_column(String(64))
    prefecture: Mapped[str | None] = mapped_column(String(5))  # the booth's
    topic_prefecture: Mapped[str | None] = mapped_column(String(5))  # what the question is about
    platform: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)  # PII-redacted
    normalized: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default="text")  # text / sticker / image / ...
    faq_id: Mapped[str | None] = mapped_column(String(128))
    score: Mapped[float | None] = mapped_column(Float)
    type: Mapped[str] = mapped_column(String(32), default="other")
    # travel concerns voiced ("cost,safety"; faq.concerns), NULL when none
    concerns: Mapped[str | None] = mapped_column(String(128))
    outcome: Mapped[str] = mapped_column(String(16))
    feedback: Mapped[str | None] = mapped_column(String(8))
    staff_answer: Mapped[str | None] = mapped_column(Text)
    staff_answered_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InboxEvent(Base):
    """Each raw incoming event, stored before it is acknowledged."""

    __tablename__ = "inbox_events"
    __table_args__ = (
        UniqueConstraint("platform", "event_id", name="uq_inbox_event"),
        Index("ix_inbox_status", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    holder: Mapped[str | None] = mapped_column(String(128))  # the instance processing it
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)  # a data-free reason (storage.errors)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column()
    not_before: Mapped[datetime | None] = mapped_column()  # a failed event's next try


class OutboxMessage(Base):
    """A message for a visitor: the bot's replies and staff answers.

    The web chat reads its staff messages from here; other channels use it as
    the record of what was sent.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_visitor", "visitor_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"))
    inquiry_id: Mapped[int | None] = mapped_column(ForeignKey("inquiries.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(8))  # bot / staff
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column()


class Handover(Base):
    """A question passed to booth staff, and where it was posted for them."""

    __tablename__ = "handovers"
    __table_args__ = (Index("ix_handover_staff_msg", "staff_chat_id", "staff_message_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"))
    inquiry_id: Mapped[int | None] = mapped_column(ForeignKey("inquiries.id", ondelete="SET NULL"))
    fair_id: Mapped[str | None] = mapped_column(String(64))
    booth_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), default="open")  # open / answered / closed
    staff_chat_id: Mapped[str | None] = mapped_column(String(64))
    staff_message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column()


class StaffAccount(Base):
    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(8))  # admin / staff / viewer
    fair_id: Mapped[str | None] = mapped_column(String(64))
    prefecture: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


__all__ = [
    "Base",
    "Booth",
    "Fair",
    "Handover",
    "InboxEvent",
    "Inquiry",
    "OutboxMessage",
    "StaffAccount",
    "Visitor",
    "utcnow",
]


class Lease(Base):
    """A named, expiring lock shared by every instance on one database.

    Used for work only one process may do at a time (Telegram long polling).
    """

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime] = mapped_column()


class LoginFailure(Base):
    """One failed staff login, under a hashed key (client address or user name).

    In the database, not in a process, so the limit holds across instances;
    rows older than the throttling window are deleted as new failures arrive.
    """

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64))  # sha256 of the key: no raw address stored
    at: Mapped[datetime] = mapped_column()
