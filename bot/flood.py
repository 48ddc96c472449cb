"""Flood control for the public web chat API: per client address and for everyone at once.

The conversation core already slows down one visitor who asks too fast, but a
client that invents a new session id per message, or polls `/api/messages` in
a loop, is one visitor per request. So requests are also counted per client
address (a token bucket: a burst, then a steady rate) and all together (a
ceiling that protects the staff queue and the reports from any mix of
addresses). Over either, the answer is 429 with Retry-After.

The client address is what uvicorn reports: behind a proxy, set
FORWARDED_ALLOW_IPS so that it is the visitor's, not the proxy's (README).
Visitors at a fair often share the venue's one public address, so the
per-address limits are generous; they stop scripts, not a busy booth.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_CLIENTS = 50_000  # remembered addresses; idle full buckets are forgotten beyond this


@dataclass
class Bucket:
    """`capacity` requests at once, refilled at `rate` per second."""

    rate: float
    capacity: float
    tokens: float = -1.0
    at: float = 0.0

    def take(self, now: float) -> float:
        """Take one token: 0.0 when allowed, else the seconds until one is available."""
        if self.tokens < 0:
            self.tokens, self.at = self.capacity, now
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate

    def full(self, now: float) -> bool:
        return self.tokens + (now - self.at) * self.rate >= self.capacity


@dataclass
class FloodGate:
    """One endpoint's limits: `per_client` and `total` requests per minute, with bursts."""

    per_client: int
    total: int
    clock: Callable[[], float] = time.monotonic
    clients: dict[str, Bucket] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A burst of a fifth of a minute's allowance (at least 5) for each client.
        self.everyone = Bucket(self.total / 60, max(5.0, self.total / 5))

    def check(self, client: str) -> int:
        """0 when the request may go on; else whole seconds to wait (for Retry-After)."""
        now = self.clock()
        bucket = self.clients.get(client)
        if bucket is None:
            if len(self.clients) >= MAX_CLIENTS:
                self._forget_idle(now)
            bucket = self.clients[client] = Bucket(
                self.per_client / 60, max(5.0, self.per_client / 5)
            )
        wait = bucket.take(now)
        if wait:
            return max(1, math.ceil(wait))
        wait = self.everyone.take(now)
        if wait:
            bucket.tokens = min(bucket.capacity, bucket.tokens + 1)  # not this client's fault
            return max(1, math.ceil(wait))
        return 0

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, b in self.clients.items() if b.full(now)]:
            del self.clients[key]
        if len(self.clients) >= MAX_CLIENTS:  # all busy: an address spray; start afresh
            self.clients.clear()
