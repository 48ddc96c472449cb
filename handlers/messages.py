"""The neutral message pair every channel adapter translates to and from.

Adapters turn a Telegram update, a LINE event or a web chat POST into an
`Incoming`, and a `Reply` back into that platform's calls (inline keyboards,
quick replies, buttons). A channel that cannot show buttons shows text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from storage.models import utcnow

# What an Incoming can carry besides typed text. Non-text kinds are logged and
# answered with a hint to type instead.
TEXT = "text"
COMMAND = "command"
POSTBACK = "postback"
FOLLOW = "follow"
UNFOLLOW = "unfollow"
NON_TEXT_KINDS = ("sticker", "image", "audio", "video", "location", "file")


@dataclass(frozen=True)
class Incoming:
    """One thing a visitor did, whatever the platform."""

    platform: str
    user_id: str  # the platform's raw user id; handlers store only its pseudonym
    chat_id: str  # where replies go (may equal user_id)
    event_id: str  # the platform's id for this event: redeliveries share it
    text: str = ""
    kind: str = TEXT
    command: str | None = None  # "start", "help", "lang", "human", "forget", ...
    args: str = ""  # the command's argument (deep-link payload, language code)
    postback: str | None = None  # data of a pressed button, see `postbacks`
    lang_hint: str | None = None  # the platform's idea of the user's language
    lang_choice: str | None = None  # a language the visitor picked (the web chat's `lang`)
    fair_id: str | None = None  # booth context carried by the link the visitor used
    booth_id: str | None = None
    time: datetime = field(default_factory=utcnow)
    silent: bool = False  # log only, never reply (LINE standby mode: another bot answers)


@dataclass(frozen=True)
class Button:
    """A choice the visitor can press; `data` comes back as a postback."""

    data: str
    label: str


@dataclass(frozen=True)
class Suggestion:
    """A "did you mean" FAQ entry."""

    faq_id: str
    label: str

    @property
    def data(self) -> str:
        return f"faq:{self.faq_id}"


@dataclass(frozen=True)
class Reply:
    """What to send back: text first, then suggestions, buttons and links."""

    text: str
    lang: str = "en"
    suggestions: tuple[Suggestion, ...] = ()
    buttons: tuple[Button, ...] = ()  # language / booth choices, "talk to staff"
    feedback: tuple[Button, ...] = ()  # 👍 / 👎 under an answer
    links: tuple[str, ...] = ()
    faq_id: str | None = None
    inquiry_id: int | None = None

    def choices(self) -> tuple[Button, ...]:
        """Every button in display order, for channels with one list of choices."""
        return (
            tuple(Button(s.data, s.label) for s in self.suggestions)
            + self.buttons
            + (self.feedback)
        )


@dataclass(frozen=True)
class Result:
    """All a handled event produced: replies (possibly none) and the logged inquiry."""

    replies: tuple[Reply, ...] = ()
    inquiry_id: int | None = None
    duplicate: bool = False  # the event was seen before; nothing new was done
    handover_id: int | None = None
