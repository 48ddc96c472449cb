"""Neutral `Reply`s to LINE message objects, within LINE's documented limits.

Text messages hold at most 5,000 characters, so longer texts are split (at a
line break or space where one is near); links are appended to the text (LINE
makes URLs tappable). Choices (suggestions, language or booth buttons, 👍/👎)
become quick-reply postback buttons on the last message, the only one LINE
shows them under: at most 13, labels of at most 20 characters, the full label
echoed as the visitor's display text. LINE counts characters in UTF-16 code
units, so an emoji counts twice; counting that way keeps us within the limit
on both readings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from linebot.v3.messaging import PostbackAction, QuickReply, QuickReplyItem, TextMessage

from bot import utf16
from bot.utf16 import clip
from handlers.messages import Button, Reply

TEXT_LIMIT = 5000
QUICK_REPLY_LIMIT = 13
LABEL_LIMIT = 20
DISPLAY_TEXT_LIMIT = 300
DATA_LIMIT = 300
MESSAGES_PER_CALL = 5  # reply and push both take 1-5 messages


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Pieces of one LINE text message each (bot.utf16 counts as LINE does)."""
    return utf16.split_text(text, limit)


def reply_text(reply: Reply) -> str:
    """The reply's text with its links, one per line, below it."""
    if not reply.links:
        return reply.text
    return "\n\n".join(part for part in (reply.text, "\n".join(reply.links)) if part)


def quick_reply(choices: Iterable[Button]) -> QuickReply | None:
    """Postback buttons carrying each choice's data; None when there are none."""
    items = [
        QuickReplyItem(
            type="action",
            action=PostbackAction(
                label=clip(button.label, LABEL_LIMIT),
                data=button.data,
                display_text=clip(button.label, DISPLAY_TEXT_LIMIT),
            ),
        )
        for button in choices
        if button.label.strip() and len(button.data) <= DATA_LIMIT
    ][:QUICK_REPLY_LIMIT]
    return QuickReply(items=items) if items else None


def to_messages(replies: Sequence[Reply]) -> list[TextMessage]:
    """Every reply's text as text messages; the last reply's choices under the last one."""
    texts = [piece for reply in replies for piece in split_text(reply_text(reply))]
    if not texts:
        return []
    choices = next((r.choices() for r in reversed(replies) if r.choices()), ())
    messages = [TextMessage(text=text) for text in texts[:-1]]
    messages.append(TextMessage(text=texts[-1], quick_reply=quick_reply(choices)))
    return messages


def batches(messages: Sequence[TextMessage]) -> list[list[TextMessage]]:
    """Groups of at most five, the most one reply or push call takes."""
    return [
        list(messages[i : i + MESSAGES_PER_CALL])
        for i in range(0, len(messages), MESSAGES_PER_CALL)
    ]
