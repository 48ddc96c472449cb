"""Visitors: pseudonymous keys, language, booth context and staff holds."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete, select, update

from storage.base import Repository, rowcount
from storage.models import Handover, InboxEvent, Inquiry, OutboxMessage, Visitor, utcnow
from storage.records import Visitor as VisitorRecord


class Visitors(Repository):
    async def touch(
        self,
        platform: str,
        key: str,
        *,
        raw_id: str | None = None,
        lang: str | None = None,
        fair_id: str | None = None,
        booth_id: str | None = None,
        notice_shown: bool = False,
    ) -> tuple[VisitorRecord, bool]:
        """Return the visitor for (platform, key), creating it; True when new.

        One statement for a returning visitor (UPDATE ... RETURNING), two for a
        new one: this runs for every event, so it is kept short. `lang`,
        `fair_id`, `booth_id` and `notice_shown` are what a *new* visitor starts
        with. Safe under concurrent first contact: the unique constraint decides
        and the loser updates the winner's row.
        """
        now = utcnow()
        seen: dict[str, object] = {"last_seen": now, "active": True}
        if raw_id is not None:
            seen["raw_id"] = raw_id
        refresh = (
            update(Visitor)
            .where(Visitor.platform == platform, Visitor.key == key)
            .values(**seen)
            .returning(Visitor)
        )
        create = (
            self.insert(Visitor)
            .values(
                platform=platform,
                key=key,
                raw_id=raw_id,
                lang=lang,
                fair_id=fair_id,
                booth_id=booth_id,
                created_at=now,
                last_seen=now,
                active=True,
                notice_shown=notice_shown,
            )  # fmt: skip
            .on_conflict_do_nothing(index_elements=["platform", "key"])
            .returning(Visitor)
        )
        async with self.sessions() as session:
            visitor = (await session.execute(refresh)).scalar_one_or_none()
            created = False
            if visitor is None:
                visitor = (await session.execute(create)).scalar_one_or_none()
                created = visitor is not None
            if visitor is None:  # created by a concurrent first contact just now
                visitor = (await session.execute(refresh)).scalar_one()
            await session.commit()
        return VisitorRecord.of(visitor), created

    async def add_many(self, visitors: list[tuple[str, str, str | None]]) -> list[int]:
        """Create (platform, key, lang) visitors in one statement; ids in the order given.

        For bulk imports and the demo seeder, which create visitors by the hundred
        thousand; keys must be new (no upsert).
        """
        if not visitors:
            return []
        now = utcnow()
        rows = [
            {
                "platform": platform,
                "key": key,
                "lang": lang,
                "created_at": now,
                "last_seen": now,
                "active": True,
                "notice_shown": False,
            }
            for platform, key, lang in visitors
        ]
        statement = self.insert(Visitor).returning(Visitor.id, sort_by_parameter_order=True)
        async with self.sessions() as session:
            ids = list((await session.scalars(statement, rows)).all())
            await session.commit()
        return ids

    async def get(self, visitor_id: int) -> VisitorRecord | None:
        async with self.sessions() as session:
            row = await session.get(Visitor, visitor_id)
        return VisitorRecord.of(row) if row is not None else None

    async def find(self, platform: str, key: str) -> VisitorRecord | None:
        async with self.sessions() as session:
            row = await session.scalar(
                select(Visitor).where(Visitor.platform == platform, Visitor.key == key)
            )
        return VisitorRecord.of(row) if row is not None else None

    async def update(self, visitor_id: int, **values: object) -> None:
        """Set context, language, notice flag, staff hold or activity."""
        # a Core UPDATE: no ORM bookkeeping for a per-event write
        table = cast(Table, Visitor.__table__)
        async with self.sessions() as session:
            await session.execute(update(table).where(table.c.id == visitor_id).values(**values))
            await session.commit()

    async def set_hold(self, visitor_id: int, until: datetime | None) -> None:
        await self.update(visitor_id, staff_hold_until=until)

    async def forget(self, visitor_id: int) -> int:
        """Delete a visitor and what identifies them; return inquiries anonymised.

        The inquiry rows stay as anonymous counts (type, language, time) so the
        prefectures' totals do not change, but their text is erased.
        """
        async with self.sessions() as session:
            result = await session.execute(
                update(Inquiry)
                .where(Inquiry.visitor_id == visitor_id)
                .values(text="", normalized="", staff_answer=None, visitor_id=None)
            )
            await session.execute(
                delete(OutboxMessage).where(OutboxMessage.visitor_id == visitor_id)
            )
            await session.execute(delete(Handover).where(Handover.visitor_id == visitor_id))
            await session.execute(delete(Visitor).where(Visitor.id == visitor_id))
            await session.commit()
            return rowcount(result) or 0


class Retention(Repository):
    """Retention: what `fairbot privacy purge` deletes."""

    async def purge(self, older_than: datetime) -> dict[str, int]:
        """Erase question text and raw ids older than the cut-off; drop idle visitors.

        Counts (type, language, time, outcome) stay for the reports; what could
        identify a person or quote them goes.
        """
        async with self.sessions() as session:
            texts = await session.execute(
                update(Inquiry)
                .where(Inquiry.created_at < older_than, Inquiry.text != "")
                .values(text="", normalized="", staff_answer=None)
            )
            raw_ids = await session.execute(
                update(Visitor)
                .where(Visitor.last_seen < older_than, Visitor.raw_id.is_not(None))
                .values(raw_id=None)
            )
            outbox = await session.execute(
                delete(OutboxMessage).where(OutboxMessage.created_at < older_than)
            )
            inbox = await session.execute(  # failed events keep their raw payload
                delete(InboxEvent).where(
                    InboxEvent.received_at < older_than, InboxEvent.status.in_(("done", "failed"))
                )
            )
            await session.commit()
        return {
            "inquiry_texts_erased": rowcount(texts) or 0,
            "raw_ids_dropped": rowcount(raw_ids) or 0,
            "messages_deleted": rowcount(outbox) or 0,
            "inbox_events_deleted": rowcount(inbox) or 0,
        }
