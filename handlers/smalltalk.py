"""Greetings, thanks, goodbyes, "ok" and lone emoji: a short friendly reply in kind.

Logged with outcome `small_talk` (kind `small_talk`), so it is never queued for
staff, never counted as unanswered and never grouped with real questions.
"""

from __future__ import annotations

from handlers import texts
from handlers.i18n import gettext
from handlers.inquiry_log import log_plain
from handlers.messages import Reply, Result
from handlers.redact import redact_async
from handlers.router import Ctx, remember_language
from storage.outcomes import Outcome

REPLIES = {
    "greeting": texts.SMALL_TALK_HELLO,
    "thanks": texts.SMALL_TALK_THANKS,
    "bye": texts.SMALL_TALK_BYE,
    "ok": texts.SMALL_TALK_OK,
    "emoji": texts.SMALL_TALK_EMOJI,
}
KIND = "small_talk"


async def small_talk(ctx: Ctx) -> Result:
    act = ctx.intent.act if ctx.intent is not None else "ok"
    lang = ctx.lang  # the router has already taken the phrase's language into account
    await remember_language(ctx)
    inquiry_id, stored = await log_plain(
        ctx, await redact_async(ctx.text), kind=KIND, outcome=Outcome.SMALL_TALK
    )
    reply = Reply(gettext(lang, REPLIES.get(act, texts.SMALL_TALK_OK)), lang=lang)
    return Result(replies=(reply,), inquiry_id=inquiry_id, duplicate=not stored)
