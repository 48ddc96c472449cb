"""Token buckets per visitor, on an injected clock (no sleeping, no wall-clock)."""

from __future__ import annotations

from handlers.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_refill_per_visitor() -> None:
    clock = Clock()
    limiter = RateLimiter(rate=1.0, burst=3, clock=clock)
    assert [limiter.allow(1) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow(2)  # another visitor has their own bucket
    clock.now = 1.0
    assert limiter.allow(1) and not limiter.allow(1)
    clock.now = 100.0
    assert [limiter.allow(1) for _ in range(4)] == [True, True, True, False]


def test_memory_is_bounded_under_a_flood_of_visitors() -> None:
    limiter = RateLimiter(max_visitors=1000, clock=Clock())
    for visitor in range(50_000):
        limiter.allow(visitor)
    assert len(limiter.buckets) == 1000
