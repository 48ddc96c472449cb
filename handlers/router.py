"""A small router, in the manner of aiogram's: every visitor event goes to one small handler.

Commands (`/lang`), button presses (postbacks such as `lang:th`), event kinds
(follow, sticker...) and typed text each map to an `async def handler(ctx)`.
Typed text first passes the guards (empty, too long, staff talking, too fast),
then the intents (small talk, asking for a person), then goes to the FAQ. The
table itself lives in `handlers.routes`, in one place.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from faq.intents import Intent, IntentMatch, detect
from handlers import postbacks
from handlers.deps import Deps, Turn
from handlers.messages import COMMAND, POSTBACK, Incoming, Result

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ctx:
    """What a handler gets: the dependencies, the visitor's turn and the event."""

    deps: Deps
    turn: Turn
    incoming: Incoming
    args: tuple[str, ...] = ()  # a postback's arguments, e.g. ("th",) for `lang:th`
    intent: IntentMatch | None = None

    @property
    def text(self) -> str:
        return self.incoming.text.strip()

    @property
    def lang(self) -> str:
        return self.turn.lang


Handler = Callable[[Ctx], Awaitable[Result]]
Guard = Callable[[Ctx], Awaitable[Result | None]]  # a Result stops the text there


@dataclass(frozen=True)
class Router:
    """The routing table; `dispatch` picks one handler per event."""

    question: Handler  # typed text that passed the guards and is no intent
    fallback: Handler  # an unknown command or a malformed button: show help
    commands: Mapping[str, Handler] = field(default_factory=dict)
    postbacks: Mapping[str, Handler] = field(default_factory=dict)
    events: Mapping[str, Handler] = field(default_factory=dict)  # kinds other than text
    text_guards: Sequence[Guard] = ()
    intents: Mapping[Intent, Handler] = field(default_factory=dict)

    async def dispatch(self, ctx: Ctx) -> Result:
        kind = ctx.incoming.kind
        if kind == COMMAND:
            name = (ctx.incoming.command or "").lower()
            return await self.commands.get(name, self.fallback)(ctx)
        if kind == POSTBACK:
            parsed = postbacks.parse(ctx.incoming.postback or "")
            if parsed is None or parsed.action not in self.postbacks:
                log.info("ignoring malformed postback")
                return await self.fallback(ctx)
            return await self.postbacks[parsed.action](replace(ctx, args=parsed.args))
        handler = self.events.get(kind)
        if handler is not None:
            return await handler(ctx)
        return await self.text(ctx)  # typed text, and any kind nobody routed

    async def text(self, ctx: Ctx) -> Result:
        for guard in self.text_guards:
            stopped = await guard(ctx)
            if stopped is not None:
                return stopped
        found = detect(ctx.text)
        if found is not None and found.intent in self.intents:
            turn = replace(ctx.turn, lang=intent_language(ctx.turn, found))
            return await self.intents[found.intent](replace(ctx, turn=turn, intent=found))
        return await self.question(ctx)

    def table(self) -> list[tuple[str, str, str]]:
        """(route kind, key, handler name) rows: the table as documentation and for tests."""
        rows = [("command", f"/{k}", _name(h)) for k, h in self.commands.items()]
        rows += [("postback", k, _name(h)) for k, h in self.postbacks.items()]
        rows += [("event", k, _name(h)) for k, h in self.events.items()]
        rows += [("text guard", str(i + 1), _name(g)) for i, g in enumerate(self.text_guards)]
        rows += [("intent", str(k), _name(h)) for k, h in self.intents.items()]
        rows += [("text", "*", _name(self.question)), ("fallback", "*", _name(self.fallback))]
        return rows


def intent_language(turn: Turn, found: IntentMatch) -> str:
    """The visitor's language, unless the phrase says another and nothing was chosen.

    "สวัสดี" from a visitor we took for English switches to Thai; "ok" or "hi"
    (everyone's words) keep the visitor's language; a /lang choice always wins.
    """
    langs = found.langs
    if turn.visitor.lang_chosen or not langs or turn.lang in langs or "en" in langs:
        return turn.lang
    return langs[0]


async def remember_language(ctx: Ctx) -> None:
    """Keep the language an intent switched to for the next replies."""
    if ctx.lang != ctx.turn.visitor.lang:
        await ctx.deps.store.visitors.update(ctx.turn.visitor.id, lang=ctx.lang)


def _name(handler: object) -> str:
    return str(getattr(handler, "__qualname__", handler))
