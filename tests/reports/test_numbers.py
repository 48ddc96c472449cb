"""Report numbers against ground truth counted by hand from the stored rows.

Runs on SQLite and PostgreSQL (the `store` fixture), with seeded data plus
edge cases around local midnight.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from zoneinfo import ZoneInfo

from faq.model import KnowledgeBase
from reports.build import ReportRequest, resolve
from reports.collect import collect
from tests.reports.conftest import FAIR, NOT_QUESTIONS, PREVIOUS, THAI, Seeded, stored_rows

SINGAPORE = ZoneInfo("Asia/Singapore")


def counts(rows: list[dict], key: str) -> Counter[str]:
    return Counter(row[key] for row in rows)


async def test_fair_report_matches_hand_counts(seeded: Seeded, kb: KnowledgeBase) -> None:
    store = seeded.store
    rows = [r for r in await stored_rows(store) if r["fair_id"] == FAIR]
    questions = [r for r in rows if r["outcome"] not in NOT_QUESTIONS]
    data = await collect(store, await resolve(store, ReportRequest((FAIR,))), kb=kb)

    assert data.totals.questions == len(questions) > 1000
    assert data.totals.non_text == sum(r["outcome"] == "non_text" for r in rows) > 0
    assert any(r["outcome"] == "small_talk" for r in rows)  # logged, but no question
    assert data.totals.visitors == len({r["visitor_id"] for r in questions if r["visitor_id"]})
    assert {s.key: s.count for s in data.types if s.count} == counts(questions, "type")
    assert {s.key: s.count for s in data.languages} == counts(questions, "lang")
    assert {s.key: s.count for s in data.platforms} == counts(questions, "platform")
    assert {s.key: s.count for s in data.outcomes} == counts(questions, "outcome")
    assert abs(sum(s.share for s in data.types) - 1) < 1e-9
    assert data.totals.answered == counts(questions, "outcome")["answered"]


async def test_days_and_hours_are_local_time(seeded: Seeded) -> None:
    store = seeded.store
    questions = [
        r
        for r in await stored_rows(store)
        if r["fair_id"] == FAIR and r["outcome"] not in NOT_QUESTIONS
    ]
    local = [r["created_at"].astimezone(SINGAPORE) for r in questions]
    data = await collect(store, await resolve(store, ReportRequest((FAIR,))))
    assert list(data.hours) == [sum(1 for t in local if t.hour == h) for h in range(24)]
    assert dict(data.days) == Counter(t.date().isoformat() for t in local)
    # the Thai edge case was asked at 00:01 on 10 May in Singapore (16:01 UTC on the 9th)
    assert data.hours[0] >= 1


async def test_date_range_is_inclusive_local_days(seeded: Seeded) -> None:
    store = seeded.store
    questions = [
        r
        for r in await stored_rows(store)
        if r["fair_id"] == FAIR and r["outcome"] not in NOT_QUESTIONS
    ]
    day = date(2025, 5, 9)
    expected = sum(1 for r in questions if r["created_at"].astimezone(SINGAPORE).date() == day)
    request = ReportRequest((FAIR,), date_from=day, date_to=day)
    data = await collect(store, await resolve(store, request))
    assert data.totals.questions == expected
    assert list(dict(data.days)) == ["2025-05-09"]
    assert THAI not in {g.text for g in data.unanswered}  # asked on the 10th, local time


async def test_prefecture_views_booth_and_topic(seeded: Seeded) -> None:
    store = seeded.store
    questions = [
        r
        for r in await stored_rows(store)
        if r["fair_id"] == FAIR and r["outcome"] not in NOT_QUESTIONS
    ]
    for by, column in (("booth", "prefecture"), ("topic", "topic_prefecture")):
        mine = [r for r in questions if r[column] == "JP-28"]
        request = ReportRequest((FAIR,), prefecture="JP-28", by=by)  # type: ignore[arg-type]
        data = await collect(store, await resolve(store, request))
        assert data.totals.questions == len(mine) > 0, by
        assert {s.key: s.count for s in data.types if s.count} == counts(mine, "type")


async def test_feedback_per_entry(seeded: Seeded) -> None:
    store = seeded.store
    answered = [
        r
        for r in await stored_rows(store)
        if r["fair_id"] == FAIR and r["outcome"] == "answered" and r["faq_id"]
    ]
    data = await collect(store, await resolve(store, ReportRequest((FAIR,))))
    got = {row.faq_id: (row.answered, row.up, row.down) for row in data.feedback}
    expected = {
        faq: (
            sum(1 for r in answered if r["faq_id"] == faq),
            sum(1 for r in answered if r["faq_id"] == faq and r["feedback"] == "up"),
            sum(1 for r in answered if r["faq_id"] == faq and r["feedback"] == "down"),
        )
        for faq in {r["faq_id"] for r in answered}
    }
    assert got == expected
    assert data.totals.feedback_up == sum(v[1] for v in expected.values()) > 0


async def test_comparison_with_the_previous_fair_in_the_same_country(seeded: Seeded) -> None:
    store = seeded.store
    all_rows = await stored_rows(store)
    before = [r for r in all_rows if r["fair_id"] == PREVIOUS and r["outcome"] not in NOT_QUESTIONS]
    data = await collect(store, await resolve(store, ReportRequest((FAIR,))))
    assert data.previous is not None
    assert data.previous.fair.id == PREVIOUS  # not the later Thai fair, not itself
    assert data.previous.questions == len(before)
    assert {s.key: s.previous for s in data.types if s.previous} == counts(before, "type")
    # the first fair in Singapore has nothing to compare with
    first = await collect(store, await resolve(store, ReportRequest((PREVIOUS,))))
    assert first.previous is None
    assert all(s.previous is None for s in first.types)


async def test_top_and_unanswered_questions_are_grouped(seeded: Seeded) -> None:
    store = seeded.store
    rows = [r for r in await stored_rows(store) if r["fair_id"] == FAIR and r["kind"] == "text"]
    open_rows = [r for r in rows if r["outcome"] in {"handed_over", "out_of_scope", "suggested"}]
    data = await collect(store, await resolve(store, ReportRequest((FAIR,))))
    top = data.top_questions
    assert top and [g.count for g in top] == sorted((g.count for g in top), reverse=True)
    assert top[0].count >= counts(rows, "normalized").most_common(1)[0][1]
    assert sum(g.count for g in top) <= len(rows)
    # every unanswered group's count is made of unanswered rows only
    assert sum(g.count for g in data.unanswered) <= len(open_rows)
    assert any(g.examples for g in data.top_questions)  # near-duplicates were merged
    # the Thai question is grouped with the same question asked in other languages
    thai = [g for g in data.unanswered if g.text == THAI or THAI in g.examples]
    assert thai and "th" in thai[0].languages


async def test_small_talk_is_not_counted_as_a_question(seeded: Seeded) -> None:
    """A "thanks!" is answered in kind: it must not lower the answered rate."""
    from storage.inquiries import NewInquiry
    from storage.outcomes import Outcome

    store = seeded.store
    request = ReportRequest((FAIR,))
    before = await collect(store, await resolve(store, request))
    assert before.totals.questions > 0
    sample = (await store.inquiries.list(fair_id=FAIR, limit=1))[0]
    await store.inquiries.log(
        NewInquiry(
            platform="web",
            event_id="small-talk-1",
            lang="en",
            text="thanks!",
            kind="small_talk",
            outcome=Outcome.SMALL_TALK,
            fair_id=FAIR,
            booth_id=sample.booth_id,
            prefecture=sample.prefecture,
            created_at=sample.created_at,
        )
    )
    after = await collect(store, await resolve(store, request))
    assert after.totals.questions == before.totals.questions
    assert after.totals.answered_rate == before.totals.answered_rate
    assert Outcome.SMALL_TALK not in {s.key for s in after.outcomes}
