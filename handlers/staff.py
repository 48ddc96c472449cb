"""Handing conversations to booth staff, and staff answers back to visitors.

A handover (a declined question, `/human`, the Talk-to-staff button, "can I
talk to someone", a visitor writing while staff talk to them) marks the
visitor's conversation at their booth as waiting for staff and records the
question(s) that led to it, so staff see what the visitor wanted rather than a
bare "/human". Callers that already know the lead-in pass `context` (inquiry
ids); otherwise it is taken from the visitor's recent questions.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from handlers import texts
from handlers.deps import Deps, HandoverNotice
from handlers.i18n import gettext
from handlers.messages import Reply
from storage.conversation_models import Conversation, ConversationState
from storage.conversations import MAX_CONTEXT, Handover
from storage.models import Inquiry, utcnow
from storage.outcomes import LEGACY_REASONS, HandoverReason, Outcome
from storage.records import Visitor

log = logging.getLogger(__name__)

# Logged messages that are no question for staff: small talk, stickers, floods, standby.
NOT_QUESTIONS = frozenset({Outcome.SMALL_TALK, Outcome.NON_TEXT, Outcome.REJECTED, Outcome.STANDBY})
# Declined as outside travel in Japan: the declined tab's business, not a person's.
NOT_LEAD_IN = frozenset({Outcome.OUT_OF_SCOPE})
LEAD_WINDOW = timedelta(minutes=30)  # older questions belong to another visit


@dataclass(frozen=True)
class Outgoing:
    """A message for one visitor, for the bot layer to send through their channel."""

    platform: str
    chat_id: str | None
    visitor_id: int
    reply: Reply


def handover_reason(code: str | None) -> HandoverReason | None:
    """The reason a stored code names (old codes included); None for anything else."""
    if not code:
        return None
    if code in LEGACY_REASONS:
        return LEGACY_REASONS[code]
    try:
        return HandoverReason(code)
    except ValueError:
        return None


def asks_for_person(code: str | None) -> bool:
    """The handover's own message asked for a person: it is no question to lead with."""
    reason = handover_reason(code)
    return reason is not None and reason.asks_for_person


def is_question(inquiry: Inquiry) -> bool:
    """A real question a visitor typed (what a card leads with, what "Add to FAQ" takes)."""
    return inquiry.kind == "text" and inquiry.outcome not in NOT_QUESTIONS and bool(inquiry.text)


async def lead_in(
    deps: Deps,
    visitor: Visitor,
    conversation: Conversation | None,
    *,
    inquiry_id: int | None,
    reason: str,
) -> list[Inquiry]:
    """The visitor's questions since this conversation last moved, newest `MAX_CONTEXT`."""
    since = utcnow() - LEAD_WINDOW
    if conversation is not None and conversation.state != ConversationState.WAITING:
        since = max(since, conversation.updated_at)
    recent = await deps.store.conversations.questions_since(visitor.id, since)
    questions = [
        i
        for i in recent
        if is_question(i)
        and i.outcome not in NOT_LEAD_IN
        and not (i.id == inquiry_id and asks_for_person(reason))
    ]
    return questions[-MAX_CONTEXT:]


async def hand_over(
    deps: Deps,
    visitor: Visitor,
    *,
    question: str,
    lang: str,
    reason: str,
    inquiry_id: int | None,
    context: Sequence[int] | None = None,
) -> int:
    """Open a handover, mark the conversation waiting, tell every staff channel.

    `context`: the inquiry ids of the questions that led here, oldest first,
    when the caller knows them; otherwise the visitor's recent questions.
    """
    store = deps.store
    found = await store.conversations.current(visitor.id, visitor.fair_id, visitor.booth_id)
    texts_of: dict[int, str] = {}  # the lead-in's texts, where this call has read them
    if context is None:
        recent = await lead_in(deps, visitor, found, inquiry_id=inquiry_id, reason=reason)
        context = [i.id for i in recent]
        texts_of = {i.id: i.text for i in recent}
    prefecture = await deps.booths.prefecture(visitor.fair_id, visitor.booth_id)
    conversation, reopened = await store.conversations.hand_over_found(
        Handover(
            visitor_id=visitor.id,
            platform=visitor.platform,
            lang=lang,
            reason=reason,
            context=tuple(context),
            request_id=inquiry_id if asks_for_person(reason) else None,
            fair_id=visitor.fair_id,
            booth_id=visitor.booth_id,
            prefecture=prefecture,
        ),
        found,
    )
    if reopened:
        log.info("conversation %d reopened by a new handover", conversation.id)
    # Opened last: a replayed event whose question already has a handover was handed
    # over in full before (Handovers.of_inquiry), so it is not handed over twice.
    handover_id = await store.handovers.open(
        visitor.id, inquiry_id=inquiry_id, fair_id=visitor.fair_id, booth_id=visitor.booth_id
    )
    unread = [i for i in conversation.context if i not in texts_of]
    if unread:  # a conversation already waiting keeps its earlier lead-in
        asked = await store.conversations.inquiries(unread)
        texts_of.update((i, row.text) for i, row in asked.items())
    lead = tuple(texts_of[i] for i in conversation.context if texts_of.get(i))
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
            context=lead,
            conversation_id=conversation.id,
        )
    )
    return handover_id


async def hand_over_once(
    deps: Deps,
    visitor: Visitor,
    *,
    question: str,
    lang: str,
    reason: str,
    inquiry_id: int,
    replayed: bool,
) -> int | None:
    """`hand_over` for a question just logged; None when it was handed over already.

    A replayed event (after a crash or an outage: the inquiry was logged before)
    hands over only if its first try stopped between logging the question and
    opening its handover (the handover row is written last, so one exists only
    for a handover made in full).
    """
    if replayed and await deps.store.handovers.of_inquiry(inquiry_id) is not None:
        return None
    return await hand_over(
        deps, visitor, question=question, lang=lang, reason=reason, inquiry_id=inquiry_id
    )


async def conversation_of(deps: Deps, visitor: Visitor) -> Conversation | None:
    """The conversation a staff answer belongs to: the open one, else the booth's."""
    store = deps.store
    found = await store.conversations.latest_open(visitor.id)
    return found or await store.conversations.current(visitor.id, visitor.fair_id, visitor.booth_id)


async def answer_as_staff(
    deps: Deps,
    *,
    visitor_id: int,
    text: str,
    inquiry_id: int | None = None,
    handover_id: int | None = None,
    conversation_id: int | None = None,
    staff_name: str | None = None,
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
    if conversation_id is None:
        found = await conversation_of(deps, visitor)
        conversation_id = found.id if found is not None else None
    if conversation_id is not None:
        await store.conversations.staff_replied(conversation_id, staff_name)
    until = utcnow() + timedelta(minutes=deps.staff_hold_minutes)
    await store.visitors.set_hold(visitor_id, until)
    lang = visitor.lang or "en"
    reply = Reply(text=gettext(lang, texts.STAFF_PREFIX, text=text), lang=lang)
    return Outgoing(visitor.platform, visitor.raw_id, visitor_id, reply)


async def release(deps: Deps, visitor_id: int) -> None:
    """Staff are done: the bot answers this visitor again."""
    await deps.store.visitors.set_hold(visitor_id, None)
    found = await deps.store.conversations.latest_open(visitor_id)
    if found is not None:
        await deps.store.conversations.to_bot(found.id)


async def close(deps: Deps, conversation: Conversation) -> None:
    """Staff closed the conversation (dashboard or `/close`): closed everywhere.

    The bot answers the visitor again at once; their next handover reopens it.
    """
    store = deps.store
    await store.conversations.close(conversation.id)
    await store.visitors.set_hold(conversation.visitor_id, None)
    for handover in await store.handovers.open_list(conversation.fair_id, limit=500):
        if handover.visitor_id == conversation.visitor_id:
            await store.handovers.close(handover.id)
