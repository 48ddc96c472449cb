"""Login throttling shared by every instance: failed logins counted in the database."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select

from storage.base import Repository
from storage.models import LoginFailure, utcnow


def hashed(key: str) -> str:
    """Keys are client addresses and user names: stored only as a digest."""
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


class LoginThrottle(Repository):
    """At most `limit` failed logins per key within `window` (keys: client IP, user name)."""

    limit = 5
    window = timedelta(minutes=15)

    async def retry_after(self, keys: Iterable[str], now: datetime | None = None) -> int:
        """Seconds until a login may be tried again; 0 when not blocked."""
        now = now or utcnow()
        since = now - self.window
        async with self.sessions() as session:
            rows = await session.execute(
                select(LoginFailure.key, func.count(), func.min(LoginFailure.at))
                .where(LoginFailure.key.in_([hashed(k) for k in keys]), LoginFailure.at > since)
                .group_by(LoginFailure.key)
            )
            waits = [
                (oldest + self.window - now).total_seconds()
                for _, count, oldest in rows
                if count >= self.limit
            ]
        return max(1, int(max(waits)) + 1) if waits else 0

    async def failed(self, keys: Iterable[str], now: datetime | None = None) -> None:
        now = now or utcnow()
        async with self.sessions() as session:
            await session.execute(delete(LoginFailure).where(LoginFailure.at <= now - self.window))
            await session.execute(
                insert(LoginFailure), [{"key": hashed(k), "at": now} for k in keys]
            )
            await session.commit()

    async def succeeded(self, keys: Iterable[str]) -> None:
        async with self.sessions() as session:
            await session.execute(
                delete(LoginFailure).where(LoginFailure.key.in_([hashed(k) for k in keys]))
            )
            await session.commit()
