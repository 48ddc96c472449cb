"""The durable inbox: store before ack, process once, replay after a crash, spool in outages."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import ConfigError
from bot.inbox import Inbox
from bot.inbox.spool import Spool
from bot.instance import InstanceLock
from storage import Store
from storage.inbox import lease_name


class Recorder:
    def __init__(self, fail_on: set[str] | None = None) -> None:
        self.seen: list[dict[str, Any]] = []
        self.fail_on = fail_on or set()

    async def __call__(self, payload: dict[str, Any]) -> None:
        if payload.get("id") in self.fail_on:
            raise RuntimeError("boom")
        self.seen.append(payload)


async def test_each_event_is_processed_once(sqlite_store: Store) -> None:
    inbox = Inbox(sqlite_store)
    recorder = Recorder()
    inbox.register("line", recorder)
    accepted = await asyncio.gather(
        *(inbox.accept("line", f"e{n % 10}", {"id": f"e{n % 10}"}) for n in range(30))
    )
    await inbox.drain()
    assert sum(accepted) == 10
    assert sorted(p["id"] for p in recorder.seen) == sorted(f"e{n}" for n in range(10))
    assert await sqlite_store.inbox.pending() == []


async def test_a_failing_event_is_retried_later_not_lost(sqlite_store: Store) -> None:
    inbox = Inbox(sqlite_store)
    inbox.register("line", Recorder(fail_on={"bad"}))
    await inbox.accept("line", "bad", {"id": "bad"})
    await inbox.drain()
    row = await sqlite_store.inbox.get(1)
    assert row is not None and row.status == "pending" and row.holder is None
    assert row.error == "RuntimeError"  # the reason, never the message (visitor text)
    assert row.not_before is not None and row.not_before > row.received_at  # backoff
    await inbox.stop()


async def test_events_accepted_before_a_crash_are_replayed(sqlite_store: Store) -> None:
    # Two events stored and never finished: one queued, one held by an instance that died.
    await sqlite_store.inbox.put("telegram", "1", {"id": "1"})
    await sqlite_store.inbox.put("telegram", "2", {"id": "2"}, holder="died-without-a-lease")
    inbox = Inbox(sqlite_store)
    recorder = Recorder()
    inbox.register("telegram", recorder)
    assert await inbox.replay() == 2
    await inbox.drain()
    assert sorted(p["id"] for p in recorder.seen) == ["1", "2"]
    assert await inbox.replay() == 0


async def test_database_outage_spools_then_replays_in_order(
    sqlite_store: Store, tmp_path: Path
) -> None:
    unreachable = Store.from_url("postgresql+asyncpg://nobody@127.0.0.1:9/none")
    spool = Spool(tmp_path / "spool" / "inbox.jsonl")
    inbox = Inbox(unreachable, spool=spool, retry_seconds=0.01)
    recorder = Recorder()
    inbox.register("web", recorder)
    try:
        for n in range(5):
            assert await inbox.accept("web", f"w{n}", {"id": f"w{n}"})
        assert await spool.pending() == 5 and recorder.seen == []
        inbox.store = sqlite_store  # the database is back
        assert inbox.spool_task is not None
        await asyncio.wait_for(inbox.spool_task, timeout=30)
        await inbox.drain()
    finally:
        await inbox.stop()
        await unreachable.close()
    assert sorted(p["id"] for p in recorder.seen) == [f"w{n}" for n in range(5)]
    stored = [await sqlite_store.inbox.get(row_id) for row_id in range(1, 6)]
    assert [e.event_id for e in stored if e] == [f"w{n}" for n in range(5)]  # arrival order
    assert await spool.pending() == 0
    assert not spool.path.exists()


async def test_an_event_stored_by_a_commit_whose_answer_was_lost_is_processed(
    sqlite_store: Store, tmp_path: Path
) -> None:
    """The group write committed, then the connection dropped: the event was spooled
    as well. Moving it in finds the row this instance holds and processes it, once."""
    spool = Spool(tmp_path / "spool" / "inbox.jsonl")
    inbox = Inbox(sqlite_store, spool=spool, retry_seconds=0.01)
    recorder = Recorder()
    inbox.register("web", recorder)
    try:
        row_id = await sqlite_store.inbox.put("web", "lost", {"id": "lost"}, holder=inbox.holder)
        assert row_id is not None
        await spool.append("web", "lost", {"id": "lost"})
        await inbox.recover_spool()
        assert inbox.spool_task is not None
        await asyncio.wait_for(inbox.spool_task, timeout=30)
        await inbox.drain()
    finally:
        await inbox.stop()
    assert [p["id"] for p in recorder.seen] == ["lost"]
    row = await sqlite_store.inbox.get(row_id)
    assert row is not None and row.status == "done"


async def test_torn_spool_line_is_skipped(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "inbox.jsonl")
    await spool.append("web", "a", {"id": "a"})
    with spool.path.open("a", encoding="utf-8") as handle:
        handle.write('{"platform": "web", "event_')
    assert await spool.pending() == 1


async def test_a_flood_waits_in_the_table_not_in_memory(sqlite_store: Store) -> None:
    inbox = Inbox(sqlite_store, concurrency=4, max_in_flight=10)
    gate = asyncio.Event()
    seen: list[str] = []

    async def slow(payload: dict[str, Any]) -> None:
        await gate.wait()
        seen.append(payload["id"])

    inbox.register("line", slow)
    for n in range(60):
        assert await inbox.accept("line", f"f{n}", {"id": f"f{n}"})
    assert len(inbox.tasks) == 10  # the other 50 are only rows in the inbox table
    gate.set()
    await inbox.drain()
    assert sorted(seen) == sorted(f"f{n}" for n in range(60))
    assert len(seen) == len(set(seen)) and await sqlite_store.inbox.pending() == []


async def test_concurrent_acceptances_share_group_writes(sqlite_store: Store) -> None:
    inbox = Inbox(sqlite_store)
    recorder = Recorder()
    inbox.register("line", recorder)
    writes = 0
    put_many = sqlite_store.inbox.put_many

    async def counting(events):  # type: ignore[no-untyped-def]
        nonlocal writes
        writes += 1
        return await put_many(events)

    sqlite_store.inbox.put_many = counting  # type: ignore[method-assign]
    results = await asyncio.gather(
        *(inbox.accept("line", f"g{n % 50}", {"id": f"g{n % 50}"}) for n in range(100))
    )
    await inbox.drain()
    assert sum(results) == 50 and writes < 100  # grouped, and each event stored once
    assert sorted(p["id"] for p in recorder.seen) == sorted(f"g{n}" for n in range(50))


async def test_finished_events_are_marked_done_in_the_group_writes(sqlite_store: Store) -> None:
    inbox = Inbox(sqlite_store, concurrency=8)
    inbox.register("line", Recorder())
    calls: list[tuple[int, int]] = []
    record = sqlite_store.inbox.record

    async def counting(events, *, holders=(), finished=()):  # type: ignore[no-untyped-def]
        calls.append((len(events), len(finished)))
        return await record(events, holders=holders, finished=finished)

    sqlite_store.inbox.record = counting  # type: ignore[method-assign]
    for wave in range(5):
        await asyncio.gather(*(inbox.accept("line", f"d{wave}-{n}", {}) for n in range(20)))
    await inbox.drain()
    assert sum(n for n, _ in calls) == 100 and sum(f for _, f in calls) == 100
    assert len(calls) < 100 and any(n and f for n, f in calls)  # stores and finishes share
    rows = [await sqlite_store.inbox.get(row_id) for row_id in range(1, 101)]
    assert {row.status for row in rows if row} == {"done"}


async def test_a_restarted_instance_takes_back_its_own_work_at_once(sqlite_store: Store) -> None:
    # The previous process of instance "a" was killed holding two events.
    for n in range(2):
        await sqlite_store.inbox.put("line", f"k{n}", {"id": f"k{n}"}, holder="a")
    other = await sqlite_store.inbox.put("line", "b0", {"id": "b0"}, holder="b")
    await sqlite_store.leases.acquire(lease_name("b"), "b", timedelta(seconds=30))  # alive
    inbox = Inbox(sqlite_store, holder="a", heartbeat=0.05)
    recorder = Recorder()
    inbox.register("line", recorder)
    await inbox.start()
    await wait_until(lambda: len(recorder.seen) == 2)
    await inbox.stop()
    assert sorted(p["id"] for p in recorder.seen) == ["k0", "k1"]
    row = await sqlite_store.inbox.get(other or 0)
    assert row is not None and row.status == "working"  # "b" may be alive: not touched


async def test_a_dead_instances_work_is_taken_over_when_its_lease_ends(
    sqlite_store: Store,
) -> None:
    crashed = Inbox(sqlite_store, holder="crashed", lease_ttl=0.3, heartbeat=60)
    await crashed.start()  # its lease, then it dies without a word (no stop)
    crashed.takeover.keeper and crashed.takeover.keeper.cancel()
    for n in range(3):
        await sqlite_store.inbox.put("line", f"x{n}", {"id": f"x{n}"}, holder="crashed")
    survivor = Inbox(sqlite_store, holder="survivor", heartbeat=0.05)
    recorder = Recorder()
    survivor.register("line", recorder)
    await survivor.start()
    await asyncio.sleep(0.1)
    assert recorder.seen == []  # the lease still runs: "crashed" might be slow, not dead
    await wait_until(lambda: len(recorder.seen) == 3)
    await survivor.stop()
    assert sorted(p["id"] for p in recorder.seen) == ["x0", "x1", "x2"]


async def test_a_request_held_event_left_by_a_crash_is_processed_later(
    sqlite_store: Store,
) -> None:
    first = Inbox(sqlite_store, holder="web-1")
    row_id = await first.hold("web", "w-crash", {"id": "w-crash"})
    assert row_id is not None  # ... and the process died before `finish`
    again = Inbox(sqlite_store, holder="web-1")
    recorder = Recorder()
    again.register("web", recorder)
    await again.start()
    await wait_until(lambda: len(recorder.seen) == 1)
    await again.stop()
    row = await sqlite_store.inbox.get(row_id)
    assert row is not None and row.status == "done"


async def test_deliveries_wait_outside_the_processing_slots(sqlite_store: Store) -> None:
    """One slot, five events whose answers wait on a slow API: all five are handled."""
    inbox = Inbox(sqlite_store, concurrency=1)
    api_answers = asyncio.Event()
    handled: list[str] = []
    delivered: list[str] = []

    async def process(payload: dict[str, Any]):  # type: ignore[no-untyped-def]
        handled.append(payload["id"])

        async def deliver() -> None:
            await api_answers.wait()
            delivered.append(payload["id"])

        return deliver

    inbox.register("line", process)
    for n in range(5):
        await inbox.accept("line", f"s{n}", {"id": f"s{n}"})
    await wait_until(lambda: len(handled) == 5)
    assert delivered == []  # every answer still waiting on the API, none holding the slot
    assert await sqlite_store.inbox.pending() == []
    rows = [await sqlite_store.inbox.get(n) for n in range(1, 6)]
    assert {row.status for row in rows if row} == {"working"}  # done only once delivered
    api_answers.set()
    await inbox.drain()
    assert sorted(delivered) == [f"s{n}" for n in range(5)]
    rows = [await sqlite_store.inbox.get(n) for n in range(1, 6)]
    assert {row.status for row in rows if row} == {"done"}


async def test_a_lookup_inside_a_processor_can_give_its_slot_back(sqlite_store: Store) -> None:
    inbox = Inbox(sqlite_store, concurrency=1)
    profile_api = asyncio.Event()
    looking: list[str] = []

    async def process(payload: dict[str, Any]) -> None:
        async with inbox.slot_released():  # e.g. LINE's profile lookup
            looking.append(payload["id"])
            await profile_api.wait()

    inbox.register("line", process)
    for n in range(3):
        await inbox.accept("line", f"p{n}", {"id": f"p{n}"})
    await wait_until(lambda: len(looking) == 3)  # one slot, yet all three are waiting
    profile_api.set()
    await inbox.drain()
    async with inbox.slot_released():  # outside a processor: nothing to give back
        pass
    assert inbox.slots.available == 1  # the one slot, neither lost nor doubled


async def test_a_failed_delivery_is_recorded(sqlite_store: Store) -> None:
    inbox = Inbox(sqlite_store)

    async def process(payload: dict[str, Any]):  # type: ignore[no-untyped-def]
        async def deliver() -> None:
            raise RuntimeError("the platform refused")

        return deliver

    inbox.register("line", process)
    await inbox.accept("line", "f1", {"id": "f1"})
    await inbox.drain()
    row = await sqlite_store.inbox.get(1)
    assert row is not None and row.status == "pending" and row.error == "RuntimeError"
    await inbox.stop()


def test_one_instance_per_spool_directory(tmp_path: Path) -> None:
    lock = InstanceLock.acquire(tmp_path / "spool")
    with pytest.raises(ConfigError, match="in use by pid"):
        InstanceLock.acquire(tmp_path / "spool")
    name = lock.name
    lock.release()
    again = InstanceLock.acquire(tmp_path / "spool")
    assert again.name == name  # the same instance after a restart
    again.release()
    other = InstanceLock.acquire(tmp_path / "other")
    assert other.name != name
    other.release()


async def wait_until(condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)
