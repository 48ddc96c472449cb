"""Bot API plumbing for the Telegram channel: HTTP clients, rate limits, webhook
address and secret, per-chat ordering, and the lease that lets one instance poll.

Kept apart from `bot/telegram.py` so the channel reads as translation and flow.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter
from telegram.request import BaseRequest, HTTPXRequest

from bot.config import Settings
from bot.lease import LeaseLoop
from storage import Store

log = logging.getLogger(__name__)


def make_request(*, polling: bool) -> BaseRequest:
    """The HTTP client for Bot API calls; tests swap in one that records every call."""
    if polling:
        return HTTPXRequest(connection_pool_size=1, read_timeout=5.0)
    return HTTPXRequest(connection_pool_size=64)


def api_base(settings: Settings) -> str:
    """PTB appends the token to this: `<TELEGRAM_API_BASE_URL>/bot<token>/<method>`."""
    return settings.telegram_api_base_url.rstrip("/") + "/bot"


def token_of(settings: Settings) -> str:
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    return settings.telegram_bot_token.get_secret_value()


class FairRateLimiter(AIORateLimiter):
    """PTB's limiter (30 msg/s overall, 20/min per group, retries on RetryAfter),
    plus about one message a second per private chat, allowing a burst of three
    so a notice, an answer and its follow-up are not held back.
    """

    def __init__(self, max_retries: int = 3) -> None:
        super().__init__(max_retries=max_retries)
        self.chat_limiters: dict[int, AsyncLimiter] = {}

    async def process_request(
        self,
        callback: Callable[..., Any],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        chat_id = data.get("chat_id")
        if isinstance(chat_id, int | str) and str(chat_id).isdigit():  # a private chat
            if len(self.chat_limiters) > 4096:
                self.chat_limiters = {
                    k: v for k, v in self.chat_limiters.items() if not v.has_capacity(v.max_rate)
                }
            limiter = self.chat_limiters.setdefault(int(chat_id), AsyncLimiter(3, 3))
            async with limiter:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )


@dataclass(frozen=True)
class Webhook:
    """Where Telegram posts updates, and the secret it must send with them.

    A `TELEGRAM_WEBHOOK_URL` with a path is used as given; a bare origin gets
    a path derived from the bot token, so the URL itself is hard to guess.
    The secret is `TELEGRAM_SECRET_TOKEN`, else also derived from the token.
    """

    url: str
    path: str
    secret: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Webhook:
        token = token_of(settings).encode()
        url = (settings.telegram_webhook_url or "").rstrip("/")
        path = urlsplit(url).path
        if not path:
            path = "/telegram/" + hmac.new(token, b"webhook-path", hashlib.sha256).hexdigest()[:32]
            url += path
        secret = (
            settings.telegram_secret_token.get_secret_value()
            if settings.telegram_secret_token
            else hmac.new(token, b"webhook-secret", hashlib.sha256).hexdigest()
        )
        return cls(url, path, secret)


class PollingLease:
    """Telegram serves getUpdates to one consumer only: instances sharing a database
    take a lease, and only its holder long-polls. The holder renews it; a
    stand-by instance takes over once a crashed holder's lease expires.
    """

    name = "telegram-polling"

    def __init__(
        self,
        store: Store,
        start: Callable[[], Awaitable[None]],
        stop: Callable[[], Awaitable[None]],
        *,
        ttl: timedelta = timedelta(seconds=60),
        renew_seconds: float = 20.0,
    ) -> None:
        self.store = store
        self.start_polling, self.stop_polling = start, stop
        self.ttl, self.renew_seconds = ttl, renew_seconds
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.polling = False
        self.task: asyncio.Task[None] | None = None
        self.lease = LeaseLoop(
            store, self.name, self.holder, ttl=ttl, every=renew_seconds, on_beat=self.held
        )

    async def begin(self) -> None:
        """Poll now if the lease is free, and keep renewing (or waiting for it)."""
        await self.check()
        self.task = asyncio.create_task(self.lease.run())

    async def check(self) -> None:
        await self.lease.beat()

    async def held(self, held: bool) -> None:
        """Start polling when this instance has the lease, stop when it lost it."""
        if held and not self.polling:
            await self.start_polling()
            self.polling = True
            log.info("telegram: polling lease taken by %s", self.holder)
        elif not held and self.polling:
            await self.stop_polling()
            self.polling = False
            log.warning("telegram: polling lease lost; %s stands by", self.holder)
        elif not held:
            log.info("telegram: another instance polls; %s stands by", self.holder)

    async def end(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None
        if self.polling:
            await self.stop_polling()
            self.polling = False
        await self.lease.release()
