"""Poison events: retried a bounded number of times with backoff, then dead-lettered,
without holding a processing slot or delaying other events; outages still waited out."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy.exc import DataError, OperationalError

from bot.inbox import Inbox, Spool, retries
from storage import Store

WAIT = 60.0  # bounded safety net, not a measurement


async def until(condition: Any) -> None:
    for _ in range(int(WAIT / 0.02)):
        if await condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met within the bounded wait")


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retries, "BACKOFF", (0.05, 0.05, 0.05, 0.05))


async def test_a_refused_row_is_dead_lettered_after_bounded_tries_and_blocks_nobody(
    store: Store,
) -> None:
    inbox = Inbox(store, concurrency=1)  # one slot: a poison event holding it would stall all
    seen: list[str] = []
    tries = {"poison": 0}

    async def process(payload: dict[str, Any]) -> None:
        if payload["id"] == "poison":
            tries["poison"] += 1
            raise DataError("INSERT", {}, ValueError("invalid byte sequence 0x00 'secret text'"))
        seen.append(payload["id"])

    inbox.register("line", process)
    await inbox.accept("line", "poison", {"id": "poison"})
    for n in range(20):
        await inbox.accept("line", f"ok{n}", {"id": f"ok{n}"})
    await inbox.drain()
    assert sorted(seen) == sorted(f"ok{n}" for n in range(20))  # none waited for the poison

    async def dead() -> bool:
        return (await store.inbox_failures.status()).counts["dead"] == 1

    await until(dead)
    assert tries["poison"] == retries.REFUSED_TRIES
    [reason] = (await store.inbox_failures.status()).reasons
    assert reason.reason.startswith("DataError") and "secret text" not in reason.reason
    assert inbox.slots.available == 1
    await inbox.stop()


async def test_an_outage_is_waited_out_without_holding_the_slot(sqlite_store: Store) -> None:
    inbox = Inbox(sqlite_store, concurrency=1, retry_seconds=0.05)
    down = asyncio.Event()
    seen: list[str] = []

    async def process(payload: dict[str, Any]) -> None:
        if payload["id"] == "waits" and not down.is_set():
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("down"))
        seen.append(payload["id"])

    inbox.register("line", process)
    await inbox.accept("line", "waits", {"id": "waits"})
    await inbox.accept("line", "other", {"id": "other"})

    async def other_done() -> bool:
        return "other" in seen

    await until(other_done)  # processed while the first waits out its outage
    down.set()
    await inbox.drain()
    assert sorted(seen) == ["other", "waits"]
    row = await sqlite_store.inbox.get(1)
    assert row is not None and row.status == "done"
    await inbox.stop()


async def test_a_failing_lookup_is_retried_then_succeeds(sqlite_store: Store) -> None:
    inbox = Inbox(sqlite_store)
    calls = {"n": 0}

    async def process(payload: dict[str, Any]) -> None:
        calls["n"] += 1
        if calls["n"] < 3:
            raise ValueError("the SDK could not parse the profile")

    inbox.register("line", process)
    await inbox.accept("line", "flaky", {"id": "flaky"})

    async def done() -> bool:
        row = await sqlite_store.inbox.get(1)
        return row is not None and row.status == "done"

    await until(done)
    assert calls["n"] == 3
    await inbox.stop()


async def test_a_refused_event_in_a_group_write_sinks_only_itself(store: Store) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite stores NUL characters; PostgreSQL refuses them")
    inbox = Inbox(store)
    seen: list[str] = []

    async def process(payload: dict[str, Any]) -> None:
        seen.append(payload["id"])

    inbox.register("line", process)
    batch = [(f"ok{n}", {"id": f"ok{n}"}) for n in range(5)]
    batch.insert(2, ("bad\x00id", {"id": "bad", "text": "hello\x00"}))
    assert await inbox.accept_many("line", batch) == 5
    await inbox.drain()
    assert sorted(seen) == [f"ok{n}" for n in range(5)]
    status = await store.inbox_failures.status()
    assert status.counts["dead"] == 1 and status.counts["done"] == 5
    assert "refused on arrival" in status.reasons[0].reason
    await inbox.stop()


async def test_a_refused_spooled_event_is_dead_lettered_and_the_rest_move_on(
    store: Store, tmp_path: Any
) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite stores NUL characters; PostgreSQL refuses them")
    spool = Spool(tmp_path / "inbox.jsonl")
    await spool.append("line", "bad\x00id", {"id": "bad"})
    for n in range(3):
        await spool.append("line", f"after{n}", {"id": f"after{n}"})
    inbox = Inbox(store, spool=spool, retry_seconds=0.05)
    seen: list[str] = []

    async def process(payload: dict[str, Any]) -> None:
        seen.append(payload["id"])

    inbox.register("line", process)
    await inbox.recover_spool()

    async def moved() -> bool:
        return await spool.pending() == 0 and len(seen) == 3

    await until(moved)
    await inbox.drain()
    assert seen == ["after0", "after1", "after2"]
    assert (await store.inbox_failures.status()).counts["dead"] == 1
    await inbox.stop()
