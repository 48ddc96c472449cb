"""LINE events (typed, from the SDK) to neutral Incoming messages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from linebot.v3.webhooks import Event

from bot.line.events import to_incoming
from handlers.messages import COMMAND, FOLLOW, POSTBACK, TEXT, UNFOLLOW
from tests.line import events


def first_event(name: str) -> Event:
    return Event.from_dict(events.recorded(name)["events"][0])


def test_text_message() -> None:
    incoming = to_incoming(first_event("text"), "th")
    assert incoming is not None
    assert incoming.platform == "line"
    assert incoming.kind == TEXT
    assert incoming.text == "How do I get from Narita to Tokyo?"
    assert incoming.event_id == "01JCZ4Q8S3KX2N7V0P5R6T8W9A"
    assert incoming.user_id == incoming.chat_id == "U4af4980629a0b1c2d3e4f5a6b7c8d9e0"
    assert incoming.lang_hint == "th"
    assert incoming.time == datetime(2024, 11, 18, 9, 0, 0, 123000, tzinfo=UTC)


def test_group_message_replies_to_the_group() -> None:
    incoming = to_incoming(first_event("group-text"))
    assert incoming is not None
    assert incoming.user_id == "U4af4980629a0b1c2d3e4f5a6b7c8d9e0"
    assert incoming.chat_id == "Ca56f94637c2a0b1c2d3e4f5a6b7c8d9e"


def test_booth_link_message_is_a_start_command_with_the_booth() -> None:
    incoming = to_incoming(first_event("booth-link"))
    assert incoming is not None
    assert (incoming.kind, incoming.command) == (COMMAND, "start")
    assert incoming.args == "ZGVtby1mYWlyL2hva2thaWRv"
    assert (incoming.fair_id, incoming.booth_id) == ("demo-fair", "hokkaido")


@pytest.mark.parametrize(
    "text", ["I love #hashtags", "Price is #1", "Hello! #!!!", "#ZGVtby1mYWly"]
)
def test_a_hash_that_is_not_a_booth_stays_a_question(text: str) -> None:
    incoming = to_incoming(Event.from_dict(events.text(text)))
    assert incoming is not None
    assert incoming.kind == TEXT
    assert incoming.fair_id is None


def test_slash_command() -> None:
    incoming = to_incoming(Event.from_dict(events.text("/lang th")))
    assert incoming is not None
    assert (incoming.kind, incoming.command, incoming.args) == (COMMAND, "lang", "th")


@pytest.mark.parametrize(
    ("name", "kind"),
    [("sticker", "sticker"), ("image", "image"), ("location", "location"), ("audio", "audio")],
)
def test_non_text_messages_keep_their_kind(name: str, kind: str) -> None:
    incoming = to_incoming(first_event(name))
    assert incoming is not None
    assert incoming.kind == kind


def test_follow_unfollow_postback() -> None:
    follow = to_incoming(first_event("follow"))
    unfollow = to_incoming(first_event("unfollow"))
    postback = to_incoming(first_event("postback"))
    assert follow is not None and follow.kind == FOLLOW
    assert unfollow is not None and unfollow.kind == UNFOLLOW
    assert postback is not None and (postback.kind, postback.postback) == (POSTBACK, "lang:th")


def test_events_nobody_talks_in_give_none() -> None:
    join = {**events.event("join", replyToken=events.token())}
    join["source"] = {"type": "group", "groupId": "C" + "1" * 32}
    assert to_incoming(Event.from_dict(join)) is None
