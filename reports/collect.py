"""Gather everything a report shows into one `ReportData`: SQL aggregates, then small sums.

Renderers are pure functions of `ReportData` (plus, for the raw sheet and the
CSV, batches of rows streamed from `storage`). Shares are of *questions*:
every logged message except stickers, images and other non-text ones, which
are counted once, in the totals.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from faq.concerns import decode, taxonomy
from faq.model import KnowledgeBase
from faq.types import INQUIRY_TYPES
from reports.cluster import cluster
from reports.gaps import is_gap
from reports.labels import (
    OUTCOMES,
    Label,
    concern_label,
    language_label,
    outcome_label,
    platform_label,
)
from reports.labels import type_label as label_of_type
from reports.report_data import FairInfo, FeedbackRow, Previous, ReportData, Share, Totals
from storage import Store
from storage.aggregates import Scope
from storage.models import Fair
from storage.outcomes import NOT_COUNTED, Outcome

log = logging.getLogger(__name__)

TOP_GROUPS = 50
UNANSWERED_GROUPS = 300
TEXTS_SCANNED = 1500  # distinct phrasings fetched before clustering

Step = Callable[[str], None]


def concern_counts(
    rows: list[tuple[str | None, str, int]],
) -> tuple[Counter[str], dict[str | None, Counter[str]]]:
    """Stored "cost,safety" groups to questions per concern, overall and per prefecture."""
    total: Counter[str] = Counter()
    by_place: dict[str | None, Counter[str]] = {}
    for place, stored, n in rows:
        for concern in decode(stored):
            total[concern] += n
            by_place.setdefault(place, Counter())[concern] += n
    return total, by_place


def fair_info(fair: Fair) -> FairInfo:
    return FairInfo(fair.id, fair.name, fair.country, fair.start_date, fair.end_date)


def shares(
    counts: Counter[str],
    label: Callable[[str], Label],
    *,
    order: list[str] | None = None,
    previous: Counter[str] | None = None,
) -> tuple[Share, ...]:
    """Rows with shares of the total; `order` lists every key (zeros too) in its order."""
    total = sum(counts.values())
    before = sum(previous.values()) if previous is not None else 0
    keys = order if order is not None else sorted(counts, key=lambda k: (-counts[k], k))
    return tuple(
        Share(
            key=key,
            label=label(key),
            count=counts[key],
            share=counts[key] / total if total else 0.0,
            previous=previous[key] if previous is not None else None,
            previous_share=(previous[key] / before if before else 0.0)
            if previous is not None
            else None,
        )
        for key in keys
    )


def _order(known: list[str], counts: Counter[str]) -> list[str]:
    """The known keys in their order, then any others found (old or unknown ids)."""
    return known + sorted(key for key in counts if key not in known)


async def _previous(
    store: Store, scope: Scope, earlier: Fair | None
) -> tuple[Previous, Counter[str]] | None:
    """The previous fair's totals and type counts, same prefecture view, whole fair."""
    if earlier is None:
        return None
    earlier_scope = Scope(
        fair_ids=(earlier.id,), prefecture=scope.prefecture, by=scope.by, zone=scope.zone
    )
    breakdown = await store.aggregates.breakdown(earlier_scope)
    visitors = await store.aggregates.visitors(earlier_scope)
    counts: Counter[str] = Counter()
    for type_id, _lang, _platform, outcome, _faq, _feedback, n in breakdown:
        if outcome != Outcome.NON_TEXT and outcome not in NOT_COUNTED:
            counts[type_id] += n
    return Previous(fair_info(earlier), sum(counts.values()), visitors), counts


def local_days_and_hours(
    minutes: list[tuple[str, int]], zone: str
) -> tuple[Counter[str], list[int]]:
    """Per-UTC-minute counts to the fair's local calendar days and hours of day."""
    tz = ZoneInfo(zone)
    days: Counter[str] = Counter()
    hours = [0] * 24
    for minute, n in minutes:
        local = datetime.strptime(minute, "%Y-%m-%d %H:%M").replace(tzinfo=UTC).astimezone(tz)
        days[local.date().isoformat()] += n
        hours[local.hour] += n
    return days, hours


def _title(kb: KnowledgeBase | None, faq_id: str) -> str:
    entry = kb.get(faq_id) if kb is not None else None
    return next(iter(entry.questions.get("en", ())), "") if entry else ""


async def collect(
    store: Store,
    scope: Scope,
    *,
    kb: KnowledgeBase | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    step: Step | None = None,
) -> ReportData:
    """Run the report's aggregate queries and assemble the result."""
    step = step or (lambda _name: None)
    aggregates = store.aggregates
    fairs = await aggregates.fairs(scope.fair_ids)
    if len(fairs) != len(scope.fair_ids):
        missing = set(scope.fair_ids) - {fair.id for fair in fairs}
        raise ValueError(f"no fair {', '.join(sorted(missing))!r}")

    step("aggregating")
    earlier = await aggregates.previous_fair(fairs[0]) if len(fairs) == 1 else None
    # the scans are independent: on PostgreSQL and on SQLite (whose driver releases
    # the GIL while it steps) they overlap on separate connections
    breakdown, visitors, minutes, texts, before, concern_rows = await asyncio.gather(
        aggregates.breakdown(scope),
        aggregates.visitors(scope),
        aggregates.by_minute(scope),
        aggregates.texts(scope, limit=TEXTS_SCANNED),
        _previous(store, scope, earlier),
        aggregates.concerns(scope),
    )
    types: Counter[str] = Counter()
    langs: Counter[str] = Counter()
    platforms: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    answers: dict[str, list[int]] = {}
    non_text = 0
    for type_id, lang, platform, outcome, faq_id, feedback, n in breakdown:
        if outcome == Outcome.NON_TEXT:
            non_text += n
            continue
        if outcome in NOT_COUNTED:  # small talk: not an inquiry
            continue
        types[type_id] += n
        langs[lang] += n
        platforms[platform] += n
        outcomes[outcome] += n
        if faq_id is not None and outcome == Outcome.ANSWERED:
            tally = answers.setdefault(faq_id, [0, 0, 0])
            tally[0] += n
            tally[1] += n if feedback == "up" else 0
            tally[2] += n if feedback == "down" else 0
    days, hours = local_days_and_hours(minutes, scope.zone)
    feedback_rows = [
        FeedbackRow(faq_id, _title(kb, faq_id), answered, up, down)
        for faq_id, (answered, up, down) in sorted(answers.items(), key=lambda i: (-i[1][0], i[0]))
    ]
    step("grouping questions")
    top_groups = await asyncio.to_thread(cluster, texts, kb=kb, limit=TOP_GROUPS)
    open_groups = await asyncio.to_thread(
        cluster,
        texts,
        weight=lambda group: group.unanswered,
        by_entry=False,
        keep=is_gap,
        limit=UNANSWERED_GROUPS,
    )
    concern_total, concern_places = concern_counts(concern_rows)
    known = list(taxonomy().ids)
    concern_order = _order(known, concern_total)
    questions = sum(types.values())

    previous, previous_types = before if before is not None else (None, None)
    totals = Totals(
        questions=sum(types.values()),
        visitors=visitors,
        non_text=non_text,
        answered=outcomes[Outcome.ANSWERED],
        feedback_up=sum(row.up for row in feedback_rows),
        feedback_down=sum(row.down for row in feedback_rows),
    )
    return ReportData(
        scope=scope,
        fairs=tuple(fair_info(fair) for fair in fairs),
        generated_at=datetime.now(UTC),
        totals=totals,
        types=shares(
            types, label_of_type, order=_order(list(INQUIRY_TYPES), types), previous=previous_types
        ),
        concerns=tuple(
            Share(key, concern_label(key), concern_total[key], concern_total[key] / questions)
            if questions
            else Share(key, concern_label(key), 0, 0.0)
            for key in concern_order
        ),
        concerns_by_place=tuple(
            (place, tuple(counts[key] for key in concern_order))
            for place, counts in sorted(concern_places.items(), key=lambda i: i[0] or "~")
        ),
        languages=shares(langs, language_label),
        platforms=shares(platforms, platform_label),
        outcomes=shares(
            outcomes, outcome_label, order=_order([k for k in OUTCOMES if outcomes[k]], outcomes)
        ),
        days=tuple(sorted(days.items())),
        hours=tuple(hours),
        top_questions=tuple(top_groups),
        unanswered=tuple(open_groups),
        feedback=tuple(feedback_rows),
        previous=previous,
        date_from=date_from,
        date_to=date_to,
    )
