"""Dashboard fixtures: the real app in process, accounts of each role, logged-in clients.

Questions are asked through the real web chat API (`POST /api/chat`), so what
the dashboard shows is what the conversation core actually logged.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.config import Settings
from bot.dashboard.auth import create_account
from bot.runtime import Runtime
from tests.conftest import make_settings

ADMIN_PASSWORD = "admin-password-1"
PASSWORD = "staff-password-1"
XSS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')
HTML = {"accept": "text/html"}

Login = Callable[..., Awaitable[httpx.AsyncClient]]


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def runtime_of(client: httpx.AsyncClient) -> Runtime:
    return client.app.state.runtime  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, FAIRBOT_ADMIN_PASSWORD=ADMIN_PASSWORD)


async def ask(
    client: httpx.AsyncClient, text: str, *, session: str = "visitor-1", **context: Any
) -> dict[str, Any]:
    """A visitor question through the web chat API; returns its JSON answer."""
    response = await client.post("/api/chat", json={"session": session, "text": text, **context})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def login_as(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    page = await client.get("/staff/login")
    data = {"username": username, "password": password, "csrf": csrf_of(page.text)}
    return await client.post("/staff/login", data=data)


async def post_form(client: httpx.AsyncClient, path: str, page: str, **data: Any) -> httpx.Response:
    """Submit a form the way a browser does: with the CSRF token from `page`."""
    token = csrf_of((await client.get(page, headers=HTML)).text)
    return await client.post(path, data={"csrf": token, **data})


@pytest.fixture
async def other_fair(app_client: httpx.AsyncClient) -> str:
    """A second fair with an Osaka booth, for "cannot see other fairs" checks."""
    store = runtime_of(app_client).store
    await store.fairs.add_fair("other-fair", "Other fair", country="TH")
    await store.fairs.add_booth("other-fair", "osaka", prefecture="JP-27", name="Osaka")
    return "other-fair"


@pytest.fixture
async def login(app_client: httpx.AsyncClient, other_fair: str) -> AsyncIterator[Login]:
    """`await login(role, fair=..., prefecture=...)` → a client logged in with a new account.

    Each client shares the app (and its database) but has its own cookies.
    """
    clients: list[httpx.AsyncClient] = []
    transport = httpx.ASGITransport(app=app_client.app)  # type: ignore[attr-defined]
    count = 0

    async def make(role: str, **scope: Any) -> httpx.AsyncClient:
        nonlocal count
        count += 1
        client = httpx.AsyncClient(transport=transport, base_url="http://fairbot.test")
        client.app = app_client.app  # type: ignore[attr-defined]
        clients.append(client)
        if role == "admin" and not scope.get("new"):
            username, password = "admin", ADMIN_PASSWORD
        else:
            username, password = f"{role}{count}", PASSWORD
            await create_account(
                runtime_of(app_client).store, username, password, role=role,
                fair_id=scope.get("fair"), prefecture=scope.get("prefecture"),
            )  # fmt: skip
        response = await login_as(client, username, password)
        assert response.status_code == 303, response.text
        return client

    yield make
    for client in clients:
        await client.aclose()
