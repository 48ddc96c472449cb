"""What typed text meets before intents and the FAQ: each returns a Result to stop there."""

from __future__ import annotations

from handlers import texts
from handlers.faq import answer_question
from handlers.i18n import gettext
from handlers.inquiry_log import log_plain
from handlers.messages import Reply, Result
from handlers.redact import redact_async
from handlers.router import Ctx
from handlers.staff import hand_over
from storage.outcomes import HandoverReason, Outcome


async def empty_text(ctx: Ctx) -> Result | None:
    if ctx.text:
        return None
    return Result(replies=(Reply(gettext(ctx.lang, texts.EMPTY), lang=ctx.lang),))


async def too_long(ctx: Ctx) -> Result | None:
    """Logged (cut to the limit), never answered: it is not a question we can match."""
    limit = ctx.deps.max_chars
    if len(ctx.text) <= limit:
        return None
    inquiry_id, stored = await log_plain(
        ctx, await redact_async(ctx.text[:limit]) + "…", kind="too_long", outcome=Outcome.REJECTED
    )
    reply = Reply(gettext(ctx.lang, texts.TOO_LONG, limit=limit), lang=ctx.lang)
    return Result(replies=(reply,), inquiry_id=inquiry_id, duplicate=not stored)


async def staff_talking(ctx: Ctx) -> Result | None:
    """Staff are talking to this visitor: log and relay, the bot stays quiet."""
    hold = ctx.turn.visitor.staff_hold_until
    if hold is None or hold <= ctx.turn.now:
        return None
    said = await redact_async(ctx.text)
    inquiry_id, stored = await log_plain(ctx, said, kind="text", outcome=Outcome.HANDED_OVER)
    if not stored:
        return Result(inquiry_id=inquiry_id, duplicate=True)
    handover_id = await hand_over(
        ctx.deps,
        ctx.turn.visitor,
        question=said,
        lang=ctx.lang,
        reason=HandoverReason.FOLLOW_UP,
        inquiry_id=inquiry_id,
    )
    return Result(inquiry_id=inquiry_id, handover_id=handover_id)


async def too_fast(ctx: Ctx) -> Result | None:
    """A flood is still classified and logged (reports lose nothing); the reply asks to wait."""
    if ctx.deps.limiter.allow(ctx.turn.visitor.id):
        return None
    return await answer_question(ctx.deps, ctx.turn, ctx.incoming, ctx.text, throttled=True)


async def question(ctx: Ctx) -> Result:
    """Typed text that is no intent: the FAQ engine answers, suggests or hands over."""
    return await answer_question(ctx.deps, ctx.turn, ctx.incoming, ctx.text)
