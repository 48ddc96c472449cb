"""Taking up work: the sweeper, the heartbeat and taking over a dead instance's events.

Events past this instance's in-flight bound wait in the table as `pending`; the
sweeper claims them, oldest first, as places free up. A heartbeat keeps this
instance's lease alive; every beat, events held by instances whose lease ran
out (killed, unplugged) go back to pending and any live instance takes them.
An instance restarted under the same name (bot.instance) takes its own
unfinished events back at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from bot.inbox.workers import Workers
from bot.lease import LeaseLoop
from storage import DATABASE_UNAVAILABLE, Store
from storage.inbox import lease_name

log = logging.getLogger(__name__)

CLAIM_LIMIT = 200  # pending events taken over in one statement at most


class Takeover:
    def __init__(
        self,
        store: Store,
        workers: Workers,
        *,
        holder: str,
        max_in_flight: int,
        heartbeat: float,
        lease_ttl: float,
    ) -> None:
        self.store = store
        self.workers = workers
        self.holder = holder
        self.max_in_flight = max_in_flight
        self.lease = LeaseLoop(
            store,
            lease_name(holder),
            holder,
            ttl=timedelta(seconds=lease_ttl),
            every=heartbeat,
            on_beat=self._on_beat,
        )
        self.sweeper: asyncio.Task[None] | None = None
        self.more = asyncio.Event()  # events were queued since the sweeper last looked
        self.keeper: asyncio.Task[None] | None = None

    def room(self) -> int:
        """Free in-flight places."""
        return self.max_in_flight - len(self.workers.tasks)

    # -- the sweeper ------------------------------------------------------------------

    def kick(self) -> None:
        """Events were queued: make sure the sweeper runs."""
        self.more.set()
        if self.sweeper is None or self.sweeper.done():
            self.sweeper = asyncio.create_task(self._sweep())

    async def _sweep(self) -> None:
        """Claim queued events, oldest first, as slots free up, until none are left.

        The claim is one UPDATE that re-checks `pending`, so an event queued here
        may go to another instance with room first, and never to two.
        """
        while True:
            if self.room() <= self.max_in_flight // 4:
                await asyncio.sleep(0.02)  # claim in batches, not one row per freed slot
                continue
            self.more.clear()
            wanted = min(CLAIM_LIMIT, self.room())
            taken = await self.workers.until_reachable(self.claim)
            if taken < wanted and not self.more.is_set():
                return

    async def claim(self) -> int:
        """Take pending events (queued, or left by dead instances) into free places."""
        rows = await self.store.inbox.claim_pending(
            self.holder,
            limit=min(CLAIM_LIMIT, self.room()),
            platforms=list(self.workers.processors),
        )
        for row in rows:
            self.workers.spawn(row.id, row.platform, row.payload)
        return len(rows)

    # -- start-up and the heartbeat ---------------------------------------------------

    async def start(self) -> None:
        """Announce this instance, take back its own unfinished events, then beat.

        Its own held rows come from its previous process (the instance lock
        proves that is gone); they are returned before anything new is held, so
        nothing this process accepts is mistaken for them.
        """
        await self.lease.renew()
        if released := await self.store.inbox.release(self.holder):
            log.warning("%d event(s) left by this instance's previous process", released)
        self.keeper = asyncio.create_task(self._keep_alive())

    async def _keep_alive(self) -> None:
        try:
            replayed = await self.replay()
            if replayed:
                log.info("took up %d event(s) left unprocessed", replayed)
        except DATABASE_UNAVAILABLE:
            log.warning("database unreachable at start-up; unprocessed events wait a beat")
        await self.lease.run()

    async def _on_beat(self, held: bool) -> None:
        """Each heartbeat: dead instances' events back to the queue, claimed if there is room."""
        if taken := await self.store.inbox.release_orphans():
            log.warning("%d event(s) of a stopped instance returned to the queue", taken)
        if await self.claim():  # a dead instance's events, or a stalled backlog
            self.kick()

    async def replay(self) -> int:
        """Take up events accepted but never finished; how many were scheduled.

        Those are pending events, and events held by instances whose lease ran
        out (orphans, returned to pending first).
        """
        await self.store.inbox.release_orphans()
        count = 0
        while True:
            if self.room() <= 0:
                await asyncio.sleep(0.05)
                continue
            taken = await self.claim()
            count += taken
            if taken == 0:
                return count

    # -- stopping -----------------------------------------------------------------------

    async def drain(self) -> None:
        """Wait for every scheduled event, and the backlog, to finish."""
        while self.workers.tasks or (self.sweeper is not None and not self.sweeper.done()):
            waiting = [*self.workers.tasks, *([self.sweeper] if self.sweeper else [])]
            await asyncio.gather(*waiting, return_exceptions=True)

    async def stop(self) -> None:
        """Stop beating and sweeping, finish what is in flight, give up the lease."""
        for task in (self.keeper, self.sweeper):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self.drain()
        if self.keeper is not None:  # started: say this instance has gone
            await self.lease.release()
