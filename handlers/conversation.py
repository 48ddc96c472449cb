"""One entry point for every visitor event: `Conversation.handle(incoming)`.

Composes the concern modules (faq, staff, privacy, commands); adapters call
only this, and only with neutral `Incoming` messages.
"""

from __future__ import annotations

import logging

from faq.prefectures import PREFECTURES
from handlers import postbacks, texts
from handlers.deps import Deps, Turn
from handlers.faq import answer_entry, answer_question
from handlers.i18n import LANGUAGES, gettext, normalize_language
from handlers.identity import decode_booth, pseudonym
from handlers.messages import (
    COMMAND,
    FOLLOW,
    NON_TEXT_KINDS,
    POSTBACK,
    TEXT,
    UNFOLLOW,
    Button,
    Incoming,
    Reply,
    Result,
)
from handlers.redact import redact_async
from handlers.staff import hand_over
from storage.inquiries import NewInquiry
from storage.models import utcnow
from storage.outcomes import Outcome

log = logging.getLogger(__name__)


class Conversation:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def handle(self, incoming: Incoming) -> Result:
        """Handle one event; every question is logged before a reply is returned."""
        if incoming.silent:
            return await self.log_silently(incoming)
        deps = self.deps
        key = pseudonym(deps.secret, incoming.platform, incoming.user_id)
        hint = normalize_language(incoming.lang_hint)
        start_fair, start_booth = deps.default_context or (None, None)
        visitor, created = await deps.store.visitors.touch(
            incoming.platform, key, raw_id=incoming.chat_id, lang=hint,
            fair_id=start_fair, booth_id=start_booth, notice_shown=incoming.kind != UNFOLLOW,
        )  # fmt: skip
        turn = Turn(visitor, visitor.lang or hint or "en", created, utcnow())
        notices: list[Reply] = []
        if created and incoming.kind != UNFOLLOW:
            notices.append(self.privacy_notice(turn.lang))
        elif not visitor.notice_shown and incoming.kind != UNFOLLOW:
            await deps.store.visitors.update(visitor.id, notice_shown=True)
            notices.append(self.privacy_notice(turn.lang))
        booth_note = await self.apply_booth_context(turn, incoming)
        if booth_note is not None:
            notices.insert(0, booth_note)
        result = await self.dispatch(turn, incoming)
        if result.duplicate or not notices:
            return result
        return Result(
            replies=(*notices, *result.replies),
            inquiry_id=result.inquiry_id,
            handover_id=result.handover_id,
        )

    async def log_silently(self, incoming: Incoming) -> Result:
        """Log a question another bot is answering (standby): classified, never replied to."""
        text = incoming.text.strip()
        if incoming.kind != TEXT or not text or len(text) > self.deps.max_chars:
            return Result()
        key = pseudonym(self.deps.secret, incoming.platform, incoming.user_id)
        hint = normalize_language(incoming.lang_hint)
        visitor, created = await self.deps.store.visitors.touch(
            incoming.platform, key, raw_id=incoming.chat_id, lang=hint
        )
        turn = Turn(visitor, visitor.lang or hint or "en", created, utcnow())
        return await answer_question(self.deps, turn, incoming, text)

    async def dispatch(self, turn: Turn, incoming: Incoming) -> Result:
        kind = incoming.kind
        if kind == FOLLOW:  # a new friend: greet, and let them pick a language
            return Result(replies=(await self.greeting(turn), self.language_choice(turn.lang)))
        if kind == UNFOLLOW:
            await self.deps.store.visitors.update(turn.visitor.id, active=False)
            return Result()
        if kind == COMMAND:
            return await self.command(turn, incoming)
        if kind == POSTBACK:
            return await self.postback(turn, incoming)
        if kind in NON_TEXT_KINDS:
            return await self.non_text(turn, incoming)
        return await self.text(turn, incoming)

    async def text(self, turn: Turn, incoming: Incoming) -> Result:
        text = incoming.text.strip()
        if not text:
            return Result(replies=(Reply(gettext(turn.lang, texts.EMPTY), lang=turn.lang),))
        if len(text) > self.deps.max_chars:
            return await self.too_long(turn, incoming, text)
        hold = turn.visitor.staff_hold_until
        if hold is not None and hold > turn.now:
            return await self.to_staff(turn, incoming, text)
        throttled = not self.deps.limiter.allow(turn.visitor.id)
        return await answer_question(self.deps, turn, incoming, text, throttled=throttled)

    async def too_long(self, turn: Turn, incoming: Incoming, text: str) -> Result:
        """Logged (cut to the limit), never answered: it is not a question we can match."""
        limit = self.deps.max_chars
        shown = await redact_async(text[:limit]) + "…"
        inquiry_id, stored = await self.log_plain(
            turn, incoming, shown, kind="too_long", outcome=Outcome.REJECTED
        )
        reply = Reply(gettext(turn.lang, texts.TOO_LONG, limit=limit), lang=turn.lang)
        return Result(replies=(reply,), inquiry_id=inquiry_id, duplicate=not stored)

    async def to_staff(self, turn: Turn, incoming: Incoming, text: str) -> Result:
        """Staff are talking to this visitor: log and relay, the bot stays quiet."""
        inquiry_id, stored = await self.log_plain(
            turn, incoming, await redact_async(text), kind="text", outcome=Outcome.HANDED_OVER
        )
        if not stored:
            return Result(inquiry_id=inquiry_id, duplicate=True)
        handover_id = await hand_over(
            self.deps,
            turn.visitor,
            question=await redact_async(text),
            lang=turn.lang,
            reason="follow-up",
            inquiry_id=inquiry_id,
        )
        return Result(inquiry_id=inquiry_id, handover_id=handover_id)

    async def non_text(self, turn: Turn, incoming: Incoming) -> Result:
        inquiry_id, stored = await self.log_plain(
            turn, incoming, f"[{incoming.kind}]", kind=incoming.kind, outcome=Outcome.NON_TEXT
        )
        reply = Reply(gettext(turn.lang, texts.NON_TEXT), lang=turn.lang)
        return Result(replies=(reply,), inquiry_id=inquiry_id, duplicate=not stored)

    async def log_plain(
        self, turn: Turn, incoming: Incoming, text: str, *, kind: str, outcome: Outcome
    ) -> tuple[int, bool]:
        visitor = turn.visitor
        prefecture = await self.deps.booths.prefecture(visitor.fair_id, visitor.booth_id)
        return await self.deps.store.inquiries.log(
            NewInquiry(
                platform=incoming.platform,
                event_id=incoming.event_id,
                visitor_id=visitor.id,
                fair_id=visitor.fair_id,
                booth_id=visitor.booth_id,
                prefecture=prefecture,
                lang=turn.lang,
                text=text,
                kind=kind,
                outcome=outcome,
                created_at=incoming.time,
            )
        )

    async def command(self, turn: Turn, incoming: Incoming) -> Result:
        name = (incoming.command or "").lower()
        lang = turn.lang
        if name == "start":
            return Result(replies=(await self.greeting(turn),))
        if name == "lang":
            chosen = normalize_language(incoming.args.strip())
            if chosen:
                return await self.set_language(turn, chosen)
            return Result(replies=(self.language_choice(lang),))
        if name == "human":
            return await self.request_human(turn, incoming)
        if name == "forget":
            await self.deps.store.visitors.forget(turn.visitor.id)
            return Result(replies=(Reply(gettext(lang, texts.FORGOTTEN), lang=lang),))
        return Result(replies=(Reply(gettext(lang, texts.HELP), lang=lang),))

    async def postback(self, turn: Turn, incoming: Incoming) -> Result:
        parsed = postbacks.parse(incoming.postback or "")
        lang = turn.lang
        if parsed is None:
            log.info("ignoring a malformed postback (%d characters)", len(incoming.postback or ""))
            return Result(replies=(Reply(gettext(lang, texts.HELP), lang=lang),))
        if parsed.action == "faq":
            return await answer_entry(self.deps, turn, parsed.args[0])
        if parsed.action == "fb":
            inquiry = await self.deps.store.inquiries.get(int(parsed.args[0]))
            if inquiry is not None and inquiry.visitor_id == turn.visitor.id:
                await self.deps.store.inquiries.record_feedback(inquiry.id, parsed.args[1])
            return Result(replies=(Reply(gettext(lang, texts.FEEDBACK_THANKS), lang=lang),))
        if parsed.action == "lang":
            chosen = normalize_language(parsed.args[0]) or "en"
            return await self.set_language(turn, chosen)
        if parsed.action == "booth":
            return Result(replies=(await self.greeting(turn),))
        return await self.request_human(turn, incoming)

    async def request_human(self, turn: Turn, incoming: Incoming) -> Result:
        inquiry_id, stored = await self.log_plain(
            turn,
            incoming,
            await redact_async(incoming.text.strip()) or "[talk to staff]",
            kind="request",
            outcome=Outcome.HANDED_OVER,
        )
        if not stored:
            return Result(inquiry_id=inquiry_id, duplicate=True)
        handover_id = await hand_over(
            self.deps,
            turn.visitor,
            question=await redact_async(incoming.text.strip()),
            lang=turn.lang,
            reason="requested",
            inquiry_id=inquiry_id,
        )
        reply = Reply(gettext(turn.lang, texts.HUMAN_REQUESTED), lang=turn.lang)
        return Result(replies=(reply,), inquiry_id=inquiry_id, handover_id=handover_id)

    async def set_language(self, turn: Turn, lang: str) -> Result:
        await self.deps.store.visitors.update(turn.visitor.id, lang=lang)
        return Result(replies=(Reply(gettext(lang, texts.LANGUAGE_SET), lang=lang),))

    def language_choice(self, lang: str) -> Reply:
        buttons = tuple(Button(postbacks.language(code), name) for code, name in LANGUAGES.items())
        return Reply(gettext(lang, texts.CHOOSE_LANGUAGE), lang=lang, buttons=buttons)

    def privacy_notice(self, lang: str) -> Reply:
        return Reply(gettext(lang, texts.PRIVACY_NOTICE, url=self.deps.privacy_url), lang=lang)

    async def greeting(self, turn: Turn) -> Reply:
        visitor = turn.visitor  # apply_booth_context has already updated its booth
        lang = turn.lang
        booth = None
        if visitor.fair_id and visitor.booth_id:
            booth = await self.deps.booths.get(visitor.fair_id, visitor.booth_id)
        if booth is None:
            return Reply(gettext(lang, texts.GREETING), lang=lang, buttons=await self.booths(lang))
        names = PREFECTURES.get(booth.prefecture)
        prefecture = (names.ja if lang == "ja" else names.en) if names else booth.prefecture
        text = gettext(lang, texts.GREETING_BOOTH, booth=booth.name, prefecture=prefecture)
        return Reply(text, lang=lang)

    async def booths(self, lang: str) -> tuple[Button, ...]:
        """Booth choices for a visitor who arrived without a booth link (the current fair's)."""
        fairs = await self.deps.store.fairs.list_fairs()
        if not fairs:
            return ()
        booths = await self.deps.store.fairs.list_booths(fairs[-1].id)
        return tuple(Button(postbacks.booth(b.fair_id, b.id), b.name) for b in booths[:12])

    async def apply_booth_context(self, turn: Turn, incoming: Incoming) -> Reply | None:
        """Set the fair/booth a link, deep link or button carried; a note if it is unknown."""
        fair_id, booth_id = incoming.fair_id, incoming.booth_id
        if incoming.kind == COMMAND and incoming.command == "start" and incoming.args:
            fair_id, booth_id = decode_booth(incoming.args.strip()) or ("", "")
        parsed = postbacks.parse(incoming.postback or "")
        if parsed is not None and parsed.action == "booth":
            fair_id, booth_id = parsed.args
        visitor = turn.visitor
        if fair_id is None and booth_id is None:
            if visitor.fair_id is None and self.deps.default_context is not None:
                fair_id, booth_id = self.deps.default_context
                await self.deps.store.visitors.update(
                    visitor.id, fair_id=fair_id, booth_id=booth_id
                )
                visitor.fair_id, visitor.booth_id = fair_id, booth_id
            return None
        if (fair_id, booth_id) == (visitor.fair_id, visitor.booth_id):
            return None
        booth = await self.deps.booths.get(fair_id, booth_id)
        if booth is None:
            return Reply(gettext(turn.lang, texts.UNKNOWN_BOOTH), lang=turn.lang)
        await self.deps.store.visitors.update(visitor.id, fair_id=fair_id, booth_id=booth_id)
        visitor.fair_id, visitor.booth_id = fair_id, booth_id
        return None
