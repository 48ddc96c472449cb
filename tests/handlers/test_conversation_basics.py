"""Conversation basics through the real core: small talk, asking for a person, language choice."""

from __future__ import annotations

import pytest

from handlers import texts
from handlers.conversation import Conversation
from handlers.i18n import gettext
from handlers.messages import COMMAND, POSTBACK
from storage.outcomes import HandoverReason, Outcome
from tests.handlers.conftest import RecordingNotifier, said
from tests.handlers.test_intents import ASK_FOR_PERSON, SMALL_TALK

Bot = tuple[Conversation, RecordingNotifier]
REPLY = {
    "greeting": texts.SMALL_TALK_HELLO,
    "thanks": texts.SMALL_TALK_THANKS,
    "bye": texts.SMALL_TALK_BYE,
    "ok": texts.SMALL_TALK_OK,
}


@pytest.mark.parametrize(
    ("lang", "act", "text"),
    [(lang, act, text) for lang, acts in SMALL_TALK.items() for act, text in acts.items()],
)
async def test_small_talk_gets_a_short_reply_in_the_visitors_language(
    bot: Bot, lang: str, act: str, text: str
) -> None:
    conversation, notifier = bot
    result = await conversation.handle(said(text, lang_hint=lang))
    reply = result.replies[-1]
    assert (reply.text, reply.lang) == (gettext(lang, REPLY[act]), lang)
    row = await conversation.deps.store.inquiries.get(result.inquiry_id or 0)
    assert row is not None and row.outcome == Outcome.SMALL_TALK and row.kind == "small_talk"
    assert notifier.notices == [] and result.handover_id is None
    open_questions = await conversation.deps.store.inquiries.unanswered(
        (Outcome.HANDED_OVER, Outcome.OUT_OF_SCOPE, Outcome.SUGGESTED)
    )
    assert open_questions == []


@pytest.mark.parametrize("lang", sorted(SMALL_TALK))
async def test_a_lone_emoji_in_every_language(bot: Bot, lang: str) -> None:
    conversation, notifier = bot
    result = await conversation.handle(said("👍", lang_hint=lang))
    assert result.replies[-1].text == gettext(lang, texts.SMALL_TALK_EMOJI)
    row = await conversation.deps.store.inquiries.get(result.inquiry_id or 0)
    assert row is not None and row.outcome == Outcome.SMALL_TALK and notifier.notices == []


async def test_small_talk_in_another_language_switches_to_it(bot: Bot) -> None:
    conversation, _ = bot
    result = await conversation.handle(said("ขอบคุณมากครับ"))  # no hint: taken for English
    assert result.replies[-1].lang == "th"
    follow = await conversation.handle(said("ok"))  # everyone's word: keeps Thai
    assert follow.replies[-1].text == gettext("th", texts.SMALL_TALK_OK)


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, t) for lang, ts in ASK_FOR_PERSON.items() for t in ts]
)
async def test_asking_for_a_person_hands_over_like_human(bot: Bot, lang: str, text: str) -> None:
    conversation, notifier = bot
    question = await conversation.handle(said("Do I need a visa for Japan?", lang_hint=lang))
    result = await conversation.handle(said(text, lang_hint=lang))
    assert result.handover_id is not None
    assert result.replies[-1].text == gettext(lang, texts.HUMAN_REQUESTED)
    notice = notifier.notices[-1]
    assert notice.reason == HandoverReason.ASKED_FOR_PERSON and notice.handover_id == (
        result.handover_id
    )
    row = await conversation.deps.store.inquiries.get(result.inquiry_id or 0)
    assert row is not None and (row.kind, row.outcome) == ("request", Outcome.HANDED_OVER)
    # The staff card leads with the question before the request, not the request itself.
    conv = await conversation.deps.store.conversations.latest_open(notice.visitor_id)
    assert conv is not None and question.inquiry_id in conv.context
    assert result.inquiry_id not in conv.context


async def test_human_command_and_staff_button_give_their_reasons(bot: Bot) -> None:
    conversation, notifier = bot
    await conversation.handle(said("/human", kind=COMMAND, command="human"))
    await conversation.handle(said(kind=POSTBACK, postback="human", user="u2"))
    assert [n.reason for n in notifier.notices] == [HandoverReason.COMMAND, HandoverReason.BUTTON]


async def test_a_question_with_a_greeting_is_still_answered(bot: Bot) -> None:
    conversation, _ = bot
    result = await conversation.handle(said("Hello! How do I get to Himeji Castle?"))
    assert result.replies[-1].faq_id == "himeji-castle-access"


async def test_chosen_language_beats_the_language_typed_in(bot: Bot) -> None:
    conversation, _ = bot
    await conversation.handle(said(kind=POSTBACK, postback="lang:th"))
    result = await conversation.handle(said("How do I get to Himeji Castle?"))
    answer = result.replies[-1]
    entry = conversation.deps.engines.engine.kb.get("himeji-castle-access")
    assert entry is not None and answer.faq_id == entry.id
    assert (answer.lang, answer.text) == ("th", entry.answer_in("th")[0])
    row = await conversation.deps.store.inquiries.get(result.inquiry_id or 0)
    assert row is not None and row.lang == "en"  # reports keep the language typed in
    again = await conversation.handle(said("Hello"))
    assert again.replies[-1].lang == "th"


async def test_chosen_language_without_an_answer_in_it_falls_back(bot: Bot) -> None:
    conversation, _ = bot
    await conversation.handle(said("/lang km", kind=COMMAND, command="lang", args="km"))
    result = await conversation.handle(said("How do I get to Himeji Castle?"))
    entry = conversation.deps.engines.engine.kb.get("himeji-castle-access")
    assert entry is not None and entry.answer_in("km")[1] != "km"
    assert result.replies[-1].text == entry.answer_in("en")[0]
    declined = await conversation.handle(said("what is the derivative of x squared"))
    assert declined.replies[-1].lang == "km"  # the bot's own words exist in every language


async def test_web_lang_is_an_explicit_choice(bot: Bot) -> None:
    conversation, _ = bot
    result = await conversation.handle(
        said("How do I get to Himeji Castle?", platform="web", lang_choice="id")
    )
    assert result.replies[-1].lang == "id"
    later = await conversation.handle(said("How do I get to Himeji Castle?", platform="web"))
    assert later.replies[-1].lang == "id"


async def test_detected_language_still_follows_the_visitor_without_a_choice(bot: Bot) -> None:
    conversation, _ = bot
    await conversation.handle(said("ขอบคุณครับ"))
    result = await conversation.handle(said("How do I get to Himeji Castle?"))
    assert result.replies[-1].lang == "en"
