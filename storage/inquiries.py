"""Inquiries: one row per visitor question, written once, idempotently."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from storage.base import NotFound, Repository, rowcount
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


# Built once, a Core statement: runs for every question, so no per-call statement
# building and no ORM bookkeeping (columns left out take their defaults).
NEW_INQUIRY = {
    name: dialect.insert(Inquiry.__table__)
    .on_conflict_do_nothing(index_elements=["platform", "event_id"])
    .returning(Inquiry.__table__.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


class Inquiries(Repository):
    async def log(self, new: NewInquiry) -> tuple[int, bool]:
        """Store the inquiry once; return its id and whether this call stored it.

        A redelivered event (same platform and event id) returns the first row.
        """
        values = {k: v for k, v in new.__dict__.items() if v is not None}
        values.setdefault("created_at", utcnow())
        async with self.sessions() as session:
            inserted = (
                await session.execute(NEW_INQUIRY[self.dialect], values)
            ).scalar_one_or_none()
            if inserted is None:
                existing = await session.scalar(
                    select(Inquiry.id).where(
                        Inquiry.platform == new.platform, Inquiry.event_id == new.event_id
                    )
                )
                await session.commit()
                assert existing is not None
                return existing, False
            await session.commit()
            return inserted, True

    async def log_many(self, news: Sequence[NewInquiry]) -> int:
        """Store many inquiries in one executemany; the rows `log` would write, per item.

        For bulk imports and the demo seeder (a million rows in minutes). Redelivered
        events are skipped the same way; returns how many rows were stored.
        """
        if not news:
            return 0
        now = utcnow()
        rows = [
            {**new.__dict__, "created_at": new.created_at or now, "type": new.type or "other"}
            for new in news
        ]
        statement = (
            self.insert(Inquiry)
            .on_conflict_do_nothing(index_elements=["platform", "event_id"])
            .returning(Inquiry.id)  # rows actually stored; executemany rowcounts vary by driver
        )
        async with self.engine.begin() as connection:
            result = await connection.execute(statement, rows)
            return len(result.all())

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
