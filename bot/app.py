"""The one ASGI app: web chat, webhooks, staff dashboard and report downloads.

Declared in one constructor with a `lifespan` that owns every resource
(database, FAQ engine, channel clients) and closes them in reverse order.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from bot import dashboard, edge, logs
from bot.channels import Channels, build_channels
from bot.config import Settings
from bot.kb_watch import KBWatcher
from bot.runtime import Runtime, open_runtime
from storage.errors import STATEMENT_ERROR

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent


def create_app(settings: Settings, *, instance: str | None = None) -> Starlette:
    """Build the app; resources open in its lifespan, so importing it costs nothing.

    `instance` names this server for the inbox (`fairbot serve` passes the name
    locked in its spool directory, bot.instance).
    """

    logs.install(settings.secret_values())  # before any client is built or logs a URL
    channels = build_channels(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            runtime = await open_runtime(settings, instance=instance)
            stack.push_async_callback(runtime.close)
            app.state.runtime = runtime
            await dashboard.ensure_first_admin(runtime.store, settings)  # logs a new password
            runtime.channels = app.state.channels = Channels(channels)
            for channel in channels:
                await channel.start(runtime)
                stack.push_async_callback(channel.stop)
            await runtime.inbox.recover_spool()
            watcher = KBWatcher(settings, runtime.engines)
            watcher.start()
            stack.push_async_callback(watcher.stop)
            # Serve while the backlog a crash left is replayed: waiting for it first kept
            # webhooks refused for as long as the backlog took (seen in bench.load).
            await runtime.inbox.start()
            # The FAQ index and the SDKs leave a few hundred thousand long-lived
            # objects; frozen, the cyclic GC stops re-scanning them in pauses that
            # stall every request (measured in bench.load, docs/reliability.md).
            gc.collect()
            gc.freeze()
            log.info("fairbot is serving on %s", settings.base_url)
            yield

    routes: list[BaseRoute] = [
        *(route for channel in channels for route in channel.routes()),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        dashboard.mount(),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(GZipMiddleware, minimum_size=1024)],
        exception_handlers={STATEMENT_ERROR: edge.refused_as_400},
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    return app


__all__ = ["Runtime", "create_app"]
