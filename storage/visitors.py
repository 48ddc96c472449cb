"""Visitors: pseudonymous keys, language, booth context and staff holds."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from storage.base import Repository, rowcount
from storage.coalesce import Coalescer
from storage.models import Handover, InboxEvent, Inquiry, OutboxMessage, Visitor, utcnow
from storage.records import Visitor as VisitorRecord


@dataclass(frozen=True)
class Touch:
    """One event's visitor: who, and what a *new* visitor starts with."""

    platform: str
    key: str
    raw_id: str | None = None
    lang: str | None = None
    fair_id: str | None = None
    booth_id: str | None = None
    notice_shown: bool = False


class Visitors(Repository):
    def __init__(self, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        super().__init__(engine, sessions)
        self._touch = Coalescer(self.touch_many)
        self._update = Coalescer(self.update_many)

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

        This runs for every event, so the events handled at the same moment are
        touched together (`touch_many`, one transaction; storage.coalesce).
        `lang`, `fair_id`, `booth_id` and `notice_shown` are what a *new*
        visitor starts with.
        """
        return await self._touch(
            Touch(platform, key, raw_id, lang, fair_id, booth_id, notice_shown)
        )

    async def touch_many(self, touches: list[Touch]) -> list[tuple[VisitorRecord, bool]]:
        """Touch many visitors in one transaction; (visitor, created) per touch, in order.

        Known visitors: one UPDATE ... RETURNING of `last_seen` for all of them
        (plus one per visitor whose raw id changed). New ones: one multi-row
        INSERT. Safe under concurrent first contact (another instance, or the
        same key twice here): the unique constraint decides, only one touch
        reports the visitor as new, and the others get the same row.
        """
        table = VISITORS
        now = utcnow()
        wanted = list(dict.fromkeys((t.platform, t.key) for t in touches))
        async with self.engine.begin() as connection:
            found = await self._seen(connection, wanted, now)
            created: set[tuple[str, str]] = set()
            firsts = _first_touches(touches)
            missing = [t for t in firsts if (t.platform, t.key) not in found]
            if missing:
                rows = [_new_row(t, now) for t in missing]
                inserted = await connection.execute(
                    self.insert(table)
                    .on_conflict_do_nothing(index_elements=["platform", "key"])
                    .returning(*table.c),
                    rows,
                )
                for new in inserted.mappings():
                    found[(new["platform"], new["key"])] = dict(new)
                    created.add((new["platform"], new["key"]))
                raced = [(t.platform, t.key) for t in missing if (t.platform, t.key) not in found]
                if raced:  # created by another instance just now
                    found.update(await self._seen(connection, raced, now))
            for t in firsts:
                row = found[(t.platform, t.key)]
                if t.raw_id is not None and row["raw_id"] != t.raw_id:
                    await connection.execute(
                        update(table).where(table.c.id == row["id"]).values(raw_id=t.raw_id)
                    )
                    row["raw_id"] = t.raw_id
        results: list[tuple[VisitorRecord, bool]] = []
        for t in touches:
            pk = (t.platform, t.key)
            results.append((VisitorRecord(**found[pk]), pk in created))
            created.discard(pk)  # the same visitor again in this batch is not new
        return results

    async def _seen(
        self, connection: AsyncConnection, keys: list[tuple[str, str]], now: datetime
    ) -> dict[tuple[str, str], dict[str, Any]]:
        """Mark the known visitors among `keys` seen now; their rows, by key."""
        table = VISITORS
        rows = await connection.execute(
            update(table)
            .where(tuple_(table.c.platform, table.c.key).in_(keys))
            .values(last_seen=now, active=True)
            .returning(*table.c)
        )
        return {(row["platform"], row["key"]): dict(row) for row in rows.mappings()}

    async def add_many(self, visitors: list[tuple[str, str, str | None]]) -> list[int]:
        """Create (platform, key, lang) visitors in one statement; ids in the order given.

        For bulk imports and the demo seeder, which create visitors by the hundred
        thousand; keys must be new (no upsert).
        """
        if not visitors:
            return []
        now = utcnow()
        rows = [_new_row(Touch(platform, key, lang=lang), now) for platform, key, lang in visitors]
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
        """Set context, language, notice flag, staff hold or activity.

        A visitor's first question often changes their language: the updates of
        the events handled at the same moment share one transaction (`update_many`).
        """
        await self._update((visitor_id, values))

    async def update_many(self, changes: list[tuple[int, dict[str, object]]]) -> list[None]:
        """Apply (visitor id, values) changes in order, in one transaction.

        Consecutive changes that set the same columns run as one executemany.
        """
        table = VISITORS
        async with self.engine.begin() as connection:
            for _columns, run in itertools.groupby(changes, key=lambda c: tuple(sorted(c[1]))):
                # the SET clause comes from the parameters' column names (`columns`)
                statement = update(table).where(table.c.id == bindparam("visitor_id"))
                params = [{"visitor_id": visitor_id, **values} for visitor_id, values in run]
                await connection.execute(statement, params)
        return [None] * len(changes)

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


VISITORS = cast(Table, Visitor.__table__)


def _first_touches(touches: list[Touch]) -> list[Touch]:
    """Each visitor's first touch of a batch (what a new row starts with)."""
    first: dict[tuple[str, str], Touch] = {}
    for t in touches:
        first.setdefault((t.platform, t.key), t)
    return list(first.values())


def _new_row(t: Touch, now: datetime) -> dict[str, Any]:
    return {
        "platform": t.platform,
        "key": t.key,
        "raw_id": t.raw_id,
        "lang": t.lang,
        "lang_chosen": False,
        "fair_id": t.fair_id,
        "booth_id": t.booth_id,
        "active": True,
        "notice_shown": t.notice_shown,
        "staff_hold_until": None,
        "created_at": now,
        "last_seen": now,
    }
