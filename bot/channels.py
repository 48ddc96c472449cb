"""Channel adapters as the app sees them: routes, start/stop, and delivery.

Each platform adapter (web, Telegram, LINE) implements `Channel`. The app
builds the enabled ones from settings, mounts their routes, starts them in its
lifespan and routes staff answers to the visitor's own platform.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from starlette.routing import BaseRoute

from bot.config import Settings
from handlers.staff import Outgoing

if TYPE_CHECKING:  # bot.runtime holds the started Channels
    from bot.runtime import Runtime

log = logging.getLogger(__name__)


class Channel(Protocol):
    platform: str

    def routes(self) -> list[BaseRoute]:
        """Webhook routes this channel adds to the app."""
        ...

    async def start(self, runtime: Runtime) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, outgoing: Outgoing) -> None:
        """Deliver a message (a staff answer) to a visitor on this platform."""
        ...


def build_channels(settings: Settings) -> list[Channel]:
    """The channels the settings enable; the web chat is always on."""
    from bot.web import WebChannel

    channels: list[Channel] = [WebChannel()]
    if settings.telegram_enabled:
        from bot.telegram import TelegramChannel

        channels.append(TelegramChannel(settings))
    if settings.line_enabled:
        from bot.line import LineChannel

        channels.append(LineChannel(settings))
    return channels


class Channels:
    """The started channels, by platform."""

    def __init__(self, channels: list[Channel]) -> None:
        self.by_platform = {c.platform: c for c in channels}

    async def deliver(self, outgoing: Outgoing) -> None:
        channel = self.by_platform.get(outgoing.platform)
        if channel is None:
            log.warning("no %s channel running; message stays in the outbox", outgoing.platform)
            return
        await channel.send(outgoing)
