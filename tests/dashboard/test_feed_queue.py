"""The live feed: page and event stream (the inbox, which replaced the queue: test_inbox)."""

from __future__ import annotations

from typing import Any

import httpx

from bot.dashboard.feed import FeedQuery, feed_stream
from handlers.staff import Outgoing
from tests.dashboard.conftest import HTML, Login, ask, runtime_of


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
