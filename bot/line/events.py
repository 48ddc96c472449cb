"""LINE webhook events (line-bot-sdk's typed objects) to the neutral `Incoming`.

The one place LINE event shapes are known: message, postback, follow and
unfollow become `Incoming`s; anything else (join, unsend, beacon, ...) is not a
visitor talking to the bot and gives None. The prefilled booth-link message
("Hello <booth>! #<payload>", see `bot.links.line_message`) becomes a `start`
command carrying the booth, so it sets the context and is not logged as a question.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from linebot.v3.webhooks import (
    AudioMessageContent,
    Event,
    FileMessageContent,
    FollowEvent,
    GroupSource,
    ImageMessageContent,
    LocationMessageContent,
    MessageEvent,
    PostbackEvent,
    RoomSource,
    Source,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
    UserSource,
    VideoMessageContent,
)

from handlers.commands import parse_command
from handlers.identity import decode_booth
from handlers.messages import COMMAND, FOLLOW, POSTBACK, TEXT, UNFOLLOW, Incoming

PLATFORM = "line"

# A booth tag ends the prefilled message: "... #<payload>", payload as encode_booth makes it.
BOOTH_TAG = re.compile(r"#([A-Za-z0-9_-]{4,64})\s*$")

NON_TEXT: dict[type, str] = {
    StickerMessageContent: "sticker",
    ImageMessageContent: "image",
    AudioMessageContent: "audio",
    VideoMessageContent: "video",
    LocationMessageContent: "location",
    FileMessageContent: "file",
}


def addresses(source: Source | None) -> tuple[str, str] | None:
    """(user id, chat id): who is talking, and where replies go (a group, a room or them)."""
    if isinstance(source, UserSource) and source.user_id:
        return source.user_id, source.user_id
    if isinstance(source, GroupSource) and source.user_id:
        return source.user_id, source.group_id
    if isinstance(source, RoomSource) and source.user_id:
        return source.user_id, source.room_id
    return None


def chat_key(payload: dict[str, Any]) -> str | None:
    """The chat a stored event belongs to (group, room or user): kept in order by the inbox.

    Read from the raw event the inbox stores, before it is parsed: replies go
    to the same chat, so its events are answered in turn.
    """
    source = payload.get("source")
    if not isinstance(source, dict):
        return None
    for field in ("groupId", "roomId", "userId"):
        if isinstance(value := source.get(field), str) and value:
            return f"{field}:{value}"
    return None


def event_time(event: Event) -> datetime:
    """When the visitor acted (LINE's millisecond timestamp), not when we processed it."""
    return datetime.fromtimestamp(event.timestamp / 1000, tz=UTC)


def to_incoming(event: Event, lang_hint: str | None = None) -> Incoming | None:
    """The neutral form of one event, or None for events no visitor reply comes from."""
    who = addresses(event.source)
    if who is None:
        return None
    base = Incoming(
        platform=PLATFORM,
        user_id=who[0],
        chat_id=who[1],
        event_id=event.webhook_event_id,
        lang_hint=lang_hint,
        time=event_time(event),
    )
    if isinstance(event, FollowEvent):
        return replace(base, kind=FOLLOW)
    if isinstance(event, UnfollowEvent):
        return replace(base, kind=UNFOLLOW)
    if isinstance(event, PostbackEvent):
        return replace(base, kind=POSTBACK, postback=event.postback.data)
    if not isinstance(event, MessageEvent):
        return None
    message = event.message
    if isinstance(message, TextMessageContent):
        return text_incoming(base, message.text)
    kind = NON_TEXT.get(type(message))
    return replace(base, kind=kind) if kind else None


def text_incoming(base: Incoming, text: str) -> Incoming:
    """Typed text: a booth-link greeting, a /command, or a question."""
    tag = BOOTH_TAG.search(text)
    booth = decode_booth(tag.group(1)) if tag else None
    if tag is not None and booth is not None:
        fair_id, booth_id = booth
        return replace(
            base,
            text=text,
            kind=COMMAND,
            command="start",
            args=tag.group(1),
            fair_id=fair_id,
            booth_id=booth_id,
        )
    command = parse_command(text)
    if command is not None:
        return replace(base, text=text, kind=COMMAND, command=command.name, args=command.args)
    return replace(base, text=text, kind=TEXT)
