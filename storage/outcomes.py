"""What the bot did with a visitor's message: one enum, one ja/en label table.

Every layer reads outcomes from here (storage is the base layer, so handlers,
reports and the bot's staff screens can all import it), so the feed, `/stats`
and the reports can never disagree about a code or its name. The values are
what `inquiries list --json` prints and scripts read: never rename one, only
add beside them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Outcome(StrEnum):
    """An inquiry's outcome, as stored in `inquiries.outcome`."""

    ANSWERED = "answered"
    SUGGESTED = "suggested"  # "did you mean": choices offered, nothing answered yet
    HANDED_OVER = "handed_over"  # a person was asked for, or the bot passed it on
    OUT_OF_SCOPE = "out_of_scope"  # not about travel in Japan: declined politely
    RATE_LIMITED = "rate_limited"  # logged, but the visitor was asked to slow down
    STANDBY = "standby"  # logged while another bot owns the chat; not answered
    SMALL_TALK = "small_talk"  # a greeting, thanks, "ok", an emoji: answered in kind
    REJECTED = "rejected"  # too long to be a question
    NON_TEXT = "non_text"  # a sticker, photo, voice message...

    @property
    def label(self) -> OutcomeLabel:
        return LABELS[self]

    @classmethod
    def parse(cls, code: str | None) -> Outcome | None:
        """The outcome a code names, or None for anything else (codes come from URLs)."""
        try:
            return cls(code) if code else None
        except ValueError:
            return None


class OutcomeLabel(NamedTuple):
    ja: str
    en: str

    def both(self) -> str:
        """ "English 日本語", for Telegram staff chats read by both audiences."""
        return f"{self.en} {self.ja}"


LABELS: dict[Outcome, OutcomeLabel] = {
    Outcome.ANSWERED: OutcomeLabel("自動回答", "Answered"),
    Outcome.SUGGESTED: OutcomeLabel("候補を提示", "Suggestions offered"),
    Outcome.HANDED_OVER: OutcomeLabel("スタッフへ引継ぎ", "Handed over to staff"),
    Outcome.OUT_OF_SCOPE: OutcomeLabel("対象外", "Out of scope"),
    Outcome.RATE_LIMITED: OutcomeLabel("連投のため保留", "Too fast (rate limited)"),
    Outcome.STANDBY: OutcomeLabel("記録のみ（他のボットが応答）", "Logged only (standby)"),
    Outcome.SMALL_TALK: OutcomeLabel("あいさつ・雑談", "Small talk"),
    Outcome.REJECTED: OutcomeLabel("長すぎる", "Too long"),
    Outcome.NON_TEXT: OutcomeLabel("テキスト以外", "Not text"),
}

# Logged messages that are no inquiry for the reports' counts: greetings and thanks are
# answered in kind and never count as questions (so never as unanswered ones either).
NOT_COUNTED: tuple[Outcome, ...] = (Outcome.SMALL_TALK,)

# Questions a visitor is still waiting on (or that went unanswered), for reports.
UNANSWERED: tuple[Outcome, ...] = (Outcome.HANDED_OVER, Outcome.OUT_OF_SCOPE, Outcome.SUGGESTED)


def outcome_label(code: str) -> OutcomeLabel:
    """The label for a stored code; an unknown (future) code shows as itself."""
    found = Outcome.parse(code)
    return LABELS[found] if found is not None else OutcomeLabel(code, code)


class HandoverReason(StrEnum):
    """Why a visitor was handed to booth staff (stored with the handover, shown on the card)."""

    COMMAND = "command"  # typed /human
    BUTTON = "button"  # pressed "Talk to staff"
    ASKED_FOR_PERSON = "asked_for_person"  # "can I talk to someone real", in any language
    UNANSWERED = "unanswered"  # a travel question the bot could not answer
    FOLLOW_UP = "follow-up"  # wrote again while staff are talking to them

    @property
    def asks_for_person(self) -> bool:
        """The triggering message is a request, not a question staff should read first."""
        return self in (
            HandoverReason.COMMAND,
            HandoverReason.BUTTON,
            HandoverReason.ASKED_FOR_PERSON,
        )

    @property
    def label(self) -> OutcomeLabel:
        return REASON_LABELS[self]


# Phrased to follow "Visitor ..." on a staff card.
REASON_LABELS: dict[HandoverReason, OutcomeLabel] = {
    HandoverReason.COMMAND: OutcomeLabel("/human でスタッフを希望", "asked for a person (/human)"),
    HandoverReason.BUTTON: OutcomeLabel("「スタッフと話す」を選択", "pressed Talk to staff"),
    HandoverReason.ASKED_FOR_PERSON: OutcomeLabel("スタッフと話したい", "asked for a person"),
    HandoverReason.UNANSWERED: OutcomeLabel(
        "ボットが回答できない質問", "asked what the bot could not answer"
    ),
    HandoverReason.FOLLOW_UP: OutcomeLabel("スタッフ対応中の追加メッセージ", "wrote again"),
}
# Reasons stored before the enum existed, read from old rows.
LEGACY_REASONS = {
    "requested": HandoverReason.COMMAND,
    "asked": HandoverReason.ASKED_FOR_PERSON,
    "declined": HandoverReason.UNANSWERED,
}


def reason_label(code: str) -> OutcomeLabel:
    """The label of a stored reason, old spellings included; unknown codes as themselves."""
    try:
        return REASON_LABELS[LEGACY_REASONS.get(code) or HandoverReason(code)]
    except ValueError:
        return OutcomeLabel(code, code)
