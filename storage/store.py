"""The one object the rest of fairbot uses to reach the database."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from storage.aggregates import Aggregates
from storage.conversations import Conversations
from storage.db import create_engine
from storage.fairs import Fairs
from storage.inbox import Inbox
from storage.inbox_failures import InboxFailures
from storage.inquiries import Inquiries
from storage.leases import Leases
from storage.outbox import Handovers, Outbox
from storage.saved_replies import SavedReplies
from storage.staff import StaffAccounts
from storage.throttle import LoginThrottle
from storage.visitors import Retention, Visitors


class Store:
    """Repositories sharing one engine; `close()` disposes of it."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.fairs = Fairs(engine, sessions)
        self.visitors = Visitors(engine, sessions)
        self.inquiries = Inquiries(engine, sessions)
        self.inbox = Inbox(engine, sessions)
        self.outbox = Outbox(engine, sessions)
        self.handovers = Handovers(engine, sessions)
        self.retention = Retention(engine, sessions)
        self.leases = Leases(engine, sessions)
        self.aggregates = Aggregates(engine, sessions)
        self.staff = StaffAccounts(engine, sessions)
        self.conversations = Conversations(engine, sessions)
        self.saved_replies = SavedReplies(engine, sessions)
        self.login_throttle = LoginThrottle(engine, sessions)
        self.inbox_failures = InboxFailures(engine, sessions)

    @classmethod
    def from_url(cls, url: str, *, connections: int = 1) -> Store:
        """`connections` > 1 for read-heavy work on SQLite (reports); see create_engine."""
        return cls(create_engine(url, connections=connections))

    async def close(self) -> None:
        await self.engine.dispose()
