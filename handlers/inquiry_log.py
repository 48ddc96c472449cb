"""Logging a visitor message: where it was asked (platform, booth, prefecture, time) added.

`log_inquiry` is the one place a handler turns a message into an inquiry row; the
FAQ path adds what the engine found, `log_plain` covers messages it does not
analyse (commands, stickers, requests for a person...).
"""

from __future__ import annotations

from typing import Any

from handlers.deps import Deps
from handlers.messages import Incoming
from handlers.router import Ctx
from storage.inquiries import NewInquiry
from storage.outcomes import Outcome
from storage.records import Visitor


async def log_inquiry(
    deps: Deps,
    visitor: Visitor,
    incoming: Incoming,
    *,
    lang: str,
    text: str,
    outcome: str,
    **details: Any,
) -> tuple[int, bool]:
    """Store the message once; (inquiry id, whether this call stored it).

    `details`: the other `NewInquiry` fields the caller knows (kind, FAQ match...).
    """
    prefecture = await deps.booths.prefecture(visitor.fair_id, visitor.booth_id)
    return await deps.store.inquiries.log(
        NewInquiry(
            platform=incoming.platform,
            event_id=incoming.event_id,
            visitor_id=visitor.id,
            fair_id=visitor.fair_id,
            booth_id=visitor.booth_id,
            prefecture=prefecture,
            lang=lang,
            text=text,
            outcome=outcome,
            created_at=incoming.time,
            **details,
        )
    )


async def log_plain(ctx: Ctx, text: str, *, kind: str, outcome: Outcome) -> tuple[int, bool]:
    """Store a message the FAQ engine does not analyse; (inquiry id, stored by this call)."""
    return await log_inquiry(
        ctx.deps,
        ctx.turn.visitor,
        ctx.incoming,
        lang=ctx.lang,
        text=text,
        outcome=outcome,
        kind=kind,
    )
