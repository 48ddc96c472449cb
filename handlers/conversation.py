"""One entry point for every visitor event: `Conversation.handle(incoming)`.

Finds the visitor and their language, shows the privacy notice once, applies the
booth a link carried, then hands the event to the routing table
(`handlers.routes.ROUTER`). Adapters call only this, with neutral `Incoming`s.
"""

from __future__ import annotations

import logging

from handlers import postbacks, texts
from handlers.deps import Deps, Turn
from handlers.faq import answer_question
from handlers.i18n import gettext, normalize_language
from handlers.identity import decode_booth, pseudonym
from handlers.messages import COMMAND, TEXT, UNFOLLOW, Incoming, Reply, Result
from handlers.router import Ctx, Router
from handlers.routes import ROUTER
from storage.models import utcnow
from storage.records import Visitor

log = logging.getLogger(__name__)


class Conversation:
    def __init__(self, deps: Deps, router: Router = ROUTER) -> None:
        self.deps = deps
        self.router = router

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
        await self.apply_language_choice(visitor, incoming)
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
        result = await self.router.dispatch(Ctx(deps, turn, incoming))
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

    async def apply_language_choice(self, visitor: Visitor, incoming: Incoming) -> None:
        """A language the channel says the visitor picked (the web chat's `lang`) sticks."""
        chosen = normalize_language(incoming.lang_choice)
        if chosen is None or (visitor.lang == chosen and visitor.lang_chosen):
            return
        await self.deps.store.visitors.update(visitor.id, lang=chosen, lang_chosen=True)
        visitor.lang, visitor.lang_chosen = chosen, True

    def privacy_notice(self, lang: str) -> Reply:
        return Reply(gettext(lang, texts.PRIVACY_NOTICE, url=self.deps.privacy_url), lang=lang)

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
