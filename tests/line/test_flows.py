"""What a LINE visitor experiences, end to end: signed webhooks in, SDK calls to the stub out."""

from __future__ import annotations

from handlers import texts
from handlers.i18n import gettext
from handlers.identity import pseudonym
from handlers.staff import answer_as_staff
from storage.models import Visitor
from tests.line import events
from tests.line.conftest import LineApp

HIMEJI = "How do I get to Himeji Castle from Osaka?"


async def visitor(app: LineApp, user_id: str) -> Visitor:
    key = pseudonym(app.runtime.deps.secret, "line", user_id)
    found = await app.runtime.store.visitors.find("line", key)
    assert found is not None
    return found


def quick_replies(app: LineApp) -> list[tuple[str, str]]:
    """(label, data) of the quick-reply buttons under the last delivered message."""
    last = app.stub.delivered[-1].message
    items = last.get("quickReply", {}).get("items", [])
    return [(i["action"]["label"], i["action"]["data"]) for i in items]


async def test_follow_greets_with_the_privacy_notice_first(line_app: LineApp) -> None:
    who = events.user(1)
    await line_app.deliver(events.follow(who=who))
    notice, greeting, choose = line_app.stub.texts("reply")
    assert notice == gettext("en", texts.PRIVACY_NOTICE, url="/privacy")
    assert greeting.startswith("Welcome to the Japan travel information booth")
    assert choose == gettext("en", texts.CHOOSE_LANGUAGE)
    assert [data for _, data in quick_replies(line_app)][:2] == ["lang:en", "lang:th"]
    assert (await visitor(line_app, who)).notice_shown


async def test_question_is_answered_by_reply_with_feedback_quick_replies(line_app: LineApp) -> None:
    item = events.text(HIMEJI)
    await line_app.deliver(item)
    (call,) = line_app.stub.calls_to("replyMessage")
    assert call.body["replyToken"] == item["replyToken"]
    assert "Himeji" in line_app.stub.texts()[-1]
    labels = [label for label, _ in quick_replies(line_app)]
    assert labels == ["👍 Helpful", "👎 Not helpful"]
    (inquiry,) = await line_app.runtime.store.inquiries.list()
    assert (inquiry.platform, inquiry.outcome) == ("line", "answered")
    assert [data for _, data in quick_replies(line_app)] == [
        f"fb:{inquiry.id}:up",
        f"fb:{inquiry.id}:down",
    ]


async def test_feedback_postback_is_recorded(line_app: LineApp) -> None:
    who = events.user(2)
    await line_app.deliver(events.text(HIMEJI, who=who))
    (inquiry,) = await line_app.runtime.store.inquiries.list()
    await line_app.deliver(events.postback(f"fb:{inquiry.id}:up", who=who))
    assert line_app.stub.texts()[-1] == gettext("en", texts.FEEDBACK_THANKS)
    stored = await line_app.runtime.store.inquiries.get(inquiry.id)
    assert stored is not None and stored.feedback == "up"


async def test_sticker_gets_a_text_hint_and_is_logged(line_app: LineApp) -> None:
    await line_app.deliver(events.sticker())
    assert line_app.stub.texts()[-1] == gettext("en", texts.NON_TEXT)
    (inquiry,) = await line_app.runtime.store.inquiries.list()
    assert (inquiry.kind, inquiry.outcome) == ("sticker", "non_text")


async def test_location_image_audio_are_logged_by_kind(line_app: LineApp) -> None:
    for name in ("location", "image", "audio"):
        await line_app.deliver(*events.recorded(name)["events"])
    kinds = sorted(i.kind for i in await line_app.runtime.store.inquiries.list())
    assert kinds == ["audio", "image", "location"]


async def test_language_postback_switches_language(line_app: LineApp) -> None:
    who = events.user(3)
    await line_app.deliver(events.postback("lang:th", who=who))
    assert line_app.stub.texts()[-1] == gettext("th", texts.LANGUAGE_SET)
    assert (await visitor(line_app, who)).lang == "th"


async def test_profile_language_is_the_prior_and_is_asked_once(line_app: LineApp) -> None:
    who = events.user(4)
    line_app.stub.profiles[who] = {"language": "th"}
    await line_app.deliver(events.follow(who=who))
    await line_app.deliver(events.sticker(who=who))
    assert line_app.stub.texts()[0] == gettext("th", texts.PRIVACY_NOTICE, url="/privacy")
    assert line_app.stub.texts()[-1] == gettext("th", texts.NON_TEXT)
    assert len(line_app.stub.calls_to("getProfile")) == 1


async def test_unfollow_marks_the_visitor_inactive_and_sends_nothing(line_app: LineApp) -> None:
    who = events.user(5)
    await line_app.deliver(events.follow(who=who))
    sent = len(line_app.stub.calls)
    await line_app.deliver(events.unfollow(who=who))
    assert not (await visitor(line_app, who)).active
    assert len(line_app.stub.calls) == sent


async def test_booth_link_message_sets_the_booth_and_is_not_a_question(line_app: LineApp) -> None:
    item = events.recorded("booth-link")["events"][0]
    await line_app.deliver(item)
    greeting = line_app.stub.texts()[-1]
    assert greeting.startswith("Welcome to the Hokkaido booth")
    found = await visitor(line_app, item["source"]["userId"])
    assert (found.fair_id, found.booth_id) == ("demo-fair", "hokkaido")
    assert await line_app.runtime.store.inquiries.list() == []


async def test_a_question_after_the_booth_link_is_logged_under_that_booth(
    line_app: LineApp,
) -> None:
    item = events.recorded("booth-link")["events"][0]
    await line_app.deliver(item)
    await line_app.deliver(events.text(HIMEJI, who=item["source"]["userId"]))
    (inquiry,) = await line_app.runtime.store.inquiries.list()
    assert (inquiry.fair_id, inquiry.booth_id, inquiry.prefecture) == (
        "demo-fair",
        "hokkaido",
        "JP-01",
    )


async def test_expired_reply_token_falls_back_to_push(line_app: LineApp) -> None:
    who = events.user(6)
    item = events.text(HIMEJI, who=who)
    line_app.stub.expired.add(item["replyToken"])
    await line_app.deliver(item)
    assert line_app.stub.calls_to("replyMessage")[0].status == 400
    assert {(d.via, d.to) for d in line_app.stub.delivered} == {("push", who)}
    assert "Himeji" in line_app.stub.texts()[-1]


async def test_group_answers_go_to_the_group(line_app: LineApp) -> None:
    item = events.recorded("group-text")["events"][0]
    line_app.stub.expired.add(item["replyToken"])
    await line_app.deliver(item)
    assert {d.to for d in line_app.stub.delivered} == {item["source"]["groupId"]}


async def test_talk_to_staff_reaches_the_queue_and_the_answer_is_pushed(line_app: LineApp) -> None:
    who = events.user(8)
    await line_app.deliver(events.postback("human", who=who))
    assert line_app.stub.texts()[-1] == gettext("en", texts.HUMAN_REQUESTED)
    (handover,) = await line_app.runtime.store.handovers.open_list()
    assert handover.visitor_id == (await visitor(line_app, who)).id

    outgoing = await answer_as_staff(
        line_app.runtime.deps,
        visitor_id=handover.visitor_id,
        text="The castle opens at 9:00.",
        inquiry_id=handover.inquiry_id,
        handover_id=handover.id,
    )
    await line_app.runtime.channels.deliver(outgoing)
    push = line_app.stub.calls_to("pushMessage")[-1]
    assert push.body["to"] == who
    assert push.headers["X-Line-Retry-Key"]
    assert line_app.stub.texts("push") == [
        gettext("en", texts.STAFF_PREFIX, text="The castle opens at 9:00.")
    ]


async def test_staff_answer_push_is_retried_once_delivered(line_app: LineApp) -> None:
    who = events.user(9)
    await line_app.deliver(events.postback("human", who=who))
    (handover,) = await line_app.runtime.store.handovers.open_list()
    outgoing = await answer_as_staff(
        line_app.runtime.deps, visitor_id=handover.visitor_id, text="Yes.", handover_id=handover.id
    )
    line_app.stub.fail("pushMessage", 500, deliver=True)
    await line_app.runtime.channels.deliver(outgoing)
    assert [c.status for c in line_app.stub.calls_to("pushMessage")] == [500, 409]
    assert len(line_app.stub.texts("push")) == 1
