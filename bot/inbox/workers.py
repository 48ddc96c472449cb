"""Processing held events in tracked tasks, a bounded number at a time.

The slots bound the work that uses this process's CPU and database; waits on a
platform's API (deliveries, profile lookups) are bounded separately by
`network`, outside the slots. A processor failing like a database outage is
retried for about two minutes; any other failure marks the event failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from bot.inbox.writer import GroupWriter
from storage import DATABASE_UNAVAILABLE, Store

log = logging.getLogger(__name__)

Delivery = Callable[[], Awaitable[None]]
# A processor handles an event and may return its delivery (sending the answer),
# which runs outside the processing slots: see `Workers.process`.
Processor = Callable[[dict[str, Any]], Awaitable[Delivery | None]]
OUTAGE_TRIES = 120  # a processor failing like an outage is retried for ~2 minutes
NETWORK_WAITS = 64  # API calls in flight at once; channels size their HTTP pools to match
HOLDING_SLOT: contextvars.ContextVar[bool] = contextvars.ContextVar("holding_slot", default=False)
T = TypeVar("T")


class Workers:
    def __init__(
        self,
        store: Store,
        writer: GroupWriter,
        *,
        concurrency: int,
        network_waits: int,
        max_defer: float,
        retry_seconds: float,
    ) -> None:
        self.store = store
        self.writer = writer
        self.processors: dict[str, Processor] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self.scheduled: set[int] = set()
        self.slots = asyncio.Semaphore(concurrency)
        # Deliveries and lookups waiting on a platform's API, at most this many at
        # once: the rest queue here, not inside the HTTP client, where the wait for
        # a pooled connection would count against each request's timeout.
        self.network = asyncio.Semaphore(network_waits)
        # Acknowledging comes first: while events wait to be stored, processing
        # waits too (at most `max_defer` seconds a turn, so answers never starve).
        self.max_defer = max_defer
        self.retry_seconds = retry_seconds

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
        error: BaseException | None = None
        delivery: Delivery | None = None
        async with self.slots:
            HOLDING_SLOT.set(True)  # this task's context only: see `slot_released`
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.writer.quiet.wait(), timeout=self.max_defer)
            processor = self.processors.get(platform)
            for attempt in range(1, OUTAGE_TRIES + 1):
                try:
                    if processor is None:
                        raise LookupError(f"no processor for {platform}")
                    delivery = await processor(payload)
                except DATABASE_UNAVAILABLE as exc:
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
        # A delivery mostly waits on the platform's API (LINE answers in 100-300 ms
        # from the region); holding a slot through that wait capped an instance at
        # slots / API latency events a second.
        if error is None and delivery is not None:
            try:
                async with self.network:
                    await delivery()
            except Exception as exc:
                error = exc
        if error is None:
            await self.until_reachable(lambda: self.writer.mark_done(row_id))
            return
        log.error("processing %s event %s failed", platform, row_id, exc_info=error)
        reason = f"{type(error).__name__}: {error}"
        await self.until_reachable(lambda: self.store.inbox.failed(row_id, reason))

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

    async def until_reachable(self, write: Callable[[], Awaitable[T]]) -> T:
        """Run a bookkeeping statement, retrying while the database is unreachable."""
        while True:
            try:
                return await write()
            except DATABASE_UNAVAILABLE:
                log.warning("database unreachable; retrying in %s s", self.retry_seconds)
                await asyncio.sleep(self.retry_seconds)

    async def drain(self) -> None:
        """Wait for every scheduled event to finish."""
        while self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)
