"""Per-event statements of concurrent events share one batch, with each caller's own answer."""

from __future__ import annotations

import asyncio
from typing import cast

from sqlalchemy.exc import IntegrityError, OperationalError

from storage import Store
from storage.coalesce import Coalescer
from storage.inquiries import NewInquiry


async def test_calls_of_one_moment_share_one_batch_and_get_their_own_answers() -> None:
    batches: list[list[int]] = []

    async def double(requests: list[int]) -> list[int]:
        batches.append(requests)
        return [2 * r for r in requests]

    coalescer = Coalescer(double)
    assert await asyncio.gather(*(coalescer(i) for i in range(10))) == [2 * i for i in range(10)]
    assert batches == [list(range(10))]
    assert await coalescer(7) == 14  # a caller alone: a batch of one
    assert batches[-1] == [7]


async def test_a_refused_request_fails_alone_and_an_outage_fails_them_all() -> None:
    async def refuse_negatives(requests: list[int]) -> list[int]:
        if any(r < 0 for r in requests):
            raise IntegrityError("INSERT", {}, Exception("check constraint"))
        return requests

    coalescer = Coalescer(refuse_negatives)
    results = await asyncio.gather(*(coalescer(i) for i in (1, -1, 2)), return_exceptions=True)
    assert results[0] == 1 and results[2] == 2
    assert isinstance(results[1], IntegrityError)

    async def down(requests: list[int]) -> list[int]:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    outage = Coalescer(down)
    failed = await asyncio.gather(*(outage(i) for i in range(3)), return_exceptions=True)
    assert all(isinstance(f, OperationalError) for f in failed)


async def test_concurrent_first_contacts_create_each_visitor_once(store: Store) -> None:
    keys = ["a", "a", "b", "a", "c", "b"]
    touched = await asyncio.gather(
        *(store.visitors.touch("line", key, raw_id=f"U-{key}", lang="th") for key in keys)
    )
    by_key: dict[str, set[int]] = {}
    for key, (visitor, _) in zip(keys, touched, strict=True):
        by_key.setdefault(key, set()).add(visitor.id)
        assert visitor.key == key and visitor.lang == "th" and visitor.raw_id == f"U-{key}"
    assert all(len(ids) == 1 for ids in by_key.values())  # one row per visitor
    assert [created for _, created in touched] == [True, False, True, False, True, False]

    again = await asyncio.gather(
        store.visitors.touch("line", "a", raw_id="U-a2"), store.visitors.touch("line", "d")
    )
    assert [created for _, created in again] == [False, True]
    assert again[0][0].raw_id == "U-a2" and again[0][0].lang == "th"
    stored = await store.visitors.find("line", "a")
    assert stored is not None and stored.raw_id == "U-a2"
    assert stored.last_seen >= touched[0][0].last_seen


async def test_updates_of_one_moment_apply_in_order(store: Store) -> None:
    (one, _), (two, _) = await asyncio.gather(
        store.visitors.touch("web", "x"), store.visitors.touch("web", "y")
    )
    await asyncio.gather(
        store.visitors.update(one.id, lang="th"),
        store.visitors.update(two.id, lang="vi"),
        store.visitors.update(one.id, lang="ja", lang_chosen=True),
        store.visitors.update(one.id, lang="id"),
    )
    first, second = await store.visitors.get(one.id), await store.visitors.get(two.id)
    assert first is not None and (first.lang, first.lang_chosen) == ("id", True)
    assert second is not None and (second.lang, second.lang_chosen) == ("vi", False)


def question(event_id: str, text: str = "where is the station") -> NewInquiry:
    return NewInquiry(platform="line", event_id=event_id, lang="en", text=text, outcome="answered")


async def test_concurrent_questions_are_each_logged_once(store: Store) -> None:
    logged = await asyncio.gather(
        *(store.inquiries.log(question(e)) for e in ("e1", "e2", "e1", "e3"))
    )
    assert [stored for _, stored in logged] == [True, True, False, True]
    assert logged[0][0] == logged[2][0] and len({i for i, _ in logged}) == 3
    redelivered = await asyncio.gather(
        store.inquiries.log(question("e2")), store.inquiries.log(question("e4"))
    )
    assert redelivered[0] == (logged[1][0], False) and redelivered[1][1] is True
    rows = await store.inquiries.list(limit=10)
    assert sorted(r.event_id for r in rows) == ["e1", "e2", "e3", "e4"]


async def test_a_question_the_database_refuses_does_not_lose_the_others(store: Store) -> None:
    refused = NewInquiry(
        platform="line", event_id="bad", lang=cast(str, None), text="x", outcome="answered"
    )
    results = await asyncio.gather(
        store.inquiries.log(question("ok1")),
        store.inquiries.log(refused),
        store.inquiries.log(question("ok2")),
        return_exceptions=True,
    )
    assert isinstance(results[1], IntegrityError)
    assert [r[1] for r in (results[0], results[2]) if isinstance(r, tuple)] == [True, True]
    rows = await store.inquiries.list(limit=10)
    assert sorted(r.event_id for r in rows) == ["ok1", "ok2"]
