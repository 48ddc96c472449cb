"""The routing table: which small handler answers which command, button, event or intent.

Read top to bottom, this is everything a visitor can do. Typed text passes the
guards in order, then the intents, then the FAQ (`guards.question`).
"""

from __future__ import annotations

from faq.intents import Intent
from handlers import guards, handover, smalltalk, visitor
from handlers.messages import FOLLOW, NON_TEXT_KINDS, UNFOLLOW
from handlers.router import Router

ROUTER = Router(
    commands={
        "start": visitor.start,
        "lang": visitor.lang_command,
        "human": handover.human_command,
        "forget": visitor.forget,
        "help": visitor.show_help,
    },
    postbacks={
        "faq": visitor.pick_suggestion,  # faq:<entry id>, a "did you mean" choice
        "fb": visitor.feedback,  # fb:<inquiry id>:up|down
        "lang": visitor.pick_language,  # lang:<code>
        "booth": visitor.pick_booth,  # booth:<fair>:<booth>
        "human": handover.staff_button,  # the Talk-to-staff button
    },
    events={
        FOLLOW: visitor.follow,
        UNFOLLOW: visitor.unfollow,
        **{kind: visitor.non_text for kind in NON_TEXT_KINDS},
    },
    text_guards=(guards.empty_text, guards.too_long, guards.staff_talking, guards.too_fast),
    intents={
        Intent.ASK_FOR_PERSON: handover.asked_for_person,
        Intent.SMALL_TALK: smalltalk.small_talk,
    },
    question=guards.question,
    fallback=visitor.show_help,
)
