"""The database lost while a web chat message is being answered: the answer still arrives, once.

The `fault-postgres` load run stops PostgreSQL mid-run, which must not happen to
the server other tests share. Here the outage is made at the storage boundary
instead, on SQLite: once a chosen statement has gone through (and its
transaction committed), the next statements fail the way a lost connection
does (`sqlite3.OperationalError`, wrapped by SQLAlchemy), then the database
comes back. Nothing above storage is patched.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import httpx
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.runtime import Runtime
from storage.models import InboxEvent, Inquiry


class Outage:
    """Statements fail for a while, starting after a chosen statement has run.

    `arm(prefix, failures)`: after the next statement starting with `prefix`,
    the following `failures` statements fail; then the database is back.
    Counting failures, not seconds, keeps the test independent of the clock.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.triggers: list[tuple[str, int]] = []
        self.failing = 0
        self.failed = 0
        event.listen(engine.sync_engine, "before_cursor_execute", self._before)
        event.listen(engine.sync_engine, "after_cursor_execute", self._after)

    def arm(self, prefix: str, failures: int) -> None:
        self.triggers.append((prefix.upper(), failures))

    def close(self) -> None:
        event.remove(self.engine.sync_engine, "before_cursor_execute", self._before)
        event.remove(self.engine.sync_engine, "after_cursor_execute", self._after)

    def _before(self, *args: Any) -> None:
        if self.failing > 0:
            self.failing -= 1
            self.failed += 1
            raise sqlite3.OperationalError("disk I/O error")  # what a lost database looks like

    def _after(self, _conn: Any, _cursor: Any, statement: str, *args: Any) -> None:
        if self.triggers and statement.lstrip().upper().startswith(self.triggers[0][0]):
            _, failures = self.triggers.pop(0)
            self.failing = failures


def runtime_of(client: httpx.AsyncClient) -> Runtime:
    return client.app.state.runtime  # type: ignore[attr-defined]


async def bot_messages(client: httpx.AsyncClient, session: str) -> list[dict[str, Any]]:
    found = (await client.get("/api/messages", params={"session": session})).json()
    return [m for m in found["messages"] if m["from"] == "bot"]


async def logged(runtime: Runtime, event_id: str) -> list[int]:
    async with runtime.store.inquiries.sessions() as session:
        rows = await session.scalars(
            select(Inquiry.id).where(Inquiry.platform == "web", Inquiry.event_id == event_id)
        )
        return list(rows)


async def status(runtime: Runtime, event_id: str) -> str:
    async with runtime.store.inbox.sessions() as session:
        found = await session.scalar(
            select(InboxEvent.status).where(InboxEvent.event_id == event_id)
        )
        assert found is not None
        return found


async def prepared(client: httpx.AsyncClient, session: str) -> tuple[Runtime, Outage]:
    runtime = runtime_of(client)
    assert runtime.inbox is not None
    runtime.inbox.workers.retry_seconds = 0.01  # outage retries: no need to wait a second
    first = await client.post("/api/chat", json={"session": session, "text": "/start"})
    assert first.status_code == 200  # the page's first call: the visitor exists, in English
    return runtime, Outage(runtime.store.engine)


async def test_database_lost_after_the_inquiry_is_logged_still_answers_once(
    app_client: httpx.AsyncClient,
) -> None:
    """The request logs the inquiry, then loses the database: 202, then one answer."""
    runtime, outage = await prepared(app_client, "web-o1")
    try:
        # The question is in Japanese: after logging it the request records the
        # visitor's new language, and that statement meets the outage.
        outage.arm("INSERT INTO inquiries", failures=3)
        response = await app_client.post(
            "/api/chat", json={"session": "web-o1", "text": "京都への行き方は？", "id": "o-1"}
        )
        assert response.status_code == 202 and response.json()["queued"] is True
        assert outage.failed >= 1
        await runtime.inbox.drain()
    finally:
        outage.close()
    [inquiry_id] = await logged(runtime, "o-1")  # logged once
    late = await bot_messages(app_client, "web-o1")
    assert [m["inquiry_id"] for m in late] == [str(inquiry_id)]  # answered once, via the poll
    assert late[0]["text"]
    assert await status(runtime, "o-1") == "done"


async def test_database_lost_after_the_replay_logged_the_inquiry_still_answers_once(
    app_client: httpx.AsyncClient,
) -> None:
    """The request fails before logging; its background replay logs, then loses the database."""
    runtime, outage = await prepared(app_client, "web-o2")
    try:
        # The message is stored (held by the request), then the database goes away:
        # the request answers 202 and the replay retries until it is back ...
        outage.arm("INSERT INTO inbox_events", failures=2)
        # ... and the replay's inquiry goes through, then the database goes away again.
        outage.arm("INSERT INTO inquiries", failures=2)
        response = await app_client.post(
            "/api/chat",
            json={
                "session": "web-o2",
                "text": "how do I get to Kyoto from the airport",
                "id": "o-2",
            },
        )
        assert response.status_code == 202 and response.json()["queued"] is True
        await runtime.inbox.drain()
        assert not outage.triggers and outage.failed == 4  # both outages happened
    finally:
        outage.close()
    [inquiry_id] = await logged(runtime, "o-2")
    late = await bot_messages(app_client, "web-o2")
    assert [m["inquiry_id"] for m in late] == [str(inquiry_id)]
    assert "Kyoto" in late[0]["text"]
    assert await status(runtime, "o-2") == "done"


async def test_a_resend_during_an_outage_is_asked_to_retry_not_a_500(
    app_client: httpx.AsyncClient,
) -> None:
    """A resend (its message stored already) meeting the outage: 503, then the answer."""
    runtime, outage = await prepared(app_client, "web-o3")
    body = {"session": "web-o3", "text": "how do I get to Kyoto from the airport", "id": "o-3"}
    first = (await app_client.post("/api/chat", json=body)).json()
    try:
        outage.arm("INSERT INTO inbox_events", failures=1)  # the resend's store, then down
        response = await app_client.post("/api/chat", json=body)
        assert outage.failed == 1
    finally:
        outage.close()
    assert response.status_code == 503 and "retrying" in response.json()["error"]
    again = (await app_client.post("/api/chat", json=body)).json()
    assert again["duplicate"] is True and again["inquiry_id"] == first["inquiry_id"]
    assert again["reply"] == first["reply"]
    assert len(await logged(runtime, "o-3")) == 1
