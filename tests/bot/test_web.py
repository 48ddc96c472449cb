"""The web chat API through the real ASGI app (lifespan, SQLite, sample KB) in process."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select

from bot.runtime import Runtime
from handlers import texts
from handlers.i18n import gettext
from storage.models import InboxEvent


def runtime_of(client: httpx.AsyncClient) -> Runtime:
    return client.app.state.runtime  # type: ignore[attr-defined]


async def ask(client: httpx.AsyncClient, **body: Any) -> httpx.Response:
    body.setdefault("session", "s1")
    return await client.post("/api/chat", json=body)


async def test_answers_from_the_sample_kb_and_logs_the_inquiry(
    app_client: httpx.AsyncClient,
) -> None:
    response = await ask(app_client, text="how do I get to Kyoto from the airport")
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"reply", "suggestions", "faq_id", "inquiry_id"}
    assert data["faq_id"] is not None and "kyoto" in data["faq_id"]
    assert "Kyoto" in data["reply"] or "京都" in data["reply"]
    assert isinstance(data["inquiry_id"], str)
    rows = await runtime_of(app_client).store.inquiries.list()
    assert len(rows) == 1
    row = rows[0]
    assert str(row.id) == data["inquiry_id"]
    assert (row.fair_id, row.booth_id) == ("demo-fair", "info")  # demo default context
    assert row.lang == "en" and row.type == "transport" and row.outcome == "answered"
    assert row.platform == "web" and row.faq_id == data["faq_id"]


async def test_first_reply_carries_the_privacy_notice_once(app_client: httpx.AsyncClient) -> None:
    first = (await ask(app_client, text="/start")).json()
    assert any("/forget" in notice for notice in first["notices"])
    second = (await ask(app_client, text="/help")).json()
    assert second["notices"] == []


async def test_booth_link_context_is_logged(app_client: httpx.AsyncClient) -> None:
    response = await ask(
        app_client, text="best time to see autumn leaves in Kyoto", fair="demo-fair", booth="kyoto"
    )
    assert response.status_code == 200
    row = (await runtime_of(app_client).store.inquiries.list())[0]
    assert (row.fair_id, row.booth_id, row.prefecture) == ("demo-fair", "kyoto", "JP-26")


async def test_unknown_booth_says_so_and_still_answers_and_logs(
    app_client: httpx.AsyncClient,
) -> None:
    response = await ask(
        app_client,
        session="s9",
        text="Do I need a visa for Japan?",
        fair="no-such-fair",
        booth="ghost",
    )
    assert response.status_code == 200
    data = response.json()
    assert any("booth link is not valid" in n for n in data["notices"])
    assert data["reply"]
    rows = await runtime_of(app_client).store.inquiries.list()
    assert len(rows) == 1 and rows[0].text == "Do I need a visa for Japan?"
    assert rows[0].booth_id != "ghost"


async def test_empty_message_gets_a_clear_reply_and_no_inquiry(
    app_client: httpx.AsyncClient,
) -> None:
    response = await ask(app_client, text="   ")
    assert response.status_code == 200
    assert "type your question" in response.json()["reply"].lower()
    assert await runtime_of(app_client).store.inquiries.list() == []


async def test_oversized_message_is_refused_clearly_but_kept(app_client: httpx.AsyncClient) -> None:
    text = "How do I get to Kyoto? " * 120  # > 2,000 characters
    response = await ask(app_client, text=text)
    assert response.status_code == 200
    data = response.json()
    assert "too long" in data["reply"] and "2000" in data["reply"]
    assert data["faq_id"] is None
    rows = await runtime_of(app_client).store.inquiries.list()
    assert len(rows) == 1 and rows[0].outcome == "rejected" and rows[0].kind == "too_long"
    assert rows[0].text.startswith("How do I get to Kyoto?")


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        (b"{not json", 400, "not valid JSON"),
        (b'{"text": "hi"}', 400, "session"),
        (b'{"session": "", "text": "hi"}', 400, "session"),
        (b'{"session": "s", "text": 5}', 400, "text"),
        (b"[1, 2]", 400, "body"),
        (b'{"session": "s", "text": "' + b"a" * 70_000 + b'"}', 413, "over"),
    ],
)
async def test_malformed_requests_get_a_clear_error(
    app_client: httpx.AsyncClient, body: bytes, status: int, fragment: str
) -> None:
    response = await app_client.post(
        "/api/chat", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == status
    assert fragment in response.json()["error"]


async def test_resent_message_id_is_logged_once(app_client: httpx.AsyncClient) -> None:
    first = (await ask(app_client, text="JR Pass worth it?", id="m-1")).json()
    again = (await ask(app_client, text="JR Pass worth it?", id="m-1")).json()
    assert again["duplicate"] is True and again["inquiry_id"] == first["inquiry_id"]
    assert len(await runtime_of(app_client).store.inquiries.list()) == 1


async def test_feedback_postback_is_recorded(app_client: httpx.AsyncClient) -> None:
    data = (await ask(app_client, text="how do I get to Kyoto from the airport")).json()
    assert [b["data"].split(":")[-1] for b in data["feedback"]] == ["up", "down"]
    await ask(app_client, postback=data["feedback"][0]["data"])
    row = await runtime_of(app_client).store.inquiries.get(int(data["inquiry_id"]))
    assert row is not None and row.feedback == "up"


async def test_other_visitors_cannot_rate_my_answer(app_client: httpx.AsyncClient) -> None:
    data = (await ask(app_client, text="how do I get to Kyoto from the airport")).json()
    await ask(app_client, session="intruder", postback=data["feedback"][1]["data"])
    row = await runtime_of(app_client).store.inquiries.get(int(data["inquiry_id"]))
    assert row is not None and row.feedback is None


async def test_chat_page_is_self_contained_and_escapes_query(
    app_client: httpx.AsyncClient,
) -> None:
    response = await app_client.get("/", params={"fair": '"><script>alert(1)</script>'})
    assert response.status_code == 200
    page = response.text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "http://" not in page.replace("http://fairbot.test", "")
    assert "https://" not in page
    script = await app_client.get("/static/chat.js")
    assert script.status_code == 200 and "innerHTML" not in script.text.replace(
        "never innerHTML", ""
    )


async def test_staff_messages_reach_the_web_session(app_client: httpx.AsyncClient) -> None:
    from handlers.staff import answer_as_staff

    await ask(app_client, session="web-9", text="Can I bring my drone?")
    runtime = runtime_of(app_client)
    visitor = (await runtime.store.inquiries.list())[0].visitor_id
    assert visitor is not None
    await answer_as_staff(runtime.deps, visitor_id=visitor, text="Please ask at the desk.")
    found = (await app_client.get("/api/messages", params={"session": "web-9"})).json()
    assert [m["text"] for m in found["messages"]] == ["Please ask at the desk."]
    other = (await app_client.get("/api/messages", params={"session": "web-10"})).json()
    assert other["messages"] == []
    bad = await app_client.get("/api/messages", params={"session": "x", "after": "-1"})
    assert bad.status_code == 400


async def late_messages(client: httpx.AsyncClient, session: str) -> list[dict[str, Any]]:
    found = (await client.get("/api/messages", params={"session": session})).json()
    return [m for m in found["messages"] if m["from"] == "bot"]


async def test_a_message_a_crash_left_unanswered_is_answered_through_the_poll(
    app_client: httpx.AsyncClient,
) -> None:
    runtime = runtime_of(app_client)
    assert runtime.inbox is not None
    await ask(app_client, session="web-c", text="/start")  # the page's first call
    payload = {"session": "web-c", "text": "how do I get to Kyoto from the airport", "id": "m-9"}
    # Stored by a process that died before answering: nobody holds it any more.
    await runtime.store.inbox.put("web", "m-9", payload)
    assert await runtime.inbox.replay() == 1
    await runtime.inbox.drain()
    late = await late_messages(app_client, "web-c")
    assert len(late) == 1 and "Kyoto" in late[0]["text"] and late[0]["inquiry_id"]
    # The page's resend of that message gets the same inquiry (shown once), logged once.
    again = (await ask(app_client, session="web-c", text=payload["text"], id="m-9")).json()
    assert again["duplicate"] is True and again["inquiry_id"] == late[0]["inquiry_id"]
    assert len(await late_messages(app_client, "web-c")) == 1
    rows = [r for r in await runtime.store.inquiries.list() if r.event_id == "m-9"]
    assert len(rows) == 1


async def test_database_lost_mid_answer_gives_202_then_the_answer(
    app_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = runtime_of(app_client)
    assert runtime.inbox is not None
    await ask(app_client, session="web-d", text="/start")
    handle = runtime.conversation.handle
    calls = 0

    async def flaky(incoming):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionRefusedError("database went away")
        return await handle(incoming)

    monkeypatch.setattr(runtime.conversation, "handle", flaky)
    response = await ask(app_client, session="web-d", text="JR Pass worth it?", lang="th", id="m-d")
    assert response.status_code == 202
    data = response.json()
    assert data["queued"] is True and "ขอบคุณ" in data["reply"]  # "received", in Thai
    await runtime.inbox.drain()
    late = await late_messages(app_client, "web-d")
    assert late and late[-1]["inquiry_id"] is not None
    async with runtime.store.inbox.sessions() as session:
        statuses = dict(
            (await session.execute(select(InboxEvent.event_id, InboxEvent.status))).all()
        )
    assert statuses["m-d"] == "done" and set(statuses.values()) == {"done"}


async def test_a_message_the_bot_fails_on_is_recorded_not_left_held(
    app_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = runtime_of(app_client)
    assert runtime.inbox is not None

    async def broken(incoming):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug in the conversation")

    monkeypatch.setattr(runtime.conversation, "handle", broken)
    response = await app_client.post(
        "/api/chat", json={"session": "web-b", "text": "JR Pass worth it?", "id": "m-b"}
    )
    assert response.status_code == 202 and response.json()["queued"]  # kept, not a 500
    await runtime.inbox.drain()
    async with runtime.store.inbox.sessions() as session:
        found = await session.execute(
            select(InboxEvent.status, InboxEvent.error).where(InboxEvent.event_id == "m-b")
        )
        status, error = found.one()
    # Retried later with backoff (then dead-lettered); the reason names no visitor text.
    assert status == "pending" and error == "RuntimeError"


async def test_the_web_chats_lang_is_a_choice_that_sticks(app_client: httpx.AsyncClient) -> None:
    """`lang` chosen in the page wins over the English typed, for every later message too."""
    kb = runtime_of(app_client).engines.engine.kb
    entry = kb.get("visa-basics")
    assert entry is not None and entry.answer_in("th")[1] == "th"
    first = (await ask(app_client, text="Do I need a visa for Japan?", lang="th")).json()
    assert first["faq_id"] == "visa-basics" and first["reply"] == entry.answer_in("th")[0]
    later = (await ask(app_client, text="Do I need a visa for Japan?")).json()
    assert later["reply"] == entry.answer_in("th")[0]
    chat = (await ask(app_client, text="thanks!")).json()
    assert chat["faq_id"] is None and chat["reply"] == gettext("th", texts.SMALL_TALK_THANKS)
    rows = await runtime_of(app_client).store.inquiries.list()
    assert [r.outcome for r in rows][0] == "small_talk" and rows[-1].lang == "en"


async def test_a_resend_answered_here_finishes_the_first_tries_row(
    app_client: httpx.AsyncClient,
) -> None:
    """The first try's instance died mid-request, its row still held: the resend is
    answered in its own request, and the row is finished so no replay answers again."""
    store = runtime_of(app_client).store
    payload = {"session": "s1", "text": "JR Pass worth it?", "id": "m-dead"}
    row_id = await store.inbox.put("web", "m-dead", payload, holder="a-dead-instance")
    assert row_id is not None
    response = await ask(app_client, text="JR Pass worth it?", id="m-dead")
    assert response.status_code == 200 and response.json()["reply"]
    row = await store.inbox.get(row_id)
    assert row is not None and row.status == "done" and row.holder is None
    assert len(await store.inquiries.list()) == 1
