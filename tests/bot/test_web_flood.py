"""Flood control through the real app: per client address and a global ceiling, 429 with
Retry-After and a polite message the page shows; other clients are still answered."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from handlers import texts
from handlers.i18n import gettext
from tests.conftest import make_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(
        tmp_path,
        FAIRBOT_FLOOD_CHAT_PER_CLIENT=25,  # a burst of 5
        FAIRBOT_FLOOD_CHAT_TOTAL=1000,
        FAIRBOT_FLOOD_POLL_PER_CLIENT=25,
        FAIRBOT_FLOOD_POLL_TOTAL=1000,
    )


@pytest.fixture
async def clients(app_client: httpx.AsyncClient) -> AsyncIterator[list[httpx.AsyncClient]]:
    """Two clients of the same app from different addresses."""
    app = app_client.app  # type: ignore[attr-defined]
    made = [
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=(address, 4000)),
            base_url="http://fairbot.test",
        )
        for address in ("198.51.100.10", "198.51.100.11")
    ]
    yield made
    for client in made:
        await client.aclose()


async def test_one_address_rotating_sessions_is_limited_others_are_not(
    clients: list[httpx.AsyncClient],
) -> None:
    flooder, visitor = clients
    answers = [
        await flooder.post(
            "/api/chat",
            json={"session": f"rotating-{n}", "text": "hello"},
            headers={"accept-language": "th-TH,th;q=0.9"},
        )
        for n in range(8)
    ]
    codes = [a.status_code for a in answers]
    assert codes[:5] == [200] * 5 and set(codes[5:]) == {429}
    refused = answers[-1]
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.json()["error"] == gettext("th", texts.SLOW_DOWN)  # the page shows this
    ok = await visitor.post("/api/chat", json={"session": "calm", "text": "hello"})
    assert ok.status_code == 200 and ok.json()["reply"]


async def test_polling_is_limited_too(clients: list[httpx.AsyncClient]) -> None:
    flooder, visitor = clients
    codes = [
        (await flooder.get("/api/messages", params={"session": "s", "after": "0"})).status_code
        for _ in range(8)
    ]
    assert codes[:5] == [200] * 5 and set(codes[5:]) == {429}
    ok = await visitor.get("/api/messages", params={"session": "s", "after": "0"})
    assert ok.status_code == 200
