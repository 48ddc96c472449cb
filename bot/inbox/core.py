"""Accept an event durably, acknowledge, then process it once in the background.

Webhooks and pollers call `accept()`: the raw event is written to the inbox
table (keyed by the platform's event id, so a redelivery is recognised) before
the caller acknowledges it. While this instance has room, it holds the rows it
writes (their `holder` is its name) and processes them in tracked tasks; past
`max_in_flight` they are stored pending, so a flood waits in the table, not in
memory, and whichever instance has room claims it.

The parts, one module each: `writer` (group commit), `workers` (processing
slots), `takeover` (sweeper, heartbeat, dead instances' events), `spool` (the
file events go to while the database is unreachable).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from contextlib import AbstractAsyncContextManager
from typing import Any

from bot.inbox import retries
from bot.inbox.admission import Admission
from bot.inbox.ordering import OrderKey
from bot.inbox.spool import Spool
from bot.inbox.takeover import Takeover
from bot.inbox.workers import NETWORK_WAITS, Processor, Workers
from bot.inbox.writer import GroupWriter, Stored
from bot.instance import new_name
from storage import DATABASE_UNAVAILABLE, Store, is_unavailable
from storage.errors import describe

log = logging.getLogger(__name__)


class Inbox:
    def __init__(
        self,
        store: Store,
        *,
        holder: str | None = None,
        concurrency: int = 32,
        calm_concurrency: int | None = None,
        max_in_flight: int = 2000,
        max_defer: float = 0.25,
        spool: Spool | None = None,
        retry_seconds: float = 1.0,
        heartbeat: float = 5.0,
        lease_ttl: float = 20.0,
        network_waits: int = NETWORK_WAITS,
    ) -> None:
        self._store = store
        self.holder = holder or new_name()
        # Past `max_in_flight` scheduled events, new ones wait in the table, not in
        # memory: the sweeper claims them as slots free up (flat memory in a flood).
        self.max_in_flight = max_in_flight
        self.writer = GroupWriter(store, self._holders)
        self.workers = Workers(
            store,
            self.writer,
            concurrency=concurrency,
            calm_concurrency=calm_concurrency or concurrency,
            network_waits=network_waits,
            max_defer=max_defer,
            retry_seconds=retry_seconds,
        )
        self.takeover = Takeover(
            store,
            self.workers,
            holder=self.holder,
            max_in_flight=max_in_flight,
            heartbeat=heartbeat,
            lease_ttl=lease_ttl,
        )
        self.workers.wake = self._wake_later
        self.writer.arrived = self.workers.slots.arrived
        self.wakes: set[asyncio.TimerHandle] = set()
        self.stopping = False
        self.spool = spool
        self.retry_seconds = retry_seconds
        self.spool_task: asyncio.Task[None] | None = None

    @property
    def store(self) -> Store:
        return self._store

    @store.setter
    def store(self, store: Store) -> None:
        """Swap the database under every part (tests: the database comes back)."""
        self._store = self.writer.store = self.workers.store = self.takeover.store = store

    @property
    def tasks(self) -> set[asyncio.Task[None]]:
        return self.workers.tasks

    @property
    def slots(self) -> Admission:
        return self.workers.slots

    def register(
        self, platform: str, processor: Processor, order_key: OrderKey | None = None
    ) -> None:
        """How to process a platform's events, and which conversation each belongs to.

        Events with the same order key are processed and delivered in turn.
        """
        self.workers.register(platform, processor, order_key)

    def in_order(self, key: str | None) -> AbstractAsyncContextManager[None]:
        """Hold a conversation's turn (the web chat, answering inside its request)."""
        return self.workers.order.hold(key)

    def slot_released(self) -> AbstractAsyncContextManager[None]:
        """Around a processor's network wait: its processing slot is free meanwhile."""
        return self.workers.slot_released()

    # -- accepting --------------------------------------------------------------

    async def accept(self, platform: str, event_id: str, payload: dict[str, Any]) -> bool:
        """Store the event and schedule it; False when it was seen before (do nothing).

        With the database unreachable the event goes to the spool file and is
        still accepted: it is stored and processed when the database is back.
        """
        try:
            stored = await self.writer.put((platform, event_id, payload))
        except DATABASE_UNAVAILABLE as exc:
            if self.spool is None or not is_unavailable(exc):
                raise
            log.warning("database unreachable: %s event %s spooled", platform, event_id)
            await self.spool.append(platform, event_id, payload)
            self._start_spool_drain()
            return True
        return self._schedule(platform, event_id, payload, stored)

    async def accept_many(self, platform: str, events: list[tuple[str, dict[str, Any]]]) -> int:
        """Accept a delivery's events, all stored before any is scheduled; how many were new.

        A webhook then acknowledges after its writes alone, not after the
        processing that earlier events would start in between (LINE: up to 100
        events a delivery, ~0.2 s instead of seconds).
        """
        try:
            stored = await asyncio.gather(*(self.writer.put((platform, e, p)) for e, p in events))
        except DATABASE_UNAVAILABLE as exc:  # accept() spools each (or raises without a spool)
            if not is_unavailable(exc):
                raise
            return sum([await self.accept(platform, e, p) for e, p in events])
        return sum(
            self._schedule(platform, event_id, payload, row)
            for (event_id, payload), row in zip(events, stored, strict=True)
        )

    def _schedule(
        self, platform: str, event_id: str, payload: dict[str, Any], stored: Stored
    ) -> bool:
        """Process a stored event (held) or let the sweeper claim it (queued); False: a repeat."""
        row_id, held = stored
        if row_id is None:
            log.info("%s event %s seen before: not processed again", platform, event_id)
            return False
        if held:
            self.spawn(row_id, platform, payload)
        else:
            self.takeover.kick()
        return True

    async def hold(self, platform: str, event_id: str, payload: dict[str, Any]) -> int | None:
        """Store an event the caller processes itself (the web chat answers in its response).

        The row stays held by this instance until `finish`; if the process dies
        first, the event is processed on restart like any other. None when the
        event was stored before (a resend). Raises when the database is down.
        """
        row_id, _ = await self.writer.put((platform, event_id, payload), held=True)
        return row_id

    async def finish(self, row_id: int | None, platform: str, event_id: str) -> None:
        """The caller of `hold` is done with the event (and has its answer to give).

        A resend (`hold` gave None) finishes the first try's row too, wherever it
        is held: answered here, it must not be replayed with a second answer.
        """
        if row_id is not None:
            await self.workers.until_reachable(lambda: self.writer.mark_done(row_id))
        else:
            await self.workers.until_reachable(
                lambda: self.store.inbox.done_unfinished(platform, event_id)
            )

    def _wake_later(self, delay: float) -> None:
        """Claim a failed event again once its backoff has passed."""
        if self.stopping:  # the heartbeat of whichever instance runs will claim it
            return
        loop = asyncio.get_running_loop()
        self.wakes = {h for h in self.wakes if h.when() > loop.time()}
        self.wakes.add(loop.call_later(delay + 0.05, self.takeover.kick))

    def _holders(self, must_hold: list[bool]) -> list[str | None]:
        """Hold what fits in the in-flight bound (and what a request processes); queue the rest."""
        room = self.max_in_flight - len(self.workers.tasks)
        holders: list[str | None] = []
        for must in must_hold:
            if must or room > 0:
                holders.append(self.holder)
                room -= 0 if must else 1
            else:
                holders.append(None)
        return holders

    def spawn(self, row_id: int, platform: str, payload: dict[str, Any]) -> None:
        """Process an event this instance holds, in a tracked task."""
        self.workers.spawn(row_id, platform, payload)

    # -- outages: the spool ---------------------------------------------------------

    def _start_spool_drain(self) -> None:
        if self.spool_task is None or self.spool_task.done():
            self.spool_task = asyncio.create_task(self._drain_spool())

    async def _put_and_spawn(self, platform: str, event_id: str, payload: dict[str, Any]) -> None:
        """Move one spooled event into the inbox; one the database refuses is dead-lettered.

        A refusal is tried a few times (it may have been a coincidence of rows),
        then the event goes to the dead letters, so the events spooled behind it
        move on instead of waiting for a row that will never be accepted.
        """
        for attempt in range(1, retries.REFUSED_TRIES + 1):
            try:
                row_id = await self.store.inbox.put(platform, event_id, payload, holder=self.holder)
            except Exception as exc:
                if is_unavailable(exc):
                    raise  # still down: the spool keeps this event and the rest, in order
                if attempt < retries.REFUSED_TRIES:
                    continue
                await retries.dead_letter(self.store, (platform, event_id, payload), exc)
                return
            if row_id is None:  # stored before: by a group write whose commit went through
                row_id = await self.store.inbox.held_by(platform, event_id, self.holder)
            if row_id is not None:  # ours to process (spawn ignores one already scheduled)
                self.spawn(row_id, platform, payload)
            return

    async def _drain_spool(self) -> None:
        """Retry until every spooled event is in the inbox, in the order it arrived."""
        assert self.spool is not None
        while await self.spool.pending():
            try:
                moved = await self.spool.drain_into(self._put_and_spawn)
                log.info("moved %d spooled event(s) into the inbox", moved)
            except DATABASE_UNAVAILABLE as exc:
                if not is_unavailable(exc):
                    log.error("spool drain failed: %s", describe(exc))
                await asyncio.sleep(self.retry_seconds)

    async def recover_spool(self) -> None:
        """At start-up: events spooled before a restart go into the inbox first."""
        if self.spool is not None and await self.spool.pending():
            self._start_spool_drain()

    # -- starting and stopping --------------------------------------------------------

    async def start(self) -> None:
        """Announce this instance, take back its unfinished events, then work in the background."""
        await self.takeover.start()

    async def replay(self) -> int:
        """Take up events accepted but never finished; how many were scheduled."""
        return await self.takeover.replay()

    async def drain(self) -> None:
        """Wait for every scheduled event, and the backlog, to finish."""
        await self.takeover.drain()

    async def stop(self) -> None:
        self.stopping = True
        for handle in self.wakes:
            handle.cancel()
        self.wakes.clear()
        if self.spool_task is not None:
            self.spool_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.spool_task
        await self.takeover.stop()
