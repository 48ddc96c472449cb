"""Flood control: per client address, and a ceiling for all clients together."""

from __future__ import annotations

from bot.flood import FloodGate


def test_one_address_is_limited_after_its_burst_and_recovers() -> None:
    now = [0.0]
    gate = FloodGate(per_client=60, total=6000, clock=lambda: now[0])
    allowed = 0
    while gate.check("198.51.100.7") == 0:
        allowed += 1
    assert allowed == 12  # a burst of a fifth of the minute's allowance
    assert gate.check("198.51.100.7") >= 1
    assert gate.check("198.51.100.8") == 0  # another address is not affected
    now[0] += 1.0
    assert gate.check("198.51.100.7") == 0  # refilled at one a second


def test_rotating_addresses_hit_the_global_ceiling() -> None:
    now = [0.0]
    gate = FloodGate(per_client=600, total=300, clock=lambda: now[0])
    results = [gate.check(f"203.0.113.{n % 250}.{n}") for n in range(200)]
    assert results.count(0) == 60  # the global burst, whatever the addresses
    assert all(wait >= 1 for wait in results[60:])
    now[0] += 2
    assert gate.check("192.0.2.1") == 0
