"""The conversation inbox: one card per visitor conversation, its states, context and replies."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import httpx

from bot.dashboard.inbox_stream import inbox_stream
from storage.conversation_models import Conversation, ConversationState
from storage.conversations import InboxFilter
from storage.outcomes import HandoverReason
from tests.dashboard.conftest import HTML, Login, ask, post_form, runtime_of

THAI_QUESTIONS = (
    "ไปเกียวโตจากสนามบินยังไง",
    "zzqx เช่าเรือคายัคได้ที่ไหน",
    "ออนเซ็นใกล้โกเบที่ไหนดี",
)


async def conversations(client: httpx.AsyncClient, **where: Any) -> list[Conversation]:
    return await runtime_of(client).store.conversations.list(InboxFilter(**where))


async def only_conversation(client: httpx.AsyncClient) -> Conversation:
    found = await conversations(client)
    assert len(found) == 1, found
    return found[0]


async def test_three_questions_then_a_person_make_one_card_with_the_questions(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    context = {"session": "thai", "fair": "demo-fair", "booth": "hyogo"}
    for text in THAI_QUESTIONS:
        await ask(app_client, text, **context)
    request = await ask(app_client, "/human", **context)
    conversation = await only_conversation(app_client)
    assert conversation.state == ConversationState.WAITING and conversation.lang == "th"
    assert conversation.prefecture == "JP-28"
    staff = await login("staff", fair="demo-fair")
    page = (await staff.get("/staff/inbox", headers=HTML)).text
    card = page[page.index(f'id="c{conversation.id}"') :]
    positions = [card.index(text) for text in THAI_QUESTIONS]
    assert positions == sorted(positions)  # the questions lead, oldest first
    assert any(r.label.en in card for r in HandoverReason if r.asks_for_person)
    assert f"/staff/faq/add?inquiry={request['inquiry_id']}" not in page  # no "Add to FAQ" for it
    assert page.count(f'id="c{conversation.id}"') == 1

    sent = await post_form(
        staff, f"/staff/inbox/{conversation.id}/reply", "/staff/inbox", text="Come to booth 12!",
        next="/staff/inbox?lang=th",
    )  # fmt: skip
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/staff/inbox?lang=th#c{conversation.id}"
    polled = await app_client.get("/api/messages", params={"session": "thai", "after": 0})
    assert [m["text"] for m in polled.json()["messages"]] == ["Come to booth 12!"]
    replied = await only_conversation(app_client)
    assert replied.state == ConversationState.REPLIED and replied.assignee == "staff1"

    closed = await post_form(staff, f"/staff/inbox/{conversation.id}/close", "/staff/inbox")
    assert closed.status_code == 303
    assert f'id="c{conversation.id}"' not in (await staff.get("/staff/inbox", headers=HTML)).text
    closed_tab = (await staff.get("/staff/inbox?state=closed", headers=HTML)).text
    assert f'id="c{conversation.id}"' in closed_tab
    answered = await ask(app_client, "How do I get to Kyoto from the airport?", **context)
    assert answered["faq_id"] is not None  # closing handed the visitor back to the bot

    await ask(app_client, "/human", **context)
    reopened = await only_conversation(app_client)
    assert reopened.id == conversation.id and reopened.state == ConversationState.WAITING
    page = (await staff.get("/staff/inbox", headers=HTML)).text
    card = page[page.index(f'id="c{conversation.id}"') :]
    lead = card[: card.index("</ol>")]
    assert "Kyoto from the airport" in lead and THAI_QUESTIONS[0] not in lead


async def test_talk_to_staff_button_shows_the_question_that_led_there(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    context = {"session": "tap", "fair": "demo-fair", "booth": "kyoto"}
    await ask(app_client, "zzqx can I bring my drone to the temple", **context)
    response = await app_client.post("/api/chat", json={**context, "text": "", "postback": "human"})
    assert response.status_code == 200
    tapped = response.json()["inquiry_id"]
    conversation = await only_conversation(app_client)
    admin = await login("admin")
    page = (await admin.get("/staff/inbox", headers=HTML)).text
    card = page[page.index(f'id="c{conversation.id}"') :]
    assert "bring my drone to the temple" in card[: card.index("</ol>")]
    assert "[talk to staff]" not in card[: card.index("<details")]
    assert f"/staff/faq/add?inquiry={tapped}" not in page
    refused = await admin.get(f"/staff/faq/add?inquiry={tapped}", headers=HTML)
    assert refused.status_code == 303 and refused.headers["location"] == "/staff/inbox"


async def test_small_talk_never_enters_the_inbox_and_declined_questions_have_a_tab(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    context = {"fair": "demo-fair", "booth": "hyogo"}
    for n, text in enumerate(("hello", "thank you!", "who won the football world cup")):
        await ask(app_client, text, session=f"talk{n}", **context)
    assert await conversations(app_client) == []
    staff = await login("staff", fair="demo-fair")
    inbox = (await staff.get("/staff/inbox", headers=HTML)).text
    assert "football world cup" not in inbox and "thank you" not in inbox
    declined = (await staff.get("/staff/inbox/declined", headers=HTML)).text
    assert "football world cup" in declined


async def test_assign_filters_and_counts(app_client: httpx.AsyncClient, login: Login) -> None:
    await ask(app_client, "/human", session="a", fair="demo-fair", booth="hyogo", lang="th")
    await ask(app_client, "/human", session="b", fair="demo-fair", booth="kyoto", lang="en")
    staff = await login("staff", fair="demo-fair")
    hyogo = await conversations(app_client, booth_id="hyogo")
    taken = await post_form(staff, f"/staff/inbox/{hyogo[0].id}/assign", "/staff/inbox")
    assert taken.status_code == 303
    page = (await staff.get("/staff/inbox?fair=demo-fair&booth=hyogo", headers=HTML)).text
    assert f'id="c{hyogo[0].id}"' in page and page.count('class="card conversation') == 1
    assert 'class="assignee">staff1<' in page
    assert 'data-count="waiting_for_staff">1<' in page  # counts follow the filter
    by_lang = (await staff.get("/staff/inbox?lang=en", headers=HTML)).text
    assert by_lang.count('class="card conversation') == 1 and f'id="c{hyogo[0].id}"' not in by_lang
    assert (await staff.get("/staff/inbox?state=nonsense", headers=HTML)).status_code == 400


async def test_stream_sends_changed_cards_and_counts(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    runtime = runtime_of(app_client)
    await ask(
        app_client,
        "How do I get to Kyoto from the airport?",
        session="s",
        fair="demo-fair",
        booth="hyogo",
    )
    await ask(app_client, "/human", session="s", fair="demo-fair", booth="hyogo")
    conversation = await only_conversation(app_client)

    def render_card(card: Any) -> str:
        lead = " | ".join(q.text for q in card.lead)
        return f"<li id=c{card.conversation.id}>{card.state.value}: {lead}</li>"

    since = conversation.created_at
    chunks = [
        chunk
        async for chunk in inbox_stream(
            runtime, render_card, InboxFilter(fair_id="demo-fair"), since, interval=0, polls=2
        )
    ]
    text = "".join(chunks)
    assert text.count("event: counts") == 1 and '"waiting_for_staff": 1' in text
    assert text.count("event: conversation") == 1  # sent once, not again on the next poll
    assert "waiting_for_staff: How do I get to Kyoto from the airport?" in text
    other = [
        chunk
        async for chunk in inbox_stream(
            runtime, render_card, InboxFilter(fair_id="other-fair"), since, interval=0, polls=1
        )
    ]
    assert "event: conversation" not in "".join(other)
    assert '"waiting_for_staff": 0' in "".join(other)


async def test_saved_replies_and_kb_answers_go_out_in_the_visitors_language(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    await ask(app_client, "ไปเกียวโตจากสนามบินยังไง", session="th", fair="demo-fair", booth="hyogo")
    await ask(app_client, "/human", session="th", fair="demo-fair", booth="hyogo")
    conversation = await only_conversation(app_client)
    staff = await login("staff", fair="demo-fair")
    added = await post_form(
        staff, "/staff/replies", "/staff/replies", title="Opening hours", fair="demo-fair",
        booth="hyogo", text_en="We are open 10-18.", text_th="เปิด 10.00-18.00 น.",
    )  # fmt: skip
    assert added.status_code == 303
    saved = await runtime_of(app_client).store.saved_replies.list(fair_id="demo-fair")
    assert [r.title for r in saved] == ["Opening hours"]
    page = (await staff.get("/staff/inbox", headers=HTML)).text
    assert f'<option value="{saved[0].id}">Opening hours (th)</option>' in page
    sent = await post_form(
        staff, f"/staff/inbox/{conversation.id}/saved", "/staff/inbox", saved_id=saved[0].id
    )
    assert sent.status_code == 303
    kb = await staff.get(f"/staff/inbox/{conversation.id}/kb", params={"q": "Kyoto airport"})
    assert kb.status_code == 200 and "kyoto-from-kansai-airport" in kb.text
    entry = runtime_of(app_client).engines.engine.kb.get("kyoto-from-kansai-airport")
    assert entry is not None
    thai_answer, used = entry.answer_in("th")
    await post_form(
        staff, f"/staff/inbox/{conversation.id}/entry", "/staff/inbox",
        faq_id="kyoto-from-kansai-airport",
    )  # fmt: skip
    polled = await app_client.get("/api/messages", params={"session": "th", "after": 0})
    texts = [m["text"] for m in polled.json()["messages"]]
    assert texts == ["เปิด 10.00-18.00 น.", thai_answer] and used == "th"
    edit = await post_form(
        staff, f"/staff/replies/{saved[0].id}/edit", "/staff/replies", title="Hours",
        text_en="Open 9-17.",
    )  # fmt: skip
    assert edit.status_code == 303
    changed = await runtime_of(app_client).store.saved_replies.get(saved[0].id)
    assert changed is not None and changed.texts == {"en": "Open 9-17."}
    gone = await post_form(staff, f"/staff/replies/{saved[0].id}/delete", "/staff/replies")
    assert gone.status_code == 303
    assert await runtime_of(app_client).store.saved_replies.list() == []


async def test_add_to_faq_takes_the_booths_prefecture_and_defaults_to_a_new_entry(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    asked = await ask(
        app_client, "zzqx which sake brewery near the port sells vlorp bottles",
        session="sake", fair="demo-fair", booth="hyogo",
    )  # fmt: skip
    staff = await login("staff", fair="demo-fair")
    page = (await staff.get(f"/staff/faq/add?inquiry={asked['inquiry_id']}", headers=HTML)).text
    assert '<option value="JP-28" selected>' in page
    assert page.count(" selected>") == 2  # the prefecture and the type, nothing else
    assert 'id="no-confident"' in page and " checked>" not in page
    assert 'class="score' in page
    answered = await ask(app_client, "How do I get to Kyoto from the airport?", session="k",
                         fair="demo-fair", booth="kyoto")  # fmt: skip
    page = (await staff.get(f"/staff/faq/add?inquiry={answered['inquiry_id']}", headers=HTML)).text
    assert 'value="kyoto-from-kansai-airport" required checked>' in page
    assert '<option value="JP-26" selected>' in page


async def test_the_chat_page_names_its_booth_and_has_its_offline_worker(
    app_client: httpx.AsyncClient,
) -> None:
    page = await app_client.get("/", params={"fair": "demo-fair", "booth": "hyogo"})
    assert 'id="booth-name">Hyogo<' in page.text and "兵庫県" in page.text
    assert 'data-lang="th"' in page.text  # the tappable language list
    plain = await app_client.get("/", params={"fair": "demo-fair", "booth": "<script>"})
    assert plain.status_code == 200 and "booth-name" not in plain.text
    assert "<script>" not in plain.text.replace('<script src="', "")
    worker = await app_client.get("/chat-sw.js")
    assert worker.status_code == 200 and "javascript" in worker.headers["content-type"]
    assert "caches.match" in worker.text


async def test_the_chat_page_carries_its_offline_line_in_every_language(
    app_client: httpx.AsyncClient,
) -> None:
    page = await app_client.get("/", params={"fair": "demo-fair", "booth": "hyogo"})
    found = re.search(r'data-offline="([^"]*)"', page.text)
    assert found is not None
    lines = json.loads(html.unescape(found.group(1)))
    assert set(lines) == {"en", "th", "id", "vi", "zh", "ms", "tl", "ja", "km"}
    assert lines["en"].startswith("Offline") and lines["th"].startswith("ออฟไลน์")
    assert len(set(lines.values())) == 9  # each its own language, none left in English
