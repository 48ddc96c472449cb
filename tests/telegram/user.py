"""A Telegram user (or staff member in a group) driven through the emulator's client API.

The emulator's client endpoints: `POST /sendMessage`, `/sendCommand` and
`/sendCallback` add an update for the bot (the body carries `botToken`), and
`POST /getUpdates {token, chatId}` returns the bot's not-yet-read messages to
that chat. Waits are bounded by a deadline and only wait for the bot's answer.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

WAIT = 15.0  # seconds an expected reply may take before the test fails


@dataclass(frozen=True)
class BotMessage:
    message_id: int
    text: str
    buttons: list[list[tuple[str, str]]]  # rows of (label, callback_data)
    raw: dict[str, Any]

    def data(self) -> list[str]:
        return [data for row in self.buttons for _, data in row]

    def button(self, label_part: str) -> str:
        """The callback data of the first button whose label contains `label_part`."""
        for row in self.buttons:
            for label, data in row:
                if label_part in label:
                    return data
        raise AssertionError(f"no button with {label_part!r} in {self.buttons}")


def to_bot_message(item: dict[str, Any]) -> BotMessage:
    message = item["message"]
    markup = message.get("reply_markup") or {}
    rows = [
        [(b["text"], b.get("callback_data", "")) for b in row]
        for row in markup.get("inline_keyboard", [])
    ]
    return BotMessage(int(item["messageId"]), message.get("text", ""), rows, message)


@dataclass
class TelegramUser:
    http: httpx.AsyncClient  # base_url = the emulator
    token: str
    user_id: int
    chat_id: int | None = None
    language_code: str | None = "en"
    chat_type: str = "private"
    first_name: str = "Visitor"
    inbox: list[BotMessage] = field(default_factory=list)
    _seq: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        if self.chat_id is None:
            self.chat_id = self.user_id

    def sender(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def chat(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.chat_id, "type": self.chat_type}
        if self.chat_type == "private":
            chat["first_name"] = self.first_name
        else:
            chat["title"] = "Booth staff"
        return chat

    def message(self, text: str, **extra: Any) -> dict[str, Any]:
        return {
            "botToken": self.token,
            "from": self.sender(),
            "chat": self.chat(),
            "date": int(time.time()),
            "text": text,
            **extra,
        }

    async def post(self, path: str, body: dict[str, Any]) -> None:
        response = await self.http.post(path, json=body)
        response.raise_for_status()

    async def say(self, text: str, **extra: Any) -> None:
        await self.post("/sendMessage", self.message(text, **extra))

    async def send_raw(self, fields: dict[str, Any]) -> None:
        """A non-text message: `fields` holds e.g. a sticker, photo, voice or location."""
        body = self.message("", **fields)
        del body["text"]
        await self.post("/sendMessage", body)

    async def command(self, text: str, **extra: Any) -> None:
        """A command as Telegram sends one: text plus a bot_command entity at offset 0."""
        length = len(text.split(" ", 1)[0])
        entities = [{"type": "bot_command", "offset": 0, "length": length}]
        await self.post("/sendCommand", self.message(text, entities=entities, **extra))

    async def press(self, under: BotMessage, data: str) -> None:
        """Press an inline button of one of the bot's messages."""
        message = {
            "message_id": under.message_id,
            "date": int(time.time()),
            "chat": self.chat(),
            "from": {"id": 666, "is_bot": True, "first_name": "Bot"},
            "text": under.text,
        }
        await self.post(
            "/sendCallback",
            {"botToken": self.token, "from": self.sender(), "message": message, "data": data},
        )

    async def fetch(self) -> list[BotMessage]:
        response = await self.http.post(
            "/getUpdates", json={"token": self.token, "chatId": self.chat_id}
        )
        response.raise_for_status()
        return [to_bot_message(item) for item in response.json()["result"]]

    async def collect(
        self, done: Callable[[list[BotMessage]], bool], what: str
    ) -> list[BotMessage]:
        """The bot's next messages here, one by one, until `done` says enough."""
        deadline = time.monotonic() + WAIT
        got: list[BotMessage] = []
        while True:
            self.inbox.extend(await self.fetch())
            while self.inbox:
                got.append(self.inbox.pop(0))
                if done(got):
                    return got
            if time.monotonic() > deadline:
                texts = [m.text[:80] for m in got]
                raise AssertionError(f"chat {self.chat_id}: expected {what}, got {texts}")
            await asyncio.sleep(0.05)

    async def replies(self, count: int) -> list[BotMessage]:
        """Exactly the bot's next `count` messages here."""
        return await self.collect(lambda got: len(got) == count, f"{count} message(s)")

    async def until(self, part: str) -> list[BotMessage]:
        """The bot's messages here up to and including the first containing `part`."""
        return await self.collect(lambda got: part in got[-1].text, f"a message with {part!r}")

    async def reply(self) -> BotMessage:
        return (await self.replies(1))[0]
