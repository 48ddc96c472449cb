"""The LINE channel: a thin adapter between LINE's Messaging API and the conversation core.

`POST /line/webhook` checks `X-Line-Signature` with line-bot-sdk's
`WebhookParser`, stores every event in the durable inbox under its
`webhookEventId` (so a redelivery is recognised) and answers 200 at once;
each event is then processed once in a tracked background task: translated to
an `Incoming` (bot.line.events), handled, and answered through one long-lived
`AsyncMessagingApi` (bot.line.sender: reply token first, push as fallback).
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections import OrderedDict
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

import aiohttp
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import AsyncApiClient, AsyncMessagingApi, Configuration
from linebot.v3.messaging.exceptions import ApiException
from linebot.v3.webhooks import Event, EventMode, UnfollowEvent
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from bot.config import Settings
from bot.edge import BodyError, parse_json, read_body
from bot.inbox import NETWORK_WAITS, Delivery
from bot.line.events import PLATFORM, addresses, chat_key, to_incoming
from bot.line.replies import batches, to_messages
from bot.line.sender import NETWORK_ERRORS, LineSender, retry_key
from bot.runtime import Runtime
from handlers.clean import clean_value, storable_id
from handlers.staff import Outgoing
from storage.errors import describe

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # LINE's deliveries are a few KB; anything near this is not LINE
PROFILE_CACHE = 10_000


def configuration(settings: Settings) -> Configuration:
    token = settings.line_channel_access_token
    config = Configuration(
        host=settings.line_api_base_url.rstrip("/"),
        access_token=token.get_secret_value() if token else None,
    )
    # As many connections as the inbox lets calls wait at once: none of them
    # queues for a connection inside its own timeout (the SDK's default is 5 a core).
    config.connection_pool_maxsize = NETWORK_WAITS
    return config


def api_client(settings: Settings) -> AsyncApiClient:
    """The SDK's API client, with the environment's proxy settings read once.

    line-bot-sdk opens its aiohttp session with `trust_env=True`, so every API
    call re-read the proxy variables and ~/.netrc: about 5% of an instance's
    busy time under load (py-spy, bench.load). The proxy is resolved here, once,
    and the session keeps the SDK's connector without re-reading anything.
    Call from a running event loop.
    """
    config = configuration(settings)
    host = urlsplit(config.host)
    if config.proxy is None and not proxy_bypass(host.hostname or ""):
        config.proxy = getproxies().get(host.scheme)
    client = AsyncApiClient(config)
    rest = client.rest_client
    connector = rest.pool_manager.connector
    rest.pool_manager.detach()  # the SDK's session lets go of its connector, unclosed
    rest.pool_manager = aiohttp.ClientSession(connector=connector, trust_env=False)
    return client


async def basic_id_from_api(settings: Settings) -> str | None:
    """The official account's basic id ("@abc1234") from bot info; None if LINE will not say."""
    if settings.line_channel_access_token is None:
        return None
    try:
        async with api_client(settings) as client:
            info = await AsyncMessagingApi(client).get_bot_info(_request_timeout=10.0)
    except (ApiException, *NETWORK_ERRORS) as exc:
        log.warning("could not get the LINE bot's basic id: %s", str(exc).splitlines()[0])
        return None
    return info.basic_id


class WebhookError(Exception):
    """A delivery refused before anything was stored; `status` is the HTTP answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class LineChannel:
    """bot.channels.Channel for LINE.

    The webhook keeps each event's raw JSON in the inbox (what a replay after a
    crash needs); `process` turns it into the SDK's typed event again with
    `Event.from_dict`, the same call `WebhookParser` makes, and works from that.
    """

    platform = PLATFORM

    def __init__(
        self, settings: Settings, *, sender_delays: tuple[float, ...] = (0.5, 2.0, 5.0)
    ) -> None:
        secret = settings.line_channel_secret
        if secret is None or settings.line_channel_access_token is None:
            raise ValueError("LINE needs LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN")
        self.settings = settings
        self.parser = WebhookParser(secret.get_secret_value())
        self.sender_delays = sender_delays
        self.runtime: Runtime | None = None
        self.client: AsyncApiClient | None = None
        self.sender: LineSender | None = None
        self.languages: OrderedDict[str, str | None] = OrderedDict()

    def routes(self) -> list[BaseRoute]:
        return [Route("/line/webhook", self.webhook, methods=["POST"])]

    async def start(self, runtime: Runtime) -> None:
        """Open the one API client (its HTTP pool lives as long as the app) and register."""
        self.runtime = runtime
        self.client = api_client(self.settings)
        self.sender = LineSender(AsyncMessagingApi(self.client), delays=self.sender_delays)
        runtime.inbox.register(PLATFORM, self.process, chat_key)

    async def stop(self) -> None:
        if self.client is not None:
            await self.client.close()
            self.client = self.sender = None

    async def webhook(self, request: Request) -> Response:
        """Verify, store every event, acknowledge; processing happens in the background."""
        runtime = self.runtime
        if runtime is None:
            return PlainTextResponse("LINE channel is not running", status_code=503)
        try:
            events = await self.parse(request)
        except WebhookError as exc:
            log.warning("LINE webhook refused (%s): %s", exc.status, exc)
            return PlainTextResponse(str(exc), status_code=exc.status)
        # Cleaned at the edge: ids and texts a database would refuse (NUL, lone
        # surrogates) never reach the inbox, whoever signed the body.
        events = [cleaned for raw in events if isinstance(cleaned := clean_value(raw), dict)]
        keyed = [
            (storable_id(str(raw.get("webhookEventId") or "") or fallback_id(raw)), raw)
            for raw in events
        ]
        fresh = await runtime.inbox.accept_many(PLATFORM, keyed)
        if len(events) > fresh:
            log.info("LINE: %d event(s) seen before, not processed again", len(events) - fresh)
        return PlainTextResponse("OK")

    async def parse(self, request: Request) -> list[dict[str, Any]]:
        """The delivery's raw events, once the SDK has checked the signature and parsed them."""
        signature = request.headers.get("x-line-signature")
        if not signature:
            raise WebhookError(400, "missing X-Line-Signature")
        try:
            raw = await read_body(request, MAX_BODY)
            parsed = parse_json(raw)  # malformed or deeply nested: a clear 400, not a crash
        except BodyError as exc:
            raise WebhookError(exc.status, f"not a LINE webhook body: {exc}") from None
        body = raw.decode("utf-8", "replace")
        try:
            self.parser.parse(body, signature)
        except InvalidSignatureError:
            raise WebhookError(400, "bad X-Line-Signature") from None
        except Exception as exc:  # the SDK's parser on a shape it does not expect
            raise WebhookError(400, f"not a LINE webhook body: {type(exc).__name__}") from None
        events = parsed.get("events") if isinstance(parsed, dict) else None
        if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
            raise WebhookError(400, "not a LINE webhook body: events must be a list of objects")
        return events

    async def process(self, payload: dict[str, Any]) -> Delivery | None:
        """Handle one stored event (the inbox calls this once per event id).

        Returns the sending of the answer, which the inbox runs outside its
        processing slots (the API call is a wait, not work).
        """
        assert self.runtime is not None and self.sender is not None
        sender = self.sender
        try:
            event = Event.from_dict(payload)
        except Exception:  # a shape the SDK cannot read: nothing to answer, nothing to retry
            log.info("LINE %r event not handled", str(payload.get("type"))[:32])
            return None
        standby = event.mode == EventMode.STANDBY
        who = addresses(event.source)
        hint = None
        if who is not None and not isinstance(event, UnfollowEvent):
            hint = await self.profile_language(who[0])
        incoming = to_incoming(event, hint)
        if incoming is None:
            log.info("LINE %s event %s not handled", event.type, event.webhook_event_id)
            return None
        if standby:  # another bot owns the chat: log the question, never answer
            log.info("LINE event %s in standby mode: logged, not answered", incoming.event_id)
            await self.runtime.conversation.handle(replace(incoming, silent=True))
            return None
        result = await self.runtime.conversation.handle(incoming)
        messages = to_messages(result.replies)
        token = getattr(event, "reply_token", None)
        sent_at = event.timestamp / 1000
        if not messages:
            return None
        if result.duplicate:
            # Handled before: a replay after a crash between logging and replying. A
            # reply token works once, so replying again reaches the visitor only if the
            # first try never did; no push, which could be a second copy.
            if not token:
                return None
            first = batches(messages)[0]

            async def reply_again() -> None:
                await sender.reply(token, first, sent_at=sent_at)

            return reply_again

        async def respond() -> None:
            await sender.respond(
                token, incoming.chat_id, messages, incoming.event_id, sent_at=sent_at
            )

        return respond

    async def profile_language(self, user_id: str) -> str | None:
        """The language of the visitor's LINE app (cached): a prior for replies."""
        if user_id in self.languages:
            self.languages.move_to_end(user_id)
            return self.languages[user_id]
        assert self.sender is not None and self.runtime is not None
        try:
            async with self.runtime.inbox.slot_released():  # a network wait, not work
                profile = await self.sender.api.get_profile(user_id, _request_timeout=5.0)
        except ApiException as exc:
            if exc.status not in (400, 404):
                log.info("LINE profile lookup failed (%s)", exc.status)
                return None
            language = None  # not a friend, or not a user LINE will describe: remember that
        except NETWORK_ERRORS as exc:
            log.info("LINE profile lookup failed (%s)", type(exc).__name__)
            return None
        except Exception as exc:  # an answer the SDK cannot parse, a bug: degrade, never lose
            log.warning("LINE profile lookup failed (%s): answering without it", describe(exc))
            return None
        else:
            language = profile.language if isinstance(profile.language, str) else None
        self.languages[user_id] = language
        if len(self.languages) > PROFILE_CACHE:
            self.languages.popitem(last=False)
        return language

    async def send(self, outgoing: Outgoing) -> None:
        """Push a staff answer; one retry key per call, so only its own retries dedupe."""
        if self.sender is None:
            raise RuntimeError("the LINE channel is not started")
        if not outgoing.chat_id:
            log.warning("LINE visitor %s has no chat id: answer not sent", outgoing.visitor_id)
            return
        seed = f"outgoing:{uuid.uuid4()}"
        for index, group in enumerate(batches(to_messages([outgoing.reply]))):
            await self.sender.push(outgoing.chat_id, group, retry_key(seed, index))


def fallback_id(raw: dict[str, Any]) -> str:
    """An id for an event without `webhookEventId` (not LINE's format, but keep it once)."""
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False).encode()
    return "sha256:" + hashlib.sha256(canonical).hexdigest()[:40]
