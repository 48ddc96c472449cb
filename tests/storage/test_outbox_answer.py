"""A replayed web answer is posted to the outbox once per inquiry (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio

from storage import Store
from storage.inquiries import NewInquiry


async def test_an_answer_is_posted_once_per_inquiry(store: Store) -> None:
    visitor, _ = await store.visitors.touch("web", "k-answer")
    inquiry_id, _ = await store.inquiries.log(
        NewInquiry(platform="web", event_id="a-1", lang="en", text="q", visitor_id=visitor.id,
                   outcome="answered")
    )  # fmt: skip
    await store.outbox.add(visitor.id, "staff says", source="staff", inquiry_id=inquiry_id)
    assert await store.outbox.add_answer(visitor.id, ["notice", "answer"], inquiry_id=inquiry_id)
    # The replay runs again (its first write's acknowledgement lost), twice at once even.
    again = await asyncio.gather(
        *(store.outbox.add_answer(visitor.id, ["answer"], inquiry_id=inquiry_id) for _ in range(2))
    )
    assert again == [False, False]
    found = await store.outbox.since(visitor.id, source="bot")
    assert [(m.text, m.inquiry_id) for m in found] == [
        ("notice", inquiry_id),
        ("answer", inquiry_id),
    ]
    # Without an inquiry there is nothing to recognise it by: posted as given.
    assert await store.outbox.add_answer(visitor.id, ["hello"], inquiry_id=None)
    assert len(await store.outbox.since(visitor.id, source="bot")) == 3
