"""Webhook mode through the ASGI app in process: secret header, redelivery, bad bodies.

The app still talks to the emulator for its outgoing Bot API calls (getMe,
setWebhook, the replies); updates are posted to the app by the test, since
the emulator sends no secret header.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from bot.telegram.transport import Webhook
from handlers import texts
from handlers.i18n import gettext
from storage.models import InboxEvent
from tests.conftest import make_settings
from tests.telegram.conftest import Rig, running_app
from tests.telegram.emulator_request import Recorder
from tests.telegram.kb import ENTRIES
from tests.telegram.user import TelegramUser

SECRET = "s3cr3t-Token_1"
update_ids = itertools.count(5_000_000)


@pytest.fixture
async def hooked(
    emulator: str, tmp_path: Path, recorder: Recorder
) -> AsyncIterator[tuple[Rig, httpx.AsyncClient]]:
    env = {"TELEGRAM_WEBHOOK_URL": "https://fairbot.example.org", "TELEGRAM_SECRET_TOKEN": SECRET}
    async with running_app(emulator, tmp_path, recorder, **env) as rig:
        transport = httpx.ASGITransport(app=rig.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://fairbot.test") as client:
            yield rig, client


def update_from(user: TelegramUser, text: str) -> dict[str, Any]:
    message = {k: v for k, v in user.message(text).items() if k != "botToken"}
    return {"update_id": next(update_ids), "message": {"message_id": 1, **message}}


async def inbox_rows(rig: Rig) -> int:
    async with rig.store.engine.connect() as connection:
        query = (
            select(func.count()).select_from(InboxEvent).where(InboxEvent.platform == "telegram")
        )
        return int((await connection.execute(query)).scalar_one())


async def test_the_webhook_is_registered_with_a_secret_path_and_token(
    hooked: tuple[Rig, httpx.AsyncClient],
) -> None:
    rig, _ = hooked
    webhook = rig.channel.webhook
    assert webhook is not None and webhook.path.startswith("/telegram/") and len(webhook.path) > 30
    [call] = [c for c in rig.recorder.calls if c.method == "setWebhook"]
    assert call.params["url"] == "https://fairbot.example.org" + webhook.path
    assert call.params["secret_token"] == SECRET
    assert "getUpdates" not in rig.recorder.methods()


@pytest.mark.parametrize("header", [None, "wrong", SECRET + "x", ""])
async def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_stored(
    hooked: tuple[Rig, httpx.AsyncClient], header: str | None
) -> None:
    rig, client = hooked
    assert rig.channel.webhook is not None
    headers = {} if header is None else {"X-Telegram-Bot-Api-Secret-Token": header}
    body = update_from(rig.user(3001), "How do I get to Himeji Castle?")
    response = await client.post(rig.channel.webhook.path, json=body, headers=headers)
    assert response.status_code == 401
    await rig.drain()
    assert await inbox_rows(rig) == 0
    assert await rig.store.inquiries.list() == []


async def test_a_redelivered_update_is_logged_and_answered_once(
    hooked: tuple[Rig, httpx.AsyncClient],
) -> None:
    rig, client = hooked
    assert rig.channel.webhook is not None
    user = rig.user(3002)
    body = update_from(user, "How do I get to Himeji Castle?")
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    for _ in range(2):
        response = await client.post(rig.channel.webhook.path, json=body, headers=headers)
        assert response.status_code == 200
    await rig.drain()
    assert await inbox_rows(rig) == 1
    [inquiry] = await rig.store.inquiries.list()
    assert inquiry.event_id == str(body["update_id"]) and inquiry.faq_id == "himeji-castle-access"
    notice, answer = await user.replies(2)
    assert notice.text == gettext("en", texts.PRIVACY_NOTICE, url="/privacy")
    assert answer.text.startswith(ENTRIES[0]["answer"]["en"])
    assert await user.fetch() == []


@pytest.mark.parametrize("content", [b"not json", b"[1, 2]", b'{"message": {"text": "no id"}}'])
async def test_a_body_that_is_no_update_is_rejected(
    hooked: tuple[Rig, httpx.AsyncClient], content: bytes
) -> None:
    rig, client = hooked
    assert rig.channel.webhook is not None
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    response = await client.post(rig.channel.webhook.path, content=content, headers=headers)
    assert response.status_code == 400
    assert await inbox_rows(rig) == 0


def test_webhook_url_path_and_secret_from_settings(tmp_path: Path) -> None:
    base = {"TELEGRAM_BOT_TOKEN": "1:A", "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/"}
    derived = Webhook.from_settings(make_settings(tmp_path, **base))
    assert derived.url == "https://bot.example.org" + derived.path
    assert derived.secret and derived.secret != "1:A"
    other_token = Webhook.from_settings(
        make_settings(tmp_path, **{**base, "TELEGRAM_BOT_TOKEN": "2:B"})
    )
    assert (other_token.path, other_token.secret) != (derived.path, derived.secret)
    given = Webhook.from_settings(
        make_settings(
            tmp_path, **{**base, "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg/hook"}
        )
    )
    assert (given.url, given.path) == ("https://bot.example.org/tg/hook", "/tg/hook")
