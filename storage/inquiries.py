"""Inquiries: one row per visitor question, written once, idempotently."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, func, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.base import NotFound, Repository, rowcount
from storage.coalesce import Coalescer
from storage.models import Inquiry, utcnow


@dataclass(frozen=True)
class NewInquiry:
    """What the conversation core knows about a question when it logs it."""

    platform: str
    event_id: str
    lang: str
    text: str
    outcome: str
    type: str = "other"
    concerns: str | None = None  # "cost,safety" (faq.concerns.encode)
    visitor_id: int | None = None
    fair_id: str | None = None
    booth_id: str | None = None
    prefecture: str | None = None
    topic_prefecture: str | None = None
    normalized: str = ""
    kind: str = "text"
    faq_id: str | None = None
    score: float | None = None
    created_at: datetime | None = None


class Inquiries(Repository):
    def __init__(self, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        super().__init__(engine, sessions)
        self._log = Coalescer(self.log_batch)

    async def log(self, new: NewInquiry) -> tuple[int, bool]:
        """Store the inquiry once; return its id and whether this call stored it.

        A redelivered event (same platform and event id) returns the first row.
        Questions logged at the same moment share one INSERT (`log_batch`).
        """
        return await self._log(new)

    async def log_batch(self, news: Sequence[NewInquiry]) -> builtins.list[tuple[int, bool]]:
        """Store questions in one multi-row INSERT; (id, stored by this call) for each.

        An event id already stored (a redelivery, a replay after a crash, or the
        same event twice in this batch) gets the first row's id and False.
        """
        table = INQUIRIES
        now = utcnow()
        rows = list(
            {
                (new.platform, new.event_id): {
                    **vars(new),  # a subclass may carry more columns (the demo seeder's)
                    "created_at": new.created_at or now,
                    "type": new.type or "other",
                }
                for new in reversed(news)  # the first of a repeated event id wins
            }.values()
        )
        columns = {name for row in rows for name in row}  # one shape for the whole batch
        rows = [{name: row.get(name) for name in columns} for row in rows]
        async with self.engine.begin() as connection:
            inserted = await connection.execute(
                self.insert(table)
                .on_conflict_do_nothing(index_elements=["platform", "event_id"])
                .returning(table.c.id, table.c.platform, table.c.event_id),
                rows,
            )
            ids = {(platform, event_id): id_ for id_, platform, event_id in inserted}
            stored = set(ids)
            missing = [
                (new.platform, new.event_id)
                for new in news
                if (new.platform, new.event_id) not in ids
            ]
            if missing:
                existing = await connection.execute(
                    select(table.c.id, table.c.platform, table.c.event_id).where(
                        tuple_(table.c.platform, table.c.event_id).in_(missing)
                    )
                )
                ids.update({(platform, event_id): id_ for id_, platform, event_id in existing})
        results: builtins.list[tuple[int, bool]] = []
        for new in news:
            key = (new.platform, new.event_id)
            results.append((ids[key], key in stored))
            stored.discard(key)  # the same event again in this batch was not stored by it
        return results

    async def log_many(self, news: Sequence[NewInquiry]) -> int:
        """Store many inquiries (`log_batch`); how many were stored, not seen before.

        For bulk imports and the demo seeder (a million rows in minutes, in batches).
        """
        if not news:
            return 0
        return sum(stored for _, stored in await self.log_batch(news))

    async def get(self, inquiry_id: int) -> Inquiry | None:
        async with self.sessions() as session:
            return await session.get(Inquiry, inquiry_id)

    async def _set(self, inquiry_id: int, **values: object) -> None:
        async with self.sessions() as session:
            result = await session.execute(
                update(Inquiry).where(Inquiry.id == inquiry_id).values(**values)
            )
            await session.commit()
        if not rowcount(result):
            raise NotFound(f"no inquiry {inquiry_id}")

    async def record_feedback(self, inquiry_id: int, feedback: str) -> None:
        await self._set(inquiry_id, feedback=feedback)

    async def record_staff_answer(self, inquiry_id: int, answer: str) -> None:
        await self._set(inquiry_id, staff_answer=answer, staff_answered_at=utcnow())

    async def list(
        self,
        *,
        fair_id: str | None = None,
        booth_id: str | None = None,
        prefecture: str | None = None,
        since: datetime | None = None,
        outcome: str | None = None,
        lang: str | None = None,
        after_id: int | None = None,
        limit: int = 100,
    ) -> builtins.list[Inquiry]:
        """Newest first, filtered; `after_id` serves live feeds."""
        query = select(Inquiry).order_by(Inquiry.id.desc()).limit(limit)
        filters = {
            Inquiry.fair_id: fair_id,
            Inquiry.booth_id: booth_id,
            Inquiry.prefecture: prefecture,
            Inquiry.outcome: outcome,
            Inquiry.lang: lang,
        }
        for column, value in filters.items():
            if value is not None:
                query = query.where(column == value)
        if since is not None:
            query = query.where(Inquiry.created_at >= since)
        if after_id is not None:
            query = query.where(Inquiry.id > after_id)
        async with self.sessions() as session:
            return list(await session.scalars(query))

    async def unanswered(
        self,
        outcomes: tuple[str, ...],
        *,
        fair_id: str | None = None,
        booth_id: str | None = None,
        prefecture: str | None = None,
        limit: int = 100,
    ) -> builtins.list[Inquiry]:
        """Newest questions with one of `outcomes` and no staff answer yet (the staff queue)."""
        query = (
            select(Inquiry)
            .where(Inquiry.outcome.in_(outcomes), Inquiry.staff_answer.is_(None))
            .order_by(Inquiry.id.desc())
            .limit(limit)
        )
        scope = {
            Inquiry.fair_id: fair_id,
            Inquiry.booth_id: booth_id,
            Inquiry.prefecture: prefecture,
        }
        for column, value in scope.items():
            if value is not None:
                query = query.where(column == value)
        async with self.sessions() as session:
            return list(await session.scalars(query))

    async def count_by_outcome(
        self, *, since: datetime, fair_id: str | None = None, booth_id: str | None = None
    ) -> dict[str, int]:
        """Questions per outcome since a time, for one fair or booth (a staff chat's /stats)."""
        query = (
            select(Inquiry.outcome, func.count())
            .where(Inquiry.created_at >= since)
            .group_by(Inquiry.outcome)
        )
        if fair_id is not None:
            query = query.where(Inquiry.fair_id == fair_id)
        if booth_id is not None:
            query = query.where(Inquiry.booth_id == booth_id)
        async with self.sessions() as session:
            return {outcome: count for outcome, count in (await session.execute(query)).all()}


INQUIRIES = cast(Table, Inquiry.__table__)
