"""Sending to LINE: reply with the token, fall back to push, never deliver a push twice.

A reply token is single-use and expires within about a minute, so a reply
can fail with "Invalid reply token" when processing was slow, replayed after a
restart, or the token was already used. Then the messages are pushed instead.
A reply that fails ambiguously (5xx, network) may still have been delivered,
so it is retried with the same token first: a token LINE now calls invalid,
while still young, was used by that earlier try, and nothing is pushed.
Pushes carry an `X-Line-Retry-Key`; LINE accepts a key once and answers 409
to a repeat, so pushes are retried on 5xx, 429 and network errors with the
same key and cannot arrive twice. Keys for an event are derived from its
`webhookEventId`, so a replayed event reuses them too.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence

import aiohttp
from linebot.v3.messaging import (
    AsyncMessagingApi,
    PushMessageRequest,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.messaging.exceptions import ApiException

from bot.line.replies import batches

log = logging.getLogger(__name__)

RETRY_NAMESPACE = uuid.UUID("6f0c2a52-0d8e-4a5e-9d0f-1c1b5e3a7a10")
NETWORK_ERRORS = (aiohttp.ClientError, TimeoutError)
TOKEN_YOUNG = 40.0  # seconds


def retry_key(seed: str, index: int) -> str:
    """A stable UUID for the `index`th push made on behalf of `seed` (an event id)."""
    return str(uuid.uuid5(RETRY_NAMESPACE, f"{seed}:{index}"))


def token_young(sent_at: float | None) -> bool:
    """Whether a reply token is young enough that "invalid" can only mean "used".

    LINE asks for replies within about a minute; past TOKEN_YOUNG seconds an
    invalid token may simply have expired (unknown age counts as young).
    """
    return sent_at is None or time.time() - sent_at < TOKEN_YOUNG


def retryable(status: int | None) -> bool:
    return status is not None and (status >= 500 or status == 429)


def invalid_token(exc: ApiException) -> bool:
    body = exc.body.decode("utf-8", "replace") if isinstance(exc.body, bytes) else str(exc.body)
    return exc.status == 400 and "reply token" in body.lower()


class LineSender:
    def __init__(
        self,
        api: AsyncMessagingApi,
        *,
        delays: Sequence[float] = (0.5, 2.0, 5.0),
        timeout: float = 10.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.api = api
        self.delays = tuple(delays)  # one wait before each retry: len(delays) + 1 attempts
        self.timeout = timeout
        self.sleep = sleep

    async def respond(
        self,
        reply_token: str | None,
        to: str,
        messages: Sequence[TextMessage],
        seed: str,
        *,
        sent_at: float | None = None,
    ) -> None:
        """Send an event's answer: the first five by reply, the rest (or all) by push.

        `sent_at` is when LINE sent the event (epoch seconds): how old its token is.
        """
        groups = batches(messages)
        first = 0
        if groups and reply_token and await self.reply(reply_token, groups[0], sent_at=sent_at):
            first = 1
        for index in range(first, len(groups)):
            await self.push(to, groups[index], retry_key(seed, index))

    async def reply(
        self, token: str, messages: list[TextMessage], *, sent_at: float | None = None
    ) -> bool:
        """True when LINE has the reply; False when a push should carry it instead."""
        request = ReplyMessageRequest(reply_token=token, messages=messages)
        for attempt in range(len(self.delays) + 1):
            try:
                await self.api.reply_message(request, _request_timeout=self.timeout)
                return True
            except ApiException as exc:
                if invalid_token(exc):
                    if attempt > 0 and token_young(sent_at):
                        log.info("LINE reply got through before its error: not pushed again")
                        return True
                    log.info("LINE reply token expired or used: pushing instead")
                    return False
                if not retryable(exc.status):
                    raise
                failure = str(exc.status)
            except NETWORK_ERRORS as exc:
                failure = type(exc).__name__
            if attempt == len(self.delays) or not token_young(sent_at):
                log.warning("LINE reply failed (%s): pushing instead", failure)
                return False
            log.warning("LINE reply failed (%s); retrying with the same token", failure)
            await self.sleep(self.delays[attempt])
        return False

    async def push(self, to: str, messages: list[TextMessage], key: str) -> None:
        """Push with retries under one retry key; a 409 means an earlier try got through."""
        request = PushMessageRequest(to=to, messages=messages)
        for attempt in range(len(self.delays) + 1):
            last = attempt == len(self.delays)
            try:
                await self.api.push_message(
                    request, x_line_retry_key=key, _request_timeout=self.timeout
                )
            except ApiException as exc:
                if exc.status == 409:
                    log.info("LINE push %s was already accepted: not sent again", key)
                    return
                if last or not retryable(exc.status):
                    raise
                log.warning("LINE push %s failed (%s); retrying", key, exc.status)
            except NETWORK_ERRORS as exc:
                if last:
                    raise
                log.warning("LINE push %s failed (%s); retrying", key, type(exc).__name__)
            else:
                return
            await self.sleep(self.delays[attempt])
