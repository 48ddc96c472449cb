"""Accept an event durably, acknowledge, then process it once in the background.

Webhooks and pollers call `accept()`: the raw event is written to the inbox
table (keyed by the platform's event id, so a redelivery is recognised) before
the caller acknowledges it. While this instance has room, it holds the rows it
writes (their `holder` is its name) and processes them in tracked tasks; past
`max_in_flight` they are stored pending, so a flood waits in the table, not in
memory, and whichever instance has room claims it. Writes are grouped:
concurrent events share one INSERT, and finished events are marked done in the
same commit.

A heartbeat keeps this instance's lease alive; every beat, events held by
instances whose lease ran out (killed, unplugged) go back to pending and any
live instance takes them. An instance restarted under the same name
(bot.instance) takes its own unfinished events back at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError

from bot.instance import new_name
from bot.spool import Spool
from storage import Store
from storage.inbox import Event, lease_name

log = logging.getLogger(__name__)

Delivery = Callable[[], Awaitable[None]]
# A processor handles an event and may return its delivery (sending the answer),
# which the inbox runs outside the processing slots: see `_process`.
Processor = Callable[[dict[str, Any]], Awaitable[Delivery | None]]
Stored = tuple[int | None, bool]  # row id (None: seen before), held by this instance
DATABASE_DOWN = (OperationalError, DBAPIError, OSError, ConnectionError)
GROUP_LIMIT = 500  # events written by one group INSERT at most
OUTAGE_TRIES = 120  # a processor failing like an outage is retried for ~2 minutes
CLAIM_LIMIT = 200  # pending events taken over in one statement at most
NETWORK_WAITS = 64  # API calls in flight at once; channels size their HTTP pools to match
HOLDING_SLOT: contextvars.ContextVar[bool] = contextvars.ContextVar("holding_slot", default=False)


class Inbox:
    def __init__(
        self,
        store: Store,
        *,
        holder: str | None = None,
        concurrency: int = 32,
        max_in_flight: int = 2000,
        max_defer: float = 0.25,
        spool: Spool | None = None,
        retry_seconds: float = 1.0,
        heartbeat: float = 5.0,
        lease_ttl: float = 20.0,
        network_waits: int = NETWORK_WAITS,
    ) -> None:
        self.store = store
        self.holder = holder or new_name()
        self.processors: dict[str, Processor] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self.slots = asyncio.Semaphore(concurrency)
        # Deliveries and lookups waiting on a platform's API, at most this many at
        # once: the rest queue here, not inside the HTTP client, where the wait for
        # a pooled connection would count against each request's timeout.
        self.network = asyncio.Semaphore(network_waits)
        # Past `max_in_flight` scheduled events, new ones wait in the table, not in
        # memory: a sweeper claims them as slots free up (flat memory in a flood).
        self.max_in_flight = max_in_flight
        self.scheduled: set[int] = set()
        self.sweeper: asyncio.Task[None] | None = None
        self.more = asyncio.Event()  # events were queued since the sweeper last looked
        # Group writes: events to store and events finished, one commit for both.
        # A waiting event says whether it must be held (a request processes it).
        self.waiting: list[tuple[Event, bool, asyncio.Future[Stored]]] = []
        self.finishing: list[tuple[int, asyncio.Future[None]]] = []
        self.writer: asyncio.Task[None] | None = None
        # Acknowledging comes first: while events wait to be stored, processing
        # waits too (at most `max_defer` seconds a turn, so answers never starve).
        self.quiet = asyncio.Event()
        self.quiet.set()
        self.max_defer = max_defer
        self.spool = spool
        self.retry_seconds = retry_seconds
        self.spool_task: asyncio.Task[None] | None = None
        self.heartbeat = heartbeat
        self.lease_ttl = timedelta(seconds=lease_ttl)
        self.keeper: asyncio.Task[None] | None = None

    def register(self, platform: str, processor: Processor) -> None:
        self.processors[platform] = processor

    # -- accepting --------------------------------------------------------------

    async def accept(self, platform: str, event_id: str, payload: dict[str, Any]) -> bool:
        """Store the event and schedule it; False when it was seen before (do nothing).

        With the database unreachable the event goes to the spool file and is
        still accepted: it is stored and processed when the database is back.
        """
        try:
            stored = await self._put(platform, event_id, payload)
        except DATABASE_DOWN:
            if self.spool is None:
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
            stored = await asyncio.gather(*(self._put(platform, e, p) for e, p in events))
        except DATABASE_DOWN:  # accept() spools each event (or raises without a spool)
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
            self._kick_sweeper()
        return True

    async def hold(self, platform: str, event_id: str, payload: dict[str, Any]) -> int | None:
        """Store an event the caller processes itself (the web chat answers in its response).

        The row stays held by this instance until `finish`; if the process dies
        first, the event is processed on restart like any other. None when the
        event was stored before (a resend). Raises when the database is down.
        """
        row_id, _ = await self._put(platform, event_id, payload, held=True)
        return row_id

    async def finish(self, row_id: int | None) -> None:
        """The caller of `hold` is done with the event."""
        if row_id is not None:
            await self._until_reachable(lambda: self._mark_done(row_id))

    async def _put(
        self, platform: str, event_id: str, payload: dict[str, Any], *, held: bool = False
    ) -> Stored:
        """Store one event, sharing one INSERT and one commit with concurrent callers.

        Under load many webhooks arrive together; each waits for the next group
        write instead of its own transaction (group commit). Returns the row id
        (None when the event was seen before) and whether this instance holds it.
        """
        done: asyncio.Future[Stored] = asyncio.get_running_loop().create_future()
        self.waiting.append(((platform, event_id, payload), held, done))
        self.quiet.clear()
        self._start_writer()
        return await done

    def _mark_done(self, row_id: int) -> asyncio.Future[None]:
        """Queue a finished event for the next group write; the future says it is written."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.finishing.append((row_id, done))
        self._start_writer()
        return done

    def _holders(self, must_hold: list[bool]) -> list[str | None]:
        """Hold what fits in the in-flight bound (and what a request processes); queue the rest."""
        room = self.max_in_flight - len(self.tasks)
        holders: list[str | None] = []
        for must in must_hold:
            if must or room > 0:
                holders.append(self.holder)
                room -= 0 if must else 1
            else:
                holders.append(None)
        return holders

    def _start_writer(self) -> None:
        if self.writer is None or self.writer.done():
            self.writer = asyncio.create_task(self._write_groups())

    async def _write_groups(self) -> None:
        try:
            while self.waiting or self.finishing:
                await asyncio.sleep(0)  # let the requests that arrived together join
                group, self.waiting = self.waiting[:GROUP_LIMIT], self.waiting[GROUP_LIMIT:]
                finished, self.finishing = self.finishing, []
                holders = self._holders([held for _, held, _ in group])
                futures = [future for *_, future in group] + [future for _, future in finished]
                try:
                    row_ids = await self.store.inbox.record(
                        [event for event, _, _ in group],
                        holders=holders,
                        finished=[row_id for row_id, _ in finished],
                    )
                except Exception as exc:
                    for future in futures:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                finally:
                    if not self.waiting:
                        self.quiet.set()
                for (*_, future), row_id, holder in zip(group, row_ids, holders, strict=True):
                    if not future.done():
                        future.set_result((row_id, holder is not None))
                for _, future in finished:
                    if not future.done():
                        future.set_result(None)
        finally:
            self.quiet.set()

    # -- processing --------------------------------------------------------------

    def spawn(self, row_id: int, platform: str, payload: dict[str, Any]) -> None:
        """Process an event this instance holds, in a tracked task."""
        if row_id in self.scheduled:
            return
        self.scheduled.add(row_id)
        task = asyncio.create_task(self._process(row_id, platform, payload))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        task.add_done_callback(lambda _: self.scheduled.discard(row_id))

    def _kick_sweeper(self) -> None:
        self.more.set()
        if self.sweeper is None or self.sweeper.done():
            self.sweeper = asyncio.create_task(self._sweep())

    async def _sweep(self) -> None:
        """Claim queued events, oldest first, as slots free up, until none are left.

        The claim is one UPDATE that re-checks `pending`, so an event queued here
        may go to another instance with room first, and never to two.
        """
        while True:
            if self.max_in_flight - len(self.tasks) <= self.max_in_flight // 4:
                await asyncio.sleep(0.02)  # claim in batches, not one row per freed slot
                continue
            self.more.clear()
            wanted = self._room()
            taken = await self._until_reachable(self._claim)
            if taken < wanted and not self.more.is_set():
                return

    async def _process(self, row_id: int, platform: str, payload: dict[str, Any]) -> None:
        """Process a held event, then record it; an outage of the database is waited out.

        A processor re-run after an outage is safe: the inquiry is logged once,
        and a handled event's answer is only re-sent with its single-use reply
        token.
        """
        error: BaseException | None = None
        delivery: Delivery | None = None
        async with self.slots:
            HOLDING_SLOT.set(True)  # this task's context only: see `slot_released`
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.quiet.wait(), timeout=self.max_defer)
            processor = self.processors.get(platform)
            for attempt in range(1, OUTAGE_TRIES + 1):
                try:
                    if processor is None:
                        raise LookupError(f"no processor for {platform}")
                    delivery = await processor(payload)
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
        HOLDING_SLOT.set(False)
        # The slots bound the work that uses this process's CPU and database; a
        # delivery mostly waits on the platform's API (LINE answers in 100-300 ms
        # from the region), and holding a slot through that wait capped an
        # instance at slots / API latency events a second.
        if error is None and delivery is not None:
            try:
                async with self.network:
                    await delivery()
            except Exception as exc:
                error = exc
        if error is None:
            await self._until_reachable(lambda: self._mark_done(row_id))
            return
        log.error("processing %s event %s failed", platform, row_id, exc_info=error)
        reason = f"{type(error).__name__}: {error}"
        await self._until_reachable(lambda: self.store.inbox.failed(row_id, reason))

    @contextlib.asynccontextmanager
    async def slot_released(self) -> AsyncIterator[None]:
        """Around a processor's network wait: its processing slot is free meanwhile.

        For lookups a processor needs before it can handle an event (LINE's
        profile language); the answer itself is sent as the returned delivery.
        Outside a processor this does nothing.
        """
        if not HOLDING_SLOT.get():
            yield
            return
        self.slots.release()
        HOLDING_SLOT.set(False)
        try:
            async with self.network:
                yield
        finally:
            await self.slots.acquire()
            HOLDING_SLOT.set(True)

    async def _until_reachable(self, write: Callable[[], Awaitable[Any]]) -> Any:
        """Run a bookkeeping statement, retrying while the database is unreachable."""
        while True:
            try:
                return await write()
            except DATABASE_DOWN:
                log.warning("database unreachable; retrying in %s s", self.retry_seconds)
                await asyncio.sleep(self.retry_seconds)

    # -- taking over work: start-up, heartbeat -------------------------------------

    async def start(self) -> None:
        """Announce this instance, take back its own unfinished events, then work in the background.

        Its own held rows come from its previous process (the instance lock
        proves that is gone); they are returned before anything new is held, so
        nothing this process accepts is mistaken for them.
        """
        await self._renew()
        if released := await self.store.inbox.release(self.holder):
            log.warning("%d event(s) left by this instance's previous process", released)
        self.keeper = asyncio.create_task(self._keep_alive())

    async def _renew(self) -> None:
        await self.store.leases.acquire(lease_name(self.holder), self.holder, self.lease_ttl)

    async def _keep_alive(self) -> None:
        try:
            replayed = await self.replay()
            if replayed:
                log.info("took up %d event(s) left unprocessed", replayed)
        except DATABASE_DOWN:
            log.warning("database unreachable at start-up; unprocessed events wait a beat")
        while True:
            await asyncio.sleep(self.heartbeat)
            try:
                await self._renew()
                if taken := await self.store.inbox.release_orphans():
                    log.warning("%d event(s) of a stopped instance returned to the queue", taken)
                if await self._claim():  # a dead instance's events, or a stalled backlog
                    self._kick_sweeper()
            except DATABASE_DOWN:
                log.warning("database unreachable; heartbeat retries in %s s", self.heartbeat)
            except Exception:
                log.exception("inbox heartbeat failed")

    def _room(self) -> int:
        """How many pending events one claim may take: free in-flight places, capped."""
        return min(CLAIM_LIMIT, self.max_in_flight - len(self.tasks))

    async def _claim(self) -> int:
        """Take pending events (queued, or left by dead instances) into free places."""
        rows = await self.store.inbox.claim_pending(
            self.holder, limit=self._room(), platforms=list(self.processors)
        )
        for row in rows:
            self.spawn(row.id, row.platform, row.payload)
        return len(rows)

    async def replay(self) -> int:
        """Take up events accepted but never finished; how many were scheduled.

        Those are pending events, and events held by instances whose lease ran
        out (orphans, returned to pending first).
        """
        await self.store.inbox.release_orphans()
        count = 0
        while True:
            if len(self.tasks) >= self.max_in_flight:
                await asyncio.sleep(0.05)
                continue
            taken = await self._claim()
            count += taken
            if taken == 0:
                return count

    # -- outages: the spool ---------------------------------------------------------

    def _start_spool_drain(self) -> None:
        if self.spool_task is None or self.spool_task.done():
            self.spool_task = asyncio.create_task(self._drain_spool())

    async def _put_and_spawn(self, platform: str, event_id: str, payload: dict[str, Any]) -> None:
        row_id = await self.store.inbox.put(platform, event_id, payload, holder=self.holder)
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

    # -- stopping -------------------------------------------------------------------

    async def drain(self) -> None:
        """Wait for every scheduled event, and the backlog, to finish."""
        while self.tasks or (self.sweeper is not None and not self.sweeper.done()):
            waiting = [*self.tasks, *([self.sweeper] if self.sweeper else [])]
            await asyncio.gather(*waiting, return_exceptions=True)

    async def stop(self) -> None:
        for task in (self.keeper, self.sweeper, self.spool_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self.drain()
        if self.keeper is not None:  # started: say this instance has gone
            with contextlib.suppress(*DATABASE_DOWN):
                await self.store.leases.release(lease_name(self.holder), self.holder)
