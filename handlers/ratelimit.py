"""Per-visitor flood control: a token bucket per visitor, in memory.

A visitor (or a script) sending faster than `rate` messages a second beyond a
burst of `burst` gets a polite "slow down"; their questions are still logged.
Buckets idle for a while are dropped so memory stays flat under a flood of
new visitors. Per process: with several instances a visitor's limit is per
instance, which is enough to stop a runaway client.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable


class RateLimiter:
    def __init__(
        self,
        rate: float = 1.0,
        burst: int = 5,
        max_visitors: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.max_visitors = max_visitors
        self.clock = clock
        self.buckets: OrderedDict[int, tuple[float, float]] = OrderedDict()

    def allow(self, visitor_id: int) -> bool:
        """Take one token for this visitor; False when their bucket is empty."""
        now = self.clock()
        tokens, last = self.buckets.pop(visitor_id, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        self.buckets[visitor_id] = (tokens, now)
        while len(self.buckets) > self.max_visitors:
            self.buckets.popitem(last=False)  # least recently seen
        return allowed
