"""Small handlers for the visitor's commands, buttons and non-text events."""

from __future__ import annotations

from faq.prefectures import PREFECTURES
from handlers import postbacks, texts
from handlers.deps import Deps, Turn
from handlers.faq import answer_entry
from handlers.i18n import LANGUAGES, gettext, normalize_language
from handlers.inquiry_log import log_plain
from handlers.messages import Button, Reply, Result
from handlers.router import Ctx
from storage.outcomes import Outcome


async def follow(ctx: Ctx) -> Result:
    """A new friend (LINE follow): greet, and let them pick a language."""
    return Result(replies=(await greeting(ctx.deps, ctx.turn), language_choice(ctx.lang)))


async def unfollow(ctx: Ctx) -> Result:
    await ctx.deps.store.visitors.update(ctx.turn.visitor.id, active=False)
    return Result()


async def start(ctx: Ctx) -> Result:
    return Result(replies=(await greeting(ctx.deps, ctx.turn),))


async def lang_command(ctx: Ctx) -> Result:
    """`/lang th` sets the language; a bare `/lang` shows the choices."""
    chosen = normalize_language(ctx.incoming.args.strip())
    if chosen:
        return await set_language(ctx, chosen)
    return Result(replies=(language_choice(ctx.lang),))


async def forget(ctx: Ctx) -> Result:
    await ctx.deps.store.visitors.forget(ctx.turn.visitor.id)
    return Result(replies=(Reply(gettext(ctx.lang, texts.FORGOTTEN), lang=ctx.lang),))


async def show_help(ctx: Ctx) -> Result:
    return Result(replies=(Reply(gettext(ctx.lang, texts.HELP), lang=ctx.lang),))


async def pick_suggestion(ctx: Ctx) -> Result:
    """A "did you mean" choice was pressed (`faq:<id>`)."""
    return await answer_entry(ctx.deps, ctx.turn, ctx.args[0])


async def feedback(ctx: Ctx) -> Result:
    """👍 / 👎 under an answer (`fb:<inquiry>:up|down`), only for the visitor's own."""
    inquiry = await ctx.deps.store.inquiries.get(int(ctx.args[0]))
    if inquiry is not None and inquiry.visitor_id == ctx.turn.visitor.id:
        await ctx.deps.store.inquiries.record_feedback(inquiry.id, ctx.args[1])
    return Result(replies=(Reply(gettext(ctx.lang, texts.FEEDBACK_THANKS), lang=ctx.lang),))


async def pick_language(ctx: Ctx) -> Result:
    return await set_language(ctx, normalize_language(ctx.args[0]) or "en")


async def pick_booth(ctx: Ctx) -> Result:
    """A booth button (`booth:<fair>:<booth>`): the context is already applied; greet."""
    return Result(replies=(await greeting(ctx.deps, ctx.turn),))


async def non_text(ctx: Ctx) -> Result:
    """A sticker, photo, voice message...: logged, and a hint to type instead."""
    kind = ctx.incoming.kind
    inquiry_id, stored = await log_plain(ctx, f"[{kind}]", kind=kind, outcome=Outcome.NON_TEXT)
    reply = Reply(gettext(ctx.lang, texts.NON_TEXT), lang=ctx.lang)
    return Result(replies=(reply,), inquiry_id=inquiry_id, duplicate=not stored)


async def set_language(ctx: Ctx, lang: str) -> Result:
    """An explicit choice: remembered, and it beats language detection from then on."""
    await ctx.deps.store.visitors.update(ctx.turn.visitor.id, lang=lang, lang_chosen=True)
    return Result(replies=(Reply(gettext(lang, texts.LANGUAGE_SET), lang=lang),))


def language_choice(lang: str) -> Reply:
    buttons = tuple(Button(postbacks.language(code), name) for code, name in LANGUAGES.items())
    return Reply(gettext(lang, texts.CHOOSE_LANGUAGE), lang=lang, buttons=buttons)


async def greeting(deps: Deps, turn: Turn) -> Reply:
    """The welcome: naming the booth when the visitor came from a booth link."""
    visitor = turn.visitor
    lang = turn.lang
    booth = None
    if visitor.fair_id and visitor.booth_id:
        booth = await deps.booths.get(visitor.fair_id, visitor.booth_id)
    if booth is None:
        return Reply(gettext(lang, texts.GREETING), lang=lang, buttons=await booths(deps))
    names = PREFECTURES.get(booth.prefecture)
    prefecture = (names.ja if lang == "ja" else names.en) if names else booth.prefecture
    text = gettext(lang, texts.GREETING_BOOTH, booth=booth.name, prefecture=prefecture)
    return Reply(text, lang=lang)


async def booths(deps: Deps) -> tuple[Button, ...]:
    """Booth choices for a visitor who arrived without a booth link (the current fair's)."""
    fairs = await deps.store.fairs.list_fairs()
    if not fairs:
        return ()
    found = await deps.store.fairs.list_booths(fairs[-1].id)
    return tuple(Button(postbacks.booth(b.fair_id, b.id), b.name) for b in found[:12])
