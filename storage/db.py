"""Engine creation and schema migration.

SQLite gets WAL and a busy timeout so the web app, the CLI and a report run can
use one database file at once; PostgreSQL is used as configured.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, *, echo: bool = False, connections: int = 1) -> AsyncEngine:
    """Create the async engine, with SQLite tuned for concurrent readers.

    `connections` sizes the SQLite pool: 1 for the server, which writes on every
    event; more for read-heavy work such as reports, whose aggregate scans run
    side by side (a fair-wide report over 1M rows: 12 s on one connection, ~4 s
    on four). PostgreSQL always gets a pool.
    """
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # One connection per process: SQLite has one writer at a time, and writers
        # contending across a pool wait in SQLite's sleeping busy handler (up to
        # 100 ms a try); queueing for the one connection costs microseconds instead.
        engine = create_async_engine(
            url,
            echo=echo,
            hide_parameters=True,  # errors would otherwise quote visitor text into logs
            connect_args={"timeout": 30},
            pool_size=connections,
            max_overflow=0,
            pool_timeout=120,
            # Sessions and connections always end their own transaction, so the
            # pool's extra ROLLBACK on return is a wasted thread hop per statement
            # group (+12% events/s through the conversation core, measured).
            pool_reset_on_return=None,
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    # No pre-ping: it cost a round trip on every checkout, about a sixth of an
    # instance's busy time under load (py-spy, bench.load). After a PostgreSQL
    # restart the first statement on a stale connection fails as a disconnect,
    # which makes SQLAlchemy discard the pool's old connections, and callers
    # already retry through outages (bot.inbox; the fault-postgres run).
    return create_async_engine(url, echo=echo, hide_parameters=True, pool_size=10, max_overflow=20)


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _upgrade_sync(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


MIGRATION_LOCK = 0x66616972  # "fair": one migrating process at a time on PostgreSQL


async def upgrade(engine: AsyncEngine) -> None:
    """Bring the schema to the newest migration (idempotent).

    Several instances may start at once on one PostgreSQL; a transaction-scoped
    advisory lock makes the others wait and then find nothing to do.
    """
    async with _sqlite_file_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        await connection.run_sync(_upgrade_sync)
    log.info("database schema is up to date")


@contextlib.asynccontextmanager
async def _sqlite_file_lock(engine: AsyncEngine) -> AsyncIterator[None]:
    """SQLite's equivalent of the advisory lock: an flock beside the database file."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a+b") as handle:
        await asyncio.to_thread(fcntl.flock, handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
