"""Telegram updates to neutral `Incoming`, neutral `Reply` to Telegram messages.

Pure translation over PTB's typed objects, so the adapter (`bot/telegram/channel.py`)
only moves data between the Bot API and the conversation core. Button data is
kept within Telegram's 64-byte `callback_data` limit by `CallbackCodec`.
"""

from __future__ import annotations

import base64
import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from telegram import (
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatMemberStatus

from bot import utf16
from handlers.commands import parse_command
from handlers.messages import COMMAND, POSTBACK, TEXT, UNFOLLOW, Button, Incoming, Reply
from storage import utcnow

TEXT_LIMIT = 4096  # characters of one message's text (Bot API sendMessage)
CALLBACK_LIMIT = 64  # bytes of one button's callback_data
SHORT_PREFIX = "~"  # marks a shortened callback token; never starts one of ours


def chat_key(payload: dict[str, Any]) -> str | None:
    """The chat a stored update belongs to: the inbox keeps each chat's updates in order.

    Read from the raw update the inbox stores (no parsing: this runs for every
    event before it is processed); the Bot API nests the chat per update kind.
    """
    for kind in ("message", "my_chat_member"):
        if isinstance(found := payload.get(kind), dict):
            return _chat_id(found)
    query = payload.get("callback_query")
    if isinstance(query, dict):
        message = query.get("message")
        if isinstance(message, dict):
            return _chat_id(message)
        sender = query.get("from")
        return f"user:{sender.get('id')}" if isinstance(sender, dict) else None
    return None


def _chat_id(holder: dict[str, Any]) -> str | None:
    chat = holder.get("chat")
    return f"chat:{chat.get('id')}" if isinstance(chat, dict) else None


def non_text_kind(message: Message) -> str | None:
    """What a message carries when it is not text: logged as such, answered with a hint."""
    if message.sticker:
        return "sticker"
    if message.photo:
        return "image"
    if message.voice or message.audio:
        return "audio"
    if message.video or message.video_note or message.animation:
        return "video"
    if message.location or message.venue:
        return "location"
    if message.document or message.contact:
        return "file"
    return None


def to_incoming(update: Update, *, postback: str | None = None) -> Incoming | None:
    """The visitor event an update is, or None for updates the conversation ignores.

    `postback` is the callback data already resolved from a short token.
    """
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        return None
    common: dict[str, Any] = {
        "platform": "telegram",
        "user_id": str(user.id),
        "chat_id": str(chat.id),
        "event_id": str(update.update_id),
        "lang_hint": user.language_code,
    }
    query = update.callback_query
    if query is not None:
        data = postback if postback is not None else query.data
        if not data:
            return None
        # A press has no date of its own: it happens now.
        return Incoming(**common, kind=POSTBACK, postback=data, time=utcnow())
    message = update.message
    if message is None:
        return None
    command = parse_command(message.text)
    if command is not None:
        return Incoming(
            **common,
            text=message.text or "",
            kind=COMMAND,
            command=command.name,
            args=command.args,
            time=message.date,
        )
    if message.text is not None:
        return Incoming(**common, text=message.text, kind=TEXT, time=message.date)
    kind = non_text_kind(message)
    if kind is None:
        return None
    return Incoming(**common, text=message.caption or "", kind=kind, time=message.date)


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Cut text into Telegram messages (bot.utf16 counts as the Bot API does)."""
    return utf16.split_text(text, limit)


class CallbackCodec:
    """Button data to `callback_data` of at most 64 bytes, and back.

    Our data ("faq:<id>", "booth:<fair>:<booth>", ...) is sent as is when it
    fits. Longer data becomes `~` + a hash of it; a press is resolved from a
    bounded memory of recent tokens or, after a restart or on another instance,
    by hashing the candidates the caller knows (FAQ ids, booths) - no table.
    """

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self.recent: OrderedDict[str, str] = OrderedDict()

    @staticmethod
    def token(data: str) -> str:
        digest = hashlib.sha256(data.encode()).digest()
        return SHORT_PREFIX + base64.urlsafe_b64encode(digest).decode()[:32]

    def encode(self, data: str) -> str:
        if len(data.encode()) <= CALLBACK_LIMIT and not data.startswith(SHORT_PREFIX):
            return data
        token = self.token(data)
        self.recent[token] = data
        self.recent.move_to_end(token)
        while len(self.recent) > self.capacity:
            self.recent.popitem(last=False)
        return token

    def decode(self, value: str, candidates: Iterable[str] = ()) -> str | None:
        """The data behind `value`; None when a token matches nothing we know."""
        if not value.startswith(SHORT_PREFIX):
            return value
        if value in self.recent:
            return self.recent[value]
        for data in candidates:
            if self.token(data) == value:
                return data
        return None


@dataclass(frozen=True)
class OutMessage:
    """One Bot API `sendMessage`: text and, on the last part, the keyboard."""

    text: str
    markup: InlineKeyboardMarkup | None = None


def keyboard(reply: Reply, codec: CallbackCodec) -> InlineKeyboardMarkup | None:
    """Suggestions one per row, other choices in rows of up to three, feedback last."""
    rows: list[list[InlineKeyboardButton]] = [
        [_button(Button(s.data, s.label), codec)] for s in reply.suggestions
    ]
    per_row = 1 if len(reply.buttons) <= 3 else 3
    rows.extend(
        [_button(b, codec) for b in reply.buttons[start : start + per_row]]
        for start in range(0, len(reply.buttons), per_row)
    )
    if reply.feedback:
        rows.append([_button(b, codec) for b in reply.feedback])
    return InlineKeyboardMarkup(rows) if rows else None


def _button(button: Button, codec: CallbackCodec) -> InlineKeyboardButton:
    return InlineKeyboardButton(button.label, callback_data=codec.encode(button.data))


def to_messages(reply: Reply, codec: CallbackCodec) -> list[OutMessage]:
    """A reply as messages: text split cleanly, links appended, buttons under the last."""
    text = reply.text
    if reply.links:
        text = "\n\n".join([text, "\n".join(f"🔗 {link}" for link in reply.links)])
    parts = split_text(text) or ["…"]
    markup = keyboard(reply, codec)
    return [OutMessage(part) for part in parts[:-1]] + [OutMessage(parts[-1], markup)]


def blocked(update: Update) -> Incoming | None:
    """A visitor who blocks the bot arrives as a `my_chat_member` update: unfollow."""
    member: ChatMemberUpdated | None = update.my_chat_member
    if member is None or member.new_chat_member.status != ChatMemberStatus.BANNED:
        return None
    return Incoming(
        platform="telegram",
        user_id=str(member.from_user.id),
        chat_id=str(member.chat.id),
        event_id=str(update.update_id),
        kind=UNFOLLOW,
        time=member.date,
    )
