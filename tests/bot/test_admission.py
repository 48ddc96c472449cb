"""Processing admission: few events at once while events arrive, more once they stop."""

from __future__ import annotations

import asyncio

import pytest

from bot.inbox.admission import Admission


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_held_to_flood_while_events_arrive_then_calm_lets_the_rest_in() -> None:
    admission = Admission(flood=2, calm=4, settle=0.05)
    admission.arrived()
    assert admission.limit == 2
    tasks = [asyncio.create_task(admission.acquire()) for _ in range(6)]
    await settle()
    assert admission.active == 2 and sum(t.done() for t in tasks) == 2
    # No one releases: the end of the flood alone lets two more in (up to calm).
    await asyncio.wait_for(asyncio.gather(*tasks[:4]), timeout=5)
    assert admission.active == 4 and admission.limit == 4
    assert not tasks[4].done() and not tasks[5].done()
    admission.release()
    await asyncio.wait_for(tasks[4], timeout=5)
    assert admission.active == 4 and not tasks[5].done()
    tasks[5].cancel()
    with pytest.raises(asyncio.CancelledError):
        await tasks[5]
    for _ in range(4):
        admission.release()
    assert admission.active == 0 and admission.available == 4 and not admission.waiters


async def test_a_place_handed_to_a_cancelled_waiter_is_passed_on() -> None:
    admission = Admission(flood=1, calm=1)
    await admission.acquire()
    first = asyncio.create_task(admission.acquire())
    second = asyncio.create_task(admission.acquire())
    await settle()
    admission.release()  # hands the place to `first`...
    first.cancel()  # ...which is cancelled before it runs
    with pytest.raises(asyncio.CancelledError):
        await first
    await asyncio.wait_for(second, timeout=5)  # the place went on to `second`
    assert admission.active == 1


def test_calm_is_never_below_flood() -> None:
    with pytest.raises(ValueError):
        Admission(flood=4, calm=2)
