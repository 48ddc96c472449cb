"""What a report shows, as plain frozen data: `ReportData` and its rows.

Renderers (xlsx, html, csv, mail, compare) are pure functions of these; the one
place that fills them is reports.collect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reports.cluster import QuestionGroup
from reports.labels import Label
from storage.aggregates import Scope


@dataclass(frozen=True)
class Share:
    """One row of a breakdown; `previous` only where a previous fair is compared."""

    key: str
    label: Label
    count: int
    share: float
    previous: int | None = None
    previous_share: float | None = None


@dataclass(frozen=True)
class FeedbackRow:
    faq_id: str
    title: str
    answered: int
    up: int
    down: int

    @property
    def helpful_rate(self) -> float | None:
        rated = self.up + self.down
        return self.up / rated if rated else None


@dataclass(frozen=True)
class FairInfo:
    id: str
    name: str
    country: str | None
    start_date: date | None
    end_date: date | None


@dataclass(frozen=True)
class Totals:
    questions: int
    visitors: int
    non_text: int
    answered: int
    feedback_up: int
    feedback_down: int

    @property
    def answered_rate(self) -> float | None:
        return self.answered / self.questions if self.questions else None

    @property
    def helpful_rate(self) -> float | None:
        rated = self.feedback_up + self.feedback_down
        return self.feedback_up / rated if rated else None


@dataclass(frozen=True)
class Previous:
    fair: FairInfo
    questions: int
    visitors: int


@dataclass(frozen=True)
class ReportData:
    scope: Scope
    fairs: tuple[FairInfo, ...]
    generated_at: datetime
    totals: Totals
    types: tuple[Share, ...]
    concerns: tuple[Share, ...]  # share: of all questions (a question may voice several)
    concerns_by_place: tuple[tuple[str | None, tuple[int, ...]], ...]  # per concern id, in order
    languages: tuple[Share, ...]
    platforms: tuple[Share, ...]
    outcomes: tuple[Share, ...]
    days: tuple[tuple[str, int], ...]
    hours: tuple[int, ...]  # 24 counts, local hour 0-23
    top_questions: tuple[QuestionGroup, ...]
    unanswered: tuple[QuestionGroup, ...]
    feedback: tuple[FeedbackRow, ...]
    previous: Previous | None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def empty(self) -> bool:
        """No question yet: renderers say so instead of drawing degenerate charts."""
        return self.totals.questions == 0
