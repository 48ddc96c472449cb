"""Answering a typed question: answer, suggest, hand over or decline politely."""

from __future__ import annotations

from faq.concerns import classify_concerns
from faq.concerns import encode as encode_concerns
from faq.engine import Verdict
from faq.model import Entry
from handlers import postbacks, texts
from handlers.deps import Deps, Turn
from handlers.i18n import gettext, normalize_language
from handlers.inquiry_log import log_inquiry
from handlers.messages import Button, Incoming, Reply, Result, Suggestion
from handlers.redact import redact_async
from handlers.staff import hand_over_once
from storage.outcomes import HandoverReason, Outcome


def outcome_of(verdict: Verdict) -> Outcome:
    """What the bot does with a verdict.

    A declined question about a recognised travel topic goes to staff; one the
    classifier cannot place anywhere gets the polite out-of-scope reply.
    """
    if verdict.decision == "answer":
        return Outcome.ANSWERED
    if verdict.decision == "suggest":
        return Outcome.SUGGESTED
    if verdict.type == "other" and verdict.prefecture is None:
        return Outcome.OUT_OF_SCOPE
    return Outcome.HANDED_OVER


def answer_reply(entry: Entry, lang: str, inquiry_id: int | None) -> Reply:
    """The entry's answer in `lang` where the KB has it, saying so when it does not."""
    text, used = entry.answer_in(lang)
    if used != lang:
        text = f"{text}\n\n{gettext(lang, texts.ENGLISH_ONLY)}"
    feedback: tuple[Button, ...] = ()
    if inquiry_id is not None:
        feedback = (
            Button(postbacks.feedback(inquiry_id, "up"), gettext(lang, texts.HELPFUL)),
            Button(postbacks.feedback(inquiry_id, "down"), gettext(lang, texts.NOT_HELPFUL)),
        )
    return Reply(
        text=text,
        lang=lang,
        links=tuple(entry.links),
        faq_id=entry.id,
        inquiry_id=inquiry_id,
        feedback=feedback,
    )


def suggestion_label(entry: Entry, lang: str) -> str:
    """A short label: the entry's first phrasing in `lang`, else in English."""
    phrasings = entry.questions.get(lang) or entry.questions.get("en") or (entry.id,)
    label = phrasings[0]
    return label if len(label) <= 60 else label[:59] + "…"


async def answer_question(
    deps: Deps, turn: Turn, incoming: Incoming, text: str, *, throttled: bool = False
) -> Result:
    """Analyse, log (before replying), then build the reply.

    A throttled visitor's question is classified and logged like any other, so
    reports lose nothing, but the reply asks them to slow down.
    """
    engine = deps.engines.engine
    visitor = turn.visitor
    chosen = visitor.lang if visitor.lang_chosen else None
    hint = chosen or visitor.lang or normalize_language(incoming.lang_hint)
    verdict = engine.analyse(text, lang_hint=hint)
    lang = verdict.lang  # what the visitor wrote in: logged, and the reply's unless chosen
    outcome = outcome_of(verdict)
    if incoming.silent:
        outcome = Outcome.STANDBY
    elif throttled:
        outcome = Outcome.RATE_LIMITED
    inquiry_id, stored = await log_inquiry(
        deps,
        visitor,
        incoming,
        lang=lang,
        text=await redact_async(text),
        outcome=outcome,
        topic_prefecture=verdict.prefecture,
        normalized=await redact_async(verdict.normalized),
        faq_id=verdict.faq_id,
        score=verdict.best.score if verdict.best else None,
        type=verdict.type,
        concerns=encode_concerns(classify_concerns(text)),
    )
    # Seen before (a replay after a crash, a resend): the answer is built again, so an
    # adapter that could not deliver it the first time can, but nothing is done twice.
    duplicate = not stored
    if outcome == Outcome.STANDBY:
        return Result(inquiry_id=inquiry_id, duplicate=duplicate)
    if chosen is None and lang != visitor.lang and not duplicate:
        await deps.store.visitors.update(visitor.id, lang=lang)
    reply_lang = chosen or lang
    kb = engine.kb
    handover_id = None
    if outcome == Outcome.ANSWERED:
        entry = kb.get(verdict.faq_id or "")
        assert entry is not None
        reply = answer_reply(entry, answer_language(entry, chosen, lang), inquiry_id)
    else:
        reply, handover_id = await other_reply(
            deps, turn, verdict, outcome, reply_lang, inquiry_id, text=text, duplicate=duplicate
        )
    return Result(
        replies=(reply,), inquiry_id=inquiry_id, handover_id=handover_id, duplicate=duplicate
    )


def answer_language(entry: Entry, chosen: str | None, written: str) -> str:
    """The chosen language whenever the KB has the answer in it, else the one written in."""
    if chosen is not None and entry.answer_in(chosen)[1] == chosen:
        return chosen
    return written


async def other_reply(
    deps: Deps,
    turn: Turn,
    verdict: Verdict,
    outcome: Outcome,
    lang: str,
    inquiry_id: int,
    *,
    text: str,
    duplicate: bool,
) -> tuple[Reply, int | None]:
    """Anything but a straight answer: choices, slow down, staff, or a polite no."""
    kb = deps.engines.engine.kb
    handover_id = None
    if outcome == Outcome.SUGGESTED:
        entries = [e for e in (kb.get(i) for i in verdict.suggestions) if e is not None]
        reply = Reply(
            text=gettext(lang, texts.DID_YOU_MEAN),
            lang=lang,
            inquiry_id=inquiry_id,
            suggestions=tuple(Suggestion(e.id, suggestion_label(e, lang)) for e in entries[:5]),
            buttons=(Button("human", gettext(lang, texts.TALK_TO_STAFF)),),
        )
    elif outcome == Outcome.RATE_LIMITED:
        reply = Reply(text=gettext(lang, texts.SLOW_DOWN), lang=lang, inquiry_id=inquiry_id)
    elif outcome == Outcome.HANDED_OVER:
        handover_id = await hand_over_once(
            deps,
            turn.visitor,
            question=await redact_async(text),
            lang=lang,
            reason=HandoverReason.UNANSWERED,
            inquiry_id=inquiry_id,
            replayed=duplicate,
        )
        reply = Reply(text=gettext(lang, texts.HANDOVER), lang=lang, inquiry_id=inquiry_id)
    else:
        reply = Reply(text=gettext(lang, texts.OUT_OF_SCOPE), lang=lang, inquiry_id=inquiry_id)
    return reply, handover_id


async def answer_entry(deps: Deps, turn: Turn, faq_id: str) -> Result:
    """A "did you mean" choice was pressed: answer that entry."""
    entry = deps.engines.engine.kb.get(faq_id)
    if entry is None:
        return Result(replies=(Reply(text=gettext(turn.lang, texts.ERROR), lang=turn.lang),))
    return Result(replies=(answer_reply(entry, turn.lang, None),))
