"""Booth staff in a Telegram group, end to end against the emulator."""

from __future__ import annotations

import time
from typing import Any

from handlers import texts
from handlers.i18n import gettext
from storage.outcomes import HandoverReason
from tests.telegram.conftest import FAIR, KYOTO_STAFF_CHAT, STAFF_CHAT, Rig
from tests.telegram.kb import ENTRIES
from tests.telegram.test_visitor import arrive
from tests.telegram.user import BotMessage, TelegramUser

HIMEJI = ENTRIES[0]["answer"]


def reply_to(user: TelegramUser, post: BotMessage) -> dict[str, Any]:
    """The `reply_to_message` Telegram attaches when staff reply to the bot's post."""
    return {
        "reply_to_message": {
            "message_id": post.message_id,
            "from": {"id": 666, "is_bot": True, "first_name": "Bot", "username": "TestNameBot"},
            "chat": user.chat(),
            "date": int(time.time()),
            "text": post.text,
        }
    }


async def test_staff_answer_a_human_request_and_the_bot_keeps_quiet_until_released(
    rig: Rig,
) -> None:
    visitor = rig.user(2001, language_code="id")
    staff = rig.staff()
    await arrive(visitor)
    await visitor.command("/human")
    assert (await visitor.reply()).text == gettext("id", texts.HUMAN_REQUESTED)

    post = await staff.reply()
    assert HandoverReason.COMMAND.label.en in post.text
    assert "lang id" in post.text and "Hyogo" in post.text
    handover = await rig.store.handovers.by_post(str(STAFF_CHAT), str(post.message_id))
    assert handover is not None and handover.fair_id == FAIR

    answer = "Silakan datang ke booth kami jam 3."
    await staff.say(answer, **reply_to(staff, post))
    relayed = await visitor.reply()
    assert relayed.text == gettext("id", texts.STAFF_PREFIX, text=answer)
    assert "Sent" in (await staff.reply()).text
    assert handover.inquiry_id is not None
    inquiry = await rig.store.inquiries.get(handover.inquiry_id)
    assert inquiry is not None and inquiry.staff_answer == answer
    closed = await rig.store.handovers.get(handover.id)
    assert closed is not None and closed.status == "answered"

    # While staff talk to the visitor, their questions go to staff, not to the bot.
    await visitor.say("How do I get to Himeji Castle?")
    follow_up = await staff.reply()
    assert HandoverReason.FOLLOW_UP.label.en in follow_up.text
    assert "How do I get to Himeji Castle?" in follow_up.text
    await rig.drain()
    assert await visitor.fetch() == []

    await staff.command("/release", **reply_to(staff, follow_up))
    assert "Released" in (await staff.reply()).text
    await visitor.say("How do I get to Himeji Castle?")
    assert (await visitor.reply()).text.startswith(HIMEJI["en"])


async def test_a_booth_staff_chat_wins_over_the_fairs(rig: Rig) -> None:
    visitor = rig.user(2002)
    await arrive(visitor, "kyoto")
    await visitor.command("/human")
    await visitor.reply()
    post = await rig.staff(KYOTO_STAFF_CHAT).reply()
    assert "Kyoto" in post.text or "京都" in post.text
    await rig.drain()
    assert await rig.staff(STAFF_CHAT).fetch() == []


async def test_stats_shows_todays_counts(rig: Rig) -> None:
    visitor = rig.user(2003)
    staff = rig.staff()
    await arrive(visitor)
    await visitor.say("How do I get to Himeji Castle?")
    await visitor.reply()
    await visitor.command("/human")
    await visitor.reply()
    await staff.reply()  # the handover post
    await staff.command("/stats")
    stats = (await staff.reply()).text
    assert "Japan Travel Fair SG" in stats and "Asia/Singapore" in stats
    assert "2 questions" in stats
    assert "Answered 自動回答 1" in stats and "Handed over to staff スタッフへ引継ぎ 1" in stats


async def test_chatter_in_staff_and_other_groups_is_left_alone(rig: Rig) -> None:
    staff = rig.staff()
    stranger_group = rig.staff(chat_id=-100999)
    await staff.say("Lunch at 1?")
    await stranger_group.say("How do I get to Himeji Castle?")
    await staff.say(
        "Replying to a colleague",
        reply_to_message={
            "message_id": 1,
            "from": {"id": 9002, "is_bot": False, "first_name": "Aiko"},
            "chat": staff.chat(),
            "date": int(time.time()),
            "text": "Lunch at 1?",
        },
    )
    await staff.command("/help")
    assert "/release" in (await staff.reply()).text  # processed in order: the others said nothing
    await rig.drain()
    assert await staff.fetch() == [] and await stranger_group.fetch() == []
    assert await rig.store.inquiries.list() == []


async def test_a_staff_reply_to_a_forgotten_visitor_is_refused(rig: Rig) -> None:
    visitor = rig.user(2004)
    staff = rig.staff()
    await arrive(visitor)
    await visitor.command("/human")
    await visitor.reply()
    post = await staff.reply()
    await visitor.command("/forget")
    await visitor.reply()
    await staff.say("Hello?", **reply_to(staff, post))
    assert "No visitor" in (await staff.reply()).text
    await rig.drain()
    assert await visitor.fetch() == []


async def test_a_question_the_bot_declines_is_posted_for_staff(rig: Rig) -> None:
    visitor = rig.user(2005)
    staff = rig.staff()
    await arrive(visitor)
    await visitor.say("Do I need a visa for Japan?")
    assert (await visitor.reply()).text == gettext("en", texts.HANDOVER)
    post = await staff.reply()
    assert HandoverReason.UNANSWERED.label.en in post.text
    assert "Do I need a visa for Japan?" in post.text
    handover = await rig.store.handovers.by_post(str(STAFF_CHAT), str(post.message_id))
    assert handover is not None and handover.status == "open"


async def test_the_post_carries_the_questions_before_and_close_ends_it_everywhere(
    rig: Rig,
) -> None:
    visitor = rig.user(2006)
    staff = rig.staff()
    await arrive(visitor)
    await visitor.say("How do I get to Himeji Castle?")
    await visitor.reply()
    await visitor.say("Do I need a visa for Japan?")  # declined: its own handover post
    await visitor.reply()
    first = await staff.reply()
    assert "Do I need a visa for Japan?" in first.text
    await visitor.command("/human")
    await visitor.reply()
    post = await staff.reply()
    assert "Asked before" in post.text and "(asked for staff" in post.text
    before = post.text[post.text.index("Asked before") : post.text.index("(asked for staff")]
    assert before.index("Himeji Castle") < before.index("visa for Japan")
    assert "\n/human\n" not in post.text  # the command is no question to show

    await staff.command("/close", **reply_to(staff, post))
    assert "Closed" in (await staff.reply()).text
    conversation = await rig.store.conversations.current(
        (await rig.store.handovers.by_post(str(STAFF_CHAT), str(post.message_id))).visitor_id,  # type: ignore[union-attr]
        FAIR,
        "hyogo",
    )
    assert conversation is not None and conversation.state == "closed"
    assert await rig.store.handovers.open_list(FAIR) == []
    await visitor.say("How do I get to Himeji Castle?")
    assert (await visitor.reply()).text.startswith(HIMEJI["en"])
    await staff.command("/close")
    assert "as a reply" in (await staff.reply()).text
