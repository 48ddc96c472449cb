"""Fixtures for report tests: two seeded fairs in Singapore plus hand-written edge cases,
and the ground truth computed from the stored rows without any report code.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import text

from faq.loader import load_kb
from faq.model import KnowledgeBase
from reports.seed import seed
from storage import Store
from storage.inquiries import NewInquiry
from tests.conftest import DEV_KB

# logged messages that are no question: stickers etc. and small talk ("hello", "thanks")
NOT_QUESTIONS = ("non_text", "small_talk")
FAIR, PREVIOUS, OTHER_COUNTRY = "jtf-2025-sg", "jtf-2024-sg", "jtf-2025-th"
BOOTHS = (("hyogo", "JP-28"), ("kyoto", "JP-26"), ("info", "JP"))
FORMULA = '=HYPERLINK("http://x","y")'
SCRIPT = "<script>alert('x')</script> is there a <b>night</b> market?"
THAI = "ไปปราสาทฮิเมจิยังไง"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb(DEV_KB)


@dataclass(frozen=True)
class Seeded:
    store: Store
    current: int
    previous: int


async def add_fairs(store: Store) -> None:
    fairs = (
        (PREVIOUS, "SG", date(2024, 5, 10)),
        (FAIR, "SG", date(2025, 5, 9)),
        (OTHER_COUNTRY, "TH", date(2025, 2, 1)),
    )
    for fair_id, country, start in fairs:
        await store.fairs.add_fair(
            fair_id,
            f"Japan Travel Fair {start.year} {country}",
            country=country,
            start_date=start,
            end_date=date(start.year, start.month, start.day + 2),
        )
        for booth_id, prefecture in BOOTHS:
            await store.fairs.add_booth(
                fair_id,
                booth_id,
                prefecture=prefecture,
                name=booth_id.title(),
                email=f"{booth_id}@example.jp",
            )


async def add_edge_cases(store: Store) -> int:
    """Visitor texts a report must survive, at known local times (Singapore, UTC+8).

    The script is asked often enough to be among the top unanswered questions.
    """
    cases = [
        (FORMULA, "en", datetime(2025, 5, 9, 2, 30, tzinfo=UTC)),  # 10:30 local
        (THAI, "th", datetime(2025, 5, 9, 16, 1, tzinfo=UTC)),  # 00:01 local, next day
    ] + [(SCRIPT, "en", datetime(2025, 5, 9, 15, 59, tzinfo=UTC))] * 40  # 23:59 local
    for i, (question, lang, at) in enumerate(cases):
        await store.inquiries.log(
            NewInquiry(
                platform="web",
                event_id=f"edge-{i}",
                lang=lang,
                text=question,
                normalized=question.casefold(),
                outcome="handed_over",
                type="other",
                fair_id=FAIR,
                booth_id="hyogo",
                prefecture="JP-28",
                created_at=at,
            )
        )
    return len(cases)


async def populate(store: Store, kb: KnowledgeBase) -> Seeded:
    await add_fairs(store)
    previous = await seed(store, PREVIOUS, 400, kb=kb, random_seed=7)
    current = await seed(store, FAIR, 1500, kb=kb, random_seed=8)
    await seed(store, OTHER_COUNTRY, 200, kb=kb, random_seed=9)
    edge_cases = await add_edge_cases(store)
    return Seeded(store, current.inquiries + edge_cases, previous.inquiries)


@pytest.fixture
async def seeded(store: Store, kb: KnowledgeBase) -> AsyncIterator[Seeded]:
    """Seeded data on SQLite and on PostgreSQL."""
    yield await populate(store, kb)


@pytest.fixture
async def seeded_sqlite(sqlite_store: Store, kb: KnowledgeBase) -> AsyncIterator[Seeded]:
    """Seeded data on SQLite only, for tests about rendering rather than SQL."""
    yield await populate(sqlite_store, kb)


async def stored_rows(store: Store) -> list[dict[str, Any]]:
    """Every inquiry as a plain dict, read with one hand-written SELECT."""
    query = text(
        "SELECT fair_id, booth_id, prefecture, topic_prefecture, platform, lang, text,"
        " normalized, kind, faq_id, type, outcome, feedback, staff_answer, created_at,"
        " visitor_id FROM inquiries"
    )
    async with store.engine.connect() as connection:
        rows = [dict(row._mapping) for row in await connection.execute(query)]
    for row in rows:
        at = row["created_at"]
        if isinstance(at, str):  # SQLite hands back the stored text
            at = datetime.fromisoformat(at)
        row["created_at"] = at.replace(tzinfo=UTC) if at.tzinfo is None else at
    return rows
