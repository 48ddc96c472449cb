"""POST /line/webhook: signature, bad input, durability and redelivery, through the real app."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from sqlalchemy import func, select

from storage import Store
from storage.models import InboxEvent, Inquiry
from tests.line import events
from tests.line.conftest import SECRET, LineApp


async def inbox_rows(store: Store) -> list[InboxEvent]:
    async with store.inbox.sessions() as session:
        query = select(InboxEvent).where(InboxEvent.platform == "line").order_by(InboxEvent.id)
        return list(await session.scalars(query))


async def inquiry_count(store: Store) -> int:
    async with store.inquiries.sessions() as session:
        query = select(func.count()).select_from(Inquiry).where(Inquiry.platform == "line")
        return int(await session.scalar(query) or 0)


async def test_bad_signature_is_refused_and_nothing_is_stored(line_app: LineApp) -> None:
    body = events.delivery(events.text("hello"))
    response = await line_app.post(body, signature=events.sign(b"something else", SECRET))
    await line_app.drain()
    assert response.status_code == 400
    assert await inbox_rows(line_app.runtime.store) == []
    assert line_app.stub.calls == []


async def test_signature_with_another_channel_secret_is_refused(line_app: LineApp) -> None:
    raw = events.encode(events.delivery(events.text("hello")))
    response = await line_app.post(raw, signature=events.sign(raw, "not-our-secret"))
    assert response.status_code == 400
    assert await inbox_rows(line_app.runtime.store) == []


async def test_missing_signature_is_refused(line_app: LineApp) -> None:
    response = await line_app.post(events.delivery(events.text("hello")), signature=None)
    assert response.status_code == 400
    assert "X-Line-Signature" in response.text
    assert await inbox_rows(line_app.runtime.store) == []


async def test_signed_non_json_is_refused(line_app: LineApp) -> None:
    response = await line_app.post(b"this is not json")
    assert response.status_code == 400
    assert await inbox_rows(line_app.runtime.store) == []


async def test_signed_truncated_json_is_refused(line_app: LineApp) -> None:
    raw = events.encode(events.delivery(events.text("hello"), events.text("world")))
    response = await line_app.post(raw[: len(raw) // 2])
    assert response.status_code == 400
    assert await inbox_rows(line_app.runtime.store) == []


async def test_signed_json_without_events_is_refused(line_app: LineApp) -> None:
    response = await line_app.post({"destination": events.DESTINATION})
    assert response.status_code == 400
    response = await line_app.post({"destination": events.DESTINATION, "events": ["x"]})
    assert response.status_code == 400
    assert await inbox_rows(line_app.runtime.store) == []


async def test_connectivity_check_with_no_events_is_acknowledged(line_app: LineApp) -> None:
    response = await line_app.post(events.recorded("connectivity-check"))
    assert response.status_code == 200
    assert await inbox_rows(line_app.runtime.store) == []
    assert line_app.stub.calls == []


async def test_a_body_over_one_megabyte_is_refused(line_app: LineApp) -> None:
    padding = "x" * (2 * 1024 * 1024)
    body = events.delivery(events.text("hello", padding=padding))
    response = await line_app.post(body)
    assert response.status_code == 413
    assert await inbox_rows(line_app.runtime.store) == []


async def test_a_streamed_body_over_one_megabyte_is_refused(line_app: LineApp) -> None:
    """No Content-Length to trust: the limit is applied while reading."""
    raw = events.encode(events.delivery(events.text("hello", padding="x" * (2 * 1024 * 1024))))

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(raw), 65536):
            yield raw[start : start + 65536]

    response = await line_app.client.post(
        "/line/webhook",
        content=chunks(),
        headers={"X-Line-Signature": events.sign(raw, SECRET), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert await inbox_rows(line_app.runtime.store) == []


async def test_events_are_stored_before_the_acknowledgement(line_app: LineApp) -> None:
    first, second = events.text("hello"), events.follow()
    response = await line_app.post(events.delivery(first, second))
    stored = await inbox_rows(line_app.runtime.store)  # no drain: the 200 came after the writes
    assert response.status_code == 200
    assert [r.event_id for r in stored] == [first["webhookEventId"], second["webhookEventId"]]
    assert stored[0].payload == first
    await line_app.drain()


async def test_unknown_event_types_are_kept_and_do_not_stop_the_rest(line_app: LineApp) -> None:
    unknown = events.recorded("unknown-event")["events"][0]
    known = events.text("How do I get to Himeji Castle from Osaka?")
    response = await line_app.deliver(unknown, known)
    assert response.status_code == 200
    rows = await inbox_rows(line_app.runtime.store)
    assert [(r.event_id, r.status) for r in rows] == [
        (unknown["webhookEventId"], "done"),
        (known["webhookEventId"], "done"),
    ]
    assert [c.body["replyToken"] for c in line_app.stub.calls_to("replyMessage")] == [
        known["replyToken"]
    ]


async def test_standby_events_are_logged_but_not_answered(line_app: LineApp) -> None:
    response = await line_app.deliver(*events.recorded("standby")["events"])
    assert response.status_code == 200
    (row,) = await inbox_rows(line_app.runtime.store)
    assert row.status == "done"
    assert line_app.stub.delivered == []
    (inquiry,) = await line_app.runtime.store.inquiries.list()
    assert inquiry.outcome == "standby" and inquiry.platform == "line"


async def test_one_hundred_events_in_one_delivery(line_app: LineApp) -> None:
    items = [
        events.text(f"How do I get to Himeji Castle? ({n})", who=events.user(n)) for n in range(100)
    ]
    response = await line_app.deliver(*items)
    assert response.status_code == 200
    rows = await inbox_rows(line_app.runtime.store)
    assert len(rows) == 100 and {r.status for r in rows} == {"done"}
    assert await inquiry_count(line_app.runtime.store) == 100
    replies = line_app.stub.calls_to("replyMessage")
    assert sorted(c.body["replyToken"] for c in replies) == sorted(i["replyToken"] for i in items)


async def test_the_same_delivery_twice_is_processed_once(line_app_db: LineApp) -> None:
    body = events.delivery(
        events.text("How do I get to Himeji Castle from Osaka?"), events.sticker()
    )
    first = await line_app_db.post(body)
    await line_app_db.drain()
    delivered = len(line_app_db.stub.delivered)
    second = await line_app_db.post(body)
    await line_app_db.drain()
    assert (first.status_code, second.status_code) == (200, 200)
    assert len(await inbox_rows(line_app_db.runtime.store)) == 2
    assert await inquiry_count(line_app_db.runtime.store) == 2
    assert len(line_app_db.stub.delivered) == delivered > 0


async def test_a_redelivered_event_is_processed_once(line_app_db: LineApp) -> None:
    """LINE redelivers with the same webhookEventId and isRedelivery: true."""
    original = events.recorded("text")["events"][0]
    redelivered = events.recorded("redelivery")["events"][0]
    assert redelivered["webhookEventId"] == original["webhookEventId"]
    await line_app_db.deliver(original)
    await line_app_db.deliver(redelivered)
    assert len(await inbox_rows(line_app_db.runtime.store)) == 1
    assert await inquiry_count(line_app_db.runtime.store) == 1
    assert [c.body["replyToken"] for c in line_app_db.stub.calls_to("replyMessage")] == [
        original["replyToken"]
    ]


async def test_redelivery_arriving_while_the_first_is_processing(line_app: LineApp) -> None:
    """Both copies are accepted before either is processed: still one answer."""
    item = events.text("How do I get to Himeji Castle from Osaka?")
    again = json.loads(json.dumps(item))
    again["deliveryContext"]["isRedelivery"] = True
    await line_app.post(events.delivery(item))
    await line_app.post(events.delivery(again))
    await line_app.drain()
    assert len(line_app.stub.calls_to("replyMessage")) == 1
    assert await inquiry_count(line_app.runtime.store) == 1


async def test_get_is_not_allowed(line_app: LineApp) -> None:
    response = await line_app.client.get("/line/webhook")
    assert response.status_code == 405
