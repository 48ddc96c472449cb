"""Processing held events in tracked tasks, a bounded number at a time.

The contract every channel follows: its processor handles one stored event and
returns a `Delivery` (sending the answer) or None. The slots bound the work
that uses this process's CPU and database; deliveries and other waits on a
platform's API (`slot_released`) run outside them, bounded by `network`. Events
of one conversation run in turn (bot.inbox.ordering). A processor failing like
a database outage is retried for about two minutes (outside its slot); any other
failure sends the event back for a later try, or to `dead` once its tries are
spent (bot.inbox.retries).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from bot.inbox import retries
from bot.inbox.admission import Admission
from bot.inbox.ordering import KeyedLocks, OrderKey
from bot.inbox.writer import GroupWriter
from storage import DATABASE_UNAVAILABLE, Store, is_unavailable

log = logging.getLogger(__name__)

Delivery = Callable[[], Awaitable[None]]
# A processor handles an event and may return its delivery (sending the answer),
# which runs outside the processing slots: see `Workers.process`.
Processor = Callable[[dict[str, Any]], Awaitable[Delivery | None]]
OUTAGE_TRIES = 120  # a processor failing like an outage is retried for ~2 minutes
NETWORK_WAITS = 64  # API calls in flight at once; channels size their HTTP pools to match
T = TypeVar("T")


class Slot:
    """Whether one processing task holds its slot right now.

    `slot_released` gives the slot back during a network wait and takes it
    again after; if the task is cancelled while waiting to take it again, it
    does not hold it, and must not release it on the way out (that would raise
    the concurrency limit by one).
    """

    def __init__(self) -> None:
        self.held = False


SLOT: contextvars.ContextVar[Slot | None] = contextvars.ContextVar("slot", default=None)


class Workers:
    def __init__(
        self,
        store: Store,
        writer: GroupWriter,
        *,
        concurrency: int,
        calm_concurrency: int,
        network_waits: int,
        max_defer: float,
        retry_seconds: float,
    ) -> None:
        self.store = store
        self.writer = writer
        self.processors: dict[str, Processor] = {}
        self.order_keys: dict[str, OrderKey] = {}
        self.order = KeyedLocks()
        self.tasks: set[asyncio.Task[None]] = set()
        self.scheduled: set[int] = set()
        # `concurrency` events at once while webhooks are being acknowledged, more
        # once they stop (their statements then share batches): bot.inbox.admission.
        self.slots = Admission(concurrency, max(concurrency, calm_concurrency))
        # Deliveries and lookups waiting on a platform's API, at most this many at
        # once: the rest queue here, not inside the HTTP client, where the wait for
        # a pooled connection would count against each request's timeout.
        self.network = asyncio.Semaphore(network_waits)
        # Acknowledging comes first: while events wait to be stored, processing
        # waits too (at most `max_defer` seconds a turn, so answers never starve).
        self.max_defer = max_defer
        self.retry_seconds = retry_seconds
        # Called with a failed event's backoff: claim it again then (the heartbeat
        # would too, within a beat; bot.inbox.core wires this to the sweeper).
        self.wake: Callable[[float], object] | None = None

    def register(self, platform: str, processor: Processor, order_key: OrderKey | None) -> None:
        self.processors[platform] = processor
        if order_key is not None:
            self.order_keys[platform] = order_key

    def spawn(self, row_id: int, platform: str, payload: dict[str, Any]) -> None:
        """Process an event this instance holds, in a tracked task."""
        if row_id in self.scheduled:
            return
        self.scheduled.add(row_id)
        task = asyncio.create_task(self.process(row_id, platform, payload))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        task.add_done_callback(lambda _: self.scheduled.discard(row_id))

    async def process(self, row_id: int, platform: str, payload: dict[str, Any]) -> None:
        """Process a held event, then record it; an outage of the database is waited out.

        A processor re-run after an outage is safe: the inquiry is logged once,
        and a handled event's answer is only re-sent with its single-use reply
        token.
        """
        order_key = self.order_keys.get(platform)
        async with self.order.hold(order_key(payload) if order_key else None):
            error = await self._handle(row_id, platform, payload)
        if error is None:
            await self.until_reachable(lambda: self.writer.mark_done(row_id))
            return
        # Not retried on the spot: back to the table with a later try, or dead-lettered
        # with a data-free reason, so the slot and the conversation's turn are free.
        failure = error
        wait = await self.until_reachable(
            lambda: retries.record_failure(self.store, row_id, platform, failure)
        )
        if wait is not None and self.wake is not None:
            self.wake(wait.total_seconds())

    async def _handle(
        self, row_id: int, platform: str, payload: dict[str, Any]
    ) -> BaseException | None:
        """Run the processor in a slot, then its delivery outside; the error, if any."""
        error: BaseException | None = None
        delivery: Delivery | None = None
        slot = Slot()
        token = SLOT.set(slot)  # this task's context only: see `slot_released`
        await self.slots.acquire()
        slot.held = True
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.writer.quiet.wait(), timeout=self.max_defer)
            processor = self.processors.get(platform)
            for attempt in range(1, OUTAGE_TRIES + 1):
                try:
                    if processor is None:
                        raise LookupError(f"no processor for {platform}")
                    delivery = await processor(payload)
                except Exception as exc:
                    if not is_unavailable(exc) or attempt == OUTAGE_TRIES:
                        error = exc  # a refused row, a bug: recorded below, not retried here
                        break
                    log.warning("database unreachable processing event %s; retrying", row_id)
                    slot.held = False  # waiting is not work: other events may go on
                    self.slots.release()
                    await asyncio.sleep(self.retry_seconds)
                    await self.slots.acquire()
                    slot.held = True
                    continue
                break
        finally:
            if slot.held:
                slot.held = False
                self.slots.release()
            SLOT.reset(token)
        # A delivery mostly waits on the platform's API (LINE answers in 100-300 ms
        # from the region); holding a slot through that wait capped an instance at
        # slots / API latency events a second.
        if error is None and delivery is not None:
            try:
                async with self.network:
                    await delivery()
            except Exception as exc:
                error = exc
        return error

    @contextlib.asynccontextmanager
    async def slot_released(self) -> AsyncIterator[None]:
        """Around a processor's network wait: its processing slot is free meanwhile.

        For lookups a processor needs before it can handle an event (LINE's
        profile language); the answer itself is sent as the returned delivery.
        Outside a processor this does nothing.
        """
        slot = SLOT.get()
        if slot is None or not slot.held:
            yield
            return
        slot.held = False
        self.slots.release()
        try:
            async with self.network:
                yield
        finally:
            await self.slots.acquire()  # cancelled here: not held, nothing to give back
            slot.held = True

    async def until_reachable(self, write: Callable[[], Awaitable[T]]) -> T:
        """Run a bookkeeping statement, retrying while the database is unreachable."""
        while True:
            try:
                return await write()
            except DATABASE_UNAVAILABLE as exc:
                if not is_unavailable(exc):
                    raise
                log.warning("database unreachable; retrying in %s s", self.retry_seconds)
                await asyncio.sleep(self.retry_seconds)

    async def drain(self) -> None:
        """Wait for every scheduled event to finish."""
        while self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)
