"""Sending survives a Bot API that is briefly unreachable, and never sends twice on a timeout."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from telegram.error import NetworkError, TimedOut

import bot.telegram.sending as telegram_module
from bot.telegram import TelegramChannel


class FlakyBot:
    """Fails the first `failures` sends with `error`, then records what is sent."""

    def __init__(self, failures: int, error: Exception) -> None:
        self.failures = failures
        self.error = error
        self.attempts = 0
        self.sent: list[str] = []

    async def send_message(self, chat_id: Any, text: str, reply_markup: Any = None) -> None:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise self.error
        self.sent.append(text)


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(telegram_module, "SEND_RETRY_DELAYS", (0, 0, 0))


async def test_connection_failures_are_retried_until_sent() -> None:
    bot = FlakyBot(failures=2, error=NetworkError("connection refused"))
    await TelegramChannel.send_message(SimpleNamespace(bot=bot), 42, "hello", None)  # type: ignore[arg-type]
    assert bot.sent == ["hello"] and bot.attempts == 3


async def test_a_longer_outage_surfaces_the_error() -> None:
    bot = FlakyBot(failures=10, error=NetworkError("connection refused"))
    with pytest.raises(NetworkError):
        await TelegramChannel.send_message(SimpleNamespace(bot=bot), 42, "hello", None)  # type: ignore[arg-type]
    assert bot.sent == [] and bot.attempts == 4


async def test_a_timeout_is_not_retried_because_it_may_have_been_delivered() -> None:
    bot = FlakyBot(failures=1, error=TimedOut())
    with pytest.raises(TimedOut):
        await TelegramChannel.send_message(SimpleNamespace(bot=bot), 42, "hello", None)  # type: ignore[arg-type]
    assert bot.attempts == 1
