"""The durable inbox: raw events stored before they are acknowledged."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from storage.base import Repository
from storage.models import InboxEvent, utcnow


class Inbox(Repository):
    async def put(self, platform: str, event_id: str, payload: dict[str, Any]) -> int | None:
        """Store an event; return its row id, or None when it was seen before."""
        statement = (
            self.insert(InboxEvent)
            .values(
                platform=platform,
                event_id=event_id,
                payload=payload,
                status="pending",
                attempts=0,
                received_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["platform", "event_id"])
            .returning(InboxEvent.id)
        )
        async with self.sessions() as session:
            row_id = (await session.execute(statement)).scalar_one_or_none()
            await session.commit()
            return row_id

    async def put_many(self, events: list[tuple[str, str, dict[str, Any]]]) -> list[int | None]:
        """Store (platform, event id, payload) events in one statement and one commit.

        Returns, in order, each event's new row id, or None when it was seen
        before (in the table, or earlier in this same list).
        """
        if not events:
            return []
        now = utcnow()
        rows = [
            {"platform": platform, "event_id": event_id, "payload": payload,
             "status": "pending", "attempts": 0, "received_at": now}
            for platform, event_id, payload in events
        ]  # fmt: skip
        statement = (
            self.insert(InboxEvent)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["platform", "event_id"])
            .returning(InboxEvent.id, InboxEvent.platform, InboxEvent.event_id)
        )
        async with self.sessions() as session:
            stored = {(p, e): i for i, p, e in (await session.execute(statement)).all()}
            await session.commit()
        ids: list[int | None] = []
        for platform, event_id, _ in events:
            ids.append(stored.pop((platform, event_id), None))  # a repeat in the list: None
        return ids

    async def claim(self, row_id: int) -> bool:
        """Mark an event as being processed; False when another worker has it."""
        async with self.sessions() as session:
            result = await session.execute(
                update(InboxEvent)
                .where(InboxEvent.id == row_id, InboxEvent.status == "pending")
                .values(status="working", attempts=InboxEvent.attempts + 1)
            )
            await session.commit()
            return result.rowcount == 1

    async def done(self, row_id: int) -> None:
        await self._finish(row_id, "done", None)

    async def failed(self, row_id: int, error: str) -> None:
        await self._finish(row_id, "failed", error[:2000])

    async def _finish(self, row_id: int, status: str, error: str | None) -> None:
        async with self.sessions() as session:
            await session.execute(
                update(InboxEvent)
                .where(InboxEvent.id == row_id)
                .values(status=status, error=error, processed_at=utcnow())
            )
            await session.commit()

    async def release_stale(self) -> int:
        """Return events left 'working' by a crashed process to 'pending'."""
        async with self.sessions() as session:
            result = await session.execute(
                update(InboxEvent).where(InboxEvent.status == "working").values(status="pending")
            )
            await session.commit()
            return result.rowcount or 0

    async def pending(
        self, limit: int = 100, platform: str | None = None, after_id: int = 0
    ) -> list[InboxEvent]:
        """Unprocessed events, oldest first (after `after_id`, to page through a backlog)."""
        query = (
            select(InboxEvent)
            .where(InboxEvent.status == "pending", InboxEvent.id > after_id)
            .order_by(InboxEvent.id)
        ).limit(limit)
        if platform is not None:
            query = query.where(InboxEvent.platform == platform)
        async with self.sessions() as session:
            return list(await session.scalars(query))

    async def get(self, row_id: int) -> InboxEvent | None:
        async with self.sessions() as session:
            return await session.get(InboxEvent, row_id)
