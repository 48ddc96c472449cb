"""Handing questions to booth staff, and staff answers back to visitors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from handlers import texts
from handlers.deps import Deps, HandoverNotice
from handlers.i18n import gettext
from handlers.messages import Reply
from storage.models import Visitor, utcnow


@dataclass(frozen=True)
class Outgoing:
    """A message for one visitor, for the bot layer to send through their channel."""

    platform: str
    chat_id: str | None
    visitor_id: int
    reply: Reply


async def hand_over(
    deps: Deps,
    visitor: Visitor,
    *,
    question: str,
    lang: str,
    reason: str,
    inquiry_id: int | None,
) -> int:
    """Open a handover and tell every staff channel about it."""
    handover_id = await deps.store.handovers.open(
        visitor.id, inquiry_id=inquiry_id, fair_id=visitor.fair_id, booth_id=visitor.booth_id
    )
    await deps.notify_staff(
        HandoverNotice(
            handover_id=handover_id,
            visitor_id=visitor.id,
            platform=visitor.platform,
            lang=lang,
            question=question,
            reason=reason,
            fair_id=visitor.fair_id,
            booth_id=visitor.booth_id,
            inquiry_id=inquiry_id,
        )
    )
    return handover_id


async def answer_as_staff(
    deps: Deps,
    *,
    visitor_id: int,
    text: str,
    inquiry_id: int | None = None,
    handover_id: int | None = None,
) -> Outgoing:
    """Record a staff answer and return it for delivery.

    The bot then stays quiet for this visitor for `staff_hold_minutes`, so staff
    and bot do not talk over each other; `release` ends that early.
    """
    store = deps.store
    visitor = await store.visitors.get(visitor_id)
    if visitor is None:
        raise LookupError(f"visitor {visitor_id} no longer exists (they may have used /forget)")
    if inquiry_id is not None:
        await store.inquiries.record_staff_answer(inquiry_id, text)
    if handover_id is not None:
        await store.handovers.close(handover_id, status="answered")
    await store.outbox.add(visitor_id, text, source="staff", inquiry_id=inquiry_id)
    until = utcnow() + timedelta(minutes=deps.staff_hold_minutes)
    await store.visitors.set_hold(visitor_id, until)
    lang = visitor.lang or "en"
    reply = Reply(text=gettext(lang, texts.STAFF_PREFIX, text=text), lang=lang)
    return Outgoing(visitor.platform, visitor.raw_id, visitor_id, reply)


async def release(deps: Deps, visitor_id: int) -> None:
    """Staff are done: the bot answers this visitor again."""
    await deps.store.visitors.set_hold(visitor_id, None)
