"""The logic of ``fairbot faq check``: what the bot would do with each question.

Booth staff run it on a list of expected questions before a fair, and the accuracy
benchmark's contract is the same JSON (tests/specs/faq-format.md), so the keys and
their meaning are fixed here, once, and the CLI only prints.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from faq.engine import Engine

logger = logging.getLogger(__name__)

KEYS = ("question", "faq_id", "score", "lang", "type", "prefecture", "suggestions")


def check_lines(engine: Engine, questions: Iterable[str]) -> Iterator[dict[str, Any]]:
    """One spec JSON object per non-blank question, in input order."""
    for line in questions:
        question = line.strip()
        if not question:
            continue
        verdict = engine.analyse(question)
        best = verdict.best
        yield {
            "question": question,
            "faq_id": verdict.faq_id,
            "score": round(best.score, 3) if best else 0.0,
            "lang": verdict.lang,
            "type": verdict.type,
            "prefecture": verdict.prefecture,
            "suggestions": list(verdict.suggestions),
        }


def summarize(results: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Counts for the CLI's summary line: questions, answered, suggestions only, handed over."""
    total = answered = suggested = 0
    for result in results:
        total += 1
        if result["faq_id"]:
            answered += 1
        elif result["suggestions"]:
            suggested += 1
    return {
        "questions": total,
        "answered": answered,
        "suggested": suggested,
        "handover": total - answered - suggested,
    }
