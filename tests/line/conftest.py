"""LINE fixtures: the stub Messaging API on 127.0.0.1 and the real app pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import DEV_KB, make_settings
from tests.line import events
from tests.line.stub import LineStub

if TYPE_CHECKING:
    from bot.runtime import Runtime

SECRET = "line-test-channel-secret"
TOKEN = "line-test-access-token"
SIGN = object()  # default: sign the body correctly


@pytest.fixture
async def line_stub() -> AsyncIterator[LineStub]:
    """The stub; a request that breaks LINE's spec fails the test that caused it."""
    stub = LineStub(TOKEN)
    await stub.start()
    yield stub
    await stub.close()
    if stub.violations:
        pytest.fail("requests broke LINE's OpenAPI spec:\n" + "\n".join(stub.violations))


@dataclass
class LineApp:
    client: httpx.AsyncClient
    app: Starlette
    stub: LineStub

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime

    @property
    def channel(self) -> Any:
        return self.runtime.channels.by_platform["line"]

    async def post(
        self, body: dict | str | bytes, *, signature: Any = SIGN, **headers: str
    ) -> httpx.Response:
        raw = events.encode(body)
        if signature is SIGN:
            signature = events.sign(raw, SECRET)
        if signature is not None:
            headers["X-Line-Signature"] = signature
        headers.setdefault("Content-Type", "application/json")
        return await self.client.post("/line/webhook", content=raw, headers=headers)

    async def deliver(self, *items: dict) -> httpx.Response:
        """Post one signed delivery of `items` and wait until they are processed."""
        response = await self.post(events.delivery(*items))
        await self.drain()
        return response

    async def drain(self) -> None:
        assert self.runtime.inbox is not None
        await self.runtime.inbox.drain()


async def open_line_app(tmp_path: Path, stub: LineStub, **env: Any) -> AsyncIterator[LineApp]:
    from bot.app import create_app

    settings = make_settings(
        tmp_path,
        LINE_CHANNEL_SECRET=SECRET,
        LINE_CHANNEL_ACCESS_TOKEN=TOKEN,
        LINE_API_BASE_URL=stub.url,
        FAIRBOT_SPOOL_DIR=str(tmp_path / "spool"),
        FAIRBOT_KB=str(DEV_KB),
        **env,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://fairbot.test") as client:
            harness = LineApp(client, app, stub)
            harness.channel.sender.delays = (0.0, 0.0, 0.0)  # retries without waiting
            yield harness


@pytest.fixture
async def line_app(tmp_path: Path, line_stub: LineStub) -> AsyncIterator[LineApp]:
    """The real app (SQLite) with LINE on, its Messaging API calls going to the stub."""
    async for harness in open_line_app(tmp_path, line_stub):
        yield harness


@pytest.fixture
async def line_app_db(tmp_path: Path, line_stub: LineStub, db_url: str) -> AsyncIterator[LineApp]:
    """The same on SQLite and on PostgreSQL (for storage-sensitive behaviour)."""
    async for harness in open_line_app(tmp_path, line_stub, FAIRBOT_DATABASE_URL=db_url):
        yield harness
