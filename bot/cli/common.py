"""What every command shares: settings, the async bridge, errors and JSON output."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any, TypeVar

import typer
from rich.console import Console

from bot import fair_fields, logs
from bot.config import ConfigError, Settings, load_settings
from faq.loader import KBError
from storage import Store, upgrade
from storage.base import Conflict, NotFound

T = TypeVar("T")
console = Console()
errors = Console(stderr=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one clear line to stderr and return the exit to raise."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(code)


def settings() -> Settings:
    try:
        loaded = load_settings()
    except ConfigError as exc:
        raise fail(f"bad configuration: {exc}", 2) from None
    logging.basicConfig(level=loaded.log_level, format="%(levelname)s %(name)s: %(message)s")
    logs.install(loaded.secret_values())
    return loaded


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a command's coroutine, turning expected failures into one-line errors."""
    try:
        return asyncio.run(coroutine)
    except (Conflict, NotFound, ValueError) as exc:
        if isinstance(exc, KBError):
            for issue in exc.issues:
                errors.print(str(issue), highlight=False, markup=False)
            raise fail(f"the knowledge base has {len(exc.issues)} error(s)", 2) from None
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot reach the database or a file: {exc}") from None


@asynccontextmanager
async def open_store(
    config: Settings, *, migrate: bool = True, connections: int = 1
) -> AsyncIterator[Store]:
    store = Store.from_url(config.database_url, connections=connections)
    try:
        if migrate:
            await upgrade(store.engine)
        yield store
    finally:
        await store.close()


def with_store(fn: Callable[[Store], Awaitable[T]]) -> T:
    """Open the configured database (migrated), run `fn`, close it."""
    config = settings()

    async def go() -> T:
        async with open_store(config) as store:
            return await fn(store)

    return run(go())


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(value: Any) -> None:
    """Stable machine-readable output for scripts: plain JSON on stdout."""
    typer.echo(json.dumps(value, ensure_ascii=False, default=_default, indent=2))


def parse_date(value: str | None, option: str) -> date | None:
    """A date option (bot.fair_fields.parse_date), refused in one clear line."""
    try:
        return fair_fields.parse_date(value, option)
    except ValueError as exc:
        raise fail(str(exc)) from None
