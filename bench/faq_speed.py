"""Speed side of the FAQ bench: a KB grown to 5,000 / 50,000 phrasings, and timing.

Split from `bench.faq_bench` so each module keeps one job: this one makes the large
synthetic KBs and measures per-question latency and index build cost; the accuracy
tables live in `bench.faq_accuracy`, the orchestration in `bench.faq_bench`.
"""

from __future__ import annotations

import gc
import math
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable

from faq.engine import Engine
from faq.model import Entry, KnowledgeBase


def grow_kb(kb: KnowledgeBase, phrasings: int, seed: int = 7) -> KnowledgeBase:
    """Copies of dev entries with perturbed/recombined phrasings under new ids.

    Each copy drops, swaps and substitutes words (substitutes come from the whole KB), so
    the index sees realistic, overlapping vocabulary rather than exact duplicates.
    """
    rng = random.Random(seed)
    vocab = sorted({w for e in kb.entries for _l, q in e.phrasings() for w in q.split()})
    entries = list(kb.entries)
    count = sum(len(e.phrasings()) for e in entries)
    copy = 0
    while count < phrasings:
        copy += 1
        for base in kb.entries:
            questions: dict[str, tuple[str, ...]] = {}
            for lang, qs in base.questions.items():
                questions[lang] = tuple(_perturb(q, rng, vocab) for q in qs)
            entries.append(
                Entry(
                    id=f"{base.id}-syn{copy}",
                    type=base.type,
                    prefecture=base.prefecture,
                    questions=questions,
                    answer=base.answer,
                    tags=base.tags,
                    source="synthetic",
                )
            )
            count += sum(len(qs) for qs in questions.values())
            if count >= phrasings:
                break
    return KnowledgeBase(entries=tuple(entries), sources=("synthetic",))


def _perturb(text: str, rng: random.Random, vocab: list[str]) -> str:
    words = text.split()
    if len(words) > 2 and rng.random() < 0.5:
        words.pop(rng.randrange(len(words)))
    if len(words) > 1 and rng.random() < 0.5:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    for _ in range(rng.randint(1, 2)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(vocab))
    if len(words) == 1:  # space-less scripts: recombine characters instead
        chars = list(words[0])
        rng.shuffle(chars[: max(2, len(chars) // 3)])
        words = ["".join(chars), rng.choice(vocab)]
    return " ".join(words)


# ---- timing --------------------------------------------------------------------------


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, math.ceil(0.99 * len(ordered)) - 1)]
    return statistics.median(ordered), p99


def time_calls(
    fn: Callable[[str], object], questions: list[str], warmup: int = 20, repeats: int = 3
) -> list[float]:
    """Per-question latency in ms: best of ``repeats`` runs of each question.

    The bench machine is shared (2 cores, other jobs running): a single run picks up
    scheduler preemptions of tens of ms that say nothing about the code, so each
    question's time is the fastest of a few runs, then percentiles go across questions.
    """
    for q in questions[:warmup]:
        fn(q)
    gc.collect()
    gc.disable()
    try:
        samples = []
        for q in questions:
            best = math.inf
            for _ in range(repeats):
                start = time.perf_counter()
                fn(q)
                best = min(best, time.perf_counter() - start)
            samples.append(best * 1000.0)
    finally:
        gc.enable()
    return samples


def build_measured(kb: KnowledgeBase) -> tuple[Engine, float, float, float]:
    """(engine, build seconds, build CPU seconds, MB held by the index after build).

    Time is taken on a plain build (tracemalloc slows allocation-heavy code several
    fold); memory on a second, traced build. CPU seconds are what the build costs;
    wall seconds also include waiting for a core on this shared machine.
    """
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    engine = Engine(kb)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    del engine
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    engine = Engine(kb)
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return engine, seconds, cpu_seconds, held / 1e6
