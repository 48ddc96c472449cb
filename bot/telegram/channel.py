"""The Telegram channel: a thin adapter between python-telegram-bot and the core.

Long polling when no public URL is configured (the default at a fair: no
inbound port), a webhook on the app's own Starlette server when
`TELEGRAM_WEBHOOK_URL` is set. Either way the PTB `Application` is driven
explicitly by the app's lifespan (initialize/start, stop/shutdown), and every
update is stored in the durable inbox before it is processed, once, in the
background (`bot/inbox/`). Translation lives in `bot/telegram/convert.py`,
booth staff in `bot/telegram/staff.py`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import Callable
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from telegram import Bot, BotCommand, ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import Forbidden, NetworkError, TelegramError, TimedOut
from telegram.ext import Application, ContextTypes, TypeHandler
from telegram.request import BaseRequest

from bot.config import Settings
from bot.runtime import Runtime
from bot.telegram.convert import CallbackCodec, to_incoming, to_messages
from bot.telegram.staff import StaffDesk, TelegramStaffNotifier
from bot.telegram.transport import (
    FairRateLimiter,
    KeyedLocks,
    PollingLease,
    Webhook,
    api_base,
    make_request,
    token_of,
)
from handlers import postbacks
from handlers.messages import UNFOLLOW, Incoming, Reply
from handlers.staff import Outgoing

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
MAX_BODY = 1024 * 1024  # a Telegram update is a few kilobytes
COMMANDS = (
    ("help", "How to use this bot"),
    ("lang", "Change language"),
    ("human", "Talk to the booth staff"),
    ("forget", "Delete my data"),
)


class TelegramChannel:
    """bot.channels.Channel for Telegram."""

    platform = "telegram"
    request_factory: ClassVar[Callable[..., BaseRequest]] = staticmethod(make_request)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.webhook = Webhook.from_settings(settings) if settings.telegram_webhook_url else None
        self.codec = CallbackCodec()
        self.application: Application[Any, Any, Any, Any, Any, Any] | None = None
        self.runtime: Runtime | None = None
        self.staff: StaffDesk | None = None
        self.notifier: TelegramStaffNotifier | None = None
        self.chat_locks = KeyedLocks()
        self.lease: PollingLease | None = None

    def routes(self) -> list[BaseRoute]:
        if self.webhook is None:
            return []
        return [Route(self.webhook.path, self.receive, methods=["POST"])]

    def build(self) -> Application[Any, Any, Any, Any, Any, Any]:
        factory = type(self).request_factory
        builder = (
            Application.builder()
            .token(token_of(self.settings))
            .base_url(api_base(self.settings))
            .request(factory(polling=False))
            .rate_limiter(FairRateLimiter())
        )
        if self.webhook is None:
            builder = builder.get_updates_request(factory(polling=True))
        else:
            builder = builder.updater(None)
        return builder.build()

    async def start(self, runtime: Runtime) -> None:
        assert runtime.inbox is not None
        self.runtime = runtime
        application = self.application = self.build()
        application.add_handler(TypeHandler(Update, self.on_update))
        application.add_error_handler(self.on_error)
        runtime.inbox.register(self.platform, self.process)
        try:
            await application.initialize()
            bot = application.bot
            self.staff = StaffDesk(runtime, bot)
            self.notifier = TelegramStaffNotifier(bot, runtime.store)
            runtime.deps.notifiers.append(self.notifier)
            await self.set_commands(bot)
            if self.webhook is not None:
                await bot.set_webhook(
                    self.webhook.url,
                    secret_token=self.webhook.secret,
                    allowed_updates=ALLOWED_UPDATES,
                )
            await application.start()
            if self.webhook is None:
                self.lease = PollingLease(runtime.store, self.start_polling, self.stop_polling)
                await self.lease.begin()
        except BaseException:
            await self.stop()  # close the HTTP clients a half-started application holds
            raise
        mode = "polling" if self.webhook is None else "webhook"
        log.info("telegram: @%s receives updates by %s", bot.username, mode)

    async def start_polling(self) -> None:
        assert self.application is not None and self.application.updater is not None
        await self.application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)

    async def stop_polling(self) -> None:
        assert self.application is not None and self.application.updater is not None
        if self.application.updater.running:
            await self.application.updater.stop()

    async def stop(self) -> None:
        application = self.application
        if application is None:
            return
        if self.lease is not None:
            await self.lease.end()  # stops polling and lets a stand-by instance take over
            self.lease = None
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        if self.runtime is not None:
            if self.runtime.inbox is not None:
                await self.runtime.inbox.drain()  # replies still need the bot's HTTP client
            if self.notifier in self.runtime.deps.notifiers:
                self.runtime.deps.notifiers.remove(self.notifier)
        await application.shutdown()
        self.application = None

    async def set_commands(self, bot: Bot) -> None:
        """The visitor's command menu; a Bot API server without it is not fatal."""
        try:
            await bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
        except TelegramError as exc:
            log.info("telegram: command menu not set (%s)", exc)

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Polling: store the update in the inbox; it is processed from there."""
        assert self.runtime is not None and self.runtime.inbox is not None
        await self.runtime.inbox.accept(self.platform, str(update.update_id), update.to_dict())

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram: update %r not accepted", update, exc_info=context.error)

    async def receive(self, request: Request) -> Response:
        """Webhook: verify the secret, store the update, acknowledge at once."""
        assert self.webhook is not None and self.runtime is not None
        sent = request.headers.get("x-telegram-bot-api-secret-token", "")
        if not secrets.compare_digest(sent.encode(), self.webhook.secret.encode()):
            return JSONResponse({"error": "bad secret token"}, status_code=401)
        body = await request.body()
        if len(body) > MAX_BODY:
            return JSONResponse({"error": "body too large"}, status_code=413)
        try:
            payload = json.loads(body)
            if not isinstance(payload, dict):
                raise TypeError("expected a JSON object")
            update = Update.de_json(payload, self.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            return JSONResponse({"error": f"not a Telegram update: {exc}"}, status_code=400)
        assert self.runtime.inbox is not None
        await self.runtime.inbox.accept(self.platform, str(update.update_id), payload)
        return Response(status_code=200)

    @property
    def bot(self) -> Bot:
        assert self.application is not None, "the Telegram channel is not started"
        return self.application.bot

    async def process(self, payload: dict[str, Any]) -> None:
        """Inbox processor: one stored update, handled once; per chat, one at a time."""
        update = Update.de_json(payload, self.bot)
        chat = update.effective_chat
        async with self.chat_locks.hold(chat.id if chat else 0):
            await self.dispatch(update)

    async def dispatch(self, update: Update) -> None:
        assert self.runtime is not None and self.staff is not None
        chat = update.effective_chat
        if chat is None:
            return
        if chat.type != ChatType.PRIVATE:
            if update.message is not None and not await self.staff.handle(update.message):
                log.info("telegram: ignoring a message in non-staff chat %s", chat.id)
            return
        postback = None
        if update.callback_query is not None:
            postback = await self.pressed(update)
            if postback is None:
                return
        incoming = to_incoming(update, postback=postback) or blocked(update)
        if incoming is None:
            return
        result = await self.runtime.conversation.handle(incoming)
        for reply in result.replies:
            await self.send_reply(chat.id, reply)

    async def pressed(self, update: Update) -> str | None:
        """Stop the button's spinner and resolve its (possibly shortened) data."""
        query = update.callback_query
        assert query is not None and self.runtime is not None
        try:
            await query.answer()
        except TelegramError as exc:  # an old press; answering it is a courtesy
            log.info("telegram: callback query not answered: %s", exc)
        data = self.codec.decode(query.data or "", self.faq_postbacks())
        if data is None:
            booths = await self.runtime.store.fairs.list_booths()
            data = self.codec.decode(
                query.data or "", (postbacks.booth(b.fair_id, b.id) for b in booths)
            )
        if data is None:
            log.info("telegram: unknown button token %r", query.data)
        return data

    def faq_postbacks(self) -> list[str]:
        assert self.runtime is not None
        return [f"faq:{entry.id}" for entry in self.runtime.engines.engine.kb]

    async def send_reply(self, chat_id: int | str, reply: Reply) -> None:
        for message in to_messages(reply, self.codec):
            await self.send_message(chat_id, message.text, message.markup)

    async def send_message(self, chat_id: int | str, text: str, markup: Any) -> None:
        """Send one message, retrying with backoff while the Bot API cannot be reached.

        Only failures that certainly delivered nothing (no connection) are
        retried; a timeout may have delivered, so it is not, to never send twice.
        """
        for attempt, delay in enumerate((*SEND_RETRY_DELAYS, None)):
            try:
                await self.bot.send_message(chat_id, text, reply_markup=markup)
                return
            except TimedOut:
                raise
            except NetworkError as exc:
                if delay is None:
                    raise
                log.warning(
                    "telegram: send failed (%s), retry %d in %.1fs", exc, attempt + 1, delay
                )
                await asyncio.sleep(delay)

    async def send(self, outgoing: Outgoing) -> None:
        """Deliver a staff answer; a visitor who blocked the bot is marked inactive."""
        if outgoing.chat_id is None:
            log.warning("telegram: visitor %s has no chat id", outgoing.visitor_id)
            return
        try:
            await self.send_reply(outgoing.chat_id, outgoing.reply)
        except Forbidden:
            assert self.runtime is not None
            await self.runtime.store.visitors.update(outgoing.visitor_id, active=False)
            raise


SEND_RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)  # about 15 s of outage is bridged


def blocked(update: Update) -> Incoming | None:
    """A visitor who blocks the bot arrives as a `my_chat_member` update: unfollow."""
    member: ChatMemberUpdated | None = update.my_chat_member
    if member is None or member.new_chat_member.status != ChatMemberStatus.BANNED:
        return None
    return Incoming(
        platform="telegram",
        user_id=str(member.from_user.id),
        chat_id=str(member.chat.id),
        event_id=str(update.update_id),
        kind=UNFOLLOW,
        time=member.date,
    )


async def bot_username(settings: Settings) -> str | None:
    """The bot's @username for deep links: configured, or asked from getMe."""
    if settings.telegram_bot_username:
        return settings.telegram_bot_username.lstrip("@")
    if settings.telegram_bot_token is None:
        return None
    factory = TelegramChannel.request_factory
    bot = Bot(
        token_of(settings),
        base_url=api_base(settings),
        request=factory(polling=False),
        get_updates_request=factory(polling=True),
    )
    try:
        async with bot:
            return bot.username
    except TelegramError as exc:
        log.warning("telegram: getMe failed, no deep links: %s", exc)
        return None
