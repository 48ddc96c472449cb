"""The inbox contract every channel shares: order per conversation, deliveries, slots."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.inbox import Delivery, Inbox
from storage import Store
from tests.bot.test_inbox import wait_until


def by_chat(payload: dict[str, Any]) -> str | None:
    return payload.get("chat")


async def test_one_conversations_events_are_handled_and_answered_in_turn(
    sqlite_store: Store,
) -> None:
    inbox = Inbox(sqlite_store, concurrency=4)
    first_may_answer = asyncio.Event()
    log: list[str] = []

    async def process(payload: dict[str, Any]) -> Delivery:
        log.append(f"handle {payload['id']}")

        async def deliver() -> None:
            if payload["id"] == "a1":
                await first_may_answer.wait()  # a slow platform API
            log.append(f"answer {payload['id']}")

        return deliver

    inbox.register("line", process, by_chat)
    await inbox.accept("line", "a1", {"id": "a1", "chat": "A"})
    await inbox.accept("line", "a2", {"id": "a2", "chat": "A"})
    await inbox.accept("line", "b1", {"id": "b1", "chat": "B"})
    await wait_until(lambda: "answer b1" in log)  # another visitor is not held up
    assert "handle a2" not in log  # the second waits for the first's answer
    first_may_answer.set()
    await inbox.drain()
    mine = [entry for entry in log if entry.endswith(("a1", "a2"))]
    assert mine == ["handle a1", "answer a1", "handle a2", "answer a2"]
    await inbox.stop()


async def test_events_without_a_key_are_not_serialised(sqlite_store: Store) -> None:
    inbox = Inbox(sqlite_store, concurrency=4)
    gate = asyncio.Event()
    started: list[str] = []

    async def process(payload: dict[str, Any]) -> None:
        started.append(payload["id"])
        await gate.wait()

    inbox.register("line", process, by_chat)
    for n in range(3):
        await inbox.accept("line", f"n{n}", {"id": f"n{n}"})  # no chat: no order to keep
    await wait_until(lambda: len(started) == 3)
    gate.set()
    await inbox.drain()
    await inbox.stop()


async def test_a_waiting_event_holds_no_slot(sqlite_store: Store) -> None:
    inbox = Inbox(sqlite_store, concurrency=1)
    gate = asyncio.Event()
    handled: list[str] = []

    async def process(payload: dict[str, Any]) -> Delivery:
        handled.append(payload["id"])

        async def deliver() -> None:
            if payload["id"] == "a1":
                await gate.wait()

        return deliver

    inbox.register("line", process, by_chat)
    for event_id, chat in (("a1", "A"), ("a2", "A"), ("b1", "B")):
        await inbox.accept("line", event_id, {"id": event_id, "chat": chat})
    # a1 is delivering (outside the slot), a2 waits for its turn without the slot,
    # so b1 gets the one slot.
    await wait_until(lambda: "b1" in handled)
    assert handled == ["a1", "b1"]
    gate.set()
    await inbox.drain()
    assert handled == ["a1", "b1", "a2"]
    await inbox.stop()


async def test_cancelled_while_taking_its_slot_back_a_processor_loses_no_slot(
    sqlite_store: Store,
) -> None:
    """`slot_released` gives the slot back; cancelled while re-taking it, nothing is doubled."""
    inbox = Inbox(sqlite_store, concurrency=1)
    lookup_answers = asyncio.Event()
    blocker_started = asyncio.Event()
    blocker_may_finish = asyncio.Event()
    lookers: list[asyncio.Task[Any]] = []

    async def process(payload: dict[str, Any]) -> None:
        if payload["id"] == "looker":
            task = asyncio.current_task()
            assert task is not None
            lookers.append(task)
            async with inbox.slot_released():  # e.g. LINE's profile lookup
                await lookup_answers.wait()
            return
        blocker_started.set()
        await blocker_may_finish.wait()

    inbox.register("line", process)
    await inbox.accept("line", "looker", {"id": "looker"})
    await wait_until(lambda: bool(lookers) and inbox.slots.available == 1)  # slot given back
    await inbox.accept("line", "blocker", {"id": "blocker"})
    await asyncio.wait_for(blocker_started.wait(), timeout=10)  # the blocker took the slot
    lookup_answers.set()
    for _ in range(5):
        await asyncio.sleep(0)  # the looker now waits to take its slot back
    assert inbox.slots.available == 0 and not lookers[0].done()
    lookers[0].cancel()
    blocker_may_finish.set()
    await inbox.drain()
    assert inbox.slots.available == 1  # the one slot: not lost, not doubled
    await inbox.stop()
