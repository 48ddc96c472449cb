"""Login throttling lives in the database: every instance sees the same failures."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage import Store
from storage.models import LoginFailure, utcnow


async def test_failures_count_across_instances_and_expire(store: Store, db_url: str) -> None:
    other = Store.from_url(db_url)  # a second instance on the same database
    try:
        keys = ["ip:203.0.113.9", "user:admin"]
        now = utcnow()
        for _ in range(store.login_throttle.limit):
            assert await other.login_throttle.retry_after(keys, now) == 0
            await store.login_throttle.failed(keys, now)
        wait = await other.login_throttle.retry_after(keys, now)
        assert 0 < wait <= store.login_throttle.window.total_seconds() + 1
        assert await other.login_throttle.retry_after(["user:admin"], now) > 0
        later = now + store.login_throttle.window + timedelta(seconds=1)
        assert await other.login_throttle.retry_after(keys, later) == 0
        await other.login_throttle.succeeded(["user:admin"])
        assert await store.login_throttle.retry_after(["user:admin"], now) == 0
        assert await store.login_throttle.retry_after(["ip:203.0.113.9"], now) > 0
        async with store.login_throttle.sessions() as session:
            stored = list(await session.scalars(select(LoginFailure.key)))
        assert stored and all("203.0.113.9" not in key for key in stored)  # digests only
    finally:
        await other.close()
