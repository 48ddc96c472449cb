"""Shared fixtures: settings from explicit mappings, stores on SQLite and PostgreSQL,
and the ASGI app driven in process.

PostgreSQL comes from TEST_DATABASE_URL (CI sets it). Each test session gets a
database of its own on that server, so parallel runs never see each other's rows.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.config import SAMPLE_KB, Settings
from storage import Store, upgrade
from storage.models import Base

ROOT = Path(__file__).resolve().parent.parent
DEV_KB = ROOT / "bench" / "data" / "dev-kb.yaml"
PG_URL = os.environ.get("TEST_DATABASE_URL")
TEST_SECRET = "test-secret-of-thirty-two-characters"
NO_PG = "TEST_DATABASE_URL is not set: PostgreSQL tests skipped (CI sets it)"


def screenshot_dir(fallback: Path) -> Path:
    """Where browser tests save screenshots: docs/ keeps the committed ones, and
    only `FAIRBOT_SCREENSHOTS=docs` refreshes them (a test run leaves the tree clean)."""
    return ROOT / "docs" if os.environ.get("FAIRBOT_SCREENSHOTS") == "docs" else fallback


def run_sync(coroutine: Any) -> Any:
    """Run a coroutine to completion from sync code, even inside a running loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _admin(url: str, statement: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session."""
    if not PG_URL:
        pytest.skip(NO_PG)
    name = f"fairbot_test_{uuid.uuid4().hex[:10]}"
    run_sync(_admin(PG_URL, f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)

    async def migrate() -> None:
        store = Store.from_url(url)
        await upgrade(store.engine)
        await store.close()

    run_sync(migrate())
    yield url
    run_sync(_admin(PG_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _truncate(url: str) -> None:
    engine = create_async_engine(url)
    tables = ", ".join(t.name for t in reversed(Base.metadata.sorted_tables))
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL, once for SQLite and once for PostgreSQL (clean either way)."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'fairbot.db'}"
    url = request.getfixturevalue("pg_database")
    await _truncate(url)
    return url


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Store]:
    store = Store.from_url(db_url)
    await upgrade(store.engine)
    yield store
    await store.close()


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Store]:
    store = Store.from_url(f"sqlite+aiosqlite:///{tmp_path / 'fairbot.db'}")
    await upgrade(store.engine)
    yield store
    await store.close()


def make_settings(tmp_path: Path, **values: Any) -> Settings:
    """Settings for a test: a private SQLite file and secret, the sample KB, demo data on."""
    base: dict[str, Any] = {
        "FAIRBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'app.db'}",
        "FAIRBOT_SECRET_KEY": TEST_SECRET,
        "FAIRBOT_SECRET_FILE": str(tmp_path / "secret"),
        "FAIRBOT_KB": str(SAMPLE_KB),
        "FAIRBOT_KB_DIR": str(tmp_path / "kb-live"),
        "FAIRBOT_DEMO": True,
        # Tests drive the web chat from one address, faster than any visitor:
        # flood control is tested on its own (tests/bot/test_flood.py, tests/hardening).
        "FAIRBOT_FLOOD_CHAT_PER_CLIENT": 1_000_000,
        "FAIRBOT_FLOOD_CHAT_TOTAL": 1_000_000,
        "FAIRBOT_FLOOD_POLL_PER_CLIENT": 1_000_000,
        "FAIRBOT_FLOOD_POLL_TOTAL": 1_000_000,
    }
    base.update(values)
    return Settings.from_mapping(base)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
async def app_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The real ASGI app with its lifespan, driven in process through httpx."""
    from bot.app import create_app

    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://fairbot.test") as client:
            client.app = app  # type: ignore[attr-defined]
            yield client
