"""The Telegram channel: a thin adapter between python-telegram-bot and the core.

Long polling when no public URL is configured (the default at a fair: no
inbound port), a webhook on the app's own Starlette server when
`TELEGRAM_WEBHOOK_URL` is set. Either way the PTB `Application` is driven
explicitly by the app's lifespan (initialize/start, stop/shutdown), and every
update is stored in the durable inbox before it is processed, once, in the
background (`bot/inbox/`). Translation lives in `bot/telegram/convert.py`,
booth staff in `bot/telegram/staff.py`, sending in `bot/telegram/sending.py`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from telegram import Bot, BotCommand, CallbackQuery, Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, ContextTypes, TypeHandler
from telegram.request import BaseRequest

from bot.config import Settings
from bot.edge import BodyError, parse_json, read_body
from bot.inbox import Delivery
from bot.runtime import Runtime
from bot.telegram.convert import CallbackCodec, blocked, chat_key, to_incoming, to_messages
from bot.telegram.sending import answer_query, send_message
from bot.telegram.staff import StaffDesk, TelegramStaffNotifier
from bot.telegram.transport import (
    FairRateLimiter,
    PollingLease,
    Webhook,
    api_base,
    make_request,
    token_of,
)
from handlers import postbacks
from handlers.clean import clean_value
from handlers.messages import Reply
from handlers.staff import Outgoing
from storage.errors import describe

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
        self.runtime = runtime
        application = self.application = self.build()
        application.add_handler(TypeHandler(Update, self.on_update))
        application.add_error_handler(self.on_error)
        runtime.inbox.register(self.platform, self.process, chat_key)
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
        assert self.runtime is not None
        payload = clean_value(update.to_dict())  # no NUL or lone surrogate reaches the database
        assert isinstance(payload, dict)
        await self.runtime.inbox.accept(self.platform, str(update.update_id), payload)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # The update id and a data-free reason only: the update holds the visitor's text.
        update_id = getattr(update, "update_id", None)
        error = context.error
        reason = describe(error) if error is not None else "unknown error"
        log.error("telegram: update %s not accepted: %s", update_id, reason)

    async def receive(self, request: Request) -> Response:
        """Webhook: verify the secret, store the update, acknowledge at once."""
        assert self.webhook is not None and self.runtime is not None
        sent = request.headers.get("x-telegram-bot-api-secret-token", "")
        if not secrets.compare_digest(sent.encode(), self.webhook.secret.encode()):
            return JSONResponse({"error": "bad secret token"}, status_code=401)
        try:
            body = await read_body(request, MAX_BODY)
        except BodyError as exc:
            return JSONResponse({"error": str(exc)}, status_code=exc.status)
        try:
            parsed = parse_json(body)
            if not isinstance(parsed, dict):
                raise TypeError("expected a JSON object")
            cleaned = clean_value(parsed)
            assert isinstance(cleaned, dict)
            payload = cleaned
            update = Update.de_json(payload, self.bot)
            int(update.update_id)
        except BodyError as exc:
            return JSONResponse({"error": f"not a Telegram update: {exc}"}, status_code=exc.status)
        except Exception as exc:  # PTB on a shape it does not expect: still the client's fault
            return JSONResponse(
                {"error": f"not a Telegram update: {type(exc).__name__}"}, status_code=400
            )
        await self.runtime.inbox.accept(self.platform, str(update.update_id), payload)
        return Response(status_code=200)

    @property
    def bot(self) -> Bot:
        assert self.application is not None, "the Telegram channel is not started"
        return self.application.bot

    async def process(self, payload: dict[str, Any]) -> Delivery | None:
        """Inbox processor: one stored update, handled once; returns the sending of replies.

        The inbox runs the returned delivery outside its processing slots and
        keeps a chat's updates in order (`chat_key`), answers included.
        """
        return await self.dispatch(Update.de_json(payload, self.bot))

    async def dispatch(self, update: Update) -> Delivery | None:
        assert self.runtime is not None and self.staff is not None
        chat = update.effective_chat
        if chat is None:
            return None
        if chat.type != ChatType.PRIVATE:
            if update.message is not None and not await self.staff.handle(update.message):
                log.info("telegram: ignoring a message in non-staff chat %s", chat.id)
            return None
        query = update.callback_query
        postback = None if query is None else await self.pressed(query)
        incoming = None
        if query is None or postback is not None:
            incoming = to_incoming(update, postback=postback) or blocked(update)
        replies = (
            () if incoming is None else (await self.runtime.conversation.handle(incoming)).replies
        )
        if query is None and not replies:
            return None

        async def deliver() -> None:
            if query is not None:
                await answer_query(query)
            for reply in replies:
                await self.send_reply(chat.id, reply)

        return deliver

    async def pressed(self, query: CallbackQuery) -> str | None:
        """The button's (possibly shortened) data, resolved; None for an unknown token."""
        assert self.runtime is not None
        data = self.codec.decode(query.data or "", self.faq_postbacks())
        if data is None:
            booths = await self.runtime.store.fairs.list_booths()
            data = self.codec.decode(
                query.data or "", (postbacks.booth(b.fair_id, b.id) for b in booths)
            )
        if data is None:
            log.info("telegram: unknown button token (%d characters)", len(query.data or ""))
        return data

    def faq_postbacks(self) -> list[str]:
        assert self.runtime is not None
        return [f"faq:{entry.id}" for entry in self.runtime.engines.engine.kb]

    async def send_reply(self, chat_id: int | str, reply: Reply) -> None:
        for message in to_messages(reply, self.codec):
            await self.send_message(chat_id, message.text, message.markup)

    async def send_message(self, chat_id: int | str, text: str, markup: Any) -> None:
        await send_message(self.bot, chat_id, text, markup)

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
