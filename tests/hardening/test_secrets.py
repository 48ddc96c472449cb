"""Secrets and keys: never in a log line; one shared, long key where instances share data."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from bot import logs
from bot.config import ConfigError, load_settings
from bot.runtime import check_shared_secret
from storage import Store
from storage.inbox import lease_name
from tests.conftest import make_settings

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"


def test_the_bot_api_url_is_scrubbed_from_http_client_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logs.install(["channel-secret-value"])
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")
    url = httpx.URL(f"https://api.telegram.org/bot{TOKEN}/getMe")
    logging.getLogger("httpx").info('HTTP Request: %s %s "%s"', "POST", url, "HTTP/1.1 200 OK")
    logging.getLogger("bot.x").warning("signed with %s", "channel-secret-value")
    try:
        raise RuntimeError(f"Client error for url {url}")
    except RuntimeError:
        logging.getLogger("bot.y").exception("call failed")
    assert len(caplog.records) == 3
    assert TOKEN not in caplog.text and "channel-secret-value" not in caplog.text
    assert "[secret]" in caplog.text and "getMe" in caplog.text
    assert all(TOKEN not in record.getMessage() for record in caplog.records)


def test_http_clients_stay_quiet_by_default() -> None:
    logging.getLogger("httpx").setLevel(logging.NOTSET)
    logs.install()
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)


def test_postgresql_needs_a_secret_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FAIRBOT_DATABASE_URL", "postgresql+asyncpg://fairbot@db/fairbot")
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", "line-token-never-shown")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert "FAIRBOT_SECRET_KEY" in message and "\n" not in message
    assert "line-token-never-shown" not in message
    monkeypatch.setenv("FAIRBOT_SECRET_KEY", "k" * 40)
    assert load_settings().secret() == "k" * 40


def test_a_short_secret_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAIRBOT_SECRET_KEY", "short-key")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "FAIRBOT_SECRET_KEY" in str(caught.value) and "short-key" not in str(caught.value)


async def test_a_generated_key_is_refused_beside_other_instances(
    sqlite_store: Store, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, FAIRBOT_SECRET_KEY=None)
    await check_shared_secret(settings, sqlite_store, "me")  # alone: a generated key is fine
    await sqlite_store.leases.acquire(lease_name("me"), "me", timedelta(seconds=20))
    await check_shared_secret(settings, sqlite_store, "me")  # its own lease does not count
    await sqlite_store.leases.acquire(lease_name("other"), "other", timedelta(seconds=20))
    with pytest.raises(ConfigError, match="FAIRBOT_SECRET_KEY"):
        await check_shared_secret(settings, sqlite_store, "me")
    configured = make_settings(tmp_path)
    await check_shared_secret(configured, sqlite_store, "me")
