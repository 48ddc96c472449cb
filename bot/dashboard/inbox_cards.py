"""What a conversation card shows, gathered once for the page and the live stream.

A card leads with the question(s) that brought the visitor to staff, then the
recent history (visitor messages, what the bot did, staff answers; newest
last), with channel, language, booth and how long the visitor has waited. The
bot's side of the history is rebuilt from each question's logged outcome and
matched entry, the same way the live feed shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.dashboard.common import Scope, prefecture_name
from bot.runtime import Runtime
from handlers.staff import is_question
from storage.conversation_models import Conversation, ConversationState
from storage.conversations import InboxFilter
from storage.models import Booth, Inquiry, utcnow
from storage.outcomes import Outcome, outcome_label, reason_label

HISTORY = 12  # messages of history per card
LANGS = ("en", "th", "id", "vi", "zh", "ms", "tl", "ja", "km")


@dataclass(frozen=True)
class Line:
    """One message of the history: who said it and what."""

    who: str  # visitor / bot / staff
    text: str
    when: datetime
    inquiry_id: int | None = None
    addable: bool = False  # a real question: "Add to FAQ" makes sense


@dataclass
class Card:
    conversation: Conversation
    state: ConversationState
    booth: str
    prefecture: str
    lead: list[Inquiry]
    request: Inquiry | None
    reason: str
    history: list[Line] = field(default_factory=list)
    waiting: str = ""

    @property
    def request_text(self) -> str:
        """What the visitor wrote to ask for staff, unless it was a command or a button tap."""
        text = (self.request.text if self.request is not None else "").strip()
        if not text or text.startswith(("/", "[")):
            return ""
        return text


def waited(since: datetime | None, now: datetime) -> str:
    """ "4 min", "1 h 05 min": how long the visitor has been waiting."""
    if since is None:
        return ""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def bot_line(runtime: Runtime, inquiry: Inquiry) -> str:
    """What the bot did with a visitor message, in a few words or the answer itself."""
    if inquiry.outcome == Outcome.ANSWERED and inquiry.faq_id:
        entry = runtime.engines.engine.kb.get(inquiry.faq_id)
        if entry is not None:
            return entry.answer_in(inquiry.lang)[0]
    return outcome_label(inquiry.outcome).en


async def build_cards(
    runtime: Runtime, conversations: list[Conversation], booths: dict[tuple[str, str], Booth]
) -> list[Card]:
    store = runtime.store
    wanted = [i for c in conversations for i in c.context] + [
        c.request_id for c in conversations if c.request_id is not None
    ]
    asked = await store.conversations.inquiries(wanted)
    now = utcnow()
    cards = []
    for conversation in conversations:
        booth = booths.get((conversation.fair_id or "", conversation.booth_id or ""))
        lead = [asked[i] for i in conversation.context if i in asked and is_question(asked[i])]
        request = asked.get(conversation.request_id) if conversation.request_id else None
        card = Card(
            conversation=conversation,
            state=ConversationState(conversation.state),
            booth=booth.name if booth else (conversation.booth_id or "–"),
            prefecture=prefecture_name(conversation.prefecture),
            lead=lead,
            request=request,
            reason=reason_label(conversation.reason).en if conversation.reason else "",
            waiting=waited(conversation.waiting_since, now),
        )
        card.history = await history(runtime, conversation.visitor_id)
        cards.append(card)
    return cards


async def history(runtime: Runtime, visitor_id: int) -> list[Line]:
    """The visitor's recent messages, the bot's replies and staff answers, newest last."""
    asked, staff = await runtime.store.conversations.history(visitor_id, limit=HISTORY)
    lines: list[Line] = []
    for inquiry in asked:
        if inquiry.outcome == Outcome.SMALL_TALK:
            continue  # greetings and thanks are no part of what staff need to read
        text = inquiry.text or "(deleted)"
        lines.append(
            Line("visitor", text, inquiry.created_at, inquiry.id, addable=is_question(inquiry))
        )
        if inquiry.outcome != Outcome.STANDBY:
            lines.append(Line("bot", bot_line(runtime, inquiry), inquiry.created_at, inquiry.id))
    lines += [Line("staff", m.text, m.created_at) for m in staff]
    lines.sort(key=lambda line: (line.when, line.who == "staff"))
    return lines[-HISTORY:]


async def booth_options(runtime: Runtime, scope: Scope, fair_id: str | None) -> list[Booth]:
    booths = await runtime.store.fairs.list_booths(fair_id)
    return [b for b in booths if scope.allows(b.fair_id, b.prefecture)]


OPEN = "open"
VIEWS = {
    OPEN: (ConversationState.WAITING, ConversationState.REPLIED),
    **{state.value: (state,) for state in ConversationState},
    "all": (),
}


def states_of(raw: str | None) -> tuple[ConversationState, ...]:
    """The `state` query parameter: "open" (the default), one state, or "all"."""
    view = raw or OPEN
    if view not in VIEWS:
        raise ValueError(f"state: one of {', '.join(VIEWS)}")
    return VIEWS[view]


def as_dict(where: InboxFilter) -> dict[str, Any]:
    return {k: v for k, v in where.__dict__.items() if v is not None}
