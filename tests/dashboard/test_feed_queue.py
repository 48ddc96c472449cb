"""The live feed (page and event stream) and the queue's staff replies, per channel."""

from __future__ import annotations

from typing import Any

import httpx

from bot.dashboard.feed import FeedQuery, feed_stream
from handlers.messages import COMMAND, Incoming
from handlers.staff import Outgoing
from tests.dashboard.conftest import HTML, Login, ask, post_form, runtime_of


class RecordingChannel:
    """Keeps what would have been sent to Telegram (see style.md: fakes record behaviour)."""

    platform = "telegram"

    def __init__(self) -> None:
        self.sent: list[Outgoing] = []

    async def send(self, outgoing: Outgoing) -> None:
        self.sent.append(outgoing)


async def events(client: httpx.AsyncClient, query: FeedQuery, after: int) -> list[str]:
    def render_row(row: dict[str, Any]) -> str:
        return f"<tr>{row['inquiry'].text}</tr>\n<tr>{row['outcome']}</tr>"

    stream = feed_stream(runtime_of(client), render_row, query, after, interval=0, polls=1)
    return [chunk async for chunk in stream]


async def test_stream_sends_new_questions_in_order_within_scope(
    app_client: httpx.AsyncClient, other_fair: str
) -> None:
    first = await ask(app_client, "first question", fair="demo-fair", booth="kyoto")
    await ask(app_client, "elsewhere", session="s2", fair=other_fair, booth="osaka")
    second = await ask(app_client, "second question", fair="demo-fair", booth="kyoto")
    chunks = await events(app_client, FeedQuery(fair_id="demo-fair"), 0)
    assert chunks[0].startswith("retry:")
    sent = [c for c in chunks if c.startswith("event: inquiry")]
    assert [c.split("\n")[1] for c in sent] == [
        f"id: {first['inquiry_id']}",
        f"id: {second['inquiry_id']}",
    ]
    assert "data: <tr>first question</tr>\ndata: <tr>" in sent[0]  # multi-line fragments
    assert all("elsewhere" not in c for c in chunks)
    later = await events(app_client, FeedQuery(fair_id="demo-fair"), int(second["inquiry_id"]))
    assert not [c for c in later if c.startswith("event:")]


async def test_feed_page_shows_answer_confidence_and_filters(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    answered = await ask(app_client, "how do I get to Kyoto from the airport")
    await ask(app_client, "zzqx blorp", session="s2", fair="demo-fair", booth="hyogo")
    admin = await login("admin")
    page = (await admin.get("/staff/feed", headers=HTML)).text
    assert "how do I get to Kyoto from the airport" in page and "zzqx blorp" in page
    assert answered["faq_id"] in page and "%" in page
    booth = (await admin.get("/staff/feed?fair=demo-fair&booth=hyogo", headers=HTML)).text
    assert "zzqx blorp" in booth and "Kyoto from the airport" not in booth
    outcome = (await admin.get("/staff/feed?outcome=answered", headers=HTML)).text
    assert "Kyoto from the airport" in outcome and "zzqx blorp" not in outcome
    lang = (await admin.get("/staff/feed?lang=th", headers=HTML)).text
    assert "zzqx blorp" not in lang and "Kyoto from the airport" not in lang
    assert (await admin.get("/staff/feed?outcome=nonsense")).status_code == 400
    for code in ("rate_limited", "standby", "small_talk"):
        assert (await admin.get(f"/staff/feed?outcome={code}")).status_code == 200


async def test_staff_reply_reaches_the_web_chat_and_is_logged(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    asked = await ask(app_client, "/human", session="web-visitor", fair="demo-fair", booth="hyogo")
    inquiry_id = int(asked["inquiry_id"])
    staff = await login("staff", fair="demo-fair")
    queue = (await staff.get("/staff/queue", headers=HTML)).text
    assert f'id="q{inquiry_id}"' in queue and "waiting for staff" in queue
    sent = await post_form(
        staff, f"/staff/queue/{inquiry_id}/reply", "/staff/queue", text="Come to booth 12!"
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/staff/faq/add?inquiry={inquiry_id}"
    polled = await app_client.get("/api/messages", params={"session": "web-visitor", "after": 0})
    assert [m["text"] for m in polled.json()["messages"]] == ["Come to booth 12!"]
    store = runtime_of(app_client).store
    inquiry = await store.inquiries.get(inquiry_id)
    assert inquiry is not None and inquiry.staff_answer == "Come to booth 12!"
    assert not await store.handovers.open_list("demo-fair")
    assert f'id="q{inquiry_id}"' not in (await staff.get("/staff/queue", headers=HTML)).text


async def test_staff_reply_goes_through_the_visitors_own_channel(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    runtime = runtime_of(app_client)
    telegram = RecordingChannel()
    runtime.channels.by_platform["telegram"] = telegram
    result = await runtime.conversation.handle(
        Incoming(platform="telegram", user_id="4242", chat_id="4242", event_id="tg-1",
                 text="/human", kind=COMMAND, command="human")
    )  # fmt: skip
    assert result.inquiry_id is not None
    admin = await login("admin")
    sent = await post_form(
        admin, f"/staff/queue/{result.inquiry_id}/reply", "/staff/queue", text="We can help"
    )
    assert sent.status_code == 303
    assert len(telegram.sent) == 1
    outgoing = telegram.sent[0]
    assert (outgoing.platform, outgoing.chat_id) == ("telegram", "4242")
    assert "We can help" in outgoing.reply.text


async def test_empty_reply_is_refused_without_sending(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    asked = await ask(app_client, "/human", session="v3")
    admin = await login("admin")
    response = await post_form(
        admin, f"/staff/queue/{asked['inquiry_id']}/reply", "/staff/queue", text="   "
    )
    assert response.status_code == 303 and response.headers["location"] == "/staff/queue"
    page = (await admin.get("/staff/queue", headers=HTML)).text
    assert "Write a reply first." in page
    polled = await app_client.get("/api/messages", params={"session": "v3", "after": 0})
    assert polled.json()["messages"] == []


async def test_staff_can_release_the_bot_and_delete_a_visitors_data(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    asked = await ask(app_client, "/human", session="v4", fair="demo-fair", booth="kyoto")
    inquiry_id = int(asked["inquiry_id"])
    staff = await login("staff", fair="demo-fair")
    await post_form(staff, f"/staff/queue/{inquiry_id}/reply", "/staff/queue", text="Hello!")
    held = await ask(app_client, "How do I get to Kyoto from the airport?", session="v4")
    assert held["reply"] == ""  # staff are talking: the bot keeps quiet
    released = await post_form(staff, f"/staff/queue/{inquiry_id}/release", "/staff/queue")
    assert released.status_code == 303
    answered = await ask(app_client, "How do I get to Kyoto from the airport?", session="v4")
    assert answered["faq_id"] is not None
    forgotten = await post_form(staff, f"/staff/queue/{inquiry_id}/forget", "/staff/queue")
    assert forgotten.status_code == 303
    store = runtime_of(app_client).store
    inquiry = await store.inquiries.get(inquiry_id)
    assert inquiry is not None and inquiry.visitor_id is None and inquiry.text == ""
    refused = await staff.post(f"/staff/queue/{inquiry_id}/forget", data={})
    assert refused.status_code == 403  # no CSRF token


async def test_other_fairs_staff_cannot_delete_a_visitor(
    app_client: httpx.AsyncClient, login: Login, other_fair: str
) -> None:
    asked = await ask(app_client, "/human", session="v5", fair="demo-fair", booth="kyoto")
    outsider = await login("staff", fair=other_fair)
    response = await post_form(
        outsider, f"/staff/queue/{asked['inquiry_id']}/forget", "/staff/queue"
    )
    assert response.status_code == 403
    inquiry = await runtime_of(app_client).store.inquiries.get(int(asked["inquiry_id"]))
    assert inquiry is not None and inquiry.visitor_id is not None
