"""Hostile requests against a real server (uvicorn, in process, on a free port) on PostgreSQL.

Every hostile request gets a clean 4xx or a normal reply, never a 500; right
after them, ordinary LINE and web visitors are all answered. Waits are bounded
and generous; nothing here measures time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from tests.conftest import DEV_KB, _truncate, make_settings
from tests.line import events
from tests.line.stub import LineStub

SECRET = "line-hostile-channel-secret"
TOKEN = "line-hostile-access-token"
ANSWER_WAIT = 60.0  # seconds: a safety net for a slow shared machine, not a measurement
NUL = "\x00"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.asynccontextmanager
async def real_server(app: Any) -> AsyncIterator[str]:
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(600):
        if server.started or task.done():
            break
        await asyncio.sleep(0.05)
    assert server.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=60)


@pytest.fixture
async def hostile(
    tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[tuple[httpx.AsyncClient, LineStub, Any]]:
    url = request.getfixturevalue("pg_database")
    await _truncate(url)
    stub = LineStub(TOKEN)
    await stub.start()
    from bot.app import create_app

    settings = make_settings(
        tmp_path,
        FAIRBOT_DATABASE_URL=url,
        FAIRBOT_KB=str(DEV_KB),
        FAIRBOT_SPOOL_DIR=str(tmp_path / "spool"),
        FAIRBOT_ADMIN_PASSWORD="admin-password-1",
        LINE_CHANNEL_SECRET=SECRET,
        LINE_CHANNEL_ACCESS_TOKEN=TOKEN,
        LINE_API_BASE_URL=stub.url,
    )
    app = create_app(settings)
    try:
        async with (
            real_server(app) as base,
            httpx.AsyncClient(base_url=base, timeout=120) as client,
        ):
            yield client, stub, app
    finally:
        await stub.close()


def signed(raw: bytes) -> dict[str, str]:
    return {"X-Line-Signature": events.sign(raw, SECRET), "Content-Type": "application/json"}


def line_body(*items: dict[str, Any]) -> bytes:
    """ASCII JSON: lone surrogates and NULs survive as escapes, as a client could send them."""
    return json.dumps(events.delivery(*items)).encode()


def clean(response: httpx.Response) -> bool:
    return response.status_code < 500


async def hostile_web(client: httpx.AsyncClient) -> list[httpx.Response]:
    base = {"session": "hostile-web", "text": "hello"}
    bodies: list[Any] = [
        {**base, "text": f"where{NUL}is kyoto"},
        {**base, "session": f"s{NUL}1"},
        {**base, "id": f"id{NUL}1"},
        {**base, "fair": f"demo{NUL}", "booth": "x"},
        {**base, "booth": f"kyoto{NUL}"},
        {**base, "lang": f"th{NUL}"},
        {**base, "postback": f"faq:{NUL}"},
        {**base, "postback": "fb:²:up"},
        {**base, "postback": "fb:99999999999999999999:up"},
        {**base, "postback": f"booth:demo-fair:{NUL}"},
        {**base, "postback": "lang:\ud800"},
        {**base, "text": "a\ud800b"},
        {**base, "session": "\ud800"},
        {**base, "text": "x" * 20_000},
        {**base, "text": "/human " + "y" * 19_000},
        {**base, "postback": "human", "text": "z" * 20_000},
        {"session": 1, "text": []},
        [],
        None,
        "text",
        {**base, "extra": json.loads("[" * 500 + "]" * 500)},
    ]
    responses = [
        await client.post(
            "/api/chat",
            content=json.dumps(body).encode(),
            headers={"content-type": "application/json"},
        )
        for body in bodies
    ]
    malformed = (b"{", b"[" * 60_000, b"{" * 60_000, b"\xff\xfe", b'{"session": "s", "text": "\\u')
    responses += [
        await client.post("/api/chat", content=raw, headers={"content-type": "application/json"})
        for raw in malformed
    ]
    queries: list[dict[str, str]] = [
        {"session": f"a{NUL}b", "after": "0"},
        {"session": "s", "after": "abc"},
        {"session": "s", "after": "-1"},
        {"session": "s", "after": "9" * 24},
        {"session": "s", "after": "²"},
        {"session": "", "after": "0"},
        {"after": "1"},
    ]
    responses += [await client.get("/api/messages", params=query) for query in queries]
    return responses


async def hostile_line(client: httpx.AsyncClient) -> list[httpx.Response]:
    who = events.user(9001)
    items = [
        events.text(f"kyoto{NUL}station", who=who),
        events.text("hello", who=f"U{NUL}{'0' * 31}"),
        events.text("hello", who=who, webhook_event_id=f"01JD{NUL}000000000000000000000"),
        events.text("a\ud800b", who=who),
        events.postback("fb:²:up", who=who),
        events.postback(f"booth:{NUL}:{NUL}", who=who),
        events.postback("fb:99999999999999999999:down", who=who),
        events.postback("x" * 300, who=who),
        events.event("message", who=who, replyToken=events.token(), message={"type": "text"}),
        events.event("nonsense", who=who),
    ]
    responses = [
        await client.post("/line/webhook", content=(raw := line_body(item)), headers=signed(raw))
        for item in items
    ]
    malformed = (
        b"{",
        b"[" * 60_000,
        json.dumps({"destination": "x", "events": "nope"}).encode(),
        json.dumps({"events": [[[]]]}).encode(),
    )
    responses += [
        await client.post("/line/webhook", content=raw, headers=signed(raw)) for raw in malformed
    ]
    return responses


async def hostile_staff(client: httpx.AsyncClient) -> list[httpx.Response]:
    await client.get("/staff/login")
    return [
        await client.post(
            "/staff/login", data={"username": "admin", "password": "x", "csrf": "ü" * 40}
        ),
        await client.post(
            "/staff/login",
            data={"username": "admin", "password": "x" * (30 * 1024 * 1024), "csrf": "t"},
        ),
        await client.post(
            "/staff/login",
            data={"username": f"adm{NUL}in", "password": f"x{NUL}", "csrf": "t"},
        ),
    ]


async def answered_on_line(stub: LineStub, tokens: list[str]) -> set[str]:
    for _ in range(int(ANSWER_WAIT / 0.1)):
        done = {d.to for d in stub.delivered if d.via == "reply"} & set(tokens)
        if done == set(tokens):
            return done
        await asyncio.sleep(0.1)
    return {d.to for d in stub.delivered if d.via == "reply"} & set(tokens)


@pytest.mark.postgres
async def test_hostile_requests_then_ordinary_visitors_are_answered(
    hostile: tuple[httpx.AsyncClient, LineStub, Any],
) -> None:
    client, stub, app = hostile
    responses = [
        *await hostile_web(client),
        *await hostile_line(client),
        *await hostile_staff(client),
    ]
    failures = [(r.request.method, str(r.request.url)[:80], r.status_code) for r in responses]
    assert all(clean(r) for r in responses), [f for f in failures if f[2] >= 500]
    assert all(r.status_code < 500 for r in responses)
    staff = responses[-3:]
    assert [r.status_code for r in staff[:2]] == [403, 413]

    # Ordinary visitors, right after.
    tokens = []
    for n in range(10):
        item = events.text("How do I get to Kyoto from the airport?", who=events.user(100 + n))
        tokens.append(item["replyToken"])
        raw = line_body(item)
        assert (
            await client.post("/line/webhook", content=raw, headers=signed(raw))
        ).status_code == 200
    web = [
        await client.post(
            "/api/chat",
            json={"session": f"ordinary-{n}", "text": "How do I get to Kyoto from the airport?"},
        )
        for n in range(10)
    ]
    assert [r.status_code for r in web] == [200] * 10
    assert all(r.json()["reply"] for r in web)
    assert await answered_on_line(stub, tokens) == set(tokens)

    # Nothing is left holding a slot: the inbox drains, and what failed says why.
    inbox = app.state.runtime.inbox
    await asyncio.wait_for(inbox.drain(), timeout=ANSWER_WAIT)
    status = await app.state.runtime.store.inbox_failures.status()
    assert status.counts["working"] == 0
    assert all(NUL not in reason.reason for reason in status.reasons)
