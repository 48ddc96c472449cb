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


def asked(key: str, lang: str, count: int, faq_id: str | None = None, **kw: object) -> TextGroup:
    values: dict[str, object] = {"unanswered": 0 if faq_id else count, "type": "transport"}
    values.update(kw)
    return TextGroup(
        key,
        key,
        count,
        int(values["unanswered"]),  # type: ignore[call-overload]
        lang,
        str(values["type"]),
        0,
        0,
        faq_id,
    )


def test_questions_are_grouped_across_languages_by_entry_and_by_meaning() -> None:
    from faq.model import Entry, KnowledgeBase

    kb = KnowledgeBase(
        (
            Entry(
                id="kyoto-from-kix",
                type="transport",
                prefecture="JP-26",
                questions={
                    "en": ("How do I get to Kyoto from Kansai Airport?",),
                    "ja": ("関西空港から京都への行き方",),
                },  # fmt: skip
                answer={"en": "Take the Haruka."},
            ),
        )
    )
    groups = [
        asked("how do i get to kyoto from kansai airport", "en", 9, "kyoto-from-kix"),
        asked("关西机场怎么去京都", "zh", 6, "kyoto-from-kix"),
        asked("วิธีเดินทางจากสนามบินคันไซไปเกียวโต", "th", 4, "kyoto-from-kix"),
        # unanswered: no entry, the same question in three languages
        asked("is there halal food in sapporo", "en", 5),
        asked("ada makanan halal di sapporo", "id", 4),
        asked("札幌有清真食品吗", "zh", 2),
        asked("can i bring my dog on the shinkansen", "en", 3),
    ]
    top = cluster(groups, kb=kb)
    first = top[0]
    assert (first.text, first.count, first.faq_id) == (
        "how do i get to kyoto from kansai airport",
        19,
        "kyoto-from-kix",
    )
    assert first.langs == ["en", "zh", "th"]
    assert first.title is not None
    assert (first.title.ja, first.title.en) == (
        "関西空港から京都への行き方",
        "How do I get to Kyoto from Kansai Airport?",
    )
    halal = cluster(groups, weight=lambda g: g.unanswered, by_entry=False)
    assert [(g.count, sorted(g.languages)) for g in halal] == [
        (11, ["en", "id", "zh"]),
        (3, ["en"]),
    ]


def test_content_gaps_leave_out_small_talk_venue_questions_and_fragments() -> None:
    from reports.gaps import is_gap

    noise = [
        asked("hello", "en", 9, type="other"),
        asked("terima kasih", "id", 4, type="other"),
        asked("555555", "th", 3, type="other"),
        asked("wkwkwk", "id", 3, type="other"),
        asked("what is the wifi password", "en", 8, type="connectivity"),
        asked("where is the toilet", "en", 7, type="other"),
        asked("can you recommend a good laptop", "en", 5, type="other"),
        asked("😂😂", "en", 5, type="other"),
    ]
    gaps = [
        asked("is there halal food in sapporo", "en", 2, type="food"),
        asked("can i bring my dog on the shinkansen", "en", 2),
        asked("มีตลาดกลางคืนที่เกียวโตไหม", "th", 2, type="other"),  # names Kyoto
    ]
    kept = cluster(noise + gaps, weight=lambda g: g.unanswered, by_entry=False, keep=is_gap)
    assert sorted(g.text for g in kept) == sorted(g.text for g in gaps)
