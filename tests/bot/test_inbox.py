"""The durable inbox: store before ack, process once, replay after a crash, spool in outages."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bot.inbox import Inbox
from bot.spool import Spool
from storage import Store


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


async def test_a_failing_event_is_recorded_not_lost(sqlite_store: Store) -> None:
    inbox = Inbox(sqlite_store)
    inbox.register("line", Recorder(fail_on={"bad"}))
    await inbox.accept("line", "bad", {"id": "bad"})
    await inbox.drain()
    events = await sqlite_store.inbox.pending()
    assert events == []
    row = await sqlite_store.inbox.get(1)
    assert row is not None and row.status == "failed" and "boom" in (row.error or "")


async def test_events_accepted_before_a_crash_are_replayed(sqlite_store: Store) -> None:
    # A process stored two events and died: one never started, one mid-way.
    await sqlite_store.inbox.put("telegram", "1", {"id": "1"})
    started = await sqlite_store.inbox.put("telegram", "2", {"id": "2"})
    assert started is not None and await sqlite_store.inbox.claim(started)
    inbox = Inbox(sqlite_store)
    recorder = Recorder()
    inbox.register("telegram", recorder)
    assert await inbox.replay() == 2
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
