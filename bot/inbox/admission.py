"""How many events are processed at once: few while webhooks pour in, many once they stop.

Acknowledging a webhook and processing an event share one event loop. Every
event in processing adds its steps to each turn of the loop, and a webhook
waits behind them at each of its own steps: with 32 events at once the
acknowledgements of a 500 events/s flood took ~0.75 s at p99 (bench.load),
against ~0.1 s with 2. But processing many events at once is what lets their
statements share batches (storage.coalesce): 2.3 ms of CPU an event instead of
6.9 through the conversation core. So the limit follows the traffic: `flood`
events at once while events keep arriving (stored within the last `settle`
seconds), `calm` once they stop, which drains the backlog a flood leaves.

Like a semaphore, with a limit that changes: `acquire` waits for room,
`release` gives a place back. A task cancelled while waiting takes nothing.
"""

from __future__ import annotations

import asyncio
import collections
import math


class Admission:
    def __init__(self, flood: int, calm: int, *, settle: float = 0.25) -> None:
        if flood < 1 or calm < flood:
            raise ValueError("need 1 <= flood <= calm")
        self.flood = flood
        self.calm = calm
        self.settle = settle
        self.active = 0
        self.last_arrival = -math.inf
        self.waiters: collections.deque[asyncio.Future[None]] = collections.deque()
        self.timer: asyncio.TimerHandle | None = None

    def arrived(self) -> None:
        """An event was accepted (a webhook is being acknowledged): hold to `flood` for a while."""
        self.last_arrival = asyncio.get_running_loop().time()

    def _calm_in(self) -> float:
        """Seconds until the traffic counts as stopped (0: it has)."""
        return max(0.0, self.last_arrival + self.settle - asyncio.get_running_loop().time())

    @property
    def limit(self) -> int:
        return self.flood if self._calm_in() > 0 else self.calm

    @property
    def available(self) -> int:
        """Places free under the current limit (for tests and status)."""
        return max(0, self.limit - self.active)

    async def acquire(self) -> None:
        loop = asyncio.get_running_loop()
        while self.active >= self.limit:
            waiter: asyncio.Future[None] = loop.create_future()
            self.waiters.append(waiter)
            if self.active < self.calm:  # held to `flood`: room comes when the flood settles
                self._check_when_calm()
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._wake()  # a place was handed to this task: pass it on
                raise
            finally:
                if waiter in self.waiters:
                    self.waiters.remove(waiter)
        self.active += 1

    def release(self) -> None:
        self.active -= 1
        if self.active < self.limit:
            self._wake()

    def _check_when_calm(self) -> None:
        """One timer for every waiter: at the end of the flood, let in as many as fit."""
        if self.timer is None:
            loop = asyncio.get_running_loop()
            self.timer = loop.call_later(self._calm_in() + 0.001, self._on_calm)

    def _on_calm(self) -> None:
        self.timer = None
        if not self.waiters:
            return
        if self._calm_in() > 0:  # events arrived meanwhile: still a flood
            self._check_when_calm()
            return
        for _ in range(self.available):
            self._wake()

    def _wake(self) -> None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
