"""Every SQL statement the reports run: grouped counts, never rows, except the raw export.

Reports must stay fast at a million inquiries, so aggregation happens in SQL and
only the (small) groups cross into Python, in as few scans as possible: one for
type/language/platform/outcome/feedback, one for time (UTC minutes, which the
report maps to the fair's local day and hour), one for distinct visitors, one for
question texts. The raw export is one streamed query.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import case, func, select
from sqlalchemy.sql import ColumnElement

from storage.base import AnyRow, AnySelect, Repository
from storage.models import Booth, Fair, Inquiry
from storage.outcomes import NOT_COUNTED, UNANSWERED, Outcome

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
    "concerns",
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

    `start`/`end` are UTC instants (end exclusive); `zone` is the fair's local
    time zone, for day/hour grouping.
    """

    fair_ids: tuple[str, ...]
    prefecture: str | None = None
    by: Literal["booth", "topic"] = "booth"
    booth_id: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    zone: str = "UTC"


@dataclass(frozen=True)
class TextGroup:
    """Identical (normalised) questions: how often, how often unanswered, one sample."""

    key: str
    text: str
    count: int
    unanswered: int
    lang: str
    type: str
    handed_over: int
    staff_answered: int
    faq_id: str | None = None


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
        skip = (Outcome.NON_TEXT, *NOT_COUNTED)
        return [*self._where(scope), Inquiry.outcome.not_in(skip)]

    def _minute(self) -> ColumnElement[Any]:
        """`created_at` truncated to the UTC minute, as text 'YYYY-MM-DD HH:MM'.

        Minutes, not local hours, cross into Python, which maps them to the fair's
        local day and hour with zoneinfo: exact for every zone (half-hour offsets,
        DST), identical on both databases, and at most 1,440 groups a day.
        """
        if self.dialect == "postgresql":
            return func.to_char(func.timezone("UTC", Inquiry.created_at), "YYYY-MM-DD HH24:MI")
        return func.substr(Inquiry.created_at, 1, 16)  # SQLite keeps UTC text

    async def _all(self, query: AnySelect) -> list[AnyRow]:
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

    async def breakdown(self, scope: Scope) -> list[tuple[Any, ...]]:
        """(type, lang, platform, outcome, faq_id, feedback, count) over every message.

        One scan serves the type, language, platform and outcome breakdowns and the
        per-entry feedback. Grouped in `ix_inquiries_report`'s column order (booth
        prefecture first) so SQLite aggregates while walking the index, no sort.
        """
        columns = (
            Inquiry.prefecture,
            Inquiry.type,
            Inquiry.lang,
            Inquiry.platform,
            Inquiry.outcome,
            Inquiry.faq_id,
            Inquiry.feedback,
        )
        query = select(*columns, func.count()).where(*self._where(scope)).group_by(*columns)
        return [row[1:] for row in await self._all(query)]

    async def visitors(self, scope: Scope) -> int:
        """Distinct visitors who asked at least one question."""
        query = select(func.count(func.distinct(Inquiry.visitor_id))).where(*self._questions(scope))
        async with self.sessions() as session:
            return int(await session.scalar(query) or 0)

    async def by_minute(self, scope: Scope) -> list[tuple[str, int]]:
        """(UTC minute 'YYYY-MM-DD HH:MM', count) of questions."""
        minute = self._minute().label("minute")
        query = select(minute, func.count()).where(*self._questions(scope)).group_by(minute)
        return [(str(m), int(n)) for m, n in await self._all(query)]

    async def texts(self, scope: Scope, *, limit: int) -> list[TextGroup]:
        """Typed questions grouped by normalised text: the `limit` most asked and the
        `limit` most often left unanswered.

        Three cheap statements instead of one heavy one: the grouping reads only
        `ix_inquiries_texts` (in its order) and keeps one row id per group; the sample
        texts are then fetched by id, and staff answers counted from the partial
        `ix_inquiries_staff_answered`, both for the chosen groups only.
        """
        unanswered = Inquiry.outcome.in_(UNANSWERED)
        handed = Inquiry.outcome == Outcome.HANDED_OVER
        conditions = [*self._questions(scope), Inquiry.kind == "text", Inquiry.normalized != ""]
        grouped = (
            select(
                Inquiry.normalized.label("key"),
                func.count().label("n"),
                func.sum(case((unanswered, 1), else_=0)).label("open"),
                func.max(Inquiry.lang).label("lang"),
                func.max(Inquiry.type).label("type"),
                func.sum(case((handed, 1), else_=0)).label("handed"),
                func.max(Inquiry.id).label("sample"),
                func.max(Inquiry.faq_id).label("faq_id"),
            )
            .where(*conditions)
            .group_by(Inquiry.normalized)
            .subquery("grouped")
        )
        g = grouped.c
        ranked = select(
            grouped,
            func.row_number().over(order_by=(g.n.desc(), g.key)).label("by_count"),
            func.row_number().over(order_by=(g.open.desc(), g.key)).label("by_open"),
        ).subquery("ranked")
        r = ranked.c
        query = select(r.key, r.n, r.open, r.lang, r.type, r.handed, r.sample, r.faq_id).where(
            (r.by_count <= limit) | ((r.by_open <= limit) & (r.open > 0))
        )
        groups = await self._all(query)
        samples: dict[int, str] = {}
        for chunk in range(0, len(groups), 500):
            ids = [row[6] for row in groups[chunk : chunk + 500]]
            found = await self._all(select(Inquiry.id, Inquiry.text).where(Inquiry.id.in_(ids)))
            samples.update((int(i), str(t)) for i, t in found)
        answered = await self._all(
            select(Inquiry.normalized, func.count())
            .where(*conditions, Inquiry.staff_answer.is_not(None))
            .group_by(Inquiry.normalized)
        )
        staff = {str(k): int(n) for k, n in answered}
        return [
            TextGroup(
                str(k),
                samples.get(int(i), str(k)),
                int(n),
                int(o or 0),
                str(lang),
                str(kind),
                int(h or 0),
                staff.get(str(k), 0),
                str(faq) if faq else None,
            )
            for k, n, o, lang, kind, h, i, faq in groups
        ]

    async def concerns(self, scope: Scope) -> list[tuple[str | None, str, int]]:
        """(prefecture, stored concerns "cost,safety", count) of questions voicing any.

        The prefecture is the booth's or the topic's, as the scope counts them. Reads
        only the partial `ix_inquiries_concerns` (questions with no concern are not in it).
        """
        place = Inquiry.prefecture if scope.by == "booth" else Inquiry.topic_prefecture
        query = (
            select(place, Inquiry.concerns, func.count())
            .where(*self._where(scope), Inquiry.concerns.is_not(None))
            .group_by(place, Inquiry.concerns)
        )
        return [(p, str(c), int(n)) for p, c, n in await self._all(query)]

    async def count(self, scope: Scope) -> int:
        query = select(func.count()).select_from(Inquiry).where(*self._where(scope))
        async with self.sessions() as session:
            return int(await session.scalar(query) or 0)

    async def raw_rows(
        self, scope: Scope, *, batch: int = 5000, limit: int | None = None
    ) -> AsyncIterator[list[tuple[Any, ...]]]:
        """Inquiries in scope, newest first, in batches, from one streamed query.

        A server-side cursor on PostgreSQL, SQLite's stepping cursor otherwise: one
        sort (or an index walk on (fair_id, created_at)), never a row list in memory.
        """
        columns = [getattr(Inquiry, name) for name in RAW_COLUMNS]
        query = (
            select(*columns)
            .where(*self._where(scope))
            .order_by(Inquiry.created_at.desc(), Inquiry.id.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        async with self.engine.connect() as connection:
            result = await connection.stream(query.execution_options(yield_per=batch))
            async for rows in result.partitions(batch):
                yield [tuple(row) for row in rows]
