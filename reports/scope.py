"""From what a user asks for (fair, prefecture, dates) to a storage `Scope` in UTC.

Day and hour charts are in the fair's local time. Fairs carry a country, not a
zone, so a small table maps the countries we go to onto one IANA zone each
(Indonesia: Jakarta, where the fairs are; Malaysia: Kuala Lumpur). Unknown
countries fall back to UTC. The conversion itself is zoneinfo's, in Python, on
per-minute counts from the database (see storage.aggregates), so it is exact
for any zone.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from faq.zones import zone_for
from storage.aggregates import Scope
from storage.models import Fair

log = logging.getLogger(__name__)


def local_midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(zone)).astimezone(UTC)


def make_scope(
    fairs: list[Fair],
    *,
    prefecture: str | None = None,
    by: Literal["booth", "topic"] = "booth",
    booth_id: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Scope:
    """A scope over `fairs` (local time of the first), with inclusive local dates."""
    if not fairs:
        raise ValueError("a report needs at least one fair")
    first = fairs[0]
    zone = zone_for(first.country)
    if zone == "UTC" and first.country:
        log.info("no time zone known for country %s: days and hours are in UTC", first.country)
    return Scope(
        fair_ids=tuple(fair.id for fair in fairs),
        prefecture=prefecture,
        by=by,
        booth_id=booth_id,
        start=local_midnight(date_from, zone) if date_from else None,
        end=local_midnight(date_to + timedelta(days=1), zone) if date_to else None,
        zone=zone,
    )
