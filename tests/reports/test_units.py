"""Table-driven tests of the small pure parts: formula neutralising, grouping, time zones."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from reports.cluster import cluster
from reports.collect import local_days_and_hours
from reports.safe import for_csv, is_risky
from reports.scope import local_midnight, zone_for
from storage.aggregates import TextGroup


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1 for onsen", "'+1 for onsen"),
        ("-5 degrees?", "'-5 degrees?"),
        ("@admin", "'@admin"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("How far is Kobe?", "How far is Kobe?"),
        ("ไปเกียวโต = ?", "ไปเกียวโต = ?"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_csv_fields_never_start_a_formula(value: object, expected: object) -> None:
    assert for_csv(value) == expected
    if isinstance(value, str):
        assert is_risky(value) == (value != expected)


def group(key: str, count: int, unanswered: int = 0) -> TextGroup:
    return TextGroup(key, key.capitalize(), count, unanswered, "en", "transport", 0, 0)


def test_near_duplicates_merge_and_distinct_questions_do_not() -> None:
    groups = [
        group("how do i get to himeji castle", 10, 1),
        group("how do i get to himeji castle please", 4, 4),
        group("how to get to himeji castle", 3),
        group("is the jr pass worth it", 6),
        group("where can i buy a jr pass", 2, 2),
    ]
    top = cluster(groups)
    assert [(g.text, g.count) for g in top] == [
        ("How do i get to himeji castle", 17),
        ("Is the jr pass worth it", 6),
        ("Where can i buy a jr pass", 2),
    ]
    assert top[0].examples == [
        "How do i get to himeji castle please",
        "How to get to himeji castle",
    ]
    unanswered = cluster(groups, weight=lambda g: g.unanswered)
    assert [(g.text, g.count) for g in unanswered] == [
        ("How do i get to himeji castle please", 5),
        ("Where can i buy a jr pass", 2),
    ]


@pytest.mark.parametrize(
    ("country", "zone"),
    [
        ("SG", "Asia/Singapore"),
        ("th", "Asia/Bangkok"),
        ("MM", "Asia/Yangon"),
        (None, "UTC"),
        ("FR", "UTC"),
    ],
)
def test_fair_country_to_zone(country: str | None, zone: str) -> None:
    assert zone_for(country) == zone


def test_minutes_map_to_local_days_and_hours_exactly() -> None:
    # Yangon is UTC+6:30: the half hour decides the local hour and, near midnight, the day
    minutes = [("2025-05-09 17:29", 2), ("2025-05-09 17:30", 3), ("2025-05-09 03:00", 1)]
    days, hours = local_days_and_hours(minutes, "Asia/Yangon")
    assert days == {"2025-05-09": 3, "2025-05-10": 3}
    assert hours[23] == 2 and hours[0] == 3 and hours[9] == 1 and sum(hours) == 6
    assert local_midnight(date(2025, 5, 9), "Asia/Singapore") == datetime(
        2025, 5, 8, 16, tzinfo=UTC
    )
