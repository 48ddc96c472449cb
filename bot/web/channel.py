"""The web chat as a channel like the others: its routes, its processor, its delivery.

A web chat message is answered inside its own request (bot.web.chat); the
inbox processes it only when that request could not (a crash, an outage), and
the answer then goes to the outbox the page polls (`Replayer`). Staff answers
go to the same outbox, so `send` has nothing left to do.
"""

from __future__ import annotations

import logging

from starlette.routing import BaseRoute

from bot.runtime import Runtime
from bot.web.chat import routes
from bot.web.poll import Replayer
from bot.web.wire import session_key
from handlers.staff import Outgoing

log = logging.getLogger(__name__)

PLATFORM = "web"


class WebChannel:
    """bot.channels.Channel for the web chat."""

    platform = PLATFORM

    def routes(self) -> list[BaseRoute]:
        return list(routes())

    async def start(self, runtime: Runtime) -> None:
        runtime.inbox.register(PLATFORM, Replayer(runtime), session_key)

    async def stop(self) -> None:
        return None

    async def send(self, outgoing: Outgoing) -> None:
        """Staff answers are stored in the outbox the page polls: delivered already."""
        return
