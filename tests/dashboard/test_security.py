"""The issue's security list, each as a test: scoping, escaping, CSRF, cookies, throttling."""

from __future__ import annotations

import httpx
import pytest
from markupsafe import escape

from bot.dashboard import feed, inbox_stream
from bot.dashboard.security import COOKIE
from storage.conversations import InboxFilter
from storage.inquiries import NewInquiry
from tests.dashboard.conftest import (
    HTML,
    XSS,
    Login,
    ask,
    csrf_of,
    login_as,
    post_form,
    runtime_of,
)


def transport_of(client: httpx.AsyncClient) -> httpx.ASGITransport:
    return httpx.ASGITransport(app=client.app)  # type: ignore[attr-defined]


async def seed(client: httpx.AsyncClient) -> dict[str, int]:
    """One question at the Kyoto (JP-26), Hyogo (JP-28) and Osaka (other fair) booths."""
    ids = {}
    for n, (fair, booth) in enumerate(
        [("demo-fair", "kyoto"), ("demo-fair", "hyogo"), ("other-fair", "osaka")]
    ):
        reply = await ask(client, f"{booth} secret {XSS[0]}", session=f"s-{booth}",
                          fair=fair, booth=booth)  # fmt: skip
        ids[booth] = int(reply["inquiry_id"])
        assert n == len(ids) - 1
        await ask(client, "/human", session=f"s-{booth}", fair=fair, booth=booth)
    return ids


async def conversation_of(client: httpx.AsyncClient, booth: str) -> int:
    """The seeded visitor's conversation at `booth` (each asked for a person)."""
    store = runtime_of(client).store
    found = [c for c in await store.conversations.list(InboxFilter()) if c.booth_id == booth]
    assert len(found) == 1
    return found[0].id


@pytest.mark.parametrize(
    "path",
    [
        "/staff/reports?prefecture=JP-26",
        "/staff/reports/download.csv?prefecture=JP-26",
        "/staff/reports/download.xlsx?prefecture=JP-26",
        "/staff/reports/download.html?prefecture=JP-26",
        "/staff/feed",
        "/staff/feed/events",
        "/staff/inbox",
        "/staff/inbox/events",
        "/staff/inbox/events?only=counts",
        "/staff/inbox/declined",
        "/staff/replies",
        "/staff/faq",
        "/staff/faq/download",
        "/staff/fairs",
        "/staff/fairs/demo-fair/booths/kyoto",
        "/staff/fairs/demo-fair/booths/kyoto/poster.png",
    ],
)
async def test_prefecture_viewer_gets_403_for_other_prefectures_data(
    app_client: httpx.AsyncClient, login: Login, path: str
) -> None:
    await seed(app_client)
    viewer = await login("viewer", prefecture="JP-28")
    response = await viewer.get(path, headers=HTML)
    assert response.status_code == 403
    assert "kyoto secret" not in response.text


async def test_prefecture_viewer_sees_only_their_prefecture(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    ids = await seed(app_client)
    viewer = await login("viewer", prefecture="JP-28")
    page = await viewer.get("/staff/reports", headers=HTML)
    assert page.status_code == 200
    assert "hyogo secret" in page.text and "kyoto secret" not in page.text
    csv = await viewer.get("/staff/reports/download.csv?lang=en")
    assert csv.status_code == 200
    assert "hyogo secret" in csv.text and "kyoto secret" not in csv.text
    assert "osaka secret" not in csv.text
    add_page = await viewer.get(f"/staff/faq/add?inquiry={ids['hyogo']}", headers=HTML)
    assert add_page.status_code == 403  # viewers read reports; they do not edit the FAQ


async def test_booth_staff_cannot_see_other_fairs_questions(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    ids = await seed(app_client)
    staff = await login("staff", fair="demo-fair")
    feed = await staff.get("/staff/feed", headers=HTML)
    assert feed.status_code == 200
    assert "kyoto secret" in feed.text and "osaka secret" not in feed.text
    osaka = await conversation_of(app_client, "osaka")
    inbox = await staff.get("/staff/inbox", headers=HTML)
    assert "kyoto secret" in inbox.text and "osaka secret" not in inbox.text
    assert f'id="c{osaka}"' not in inbox.text
    for path in (
        "/staff/feed?fair=other-fair",
        "/staff/feed/events?fair=other-fair",
        "/staff/inbox?fair=other-fair",
        "/staff/inbox/events?fair=other-fair",
        "/staff/inbox/declined?fair=other-fair",
        f"/staff/inbox/{osaka}/kb?q=kyoto",
        f"/staff/faq/add?inquiry={ids['osaka']}",
        "/staff/fairs/other-fair",
        "/staff/fairs/other-fair/booths/osaka",
        "/staff/reports?fair=other-fair",
        "/staff/reports/download.csv?fair=other-fair",
    ):
        assert (await staff.get(path, headers=HTML)).status_code == 403, path
    for action, data in (
        ("reply", {"text": "hello"}), ("close", {}), ("assign", {}), ("forget", {}),
        ("entry", {"faq_id": "kyoto-from-kansai-airport"}), ("release", {}),
    ):  # fmt: skip
        path = f"/staff/inbox/{osaka}/{action}"
        assert (await post_form(staff, path, "/staff/inbox", **data)).status_code == 403, path
    store = runtime_of(app_client).store
    assert (await store.conversations.get(osaka)).state == "waiting_for_staff"  # type: ignore[union-attr]
    assert await store.outbox.since((await store.conversations.get(osaka)).visitor_id) == []  # type: ignore[union-attr]
    added = await post_form(
        staff, "/staff/replies", "/staff/replies", title="x", fair="other-fair", text_en="x"
    )
    assert added.status_code == 403


async def test_booth_staff_scoped_to_a_prefecture_see_only_its_booths(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    await seed(app_client)
    staff = await login("staff", fair="demo-fair", prefecture="JP-28")
    feed = await staff.get("/staff/feed", headers=HTML)
    assert "hyogo secret" in feed.text and "kyoto secret" not in feed.text
    assert (await staff.get("/staff/feed?fair=demo-fair&booth=kyoto")).status_code == 403
    inbox = await staff.get("/staff/inbox", headers=HTML)
    assert "hyogo secret" in inbox.text and "kyoto secret" not in inbox.text
    assert (await staff.get("/staff/inbox?fair=demo-fair&booth=kyoto")).status_code == 403
    kyoto = await conversation_of(app_client, "kyoto")
    assert (await staff.get(f"/staff/inbox/{kyoto}/kb?q=x", headers=HTML)).status_code == 403
    closed = await post_form(staff, f"/staff/inbox/{kyoto}/close", "/staff/inbox")
    assert closed.status_code == 403
    fair_wide = await post_form(
        staff, "/staff/replies", "/staff/replies", title="x", fair="demo-fair", text_en="x"
    )
    assert fair_wide.status_code == 303  # refused with a message: only its own booths
    kyoto_reply = await post_form(
        staff, "/staff/replies", "/staff/replies", title="x", fair="demo-fair", booth="kyoto",
        text_en="x",
    )  # fmt: skip
    assert kyoto_reply.status_code == 403
    assert await runtime_of(app_client).store.saved_replies.list() == []


@pytest.mark.parametrize("payload", XSS)
async def test_visitor_text_is_escaped_on_every_page(
    app_client: httpx.AsyncClient, login: Login, payload: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = f"zzqx {payload}"
    reply = await ask(app_client, text, fair="demo-fair", booth="hyogo")
    admin = await login("admin")
    monkeypatch.setattr(feed, "STREAM_POLLS", 1)  # one poll, then the stream ends
    monkeypatch.setattr(feed, "POLL_SECONDS", 0)
    monkeypatch.setattr(inbox_stream, "STREAM_POLLS", 1)
    monkeypatch.setattr(inbox_stream, "POLL_SECONDS", 0)
    await ask(app_client, "/human", fair="demo-fair", booth="hyogo")
    await runtime_of(app_client).store.inquiries.log(  # declined as out of scope: its own tab
        NewInquiry(platform="web", event_id="declined-xss", lang="en", text=text,
                   outcome="out_of_scope", fair_id="demo-fair", booth_id="hyogo",
                   prefecture="JP-28")
    )  # fmt: skip
    conversation = (await runtime_of(app_client).store.conversations.list(InboxFilter()))[0]
    await runtime_of(app_client).store.saved_replies.add(
        "demo-fair", payload, {"en": payload}, booth_id="hyogo", prefecture="JP-28"
    )
    pages = [
        ("/staff/feed", {}),
        ("/staff/feed/events", {"after": "0"}),
        ("/staff/inbox", {}),
        ("/staff/inbox/events", {"since": conversation.created_at.isoformat()}),
        ("/staff/inbox/declined", {}),
        (f"/staff/inbox/{conversation.id}/kb", {"q": payload}),
        ("/staff/replies", {}),
        ("/staff/faq", {"test": text}),
        ("/staff/faq/add", {"inquiry": reply["inquiry_id"]}),
        ("/staff/reports", {"prefecture": "JP-28", "lang": "en"}),
    ]
    for path, params in pages:
        response = await admin.get(path, params=params, headers=HTML)
        assert response.status_code == 200, path
        assert payload not in response.text, path
        assert str(escape(payload)) in response.text, path


async def test_forms_without_a_valid_csrf_token_are_refused(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    reply = await ask(app_client, "zzqx where is the toilet", fair="demo-fair", booth="hyogo")
    # the login form itself
    fresh = httpx.AsyncClient(transport=transport_of(app_client), base_url="http://fairbot.test")
    async with fresh:
        await fresh.get("/staff/login")
        refused = await fresh.post(
            "/staff/login", data={"username": "admin", "password": "admin-password-1"}
        )
        assert refused.status_code == 403
        wrong = await fresh.post(
            "/staff/login",
            data={"username": "admin", "password": "admin-password-1", "csrf": "forged"},
        )
        assert wrong.status_code == 403
    admin = await login("admin")
    await ask(app_client, "/human", fair="demo-fair", booth="hyogo")
    conversation = (await runtime_of(app_client).store.conversations.list(InboxFilter()))[0]
    for action in ("reply", "close", "assign", "reopen", "release", "forget", "saved", "entry"):
        path = f"/staff/inbox/{conversation.id}/{action}"
        for data in ({"text": "hi"}, {"text": "hi", "csrf": "forged"}):
            assert (await admin.post(path, data=data)).status_code == 403, path
    for path in ("/staff/replies", "/staff/replies/1/edit", "/staff/replies/1/delete"):
        assert (await admin.post(path, data={"title": "x"})).status_code == 403, path
    assert await runtime_of(app_client).store.outbox.since(conversation.visitor_id) == []
    assert (await admin.post("/staff/fairs", data={"id": "x", "name": "X"})).status_code == 403
    assert (await admin.post("/staff/logout", data={})).status_code == 403
    inquiry = await runtime_of(app_client).store.inquiries.get(int(reply["inquiry_id"]))
    assert inquiry.staff_answer is None
    assert await runtime_of(app_client).store.fairs.get_fair("x") is None


async def test_session_cookie_flags(app_client: httpx.AsyncClient) -> None:
    plain = await app_client.get("/staff/login")
    cookie = plain.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = httpx.AsyncClient(transport=transport_of(app_client), base_url="https://fairbot.test")
    async with secure:
        over_https = await secure.get("/staff/login")
    assert "Secure" in over_https.headers["set-cookie"]
    assert "HttpOnly" in over_https.headers["set-cookie"]
    csp = plain.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp


async def test_login_is_rate_limited(app_client: httpx.AsyncClient) -> None:
    for _ in range(5):
        wrong = await login_as(app_client, "admin", "not-the-password")
        assert wrong.status_code == 401
    blocked = await login_as(app_client, "admin", "admin-password-1")
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    assert (await app_client.get("/staff/feed", headers=HTML)).status_code == 303  # not in


async def test_pages_need_a_login(app_client: httpx.AsyncClient) -> None:
    page = await app_client.get("/staff/feed", headers=HTML)
    assert page.status_code == 303 and page.headers["location"].startswith("/staff/login")
    assert (await app_client.get("/staff/feed/events")).status_code == 401
    assert (await app_client.get("/staff/reports/download.csv")).status_code == 401


async def test_login_does_not_redirect_off_site(app_client: httpx.AsyncClient) -> None:
    page = await app_client.get("/staff/login")
    response = await app_client.post(
        "/staff/login",
        data={"username": "admin", "password": "admin-password-1", "csrf": csrf_of(page.text),
              "next": "//evil.example/"},
    )  # fmt: skip
    assert response.status_code == 303 and response.headers["location"] == "/staff/feed"


async def test_inbox_stream_keeps_to_the_accounts_prefecture(
    app_client: httpx.AsyncClient, login: Login, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed(app_client)
    monkeypatch.setattr(inbox_stream, "STREAM_POLLS", 1)
    monkeypatch.setattr(inbox_stream, "POLL_SECONDS", 0)
    staff = await login("staff", fair="demo-fair", prefecture="JP-28")
    since = "2000-01-01T00:00:00+00:00"
    stream = await staff.get("/staff/inbox/events", params={"since": since})
    assert stream.status_code == 200
    assert "hyogo secret" in stream.text and "kyoto secret" not in stream.text
    assert "osaka secret" not in stream.text
    assert '"waiting_for_staff": 1' in stream.text  # counts within the scope too
    counts = await staff.get("/staff/inbox/events", params={"only": "counts", "since": since})
    assert '"waiting_for_staff": 1' in counts.text and "event: conversation" not in counts.text
    bad = await staff.get("/staff/inbox/events", params={"since": "yesterday"})
    assert bad.status_code == 400
