"""Neutral replies to LINE messages: splitting, quick replies, limits."""

from __future__ import annotations

import pytest

from bot.line.replies import batches, quick_reply, split_text, to_messages
from bot.utf16 import clip, units
from handlers.messages import Button, Reply, Suggestion
from tests.line.events import user
from tests.line.openapi_check import OpenApiSpec


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 20, "short"),
        ("Where is the nearest station?", 20, "Where is the neares…"),
        ("🗾" * 15, 20, "🗾" * 9 + "…"),  # astral characters count as two units
        ("ไปเกียวโตยังไงดีครับผมอยากรู้", 10, "ไปเกียวโต…"),
    ],
)
def test_clip(text: str, limit: int, expected: str) -> None:
    assert clip(text, limit) == expected
    assert units(clip(text, limit)) <= limit


def test_short_text_is_one_piece() -> None:
    assert split_text("  hello  ") == ["hello"]


def test_long_text_splits_at_spaces_within_the_limit() -> None:
    text = " ".join(["word"] * 3000)  # 14,999 characters
    pieces = split_text(text)
    assert len(pieces) == 3
    assert all(units(p) <= 5000 for p in pieces)
    assert all(p.startswith("word") and p.endswith("word") for p in pieces)
    assert " ".join(pieces) == text


def test_text_without_spaces_splits_hard_and_never_halves_an_emoji() -> None:
    text = "a" + "🍣" * 6000
    pieces = split_text(text)
    assert "".join(pieces) == text
    assert all(units(p) <= 5000 for p in pieces)


def test_links_follow_the_text() -> None:
    (message,) = to_messages([Reply("See:", links=("https://a.example", "https://b.example"))])
    assert message.text == "See:\n\nhttps://a.example\nhttps://b.example"


def test_quick_replies_carry_button_data_on_the_last_message_only() -> None:
    replies = [
        Reply("Privacy notice"),
        Reply(
            "Did you mean?",
            suggestions=(Suggestion("jr-pass", "Is the Japan Rail Pass worth buying?"),),
            feedback=(Button("fb:7:up", "👍 Helpful"), Button("fb:7:down", "👎 Not helpful")),
        ),
    ]
    first, last = to_messages(replies)
    assert first.quick_reply is None
    items = last.quick_reply.items
    assert [i.action.data for i in items] == ["faq:jr-pass", "fb:7:up", "fb:7:down"]
    assert items[0].action.label == "Is the Japan Rail P…"
    assert items[0].action.display_text == "Is the Japan Rail Pass worth buying?"


def test_at_most_thirteen_quick_replies_and_unsendable_data_dropped() -> None:
    buttons = [Button(f"lang:{i}", f"L{i}") for i in range(20)] + [Button("x" * 301, "too big")]
    reply = quick_reply(buttons)
    assert reply is not None and len(reply.items) == 13
    assert all(len(i.action.data) <= 300 for i in reply.items)


def test_batches_of_five() -> None:
    messages = to_messages([Reply(f"m{i}") for i in range(12)])
    assert [len(b) for b in batches(messages)] == [5, 5, 2]


def test_built_messages_conform_to_the_spec() -> None:
    reply = Reply(
        "x" * 12_000,
        buttons=tuple(Button(f"lang:{i}", "a very long language label") for i in range(15)),
        links=("https://example.com",),
    )
    messages = [m.to_dict() for m in to_messages([reply])]
    spec = OpenApiSpec.load("messaging-api")
    for group in batches(messages):  # type: ignore[arg-type]
        assert spec.schema_errors("PushMessageRequest", {"to": user(), "messages": group}) == []
