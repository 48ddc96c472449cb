"""Storage contract: every test runs on SQLite and on PostgreSQL (the `store` fixture)."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from sqlalchemy import update

from storage import Store
from storage.base import Conflict, NotFound
from storage.inbox import lease_name
from storage.inquiries import NewInquiry
from storage.models import InboxEvent, utcnow


async def add_fair_with_booth(store: Store) -> None:
    await store.fairs.add_fair(
        "jtf-sg",
        "Japan Travel Fair SG",
        country="SG",
        start_date=date(2026, 3, 1),
        end_date=date(2026, 3, 3),
    )
    await store.fairs.add_booth(
        "jtf-sg", "hyogo", prefecture="JP-28", name="Hyogo", email="hyogo@example.jp"
    )


def question(event_id: str, **values: object) -> NewInquiry:
    base: dict[str, object] = {
        "platform": "web",
        "event_id": event_id,
        "lang": "en",
        "text": "how to get to himeji",
        "outcome": "answered",
    }
    base.update(values)
    return NewInquiry(**base)  # type: ignore[arg-type]


class TestFairsAndBooths:
    async def test_add_list_get(self, store: Store) -> None:
        await add_fair_with_booth(store)
        fairs = await store.fairs.list_fairs()
        assert [f.id for f in fairs] == ["jtf-sg"] and fairs[0].start_date == date(2026, 3, 1)
        booth = await store.fairs.get_booth("jtf-sg", "hyogo")
        assert booth is not None and booth.prefecture == "JP-28"
        assert [b.id for b in await store.fairs.list_booths("jtf-sg")] == ["hyogo"]
        assert await store.fairs.list_booths("other") == []

    async def test_duplicates_and_unknown_fair_are_clear_errors(self, store: Store) -> None:
        await add_fair_with_booth(store)
        with pytest.raises(Conflict, match="jtf-sg"):
            await store.fairs.add_fair("jtf-sg", "again")
        with pytest.raises(Conflict, match="hyogo"):
            await store.fairs.add_booth("jtf-sg", "hyogo", prefecture="JP-28", name="x")
        with pytest.raises(NotFound, match="nope"):
            await store.fairs.add_booth("nope", "b", prefecture="JP-28", name="x")
        assert len(await store.fairs.list_booths()) == 1

    async def test_update(self, store: Store) -> None:
        await add_fair_with_booth(store)
        await store.fairs.update_booth("jtf-sg", "hyogo", staff_chat_id="-100")
        booth = await store.fairs.get_booth("jtf-sg", "hyogo")
        assert booth is not None and booth.staff_chat_id == "-100"
        with pytest.raises(NotFound):
            await store.fairs.update_fair("missing", name="x")


class TestInquiries:
    async def test_logged_once_per_event(self, store: Store) -> None:
        first = await store.inquiries.log(question("e1"))
        again = await store.inquiries.log(question("e1", text="different"))
        other_platform = await store.inquiries.log(question("e1", platform="line"))
        assert first[1] and not again[1] and first[0] == again[0]
        assert other_platform[1] and other_platform[0] != first[0]
        rows = await store.inquiries.list()
        assert len(rows) == 2
        stored = await store.inquiries.get(first[0])
        assert stored is not None and stored.text == "how to get to himeji"

    async def test_concurrent_redeliveries_store_one_row(self, store: Store) -> None:
        results = await asyncio.gather(*(store.inquiries.log(question("dup")) for _ in range(8)))
        assert sum(stored for _, stored in results) == 1
        assert len({row_id for row_id, _ in results}) == 1

    async def test_filters_newest_first_and_timezone_aware(self, store: Store) -> None:
        await add_fair_with_booth(store)
        old = utcnow() - timedelta(days=3)
        await store.inquiries.log(question("a", fair_id="jtf-sg", booth_id="hyogo", created_at=old))
        await store.inquiries.log(question("b", fair_id="jtf-sg", booth_id="hyogo", lang="th"))
        await store.inquiries.log(question("c"))
        rows = await store.inquiries.list(fair_id="jtf-sg")
        assert [r.event_id for r in rows] == ["b", "a"]
        assert all(r.created_at.tzinfo is not None for r in rows)
        recent = await store.inquiries.list(since=utcnow() - timedelta(days=1))
        assert {r.event_id for r in recent} == {"b", "c"}
        assert [r.event_id for r in await store.inquiries.list(lang="th")] == ["b"]

    async def test_what_happened_next(self, store: Store) -> None:
        row_id, _ = await store.inquiries.log(question("e"))
        await store.inquiries.record_feedback(row_id, "down")
        await store.inquiries.record_staff_answer(row_id, "Take the JR from Osaka.")
        row = await store.inquiries.get(row_id)
        assert row is not None and row.feedback == "down"
        assert row.staff_answer == "Take the JR from Osaka." and row.staff_answered_at
        with pytest.raises(NotFound):
            await store.inquiries.record_feedback(row_id + 1000, "up")


class TestVisitors:
    async def test_touch_creates_once(self, store: Store) -> None:
        results = await asyncio.gather(
            *(store.visitors.touch("telegram", "k1", raw_id="42", lang="th") for _ in range(5))
        )
        assert sum(created for _, created in results) == 1
        assert len({v.id for v, _ in results}) == 1
        visitor = results[0][0]
        assert visitor.lang == "th" and visitor.raw_id == "42"

    async def test_forget_erases_identity_and_text_but_keeps_counts(self, store: Store) -> None:
        visitor, _ = await store.visitors.touch("web", "k2", raw_id="session-1")
        row_id, _ = await store.inquiries.log(question("f", visitor_id=visitor.id, type="food"))
        await store.outbox.add(visitor.id, "hello", source="staff")
        assert await store.visitors.forget(visitor.id) == 1
        assert await store.visitors.get(visitor.id) is None
        row = await store.inquiries.get(row_id)
        assert row is not None and row.text == "" and row.visitor_id is None
        assert row.type == "food"


class TestInbox:
    async def test_put_claim_done(self, store: Store) -> None:
        row_id = await store.inbox.put("line", "ev-1", {"type": "message"})
        assert row_id is not None
        assert await store.inbox.put("line", "ev-1", {"type": "message"}) is None
        assert [e.id for e in await store.inbox.pending()] == [row_id]
        assert [
            e.id for e in await store.inbox.claim_pending("a", limit=5, platforms=["line"])
        ] == [row_id]
        assert await store.inbox.claim_pending("b", limit=5, platforms=["line"]) == []
        await store.inbox.done(row_id)
        event = await store.inbox.get(row_id)
        assert event is not None and event.status == "done" and event.holder is None
        assert event.payload == {}  # raw ids and unredacted text go once processed
        assert await store.inbox.pending() == []
        assert await store.inbox.put("line", "ev-1", {"type": "message"}) is None  # still known

    async def test_record_holds_queues_and_finishes_in_one_call(self, store: Store) -> None:
        first = await store.inbox.put("web", "w0", {"n": 0}, holder="a")
        assert first is not None
        ids = await store.inbox.record(
            [("line", "l1", {"n": 1}), ("line", "l2", {"n": 2}), ("line", "l1", {"n": 1})],
            holders=["a", None, None],
            finished=[first],
        )
        assert ids[0] is not None and ids[1] is not None and ids[2] is None  # a repeat
        held, queued = await store.inbox.get(ids[0]), await store.inbox.get(ids[1])
        assert held is not None and (held.status, held.holder) == ("working", "a")
        assert queued is not None and (queued.status, queued.holder) == ("pending", None)
        done = await store.inbox.get(first)
        assert done is not None and done.status == "done"

    async def test_claims_go_to_one_holder_each(self, store: Store) -> None:
        await store.inbox.put_many([("line", f"c{n}", {"n": n}) for n in range(30)])
        await store.inbox.put("telegram", "t1", {"n": 99})
        claims = await asyncio.gather(
            *(store.inbox.claim_pending(f"h{n}", limit=7, platforms=["line"]) for n in range(6))
        )
        taken = [event.event_id for claim in claims for event in claim]
        assert sorted(taken) == sorted(f"c{n}" for n in range(30))  # all, each once
        assert [e.event_id for e in await store.inbox.pending()] == ["t1"]  # not ours

    async def test_only_dead_holders_lose_their_work(self, store: Store) -> None:
        alive = await store.inbox.put("line", "alive", {}, holder="alive")
        dead = await store.inbox.put("line", "dead", {}, holder="dead")
        legacy = await store.inbox.put("line", "legacy", {})
        assert legacy is not None
        await working_without_holder(store, legacy)  # as rows from before migration 0004
        await store.leases.acquire(lease_name("alive"), "alive", timedelta(seconds=30))
        await store.leases.acquire(lease_name("dead"), "dead", timedelta(seconds=-1))  # expired
        assert await store.inbox.release_orphans() == 2
        pending = {e.id for e in await store.inbox.pending()}
        assert pending == {dead, legacy}
        row = await store.inbox.get(alive)
        assert row is not None and (row.status, row.holder) == ("working", "alive")
        assert await store.inbox.release("alive") == 1  # its own restart


async def working_without_holder(store: Store, row_id: int) -> None:
    async with store.inbox.sessions() as session:
        await session.execute(
            update(InboxEvent).where(InboxEvent.id == row_id).values(status="working")
        )
        await session.commit()


class TestOutboxAndHandovers:
    async def test_staff_messages_for_a_visitor(self, store: Store) -> None:
        visitor, _ = await store.visitors.touch("web", "k3")
        other, _ = await store.visitors.touch("web", "k4")
        first = await store.outbox.add(visitor.id, "bot says", source="bot")
        second = await store.outbox.add(visitor.id, "staff says", source="staff")
        await store.outbox.add(other.id, "not yours", source="staff")
        assert [m.text for m in await store.outbox.since(visitor.id, source="staff")] == [
            "staff says"
        ]
        assert [m.id for m in await store.outbox.since(visitor.id, first)] == [second]

    async def test_handover_found_by_its_staff_post(self, store: Store) -> None:
        visitor, _ = await store.visitors.touch("telegram", "k5")
        handover_id = await store.handovers.open(
            visitor.id, inquiry_id=None, fair_id="f", booth_id="b"
        )
        await store.handovers.posted(handover_id, "-1001", "55")
        found = await store.handovers.by_post("-1001", "55")
        assert found is not None and found.visitor_id == visitor.id
        assert [h.id for h in await store.handovers.open_list("f")] == [handover_id]
        await store.handovers.close(handover_id, status="answered")
        assert await store.handovers.open_list("f") == []


class TestRetention:
    async def test_purge_erases_old_text_and_raw_ids_only(self, store: Store) -> None:
        visitor, _ = await store.visitors.touch("line", "k9", raw_id="U123")
        old = utcnow() - timedelta(days=40)
        old_id, _ = await store.inquiries.log(
            question("old", visitor_id=visitor.id, created_at=old, type="food")
        )
        new_id, _ = await store.inquiries.log(question("new", visitor_id=visitor.id))
        await store.visitors.update(visitor.id, last_seen=old)
        counts = await store.retention.purge(utcnow() - timedelta(days=30))
        assert counts["inquiry_texts_erased"] == 1 and counts["raw_ids_dropped"] == 1
        old_row, new_row = await store.inquiries.get(old_id), await store.inquiries.get(new_id)
        assert old_row is not None and old_row.text == "" and old_row.type == "food"
        assert new_row is not None and new_row.text == "how to get to himeji"
        again = await store.visitors.get(visitor.id)
        assert again is not None and again.raw_id is None

    async def test_purge_deletes_finished_inbox_events_only(self, store: Store) -> None:
        finished = await store.inbox.put("line", "old-done", {"text": "my phone 5551234"})
        assert finished is not None
        await store.inbox.done(finished)
        await store.inbox.put("line", "old-pending", {"text": "not processed yet"})
        counts = await store.retention.purge(utcnow() + timedelta(minutes=1))
        assert counts["inbox_events_deleted"] == 1
        assert [e.event_id for e in await store.inbox.pending()] == ["old-pending"]


class TestLeases:
    async def test_one_holder_at_a_time_until_expiry(self, store: Store) -> None:
        wins = await asyncio.gather(
            *(
                store.leases.acquire("telegram-polling", f"p{n}", timedelta(seconds=30))
                for n in range(6)
            )
        )
        assert sum(wins) == 1
        winner = f"p{wins.index(True)}"
        assert await store.leases.acquire("telegram-polling", winner, timedelta(seconds=30))
        assert not await store.leases.acquire("telegram-polling", "other", timedelta(seconds=30))
        await store.leases.release("telegram-polling", winner)
        assert await store.leases.acquire("telegram-polling", "other", timedelta(seconds=-1))
        assert await store.leases.acquire("telegram-polling", "third", timedelta(seconds=30))


async def test_concurrent_upgrades_are_safe(db_url: str) -> None:
    """Two instances starting at once on one database both end up migrated."""
    from storage import upgrade

    stores = [Store.from_url(db_url) for _ in range(3)]
    try:
        await asyncio.gather(*(upgrade(s.engine) for s in stores))
        await stores[0].fairs.add_fair("after-upgrade", "ok")
        assert [f.id for f in await stores[1].fairs.list_fairs()] == ["after-upgrade"]
    finally:
        for s in stores:
            await s.close()


class TestInboxGroupWrites:
    async def test_put_many_stores_once_and_reports_repeats(self, store: Store) -> None:
        await store.inbox.put("line", "old", {"n": 0})
        ids = await store.inbox.put_many(
            [("line", "a", {"n": 1}), ("line", "old", {"n": 2}), ("line", "a", {"n": 3}),
             ("telegram", "a", {"n": 4})]
        )  # fmt: skip
        assert ids[0] is not None and ids[3] is not None and ids[0] != ids[3]
        assert ids[1] is None and ids[2] is None
        stored = await store.inbox.get(ids[0])
        assert stored is not None and stored.payload == {"n": 1}
        assert len(await store.inbox.pending()) == 3
