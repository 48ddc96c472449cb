"""Fairs (markets) side by side: `fairbot report --by fair --fair F1 --fair F2 ...`.

A coordinator supporting prefectures across Jakarta, Singapore, Bangkok, Phnom
Penh and Manila wants to see how one market's visitors differ from another's.
Each fair is collected on its own (same prefecture view, same dates) with the
ordinary `collect`, and the comparison lines the breakdowns up: shares of
inquiry types, travel concerns and languages per fair, and each fair's
difference from the first in percentage points, plus each fair's top question
groups. Shares, not counts, are compared: fairs differ in size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from faq.model import KnowledgeBase
from reports.collect import ReportData, Share, collect
from reports.labels import Label, market_label
from reports.scope import make_scope
from storage import Store


@dataclass(frozen=True)
class Column:
    """One fair of the comparison and its ordinary report data."""

    data: ReportData

    @property
    def fair_id(self) -> str:
        return self.data.fairs[0].id

    @property
    def name(self) -> str:
        return self.data.fairs[0].name

    @property
    def market(self) -> Label:
        return market_label(self.data.fairs[0].country)


@dataclass(frozen=True)
class Row:
    """One category across the fairs: share per fair and points against the first."""

    key: str
    label: Label
    counts: tuple[int, ...]
    shares: tuple[float, ...]

    @property
    def points(self) -> tuple[float | None, ...]:
        """Difference from the first fair, in percentage points (None for the first)."""
        first = self.shares[0]
        return (None, *(100 * (share - first) for share in self.shares[1:]))


@dataclass(frozen=True)
class Comparison:
    columns: tuple[Column, ...]
    prefecture: str | None
    by: str
    generated_at: datetime

    @property
    def empty(self) -> bool:
        return all(column.data.empty for column in self.columns)

    def rows(self, pick: Callable[[ReportData], tuple[Share, ...]]) -> list[Row]:
        """Every category any fair has, in the first fair's order, then the others'."""
        order: list[str] = []
        labels: dict[str, Label] = {}
        tables = [{s.key: s for s in pick(column.data)} for column in self.columns]
        for table in tables:
            for key, share in table.items():
                if key not in labels:
                    order.append(key)
                    labels[key] = share.label
        return [
            Row(
                key,
                labels[key],
                tuple(t[key].count if key in t else 0 for t in tables),
                tuple(t[key].share if key in t else 0.0 for t in tables),
            )
            for key in order
        ]

    def types(self) -> list[Row]:
        return self.rows(lambda data: data.types)

    def concerns(self) -> list[Row]:
        return self.rows(lambda data: data.concerns)

    def languages(self) -> list[Row]:
        return self.rows(lambda data: data.languages)


async def compare(
    store: Store,
    fair_ids: tuple[str, ...],
    *,
    prefecture: str | None = None,
    by: str = "booth",
    kb: KnowledgeBase | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Comparison:
    """Collect each fair on its own and line them up (the first fair is the baseline)."""
    if len(fair_ids) < 2:
        raise ValueError("a comparison needs at least two fairs (repeat --fair)")
    if len(set(fair_ids)) != len(fair_ids):
        raise ValueError("each fair once, please")
    view: Literal["booth", "topic"] = "topic" if by == "topic" else "booth"
    columns = []
    for fair_id in fair_ids:
        fairs = await store.aggregates.fairs((fair_id,))
        if not fairs:
            raise ValueError(f"no fair {fair_id} (see `fairbot fair list`)")
        scope = make_scope(
            fairs, prefecture=prefecture, by=view, date_from=date_from, date_to=date_to
        )
        data = await collect(store, scope, kb=kb, date_from=date_from, date_to=date_to)
        columns.append(Column(data))
    return Comparison(tuple(columns), prefecture, view, datetime.now(UTC))
