"""The demo data's mix: how often each language, platform, outcome and hour occurs,
and the small text helpers the seeder (reports.seed) draws questions with.

Proportions are plausible guesses for a Southeast Asian travel fair (languages by
the fair's country, a 10:00-20:00 day with lunch and after-work peaks), not
measurements; they only need to make reports and benchmarks look like real use.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from faq.concerns import classify_concerns
from faq.concerns import encode as encode_concerns
from storage.outcomes import Outcome

LANGS_BY_COUNTRY: dict[str, dict[str, float]] = {
    "SG": {"en": 60, "zh": 22, "ms": 7, "tl": 4, "id": 2, "th": 2, "vi": 1, "ja": 1, "km": 1},
    "MY": {"ms": 40, "en": 35, "zh": 20, "id": 3, "th": 1, "ja": 1},
    "TH": {"th": 75, "en": 18, "zh": 5, "ja": 1, "km": 1},
    "ID": {"id": 78, "en": 18, "zh": 3, "ja": 1},
    "VN": {"vi": 78, "en": 18, "zh": 3, "ja": 1},
    "PH": {"tl": 45, "en": 52, "zh": 2, "ja": 1},
    "KH": {"km": 55, "en": 38, "zh": 5, "th": 2},
}
DEFAULT_LANGS = {"en": 50, "th": 10, "id": 8, "vi": 8, "zh": 10, "ms": 5, "tl": 5, "ja": 2, "km": 2}
PLATFORMS_BY_COUNTRY: dict[str, dict[str, float]] = {
    "TH": {"line": 60, "web": 25, "telegram": 15},
}
DEFAULT_PLATFORMS = {"web": 45, "telegram": 30, "line": 25}
OUTCOMES: dict[str, float] = {
    Outcome.ANSWERED: 55,
    Outcome.SUGGESTED: 13,
    Outcome.HANDED_OVER: 14,
    Outcome.OUT_OF_SCOPE: 9,
    Outcome.REJECTED: 1,
    Outcome.NON_TEXT: 5,
    "request": 3,  # "talk to staff": logged as kind=request, outcome handed_over
}
HOURS = {10: 5, 11: 8, 12: 12, 13: 12, 14: 9, 15: 8, 16: 9, 17: 11, 18: 12, 19: 9, 20: 3}
QUESTIONS_PER_VISITOR = 3.2
OWN_LANGUAGE = 0.85  # share of questions asked in the visitor's language, where the KB has it
FEEDBACK_SHARE, HELPFUL_SHARE, STAFF_ANSWER_SHARE = 0.25, 0.78, 0.55
_PUNCT = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Close enough to the FAQ engine's normalisation to group identical questions."""
    return _SPACES.sub(" ", _PUNCT.sub(" ", text.casefold())).strip()


@lru_cache(maxsize=65536)
def concerns_of(text: str) -> str | None:
    """The stored concerns of a text, as the conversation logs them (texts repeat a lot)."""
    return encode_concerns(classify_concerns(text))


def in_language(table: dict[str, tuple[str, ...]], lang: str) -> tuple[str, tuple[str, ...]]:
    """The texts in `lang`, else the English ones, with the language they are really in."""
    if table.get(lang):
        return lang, table[lang]
    return "en", table["en"]


def vary(text: str, rng: random.Random) -> str:
    """The small differences real visitors make: case, punctuation, a greeting."""
    roll = rng.random()
    if roll < 0.55:
        return text
    if roll < 0.7:
        return text.lower()
    if roll < 0.82:
        return text.rstrip("?？!. ")
    if roll < 0.92 and text.isascii():
        return f"hi, {text[0].lower()}{text[1:]}"
    return f"{text} please" if text.isascii() else f"{text} 🙏"


def weighted(table: Mapping[str, float]) -> tuple[list[str], list[float]]:
    return list(table), list(table.values())


def fair_days(start: date | None, end: date | None) -> list[date]:
    first = start or datetime.now(UTC).date()
    last = end if end and end >= first else first
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
