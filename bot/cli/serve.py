"""`fairbot serve` and `fairbot db upgrade`."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from bot.cli.common import console, fail, open_store, run, settings
from bot.config import ConfigError, Settings

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest version (idempotent)."""
    config = settings()

    async def go() -> None:
        async with open_store(config, migrate=True):
            return

    run(go())
    console.print("database is up to date", highlight=False)


def serve(
    host: Annotated[str | None, typer.Option(help="Address (default FAIRBOT_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default FAIRBOT_PORT).")] = None,
) -> None:
    """Serve the web chat, webhooks and staff pages (and poll Telegram when configured)."""
    import uvicorn

    from bot.app import create_app
    from bot.instance import InstanceLock
    from faq.loader import load_kb

    config = settings()
    if host is not None:
        config.host = host
    if port is not None:
        config.port = port
    # a broken KB: one clear error, no traceback
    run(asyncio.to_thread(load_kb, config.live_kb_path()))
    try:  # one instance per spool directory: a clear line, not a traceback
        instance = InstanceLock.acquire(config.spool_dir)
    except ConfigError as exc:
        raise fail(f"bad configuration: {exc}", 2) from None
    run(_check_shared_secret(config, instance.name))
    console.print(f"fairbot: web chat on http://{config.host}:{config.port}/", highlight=False)
    uvicorn.run(
        create_app(config, instance=instance.name),
        host=config.host,
        port=config.port,
        log_level=config.log_level.lower(),
        proxy_headers=True,
    )


async def _check_shared_secret(config: Settings, instance: str) -> None:
    """The start-up refusal of a generated key beside other instances, as one line."""
    from bot.runtime import check_shared_secret

    async with open_store(config) as store:
        try:
            await check_shared_secret(config, store, instance)
        except ConfigError as exc:
            raise fail(f"bad configuration: {exc}", 2) from None
