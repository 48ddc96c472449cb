"""The routing table: readable in one place, and dispatch picks exactly one handler."""

from __future__ import annotations

from typing import Any

from faq.intents import Intent
from handlers.deps import Turn
from handlers.messages import COMMAND, FOLLOW, POSTBACK, TEXT, Incoming, Reply, Result
from handlers.router import Ctx, Router
from handlers.routes import ROUTER
from storage.models import utcnow


def test_the_table_lists_every_command_button_event_and_intent() -> None:
    rows = ROUTER.table()
    commands = {key: handler for kind, key, handler in rows if kind == "command"}
    assert set(commands) == {"/start", "/lang", "/human", "/forget", "/help"}
    assert commands["/human"] == "human_command"
    postbacks = {key for kind, key, _ in rows if kind == "postback"}
    assert postbacks == {"faq", "fb", "lang", "booth", "human"}
    intents = {key: handler for kind, key, handler in rows if kind == "intent"}
    assert intents == {"ask_for_person": "asked_for_person", "small_talk": "small_talk"}
    guards = [handler for kind, _, handler in rows if kind == "text guard"]
    assert guards == ["empty_text", "too_long", "staff_talking", "too_fast"]
    assert ("text", "*", "question") in rows and ("fallback", "*", "show_help") in rows


def recorder(name: str, calls: list[str]) -> Any:
    async def handler(ctx: Ctx) -> Result:
        calls.append(f"{name}:{','.join(ctx.args)}:{ctx.intent.act if ctx.intent else ''}")
        return Result(replies=(Reply(name),))

    return handler


class FakeVisitor:
    lang = "en"
    lang_chosen = False


def ctx(**values: Any) -> Ctx:
    incoming = Incoming(platform="web", user_id="u", chat_id="u", event_id="e", **values)
    turn = Turn(FakeVisitor(), "en", False, utcnow())  # type: ignore[arg-type]
    return Ctx(deps=None, turn=turn, incoming=incoming)  # type: ignore[arg-type]


async def test_dispatch_picks_one_handler_per_event() -> None:
    calls: list[str] = []

    async def stop_empty(c: Ctx) -> Result | None:
        return Result() if not c.text else None

    router = Router(
        question=recorder("question", calls),
        fallback=recorder("help", calls),
        commands={"lang": recorder("lang", calls)},
        postbacks={"lang": recorder("pick", calls)},
        events={FOLLOW: recorder("follow", calls)},
        text_guards=(stop_empty,),
        intents={Intent.SMALL_TALK: recorder("chat", calls)},
    )
    await router.dispatch(ctx(kind=COMMAND, command="lang", args="th"))
    await router.dispatch(ctx(kind=COMMAND, command="nope"))
    await router.dispatch(ctx(kind=POSTBACK, postback="lang:th"))
    await router.dispatch(ctx(kind=POSTBACK, postback="faq"))  # malformed
    await router.dispatch(ctx(kind=POSTBACK, postback="faq:x"))  # well formed, not routed
    await router.dispatch(ctx(kind=FOLLOW))
    await router.dispatch(ctx(kind=TEXT, text="   "))  # stopped by the guard
    await router.dispatch(ctx(kind=TEXT, text="thank you!"))
    await router.dispatch(ctx(kind=TEXT, text="I want to talk to a person"))  # not routed here
    assert calls == [
        "lang::",
        "help::",
        "pick:th:",
        "help::",
        "help::",
        "follow::",
        "chat::thanks",
        "question::",
    ]
