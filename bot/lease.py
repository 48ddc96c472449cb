"""One loop for every lease this process keeps alive (inbox liveness, Telegram polling).

A lease is a row (storage.leases) naming its holder until it expires. The
holder renews it every beat; whoever else wants it takes it once it has run
out. After each renewal the owner is told whether it holds the lease, so it
can start or stop what the lease guards. A database that cannot be reached
is waited out: the beat is retried on the next tick, never ending the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from storage import DATABASE_UNAVAILABLE, Store

log = logging.getLogger(__name__)

OnBeat = Callable[[bool], Awaitable[None]]  # told after each renewal: held or not


class LeaseLoop:
    def __init__(
        self,
        store: Store,
        name: str,
        holder: str,
        *,
        ttl: timedelta,
        every: float,
        on_beat: OnBeat,
    ) -> None:
        self.store = store
        self.name, self.holder = name, holder
        self.ttl, self.every = ttl, every
        self.on_beat = on_beat

    async def renew(self) -> bool:
        """Take or extend the lease; whether this holder has it now."""
        return await self.store.leases.acquire(self.name, self.holder, self.ttl)

    async def beat(self) -> None:
        """Renew, then tell the owner."""
        await self.on_beat(await self.renew())

    async def run(self) -> None:
        """Beat every `every` seconds until cancelled; a failed beat is logged, not fatal."""
        while True:
            await asyncio.sleep(self.every)
            try:
                await self.beat()
            except DATABASE_UNAVAILABLE:
                log.warning(
                    "lease %s: database unreachable; retrying in %s s", self.name, self.every
                )
            except Exception:
                log.exception("lease %s: beat failed", self.name)

    async def release(self) -> None:
        """Give the lease up (others need not wait for it to expire); an outage is ignored."""
        with contextlib.suppress(*DATABASE_UNAVAILABLE):
            await self.store.leases.release(self.name, self.holder)
