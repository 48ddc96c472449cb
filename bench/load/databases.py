"""Databases for load runs: a fresh SQLite file, or a throwaway PostgreSQL database.

PostgreSQL runs get `fairbot_load_<random>` on the server of TEST_DATABASE_URL
(default postgresql+asyncpg://postgres@127.0.0.1:5432/test), migrated before
any server starts (two instances migrating at once would race) and dropped,
connections and all, when the run ends however it ends.
"""

from __future__ import annotations

import contextlib
import logging
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from storage import Store, upgrade

log = logging.getLogger(__name__)

PG_ADMIN_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


async def admin(statement: str, url: str = PG_ADMIN_URL) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def migrate(url: str) -> None:
    store = Store.from_url(url)
    try:
        await upgrade(store.engine)
    finally:
        await store.close()


@contextlib.asynccontextmanager
async def database(kind: str, workdir: Path) -> AsyncIterator[str]:
    """The URL of a fresh, migrated database of `kind` ("sqlite" or "postgresql")."""
    if kind == "sqlite":
        url = f"sqlite+aiosqlite:///{workdir / 'load.db'}"
        await migrate(url)
        yield url
        return
    if kind != "postgresql":
        raise ValueError(f"unknown database kind {kind!r}")
    name = f"fairbot_load_{uuid.uuid4().hex[:10]}"
    await admin(f'CREATE DATABASE "{name}"')
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        await migrate(url)
        yield url
    finally:
        try:
            await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception:  # the run's own error matters more; say what is left behind
            log.exception("could not drop %s: drop it by hand", name)
