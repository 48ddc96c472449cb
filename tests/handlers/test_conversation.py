"""The conversation core, platform-neutral: real FAQ engine, real SQLite store."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers import texts
from handlers.identity import decode_booth, encode_booth
from handlers.messages import COMMAND, FOLLOW, POSTBACK, UNFOLLOW
from handlers.staff import answer_as_staff, release
from storage.models import utcnow
from storage.outcomes import HandoverReason
from tests.handlers.conftest import said


async def test_answer_is_logged_before_reply_with_everything_reports_need(bot) -> None:
    conversation, _ = bot
    result = await conversation.handle(said("How do I get to Himeji Castle from Osaka?"))
    answer = result.replies[-1]
    assert answer.faq_id is not None and answer.inquiry_id == result.inquiry_id
    assert [b.data.rsplit(":", 1)[-1] for b in answer.feedback] == ["up", "down"]
    row = await conversation.deps.store.inquiries.get(result.inquiry_id or 0)
    assert row is not None and row.outcome == "answered" and row.faq_id == answer.faq_id
    assert row.type == "transport" and row.topic_prefecture == "JP-28" and row.lang == "en"
    assert row.concerns is None  # a plain "how to get there" voices no travel concern


async def test_travel_concerns_are_logged_with_the_question(bot) -> None:
    conversation, _ = bot
    result = await conversation.handle(said("Is halal food in Kobe expensive?"))
    row = await conversation.deps.store.inquiries.get(result.inquiry_id or 0)
    assert row is not None and row.concerns == "cost,halal"


async def test_visitor_is_stored_only_as_a_pseudonym(bot) -> None:
    conversation, _ = bot
    await conversation.handle(said("hello", user="987654321"))
    visitor = (await conversation.deps.store.inquiries.list())[0].visitor_id
    stored = await conversation.deps.store.visitors.get(visitor or 0)
    assert stored is not None and "987654321" not in stored.key


async def test_privacy_notice_on_first_contact_only(bot) -> None:
    conversation, _ = bot
    first = await conversation.handle(said(kind=FOLLOW))
    assert any("/forget" in r.text for r in first.replies)
    assert len(first.replies[-1].buttons) == 9  # follow: greeting plus a language choice
    later = await conversation.handle(said("/help", kind=COMMAND, command="help"))
    assert not any("/forget" in r.text and "Privacy" in r.text for r in later.replies)


async def test_deep_link_sets_booth_and_greets_with_prefecture(bot) -> None:
    conversation, _ = bot
    payload = encode_booth("jtf", "hyogo")
    assert decode_booth(payload) == ("jtf", "hyogo")
    result = await conversation.handle(
        said("/start " + payload, kind=COMMAND, command="start", args=payload, lang_hint="ja")
    )
    assert "兵庫" in result.replies[-1].text
    follow = await conversation.handle(said("How do I get to Himeji Castle?", lang_hint="ja"))
    row = await conversation.deps.store.inquiries.get(follow.inquiry_id or 0)
    assert row is not None and (row.fair_id, row.booth_id, row.prefecture) == (
        "jtf",
        "hyogo",
        "JP-28",
    )


async def test_start_without_payload_offers_booths(bot) -> None:
    conversation, _ = bot
    result = await conversation.handle(said("/start", kind=COMMAND, command="start"))
    assert [b.data for b in result.replies[-1].buttons] == ["booth:jtf:hyogo"]


async def test_out_of_scope_is_declined_politely(bot) -> None:
    conversation, notifier = bot
    result = await conversation.handle(said("what is the derivative of x squared"))
    reply = result.replies[-1]
    assert reply.faq_id is None
    row = await conversation.deps.store.inquiries.get(result.inquiry_id or 0)
    assert row is not None and row.outcome in {"out_of_scope", "handed_over"}
    if row.outcome == "handed_over":
        assert notifier.notices[-1].inquiry_id == row.id


async def test_human_request_reaches_staff_and_staff_answer_holds_the_bot(bot) -> None:
    conversation, notifier = bot
    result = await conversation.handle(said("/human", kind=COMMAND, command="human"))
    assert notifier.notices and notifier.notices[-1].reason == HandoverReason.COMMAND
    notice = notifier.notices[-1]
    outgoing = await answer_as_staff(
        conversation.deps,
        visitor_id=notice.visitor_id,
        text="Hi, how can I help?",
        handover_id=notice.handover_id,
    )
    assert outgoing.platform == "telegram" and outgoing.chat_id == "u1"
    assert "Hi, how can I help?" in outgoing.reply.text
    quiet = await conversation.handle(said("I want to ask about ski rentals"))
    assert quiet.replies == () and quiet.inquiry_id is not None
    assert notifier.notices[-1].reason == HandoverReason.FOLLOW_UP
    await release(conversation.deps, notice.visitor_id)
    answered = await conversation.handle(said("How do I get to Himeji Castle?"))
    assert answered.replies and result.handover_id is not None


async def test_staff_hold_expires(bot) -> None:
    conversation, _ = bot
    await conversation.handle(said("hello"))
    visitor_id = (await conversation.deps.store.inquiries.list())[0].visitor_id or 0
    await conversation.deps.store.visitors.set_hold(visitor_id, utcnow() - timedelta(seconds=1))
    assert (await conversation.handle(said("How do I get to Himeji Castle?"))).replies


async def test_non_text_is_logged_and_answered_with_a_hint(bot) -> None:
    conversation, _ = bot
    result = await conversation.handle(said(kind="sticker"))
    assert "text" in result.replies[-1].text
    row = await conversation.deps.store.inquiries.get(result.inquiry_id or 0)
    assert row is not None and row.kind == "sticker" and row.outcome == "non_text"


async def test_language_command_and_postback(bot) -> None:
    conversation, _ = bot
    choice = await conversation.handle(said("/lang", kind=COMMAND, command="lang"))
    assert len(choice.replies[-1].buttons) == 9
    result = await conversation.handle(said(kind=POSTBACK, postback="lang:th"))
    assert result.replies[-1].lang == "th" and "ภาษาไทย" in result.replies[-1].text


async def test_malformed_postback_is_harmless(bot) -> None:
    conversation, _ = bot
    for data in ("", "fb:abc:up", "faq", "lang:th:extra", "x" * 1000, "fb:1:maybe"):
        result = await conversation.handle(said(kind=POSTBACK, postback=data))
        assert result.replies


async def test_forget_deletes_the_visitor(bot) -> None:
    conversation, _ = bot
    asked = await conversation.handle(said("my email is a.b@example.com, visa for japan?"))
    row = await conversation.deps.store.inquiries.get(asked.inquiry_id or 0)
    assert row is not None and "a.b@example.com" not in row.text and "[email]" in row.text
    await conversation.handle(said("/forget", kind=COMMAND, command="forget"))
    row = await conversation.deps.store.inquiries.get(asked.inquiry_id or 0)
    assert row is not None and row.visitor_id is None and row.text == ""


async def test_unfollow_marks_inactive(bot) -> None:
    conversation, _ = bot
    await conversation.handle(said("hello"))
    await conversation.handle(said(kind=UNFOLLOW))
    visitor_id = (await conversation.deps.store.inquiries.list())[0].visitor_id or 0
    visitor = await conversation.deps.store.visitors.get(visitor_id)
    assert visitor is not None and visitor.active is False


async def test_redelivered_event_is_handled_once(bot) -> None:
    conversation, _ = bot
    event = said("How do I get to Himeji Castle?")
    first = await conversation.handle(event)
    again = await conversation.handle(event)
    assert again.duplicate and again.inquiry_id == first.inquiry_id
    # the answer is rebuilt (a replay may need to deliver it), nothing is logged twice
    assert [r.text for r in again.replies] == [first.replies[-1].text]
    assert len(await conversation.deps.store.inquiries.list()) == 1


async def test_flooding_visitor_is_asked_to_slow_down_but_every_question_is_logged(bot) -> None:
    conversation, _ = bot
    results = [
        await conversation.handle(said(f"How do I get to Himeji Castle? {n}")) for n in range(12)
    ]
    slowed = [r for r in results if r.replies[-1].text == texts.SLOW_DOWN]
    assert slowed, "a burst of 12 messages should hit the per-visitor limit"
    rows = await conversation.deps.store.inquiries.list()
    assert len(rows) == 12
    assert {r.outcome for r in rows} == {"answered", "rate_limited"}
    assert all(r.type == "transport" for r in rows)


async def test_a_replay_opens_the_handover_a_first_try_never_reached(bot) -> None:
    """Logged, then the database went away before the handover: the replay hands over."""
    conversation, notifier = bot
    store = conversation.deps.store
    request = said("/human", kind=COMMAND, command="human")
    real_hand_over = store.conversations.hand_over_found

    async def outage(*_: object, **__: object) -> None:
        raise ConnectionError("database went away")

    store.conversations.hand_over_found = outage  # type: ignore[method-assign]
    with pytest.raises(ConnectionError):
        await conversation.handle(request)  # the request is logged, its handover is not
    store.conversations.hand_over_found = real_hand_over  # type: ignore[method-assign]
    notifier.notices.clear()
    again = await conversation.handle(request)  # the inbox's retry of the same event
    assert again.duplicate and again.handover_id is not None
    assert [n.inquiry_id for n in notifier.notices] == [again.inquiry_id]
    assert again.replies[-1].text == texts.HUMAN_REQUESTED
    third = await conversation.handle(request)  # handed over now: never twice
    assert third.handover_id is None and len(notifier.notices) == 1
    assert third.replies[-1].text == texts.HUMAN_REQUESTED

    question = said("Is there a halal bakery near the ropeway?")  # no entry: staff's
    store.conversations.hand_over_found = outage  # type: ignore[method-assign]
    with pytest.raises(ConnectionError):
        await conversation.handle(question)
    store.conversations.hand_over_found = real_hand_over  # type: ignore[method-assign]
    retried = await conversation.handle(question)
    assert retried.duplicate and retried.handover_id is not None
    assert [n.inquiry_id for n in notifier.notices][-1] == retried.inquiry_id
    assert (await conversation.handle(question)).handover_id is None  # never twice
