"""Visitors who want a person: `/human`, the Talk-to-staff button, "can I talk to someone".

All three hand over the same way (`handlers.staff.hand_over`), differing only in
the reason staff see; the question(s) that led here are found by the staff
side from the visitor's recent questions, so a bare "/human" card still shows
what the visitor wanted.
"""

from __future__ import annotations

from handlers import texts
from handlers.i18n import gettext
from handlers.inquiry_log import log_plain
from handlers.messages import Reply, Result
from handlers.redact import redact_async
from handlers.router import Ctx, remember_language
from handlers.staff import hand_over_once
from storage.outcomes import HandoverReason, Outcome

REQUEST_KIND = "request"  # how a request for a person is logged: never a question itself


async def human_command(ctx: Ctx) -> Result:
    return await ask_for_staff(ctx, HandoverReason.COMMAND)


async def staff_button(ctx: Ctx) -> Result:
    return await ask_for_staff(ctx, HandoverReason.BUTTON)


async def asked_for_person(ctx: Ctx) -> Result:
    """ "Can I talk to someone?" in any language: exactly like /human."""
    await remember_language(ctx)
    return await ask_for_staff(ctx, HandoverReason.ASKED_FOR_PERSON)


async def ask_for_staff(ctx: Ctx, reason: HandoverReason) -> Result:
    """Log the request, hand the visitor over, and say staff are coming."""
    said = await redact_async(ctx.text)
    inquiry_id, stored = await log_plain(
        ctx, said or "[talk to staff]", kind=REQUEST_KIND, outcome=Outcome.HANDED_OVER
    )
    reply = Reply(gettext(ctx.lang, texts.HUMAN_REQUESTED), lang=ctx.lang)
    # A replay builds the reply again, for a channel whose first try never delivered it.
    handover_id = await hand_over_once(
        ctx.deps,
        ctx.turn.visitor,
        question=said,
        lang=ctx.lang,
        reason=reason,
        inquiry_id=inquiry_id,
        replayed=not stored,
    )
    return Result(
        replies=(reply,), inquiry_id=inquiry_id, handover_id=handover_id, duplicate=not stored
    )
