"""Accuracy metrics over labelled questions (the format of bench/data/dev-questions.jsonl).

Used by the benchmark (bench/faq_bench.py) and by the accuracy-floor test, so both
count hits, declines and the same/cross-language split the same way. Labelled rows:
``{"q", "lang", "expect" (entry id or null), "type", "prefecture", "kind"}``.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from faq.engine import Engine
from faq.model import KnowledgeBase

SPLIT_SEED = 12


def load_questions(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Outcome:
    """What one matcher did with one labelled question."""

    row: dict[str, Any]
    ranked: list[tuple[str, float]]  # (entry id, score), best first
    answered: str | None  # entry answered with, None = declined / suggested
    lang: str | None = None
    type: str | None = None
    prefecture: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def top(self) -> str | None:
        return self.ranked[0][0] if self.ranked else None


@dataclass
class Tally:
    n: int = 0
    ok: int = 0

    def add(self, ok: bool) -> None:
        self.n += 1
        self.ok += bool(ok)

    @property
    def rate(self) -> float:
        return self.ok / self.n if self.n else math.nan

    def __str__(self) -> str:
        return f"{self.rate:.3f}" if self.n else "-"


@dataclass
class Report:
    hit1: Tally = field(default_factory=Tally)
    hit3: Tally = field(default_factory=Tally)
    top1: Tally = field(default_factory=Tally)
    same: Tally = field(default_factory=Tally)  # entry has a phrasing in the question's language
    cross: Tally = field(default_factory=Tally)
    declined: Tally = field(default_factory=Tally)
    type: Tally = field(default_factory=Tally)
    prefecture: Tally = field(default_factory=Tally)
    lang: Tally = field(default_factory=Tally)
    wrong: Tally = field(default_factory=Tally)  # answered with a wrong entry, over all questions
    by_lang: dict[str, dict[str, Tally]] = field(default_factory=dict)
    by_kind: dict[str, Tally] = field(default_factory=dict)  # hit@1 (in scope) / declined (oos)


def report(outcomes: Iterable[Outcome], kb: KnowledgeBase) -> Report:
    rep = Report()
    for out in outcomes:
        row = out.row
        per = rep.by_lang.setdefault(
            row["lang"], {"hit1": Tally(), "hit3": Tally(), "oos": Tally()}
        )
        rep.wrong.add(out.answered is not None and out.answered != row["expect"])
        kind = rep.by_kind.setdefault(row.get("kind", "?"), Tally())
        kind.add(out.answered == row["expect"])
        if row["expect"]:
            entry = kb.get(row["expect"])
            hit = out.answered == row["expect"]
            rep.hit1.add(hit)
            rep.top1.add(out.top == row["expect"])
            in3 = row["expect"] in [e for e, _ in out.ranked[:3]]
            rep.hit3.add(in3)
            per["hit1"].add(hit)
            per["hit3"].add(in3)
            same = entry is not None and row["lang"] in entry.questions
            (rep.same if same else rep.cross).add(hit)
        else:
            rep.declined.add(out.answered is None)
            per["oos"].add(out.answered is None)
        if out.type is not None:
            rep.type.add(out.type == row["type"])
        if "prefecture" in out.extra or out.type is not None:
            rep.prefecture.add(out.prefecture == row["prefecture"])
        if out.lang is not None:
            rep.lang.add(out.lang == row["lang"])
    return rep


def split_rows(
    rows: list[dict[str, Any]], seed: int = SPLIT_SEED
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Fixed tune/test halves, stratified by expected entry (out-of-scope rows by language).

    Deterministic: each stratum is sorted by question text, then shuffled by a
    ``random.Random`` seeded with the seed and the stratum's name, and alternate strata
    give their odd element to tune or test so the halves stay balanced. Weights,
    calibration and thresholds are fitted on tune only; test is for reporting.
    """
    strata: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        key = row["expect"] or f"<oos:{row['lang']}>"
        strata.setdefault(key, []).append(row)
    tune_ids: set[int] = set()
    extra_to_tune = True
    for key in sorted(strata):
        group = sorted(strata[key], key=lambda r: r["q"])
        random.Random(f"{seed}:{key}").shuffle(group)
        half = len(group) // 2
        if len(group) % 2:
            half += int(extra_to_tune)
            extra_to_tune = not extra_to_tune
        tune_ids.update(id(r) for r in group[:half])
    tune = [r for r in rows if id(r) in tune_ids]
    test = [r for r in rows if id(r) not in tune_ids]
    return tune, test


def decide(ranked: list[tuple[str, float]], answer: float, margin: float = 0.0) -> str | None:
    """Re-apply an answer threshold to stored scores (threshold sweeps without re-running)."""
    if not ranked:
        return None
    first = ranked[0][1]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    return ranked[0][0] if first >= answer and first - second >= margin else None


def fit_logistic(xs: list[float], ys: list[bool], steps: int = 4000) -> tuple[float, float]:
    """Platt scaling: P(top entry is right | raw score) = sigmoid(a * raw + b)."""
    a, b = 1.0, 0.0
    n = len(xs) or 1
    for _ in range(steps):
        ga = gb = 0.0
        for x, y in zip(xs, ys, strict=True):
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, a * x + b))))
            ga += (p - y) * x
            gb += p - y
        a -= 5.0 * ga / n
        b -= 5.0 * gb / n
    return a, b


def fit_logistic2(
    rows: list[tuple[float, ...]], ys: list[bool], ridge: float = 1e-3
) -> tuple[float, ...]:
    """P(right | inputs) = sigmoid(w . inputs + b), by Newton's method (IRLS).

    Returns the input weights in order, then the bias: (a, c, b) for (raw, lead) rows.
    The lead over the runner-up matters as much as the score itself: a question two
    entries explain equally well is a coin toss however high both score.
    """
    width = len(rows[0]) + 1 if rows else 3
    x = np.array([[*r, 1.0] for r in rows], dtype=np.float64).reshape(-1, width)
    y = np.array(ys, dtype=np.float64)
    w = np.zeros(width)
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + ridge * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + ridge * np.eye(width)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return tuple(float(v) for v in w)


def wilson_lower(ok: float, n: float, z: float = 1.645) -> float:
    """One-sided lower confidence bound of a rate (95% by default), for small samples.

    ``ok`` and ``n`` may be weighted counts (an effective sample size).
    """
    if n == 0:
        return 0.0
    p = ok / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


def sweep(
    outcomes: list[Outcome],
    rescore: Callable[[float], float],
    answers: Iterable[float],
    margins: Iterable[float],
) -> list[tuple[float, float, float, float]]:
    """(answer, margin, in-scope hit@1, OOS decline) for every threshold pair."""
    rows = []
    margins = list(margins)
    for answer in answers:
        for margin in margins:
            hit = Tally()
            dec = Tally()
            for out in outcomes:
                ranked = [(e, rescore(s)) for e, s in out.ranked]
                got = decide(ranked, answer, margin)
                if out.row["expect"]:
                    hit.add(got == out.row["expect"])
                else:
                    dec.add(got is None)
            rows.append((round(answer, 3), margin, hit.rate, dec.rate))
    return rows


def run_engine(engine: Engine, rows: Iterable[dict[str, Any]], raw: bool = False) -> list[Outcome]:
    """Ask an Engine every question; ``raw`` keeps uncalibrated scores (for fitting)."""
    outcomes = []
    for row in rows:
        verdict = engine.analyse(row["q"])
        ranked = [(c.entry_id, c.score) for c in verdict.candidates]
        out = Outcome(
            row,
            ranked,
            verdict.faq_id,
            verdict.lang,
            verdict.type,
            verdict.prefecture,
            extra={"prefecture": True, "decision": verdict.decision},
        )
        if raw:
            out.extra["raw"] = ranking = engine.raw_ranking(row["q"])
            # Per ranked entry: has it no phrasing in the question's language?
            entries = [engine.kb.get(e) for e, _ in ranking]
            out.extra["cross"] = [e is None or verdict.lang not in e.questions for e in entries]
        outcomes.append(out)
    return outcomes
