"""What the handlers need, passed in rather than reached through globals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from faq.engine import Engine
from handlers.booths import BoothCache
from handlers.ratelimit import RateLimiter
from storage import Store
from storage.records import Visitor


@dataclass(frozen=True)
class HandoverNotice:
    """A question booth staff should see: posted to staff chats and the dashboard."""

    handover_id: int
    visitor_id: int
    platform: str
    lang: str
    question: str
    reason: str  # a storage.outcomes.HandoverReason
    fair_id: str | None = None
    booth_id: str | None = None
    inquiry_id: int | None = None
    context: tuple[str, ...] = ()  # the question(s) that led here, oldest first
    conversation_id: int | None = None


class StaffNotifier(Protocol):
    async def notify(self, notice: HandoverNotice) -> None: ...


class EngineSource(Protocol):
    """Anything with a current engine (faq.live.LiveEngine), so reloads swap it live."""

    @property
    def engine(self) -> Engine: ...


@dataclass
class Deps:
    store: Store
    engines: EngineSource
    secret: str
    max_chars: int = 2000
    privacy_url: str = "/privacy"
    staff_hold_minutes: int = 10
    default_context: tuple[str, str] | None = None  # (fair, booth) for visitors without one
    notifiers: list[StaffNotifier] = field(default_factory=list)
    limiter: RateLimiter = field(default_factory=RateLimiter)
    booths: BoothCache = field(init=False)

    def __post_init__(self) -> None:
        self.booths = BoothCache(self.store)

    async def notify_staff(self, notice: HandoverNotice) -> None:
        for notifier in self.notifiers:
            await notifier.notify(notice)


@dataclass(frozen=True)
class Turn:
    """The visitor and language a handled event works with."""

    visitor: Visitor
    lang: str
    first_contact: bool
    now: datetime
