"""Accept an event durably, acknowledge, then process it once in the background.

Webhooks and pollers call `accept()`: the raw event is written to the inbox
table (keyed by the platform's event id, so a redelivery is recognised) before
the caller acknowledges it; processing runs in tracked tasks, bounded by a
semaphore so a flood cannot grow memory without limit. On start-up `replay()`
processes what a crashed process had accepted but not finished.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError

from bot.spool import Spool
from storage import Store

log = logging.getLogger(__name__)

Processor = Callable[[dict[str, Any]], Awaitable[None]]
DATABASE_DOWN = (OperationalError, DBAPIError, OSError, ConnectionError)
GROUP_LIMIT = 500  # events written by one group INSERT at most
OUTAGE_TRIES = 120  # a processor failing like an outage is retried for ~2 minutes


class Inbox:
    def __init__(
        self,
        store: Store,
        *,
        concurrency: int = 32,
        max_in_flight: int = 2000,
        max_defer: float = 0.25,
        spool: Spool | None = None,
        retry_seconds: float = 1.0,
    ) -> None:
        self.store = store
        self.processors: dict[str, Processor] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self.slots = asyncio.Semaphore(concurrency)
        # Past `max_in_flight` scheduled events, new ones wait in the table, not in
        # memory: a sweeper schedules them as slots free up (flat memory in a flood).
        self.max_in_flight = max_in_flight
        self.waiting: list[tuple[tuple[str, str, dict[str, Any]], asyncio.Future[int | None]]] = []
        self.writer: asyncio.Task[None] | None = None
        # Acknowledging comes first: while events wait to be stored, processing
        # waits too (at most `max_defer` seconds a turn, so answers never starve).
        self.quiet = asyncio.Event()
        self.quiet.set()
        self.max_defer = max_defer
        self.scheduled: set[int] = set()
        self.backlog_from: int | None = None
        self.sweeper: asyncio.Task[None] | None = None
        self.spool = spool
        self.retry_seconds = retry_seconds
        self.spool_task: asyncio.Task[None] | None = None

    def register(self, platform: str, processor: Processor) -> None:
        self.processors[platform] = processor

    async def accept(self, platform: str, event_id: str, payload: dict[str, Any]) -> bool:
        """Store the event and schedule it; False when it was seen before (do nothing).

        With the database unreachable the event goes to the spool file and is
        still accepted: it is stored and processed when the database is back.
        """
        try:
            row_id = await self._put(platform, event_id, payload)
        except DATABASE_DOWN:
            if self.spool is None:
                raise
            log.warning("database unreachable: %s event %s spooled", platform, event_id)
            await self.spool.append(platform, event_id, payload)
            self._start_spool_drain()
            return True
        if row_id is None:
            log.info("%s event %s seen before: not processed again", platform, event_id)
            return False
        self.spawn(row_id, platform, payload)
        return True

    async def accept_many(self, platform: str, events: list[tuple[str, dict[str, Any]]]) -> int:
        """Accept a delivery's events, all stored before any is scheduled; how many were new.

        A webhook then acknowledges after its writes alone, not after the
        processing that earlier events would start in between (LINE: up to 100
        events a delivery, ~0.2 s instead of seconds).
        """
        try:
            row_ids = await asyncio.gather(*(self._put(platform, e, p) for e, p in events))
        except DATABASE_DOWN:  # accept() spools each event (or raises without a spool)
            return sum([await self.accept(platform, e, p) for e, p in events])
        fresh = 0
        for (event_id, payload), row_id in zip(events, row_ids, strict=True):
            if row_id is None:
                log.info("%s event %s seen before: not processed again", platform, event_id)
                continue
            self.spawn(row_id, platform, payload)
            fresh += 1
        return fresh

    async def _put(self, platform: str, event_id: str, payload: dict[str, Any]) -> int | None:
        """Store one event, sharing one INSERT and one commit with concurrent callers.

        Under load many webhooks arrive together; each waits for the next group
        write instead of its own transaction (group commit). Returns the row id,
        or None when the event was seen before.
        """
        done: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
        self.waiting.append(((platform, event_id, payload), done))
        self.quiet.clear()
        if self.writer is None or self.writer.done():
            self.writer = asyncio.create_task(self._write_groups())
        return await done

    async def _write_groups(self) -> None:
        try:
            await self._write_waiting()
        finally:
            self.quiet.set()

    async def _write_waiting(self) -> None:
        while self.waiting:
            await asyncio.sleep(0)  # let the requests that arrived together join
            group, self.waiting = self.waiting[:GROUP_LIMIT], self.waiting[GROUP_LIMIT:]
            try:
                row_ids = await self.store.inbox.put_many([event for event, _ in group])
            except Exception as exc:
                for _, done in group:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for (_, done), row_id in zip(group, row_ids, strict=True):
                if not done.done():
                    done.set_result(row_id)

    def spawn(self, row_id: int, platform: str, payload: dict[str, Any]) -> None:
        """Schedule a stored event, or leave it in the table when too many are in flight."""
        if row_id in self.scheduled:
            return
        if len(self.tasks) >= self.max_in_flight:
            if self.backlog_from is None or row_id < self.backlog_from:
                self.backlog_from = row_id
            if self.sweeper is None or self.sweeper.done():
                self.sweeper = asyncio.create_task(self._sweep())
            return
        self.scheduled.add(row_id)
        task = asyncio.create_task(self._process(row_id, platform, payload))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        task.add_done_callback(lambda _: self.scheduled.discard(row_id))

    async def _sweep(self) -> None:
        """Schedule the backlog from the table, oldest first, as slots free up."""
        while self.backlog_from is not None:
            free = self.max_in_flight - len(self.tasks)
            if free <= self.max_in_flight // 4:
                await asyncio.sleep(0.02)
                continue
            cursor, self.backlog_from = self.backlog_from - 1, None
            while True:
                rows = await self.store.inbox.pending(
                    limit=max(1, self.max_in_flight - len(self.tasks)), after_id=cursor
                )
                rows = [r for r in rows if r.platform in self.processors]
                if not rows:
                    break
                for row in rows:
                    cursor = row.id
                    self.spawn(row.id, row.platform, row.payload)
                if self.backlog_from is not None:  # full again: wait, resume from here
                    self.backlog_from = min(self.backlog_from, cursor)
                    break

    async def _process(self, row_id: int, platform: str, payload: dict[str, Any]) -> None:
        """Claim, process, record; an outage of the database is waited out, not a failure.

        Without that, an event caught by a database restart stayed pending or
        working, or was marked failed, until the process restarted (bench.load,
        fault-postgres). A processor re-run after an outage is safe: the
        inquiry is logged once, and a handled event's answer is only re-sent
        with its single-use reply token.
        """
        async with self.slots:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.quiet.wait(), timeout=self.max_defer)
            if not await self._until_reachable(lambda: self.store.inbox.claim(row_id)):
                return
            processor = self.processors.get(platform)
            for attempt in range(1, OUTAGE_TRIES + 1):
                try:
                    if processor is None:
                        raise LookupError(f"no processor for {platform}")
                    await processor(payload)
                except DATABASE_DOWN as exc:
                    if attempt == OUTAGE_TRIES:
                        error = exc
                        break
                    log.warning("database unreachable processing event %s; retrying", row_id)
                    await asyncio.sleep(self.retry_seconds)
                    continue
                except Exception as exc:
                    error = exc
                    break
                await self._until_reachable(lambda: self.store.inbox.done(row_id))
                return
            log.error("processing %s event %s failed", platform, row_id, exc_info=error)
            reason = f"{type(error).__name__}: {error}"
            await self._until_reachable(lambda: self.store.inbox.failed(row_id, reason))

    async def _until_reachable(self, write: Callable[[], Awaitable[Any]]) -> Any:
        """Run a bookkeeping statement, retrying while the database is unreachable."""
        while True:
            try:
                return await write()
            except DATABASE_DOWN:
                log.warning("database unreachable; retrying in %s s", self.retry_seconds)
                await asyncio.sleep(self.retry_seconds)

    async def replay(self) -> int:
        """Process events accepted but never finished (after a crash or restart)."""
        await self.store.inbox.release_stale()
        count = 0
        while True:
            pending = [
                e
                for e in await self.store.inbox.pending(limit=500)
                if e.platform in self.processors
            ]
            if not pending:
                return count
            for event in pending:
                self.spawn(event.id, event.platform, event.payload)
            count += len(pending)
            await self.drain()  # each is claimed (no longer pending) before the next round

    def _start_spool_drain(self) -> None:
        if self.spool_task is None or self.spool_task.done():
            self.spool_task = asyncio.create_task(self._drain_spool())

    async def _put_and_spawn(self, platform: str, event_id: str, payload: dict[str, Any]) -> None:
        row_id = await self.store.inbox.put(platform, event_id, payload)
        if row_id is not None:
            self.spawn(row_id, platform, payload)

    async def _drain_spool(self) -> None:
        """Retry until every spooled event is in the inbox, in the order it arrived."""
        assert self.spool is not None
        while await self.spool.pending():
            try:
                moved = await self.spool.drain_into(self._put_and_spawn)
                log.info("moved %d spooled event(s) into the inbox", moved)
            except DATABASE_DOWN:
                await asyncio.sleep(self.retry_seconds)

    async def recover_spool(self) -> None:
        """At start-up: events spooled before a restart go into the inbox first."""
        if self.spool is not None and await self.spool.pending():
            self._start_spool_drain()

    async def drain(self) -> None:
        """Wait for every scheduled event, and the backlog, to finish."""
        while self.tasks or (self.sweeper is not None and not self.sweeper.done()):
            waiting = [*self.tasks, *([self.sweeper] if self.sweeper else [])]
            await asyncio.gather(*waiting, return_exceptions=True)

    async def stop(self) -> None:
        if self.sweeper is not None:
            self.sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.sweeper
        if self.spool_task is not None:
            self.spool_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.spool_task
        await self.drain()
