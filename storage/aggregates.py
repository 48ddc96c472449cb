"""Every SQL statement the reports run: grouped counts, never rows, except the raw export.

Reports must stay fast at a million inquiries, so each breakdown is one GROUP BY
in the database and only the (small) groups cross into Python. Day and hour are
taken in the fair's local time: PostgreSQL converts with the IANA zone itself
(`timezone(zone, created_at)`), SQLite shifts the stored UTC text by the zone's
fixed offset (the caller passes both; the fair countries we serve keep no DST,
so the two agree). The raw export pages by primary key (keyset pagination), so
no statement holds a cursor open while the renderer writes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Row, and_, case, func, select
from sqlalchemy.sql import ColumnElement, Select

from storage.base import Repository
from storage.models import Booth, Fair, Inquiry

NON_TEXT = "non_text"
UNANSWERED = ("handed_over", "out_of_scope", "suggested")
RAW_COLUMNS = (
    "id",
    "created_at",
    "fair_id",
    "booth_id",
    "prefecture",
    "topic_prefecture",
    "platform",
    "lang",
    "kind",
    "type",
    "outcome",
    "faq_id",
    "score",
    "feedback",
    "text",
    "staff_answer",
)


@dataclass(frozen=True)
class Scope:
    """Which inquiries a report covers.

    `start`/`end` are UTC instants (end exclusive); `zone` and `offset_minutes`
    describe the fair's local time for day/hour grouping.
    """

    fair_ids: tuple[str, ...]
    prefecture: str | None = None
    by: Literal["booth", "topic"] = "booth"
    booth_id: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    zone: str = "UTC"
    offset_minutes: int = 0


@dataclass(frozen=True)
class TextGroup:
    """Identical (normalised) questions: how often, one sample, and what happened."""

    key: str
    text: str
    count: int
    lang: str
    type: str
    handed_over: int
    staff_answered: int


class Aggregates(Repository):
    """Read-only statements for reports."""

    def _where(self, scope: Scope) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [Inquiry.fair_id.in_(scope.fair_ids)]
        if scope.prefecture is not None:
            column = Inquiry.prefecture if scope.by == "booth" else Inquiry.topic_prefecture
            conditions.append(column == scope.prefecture)
        if scope.booth_id is not None:
            conditions.append(Inquiry.booth_id == scope.booth_id)
        if scope.start is not None:
            conditions.append(Inquiry.created_at >= scope.start)
        if scope.end is not None:
            conditions.append(Inquiry.created_at < scope.end)
        return conditions

    def _questions(self, scope: Scope) -> list[ColumnElement[bool]]:
        return [*self._where(scope), Inquiry.outcome != NON_TEXT]

    def _local(self, scope: Scope, part: Literal["day", "hour"]) -> ColumnElement[Any]:
        """The local calendar day (YYYY-MM-DD text) or hour (0-23) of `created_at`."""
        if self.dialect == "postgresql":
            local = func.timezone(scope.zone, Inquiry.created_at)
            if part == "day":
                return func.to_char(local, "YYYY-MM-DD")
            return func.cast(func.extract("hour", local), Inquiry.id.type)
        shift = f"{scope.offset_minutes:+d} minutes"
        if part == "day":
            return func.strftime("%Y-%m-%d", Inquiry.created_at, shift)
        return func.cast(func.strftime("%H", Inquiry.created_at, shift), Inquiry.id.type)

    async def _all(self, query: Select[Any]) -> list[Row[Any]]:
        async with self.sessions() as session:
            return list((await session.execute(query)).all())

    async def fairs(self, fair_ids: Sequence[str]) -> list[Fair]:
        async with self.sessions() as session:
            found = await session.scalars(select(Fair).where(Fair.id.in_(fair_ids)))
            return sorted(found, key=lambda fair: list(fair_ids).index(fair.id))

    async def previous_fair(self, fair: Fair) -> Fair | None:
        """The fair in the same country with the latest start before this one's."""
        if fair.country is None or fair.start_date is None:
            return None
        query = (
            select(Fair)
            .where(
                Fair.country == fair.country,
                Fair.start_date < fair.start_date,
                Fair.id != fair.id,
            )
            .order_by(Fair.start_date.desc(), Fair.id)
            .limit(1)
        )
        async with self.sessions() as session:
            return await session.scalar(query)

    async def booths(self, fair_id: str) -> list[Booth]:
        async with self.sessions() as session:
            return list(
                await session.scalars(
                    select(Booth).where(Booth.fair_id == fair_id).order_by(Booth.id)
                )
            )

    async def breakdown(self, scope: Scope) -> list[Row[Any]]:
        """(type, lang, platform, outcome, count) over every logged message, one scan."""
        count = func.count().label("n")
        columns = (Inquiry.type, Inquiry.lang, Inquiry.platform, Inquiry.outcome)
        query = select(*columns, count).where(*self._where(scope)).group_by(*columns)
        return await self._all(query)

    async def visitors(self, scope: Scope) -> int:
        """Distinct visitors who asked at least one question."""
        query = select(func.count(func.distinct(Inquiry.visitor_id))).where(*self._questions(scope))
        async with self.sessions() as session:
            return int(await session.scalar(query) or 0)

    async def by_time(self, scope: Scope) -> list[Row[Any]]:
        """(local day, local hour, count) of questions."""
        day, hour = self._local(scope, "day").label("day"), self._local(scope, "hour").label("hour")
        query = (
            select(day, hour, func.count().label("n"))
            .where(*self._questions(scope))
            .group_by(day, hour)
            .order_by(day, hour)
        )
        return await self._all(query)

    async def feedback(self, scope: Scope) -> list[Row[Any]]:
        """(faq_id, answered, helpful, not helpful) per FAQ entry that was answered."""
        up = func.sum(case((Inquiry.feedback == "up", 1), else_=0)).label("up")
        down = func.sum(case((Inquiry.feedback == "down", 1), else_=0)).label("down")
        query = (
            select(Inquiry.faq_id, func.count().label("n"), up, down)
            .where(*self._questions(scope), Inquiry.faq_id.is_not(None))
            .where(Inquiry.outcome == "answered")
            .group_by(Inquiry.faq_id)
            .order_by(func.count().desc(), Inquiry.faq_id)
        )
        return await self._all(query)

    async def top_texts(
        self, scope: Scope, *, limit: int, outcomes: Sequence[str] | None = None
    ) -> list[TextGroup]:
        """The most frequent typed questions, grouped by normalised text."""
        key = case((Inquiry.normalized == "", Inquiry.text), else_=Inquiry.normalized)
        handed = func.sum(case((Inquiry.outcome == "handed_over", 1), else_=0))
        staff = func.sum(case((Inquiry.staff_answer.is_not(None), 1), else_=0))
        conditions = [*self._questions(scope), Inquiry.kind == "text"]
        if outcomes is not None:
            conditions.append(Inquiry.outcome.in_(outcomes))
        query = (
            select(
                key.label("key"),
                func.min(Inquiry.text),
                func.count().label("n"),
                func.max(Inquiry.lang),
                func.max(Inquiry.type),
                handed,
                staff,
            )
            .where(*conditions)
            .group_by(key)
            .order_by(func.count().desc(), key)
            .limit(limit)
        )
        return [
            TextGroup(str(k), str(t), int(n), str(lang), str(kind), int(h or 0), int(s or 0))
            for k, t, n, lang, kind, h, s in await self._all(query)
        ]

    async def count(self, scope: Scope) -> int:
        query = select(func.count()).select_from(Inquiry).where(*self._where(scope))
        async with self.sessions() as session:
            return int(await session.scalar(query) or 0)

    async def raw_rows(
        self, scope: Scope, *, batch: int = 5000, limit: int | None = None
    ) -> AsyncIterator[list[tuple[Any, ...]]]:
        """Every inquiry in scope, newest first, in batches (keyset pagination on id)."""
        columns = [getattr(Inquiry, name) for name in RAW_COLUMNS]
        last_id: int | None = None
        remaining = limit
        while remaining is None or remaining > 0:
            size = batch if remaining is None else min(batch, remaining)
            conditions = self._where(scope)
            if last_id is not None:
                conditions.append(Inquiry.id < last_id)
            query = select(*columns).where(and_(*conditions)).order_by(Inquiry.id.desc())
            rows = [tuple(row) for row in await self._all(query.limit(size))]
            if not rows:
                return
            yield rows
            last_id = rows[-1][0]
            if remaining is not None:
                remaining -= len(rows)
            if len(rows) < size:
                return
