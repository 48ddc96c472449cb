"""`fairbot chat`: talk to the bot in the terminal, through the same conversation core.

Choices the bot offers ("did you mean" entries, Talk to staff, language buttons)
are numbered; typing a number presses that choice, as tapping it would.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from typing import Annotated

import typer

from bot.cli.common import console, run, settings
from handlers.commands import parse_command
from handlers.messages import COMMAND, POSTBACK, TEXT, Button, Incoming, Reply


def numbered(reply: Reply) -> tuple[Button, ...]:
    """The choices a reply offers, in the order they are numbered (not 👍/👎 feedback)."""
    return tuple(Button(s.data, s.label) for s in reply.suggestions) + reply.buttons


def picked(text: str, choices: tuple[Button, ...]) -> Button | None:
    """The choice a typed number names ("2", " 2. "), or None for anything else."""
    number = text.strip().rstrip(".)")
    if not number.isdigit() or not 1 <= int(number) <= len(choices):
        return None
    return choices[int(number) - 1]


def to_incoming(
    text: str, choices: tuple[Button, ...], session: str, **context: str | None
) -> Incoming:
    """A typed line as the event it stands for: a pressed choice, a /command or text."""
    event = Incoming(
        platform="web",
        user_id=session,
        chat_id=session,
        event_id=uuid.uuid4().hex,
        text=text,
        lang_hint=context.get("lang"),
        fair_id=context.get("fair"),
        booth_id=context.get("booth"),
    )
    choice = picked(text, choices)
    if choice is not None:
        return replace(event, kind=POSTBACK, postback=choice.data)
    command = parse_command(text)
    if command is not None:
        return replace(event, kind=COMMAND, command=command.name, args=command.args)
    return replace(event, kind=TEXT)


def show(reply: Reply, first: int) -> None:
    console.print(f"[bold]bot>[/] {reply.text}", highlight=False)
    for n, choice in enumerate(numbered(reply), first):
        detail = f" ({choice.data[4:]})" if choice.data.startswith("faq:") else ""
        console.print(f"      {n}. {choice.label}{detail}", highlight=False)
    for link in reply.links:
        console.print(f"      {link}", highlight=False)


def chat(
    lang: Annotated[str | None, typer.Option(help="Language hint, e.g. th.")] = None,
    fair: Annotated[str | None, typer.Option(help="Fair id for booth context.")] = None,
    booth: Annotated[str | None, typer.Option(help="Booth id for booth context.")] = None,
) -> None:
    """Chat with the bot in the terminal; type a choice's number to pick it."""
    from bot.runtime import open_runtime

    config = settings()
    session = f"cli-{uuid.uuid4().hex[:8]}"

    async def go() -> None:
        runtime = await open_runtime(config)
        choices: tuple[Button, ...] = ()
        try:
            console.print(
                "Type a question, or a choice's number (empty line or Ctrl-D to quit).",
                style="dim",
            )
            while True:
                try:
                    text = await asyncio.to_thread(input, "you> ")
                except EOFError:
                    break
                if not text.strip():
                    break
                incoming = to_incoming(text, choices, session, lang=lang, fair=fair, booth=booth)
                result = await runtime.conversation.handle(incoming)
                offered: list[Button] = []
                for reply in result.replies:
                    show(reply, len(offered) + 1)
                    offered.extend(numbered(reply))
                choices = tuple(offered)  # a number picks from the latest choices only
        finally:
            await runtime.close()

    run(go())
