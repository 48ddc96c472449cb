"""Translating recorded Telegram updates to Incoming, and Replies to Bot API messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot, Update

from bot.telegram import blocked
from bot.telegram.convert import (
    CALLBACK_LIMIT,
    CallbackCodec,
    keyboard,
    split_text,
    to_incoming,
    to_messages,
)
from bot.utf16 import units as utf16_len
from handlers.commands import parse_command
from handlers.identity import decode_booth
from handlers.messages import COMMAND, POSTBACK, TEXT, UNFOLLOW, Button, Reply, Suggestion

PAYLOADS = Path(__file__).resolve().parent.parent / "payloads" / "telegram"
BOT = Bot("7000000001:TEST")


def update(name: str) -> Update:
    data: dict[str, Any] = json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))
    return Update.de_json(data, BOT)


def test_text_message_keeps_ids_language_and_time() -> None:
    incoming = to_incoming(update("text"))
    assert incoming is not None
    assert (incoming.platform, incoming.kind, incoming.text) == (
        "telegram",
        TEXT,
        "Bagaimana cara ke Kastil Himeji?",
    )
    assert (incoming.user_id, incoming.chat_id, incoming.event_id) == (
        "5512345678",
        "5512345678",
        "700000001",
    )
    assert incoming.lang_hint == "id"
    assert incoming.time.timestamp() == 1764300000


def test_deep_link_start_is_a_command_with_the_payload() -> None:
    incoming = to_incoming(update("command_start"))
    assert incoming is not None
    assert (incoming.kind, incoming.command, incoming.args) == (
        COMMAND,
        "start",
        "anRmLXNnL2h5b2dv",
    )
    assert decode_booth(incoming.args) == ("jtf-sg", "hyogo")


def test_command_addressed_to_the_bot_by_name() -> None:
    message = update("command_lang").message
    assert message is not None
    command = parse_command(message.text)
    assert command is not None
    assert (command.name, command.args, command.target) == ("lang", "th", "FairJapanBot")


def test_callback_query_is_a_postback() -> None:
    incoming = to_incoming(update("callback"))
    assert incoming is not None
    assert (incoming.kind, incoming.postback) == (POSTBACK, "faq:himeji-castle-access")
    resolved = to_incoming(update("callback"), postback="faq:other")
    assert resolved is not None and resolved.postback == "faq:other"


@pytest.mark.parametrize(
    ("name", "kind"),
    [("sticker", "sticker"), ("photo", "image"), ("voice", "audio"), ("location", "location")],
)
def test_non_text_messages_have_their_kind(name: str, kind: str) -> None:
    incoming = to_incoming(update(name))
    assert incoming is not None
    assert incoming.kind == kind


def test_blocking_the_bot_is_an_unfollow() -> None:
    upd = update("blocked")
    assert to_incoming(upd) is None
    incoming = blocked(upd)
    assert incoming is not None and incoming.kind == UNFOLLOW
    assert blocked(update("text")) is None


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, ["short"]),
        ("para one\n\npara two", 12, ["para one", "para two"]),
        ("line one\nline two", 12, ["line one", "line two"]),
        ("word word word", 10, ["word word", "word"]),
        ("abcdefghij" * 2, 10, ["abcdefghij", "abcdefghij"]),
        ("😀" * 6, 4, ["😀😀", "😀😀", "😀😀"]),  # UTF-16: an emoji is two units
        ("   ", 10, []),
    ],
)
def test_split_text(text: str, limit: int, expected: list[str]) -> None:
    assert split_text(text, limit) == expected


def test_split_text_keeps_every_word_and_respects_the_limit() -> None:
    text = "\n\n".join(f"Paragraph {i}. " + "Kobe beef and Himeji castle. " * 40 for i in range(30))
    parts = split_text(text)
    assert len(parts) > 1
    assert all(utf16_len(p) <= 4096 for p in parts)
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())


def test_codec_passes_short_data_and_shortens_long_data() -> None:
    codec = CallbackCodec()
    assert codec.encode("faq:himeji-castle-access") == "faq:himeji-castle-access"
    long = "faq:" + "x" * 80
    token = codec.encode(long)
    assert len(token.encode()) <= CALLBACK_LIMIT
    assert codec.decode(token) == long
    fresh = CallbackCodec()  # after a restart, or on another instance
    assert fresh.decode(token) is None
    assert fresh.decode(token, ["faq:other", long]) == long


def test_codec_memory_is_bounded() -> None:
    codec = CallbackCodec(capacity=2)
    tokens = [codec.encode(f"faq:{i}" + "y" * 70) for i in range(3)]
    assert codec.decode(tokens[0]) is None
    assert codec.decode(tokens[2]) is not None


def test_reply_becomes_an_inline_keyboard_within_limits() -> None:
    reply = Reply(
        "Did you mean?",
        suggestions=(Suggestion("a" * 90, "Long one"), Suggestion("kobe-beef", "Kobe beef")),
        buttons=(Button("human", "Talk to staff"),),
        feedback=(Button("fb:7:up", "👍"), Button("fb:7:down", "👎")),
    )
    markup = keyboard(reply, CallbackCodec())
    assert markup is not None
    rows = [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]
    assert [len(r) for r in rows] == [1, 1, 1, 2]
    assert rows[1][0] == ("Kobe beef", "faq:kobe-beef")
    assert rows[3] == [("👍", "fb:7:up"), ("👎", "fb:7:down")]
    assert all(len(str(data).encode()) <= CALLBACK_LIMIT for row in rows for _, data in row)


def test_many_choices_go_three_to_a_row() -> None:
    reply = Reply("Choose", buttons=tuple(Button(f"lang:{i}", str(i)) for i in range(9)))
    markup = keyboard(reply, CallbackCodec())
    assert markup is not None
    assert [len(row) for row in markup.inline_keyboard] == [3, 3, 3]


def test_long_reply_splits_with_keyboard_on_the_last_part_and_links_shown() -> None:
    reply = Reply(
        "Festival. " * 1000,
        links=("https://www.himejicastle.jp/",),
        feedback=(Button("fb:1:up", "👍"),),
    )
    messages = to_messages(reply, CallbackCodec())
    assert len(messages) == 3
    assert [m.markup is None for m in messages] == [True, True, False]
    assert messages[-1].text.endswith("🔗 https://www.himejicastle.jp/")
