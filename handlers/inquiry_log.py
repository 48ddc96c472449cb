"""Logging a visitor message that the FAQ engine does not analyse (commands, stickers...)."""

from __future__ import annotations

from handlers.router import Ctx
from storage.inquiries import NewInquiry
from storage.outcomes import Outcome


async def log_plain(ctx: Ctx, text: str, *, kind: str, outcome: Outcome) -> tuple[int, bool]:
    """Store the message once; (inquiry id, whether this call stored it)."""
    visitor = ctx.turn.visitor
    incoming = ctx.incoming
    prefecture = await ctx.deps.booths.prefecture(visitor.fair_id, visitor.booth_id)
    return await ctx.deps.store.inquiries.log(
        NewInquiry(
            platform=incoming.platform,
            event_id=incoming.event_id,
            visitor_id=visitor.id,
            fair_id=visitor.fair_id,
            booth_id=visitor.booth_id,
            prefecture=prefecture,
            lang=ctx.lang,
            text=text,
            kind=kind,
            outcome=outcome,
            created_at=incoming.time,
        )
    )
