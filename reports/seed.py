"""Synthetic but plausible inquiries for demos and benchmarks (`fairbot demo seed`).

Rows go through the same storage path as real questions (`NewInquiry` via
`store.inquiries.log_many`, visitors via `store.visitors.add_many`), so every
report, index and benchmark sees exactly what production would store. Question
texts are the knowledge base's own phrasings (with the small variations real
visitors make, so near-duplicates exist to be grouped) plus questions it cannot
answer. Proportions (languages by fair country, platforms, outcomes, hours of a
10:00-20:00 fair day with lunch and after-work peaks, feedback) are set in `seed_mix`,
drawn per batch with `random.choices` so a million rows take about a minute of CPU.
"""

from __future__ import annotations

import logging
import random
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from faq.model import Entry, KnowledgeBase
from faq.normalize import normalize as normalize_text
from faq.prefectures import PREFECTURES
from reports import seed_texts
from reports.gaps import is_small_talk
from reports.scope import zone_for
from reports.seed_mix import (
    DEFAULT_LANGS,
    DEFAULT_PLATFORMS,
    FEEDBACK_SHARE,
    HELPFUL_SHARE,
    HOURS,
    LANGS_BY_COUNTRY,
    OUTCOMES,
    OWN_LANGUAGE,
    PLATFORMS_BY_COUNTRY,
    QUESTIONS_PER_VISITOR,
    STAFF_ANSWER_SHARE,
    concerns_of,
    fair_days,
    in_language,
    normalize,
    vary,
    weighted,
)
from storage import Store, utcnow
from storage.inquiries import NewInquiry
from storage.outcomes import Outcome

log = logging.getLogger(__name__)

__all__ = ["SeedResult", "Seeder", "normalize", "seed"]  # normalize: kept where tests import it


@dataclass(frozen=True)
class SeedResult:
    inquiries: int
    visitors: int


@dataclass(frozen=True)
class _Booth:
    id: str | None
    prefecture: str | None
    place: str


class Seeder:
    """Draws batches of `NewInquiry` for one fair; pure apart from its random generator."""

    def __init__(
        self,
        fair_id: str,
        country: str | None,
        days: list[date],
        booths: Sequence[_Booth],
        kb: KnowledgeBase,
        rng: random.Random,
        token: str,
    ) -> None:
        self.fair_id, self.rng, self.token = fair_id, rng, token
        self.booths = list(booths)
        self.entries: list[Entry] = [e for e in kb if e.questions.get("en")]
        if not self.entries:
            raise ValueError("the knowledge base has no entries with English questions")
        # visitors mostly ask what the KB has phrasings for in their language; a question
        # asked in English is logged as English (never as the visitor's usual language)
        self.by_lang: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for code in entry.questions:
                self.by_lang.setdefault(code, []).append(entry)
        zone = ZoneInfo(zone_for(country))
        self.starts = [datetime.combine(day, time(0), zone) for day in days]
        self.langs = weighted(LANGS_BY_COUNTRY.get((country or "").upper(), DEFAULT_LANGS))
        self.platforms = weighted(
            PLATFORMS_BY_COUNTRY.get((country or "").upper(), DEFAULT_PLATFORMS)
        )
        self.outcomes = weighted(OUTCOMES)
        self.hours = weighted({str(h): w for h, w in HOURS.items()})

    def visitors(self, count: int, first: int) -> list[tuple[str, str, str | None]]:
        rng = self.rng
        platforms = rng.choices(*self.platforms, k=count)
        langs = rng.choices(*self.langs, k=count)
        return [
            (platform, f"seed-{self.token}-{first + i}", lang)
            for i, (platform, lang) in enumerate(zip(platforms, langs, strict=True))
        ]

    def batch(
        self, first: int, count: int, visitors: Sequence[tuple[int, str, str | None]]
    ) -> list[NewInquiry]:
        rng = self.rng
        outcomes = rng.choices(*self.outcomes, k=count)
        hours = rng.choices(*self.hours, k=count)
        picked_visitors = rng.choices(visitors, k=count)
        picked_booths = rng.choices(self.booths, k=count)
        rows = []
        for i in range(count):
            visitor_id, platform, lang = picked_visitors[i]
            booth = picked_booths[i]
            start = rng.choice(self.starts)
            moment = start + timedelta(hours=int(hours[i]), seconds=rng.randrange(3600))
            rows.append(
                self._inquiry(
                    outcomes[i],
                    lang or "en",
                    booth,
                    NewInquiry(
                        platform=platform,
                        event_id=f"seed-{self.token}-{first + i}",
                        lang=lang or "en",
                        text="",
                        outcome="",
                        visitor_id=visitor_id,
                        fair_id=self.fair_id,
                        booth_id=booth.id,
                        prefecture=booth.prefecture,
                        created_at=moment.astimezone(UTC),
                    ),
                )
            )
        return rows

    def _inquiry(self, outcome: str, lang: str, booth: _Booth, base: NewInquiry) -> NewInquiry:
        rng = self.rng
        values: dict[str, object] = {}
        if outcome == Outcome.NON_TEXT:
            kind = rng.choice(seed_texts.NON_TEXT_KINDS)
            values = {"text": f"[{kind}]", "kind": kind, "outcome": Outcome.NON_TEXT}
        elif outcome == "request":
            values = {"text": "[talk to staff]", "kind": "request", "outcome": Outcome.HANDED_OVER}
        elif outcome == Outcome.REJECTED:
            text = " ".join(rng.choice(self.entries).questions["en"]) * 40
            values = {
                "text": text[:2000] + "…",
                "kind": "too_long",
                "outcome": Outcome.REJECTED,
                "lang": "en",
            }
        elif outcome in {Outcome.ANSWERED, Outcome.SUGGESTED} or (
            outcome == Outcome.HANDED_OVER and rng.random() < 0.4
        ):
            own = self.by_lang.get(lang)
            entry = rng.choice(own if own and rng.random() < OWN_LANGUAGE else self.entries)
            asked, phrasings = in_language(dict(entry.questions), lang)
            text = vary(rng.choice(phrasings), rng)
            answered = outcome == Outcome.ANSWERED
            values = {
                "text": text,
                "lang": asked,
                "outcome": outcome,
                "type": entry.type,
                "topic_prefecture": entry.prefecture or self._topic(booth),
                "faq_id": entry.id if answered else None,
                "score": round(rng.uniform(0.8, 1.0) if answered else rng.uniform(0.5, 0.8), 3),
            }
            if answered and rng.random() < FEEDBACK_SHARE:
                values["feedback"] = "up" if rng.random() < HELPFUL_SHARE else "down"
        else:
            table = seed_texts.UNCOVERED if outcome == Outcome.HANDED_OVER else seed_texts.OFF_TOPIC
            asked, options = in_language(table, lang)
            text = vary(rng.choice(options).format(place=booth.place), rng)
            covered = outcome == Outcome.HANDED_OVER
            if not covered and is_small_talk(normalize_text(text)):
                outcome = Outcome.SMALL_TALK  # as the conversation logs "hello", "thanks"
            values = {
                "text": text,
                "lang": asked,
                "outcome": outcome,
                "type": rng.choice(self.entries).type if covered else "other",
                "topic_prefecture": self._topic(booth) if covered else None,
            }
        if values["outcome"] == Outcome.HANDED_OVER and rng.random() < STAFF_ANSWER_SHARE:
            values["staff_answer"] = rng.choice(seed_texts.STAFF_ANSWERS)
        values.setdefault("normalized", normalize(str(values["text"])))
        if values.get("kind", "text") == "text":
            values["concerns"] = concerns_of(str(values["text"]))
        if "staff_answer" in values:
            asked_at = base.created_at or utcnow()  # seeded rows always carry their time
            values["staff_answered_at"] = asked_at + timedelta(minutes=rng.randrange(2, 90))
        return SeededInquiry(**{**base.__dict__, **values})

    def _topic(self, booth: _Booth) -> str | None:
        if booth.prefecture in PREFECTURES and self.rng.random() < 0.8:
            return booth.prefecture
        return self.rng.choice(list(PREFECTURES)) if self.rng.random() < 0.3 else None


@dataclass(frozen=True)
class SeededInquiry(NewInquiry):
    """A logged question plus what happened next (feedback, a staff answer).

    Real rows gain these through `record_feedback` / `record_staff_answer` after
    the fact; the seeder writes them with the row, with every field present so
    `log_many` sends one uniform executemany.
    """

    feedback: str | None = None
    staff_answer: str | None = None
    staff_answered_at: datetime | None = None


async def seed(
    store: Store,
    fair_id: str,
    count: int,
    *,
    kb: KnowledgeBase,
    random_seed: int | None = None,
    batch: int = 10_000,
    progress: Callable[[int], None] | None = None,
) -> SeedResult:
    """Add `count` synthetic inquiries (and their visitors) to an existing fair."""
    fair = await store.fairs.get_fair(fair_id)
    if fair is None:
        raise ValueError(f"no fair {fair_id!r}: add it first with `fairbot fair add`")
    booths = [
        _Booth(
            b.id,
            b.prefecture,
            PREFECTURES[b.prefecture].en if b.prefecture in PREFECTURES else "Japan",
        )
        for b in await store.fairs.list_booths(fair_id)
    ] or [_Booth(None, None, "Japan")]
    rng = random.Random(random_seed)
    token = secrets.token_hex(6)  # event ids and visitor keys: new on every run
    seeder = Seeder(
        fair_id, fair.country, fair_days(fair.start_date, fair.end_date), booths, kb, rng, token
    )
    visitor_count = max(1, round(count / QUESTIONS_PER_VISITOR))
    visitors: list[tuple[int, str, str | None]] = []
    for first in range(0, visitor_count, batch):
        drawn = seeder.visitors(min(batch, visitor_count - first), first)
        ids = await store.visitors.add_many(drawn)
        visitors.extend(
            (vid, platform, lang) for vid, (platform, _k, lang) in zip(ids, drawn, strict=True)
        )
    stored = 0
    for first in range(0, count, batch):
        rows = seeder.batch(first, min(batch, count - first), visitors)
        stored += await store.inquiries.log_many(rows)
        if progress is not None:
            progress(len(rows))
    log.info("seeded %d inquiries from %d visitors into fair %s", stored, len(visitors), fair_id)
    return SeedResult(inquiries=stored, visitors=len(visitors))
