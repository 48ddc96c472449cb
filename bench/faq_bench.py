"""FAQ engine benchmark: accuracy on the dev set vs the naive baseline, latency, memory.

One run prints every figure of docs/benchmarks.md (FAQ section) and rewrites that
section, so the doc always shows numbers from a single run on one machine:

* accuracy of fairbot and of the naive rapidfuzz baseline at its best cutoff;
* the calibration fit and threshold sweep the engine's defaults come from;
* per-question latency (p50/p99, one core) for KBs of dev size, 5,000 and 50,000
  phrasings grown synthetically from the dev KB, and the index memory at 50,000.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import re
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bench.faq_accuracy import (
    SET_NAMES,
    TARGET_PRECISION,
    Calibration,
    accuracy_table,
    by_style_table,
    calibrate,
    evaluate,
    load_sets,
    one_set,
    per_language_table,
    sweep_margins,
)
from bench.faq_sims import simulate, simulate_elsewhere
from bench.faq_speed import build_measured, grow_kb, percentiles, time_calls
from faq.engine import Engine, Params
from faq.evaluation import Outcome, report, sweep
from faq.model import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- faq-bench:start -->", "<!-- faq-bench:end -->"
SIZES = (5_000, 50_000)
BASELINE_SAMPLE = {5_000: 100, 50_000: 30}  # questions timed for the slow baseline


# ---- baseline ------------------------------------------------------------------------


def baseline_choices(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    texts, ids = [], []
    for entry in kb.entries:
        for _lang, q in entry.phrasings():
            texts.append(q)
            ids.append(entry.id)
    return texts, ids


def run_baseline(kb: KnowledgeBase, rows: list[dict]) -> list[Outcome]:
    """extractOne(q, all_phrasings, WRatio, default_process); score kept for the cutoff sweep."""
    texts, ids = baseline_choices(kb)
    outcomes = []
    for row in rows:
        hit = process.extractOne(
            row["q"], texts, scorer=fuzz.WRatio, processor=utils.default_process
        )
        ranked = [(ids[hit[2]], hit[1] / 100.0)] if hit else []
        outcomes.append(Outcome(row, ranked, ranked[0][0] if ranked else None))
    return outcomes


def best_cutoff(outcomes: list[Outcome]) -> tuple[float, list[tuple[float, float, float, float]]]:
    rows = sweep(outcomes, lambda s: s, [c / 100 for c in range(0, 101)], [0.0])
    best = max(rows, key=lambda r: (r[2] + r[3], r[2]))
    return best[0], rows


def with_cutoff(outcomes: list[Outcome], cutoff: float) -> list[Outcome]:
    return [
        Outcome(o.row, o.ranked, o.top if o.ranked and o.ranked[0][1] >= cutoff else None)
        for o in outcomes
    ]


# ---- synthetic KB growth ---------------------------------------------------------------


# ---- report ----------------------------------------------------------------------------


def fitted(engine: Engine, cal: Calibration) -> Engine:
    """The same engine with dev-tune's calibration and answer threshold (development aid)."""
    params = dataclasses.replace(
        engine.params, calib_a=cal.a, calib_b=cal.b, calib_c=cal.c, calib_d=cal.d
    )
    thresholds = dataclasses.replace(engine.thresholds, answer=cal.answer)
    return Engine(engine.kb, thresholds, params)


def write_doc(lines: list[str]) -> None:
    body = "\n".join([START, *lines, END])
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if START in text and END in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: body, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n## FAQ engine\n\n" + body + "\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench --only faq")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument("--quick", action="store_true", help="skip the 50,000-phrasing KB")
    parser.add_argument(
        "--fitted", action="store_true", help="score with the dev-tune fit, not the defaults"
    )
    parser.add_argument(
        "--segment", default=None, help="comma-separated languages to segment (faq.segment)"
    )
    parser.add_argument("--set", choices=SET_NAMES, help="print one question set's figures only")
    parser.add_argument(
        "--sets",
        default=",".join(SET_NAMES),
        help="comma-separated sets for the full run (dev-tune and dev-test always included)",
    )
    args = parser.parse_args(argv or [])
    if args.set:
        one_set(args.set, print)
        return 0
    t0 = time.perf_counter()
    out: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        out.append(line)

    wanted = [n for n in SET_NAMES if n in {"dev-tune", "dev-test", *args.sets.split(",")}]
    sets = load_sets(tuple(wanted))
    tune_set = sets[0]
    params = Params()
    if args.segment is not None:
        params = dataclasses.replace(params, segment=tuple(filter(None, args.segment.split(","))))
    engines = {id(s.kb): Engine(s.kb, params=params) for s in sets}
    say(
        "Sets: "
        + "; ".join(
            f"{s.name}: {len(s.kb)} entries, {len(s.rows)} questions "
            f"({sum(1 for r in s.rows if r['expect'])} in scope)"
            for s in sets
        )
        + "."
    )
    say(
        f"Machine: {platform.processor() or platform.machine()}, Python "
        f"{platform.python_version()}, single thread; load average at start "
        f"{os.getloadavg()[0]:.1f} (other jobs share the 2 cores: wall times vary)."
    )
    say()

    # -- calibration and threshold, fitted on dev-tune only
    tune_engine = engines[id(tune_set.kb)]
    tune_raw = evaluate(tune_engine, tune_set, raw=True)
    views = simulate(tune_set.kb, tune_set.rows, tune_engine, raw=True)
    cal = calibrate(tune_raw + [o for v in views.values() for o in v])
    if args.fitted:
        engines = {k: fitted(e, cal) for k, e in engines.items()}
        views = simulate(tune_set.kb, tune_set.rows, engines[id(tune_set.kb)])
    outcomes = {s.name: evaluate(engines[id(s.kb)], s, raw=s is tune_set) for s in sets}
    p, t = engines[id(tune_set.kb)].params, engines[id(tune_set.kb)].thresholds
    say("### Calibration and threshold (fitted on dev-tune and its unseen-KB views only)")
    say()
    say(
        "Logistic fit of P(top entry correct | raw score, lead over runner-up, entry has no "
        "phrasing in the question's language) on dev-tune pooled with its blind-gazetteer "
        f"and cross-language views (bench/faq_sims.py): a = {cal.a:.2f}, c = {cal.c:.2f}, "
        f"d = {cal.d:.2f}, b = {cal.b:.2f} (engine defaults: a = {p.calib_a}, c = "
        f"{p.calib_c}, d = {p.calib_d}, b = {p.calib_b}). Answer threshold = lowest "
        f"calibrated score at which the 99% lower bound of the answer precision (each "
        "question counted once; answered = score and margin) is "
        f">= {TARGET_PRECISION:.0%}: {cal.answer:.2f} (observed {cal.precision:.3f}); engine "
        f"defaults: answer {t.answer}, suggest {t.suggest}, margin {t.margin}."
    )
    say()
    say("| margin M | dev-tune hit@1 | dev-tune OOS declined | dev-tune wrong (of all) |")
    say("|---|---|---|---|")
    for margin, hit, dec, wrong in sweep_margins(outcomes[tune_set.name], cal):
        say(f"| {margin} | {hit:.3f} | {dec:.3f} | {wrong:.3f} |")
    say()
    say("dev-tune's unseen-KB views with the engine's defaults (bench/faq_sims.py):")
    say()
    elsewhere = simulate_elsewhere(tune_set.kb, tune_set.rows, engines[id(tune_set.kb)])
    for line in accuracy_table(
        [(f"dev-tune {n}", report(v, tune_set.kb)) for n, v in views.items()]
        + [(f"dev-tune {n}", report(v, tune_set.kb)) for n, v in elsewhere.items()]
    ):
        say(line)
    say()

    # -- accuracy: the three sets, and the naive baseline on the held-out ones
    reports = [(s.name, report(outcomes[s.name], s.kb)) for s in sets]
    base_named = []
    for s in sets[1:]:
        base_all = run_baseline(s.kb, s.rows)
        cutoff, _ = best_cutoff(base_all)
        base_named.append(
            (
                f"baseline {s.name} (cutoff {cutoff:.2f})",
                report(with_cutoff(base_all, cutoff), s.kb),
            )
        )
    say("### Accuracy")
    say()
    say("Reproduce one column: " + ", ".join(f"`{s.command}`" for s in sets) + ".")
    say("dev-tune is what calibration and thresholds are fitted on; the other sets are not.")
    say()
    for line in accuracy_table(reports + base_named):
        say(line)
    say()
    say("Per language (in-scope hit@1 with question count; out-of-scope declined with count):")
    say()
    for line in per_language_table(reports):
        say(line)
    say()
    say("By question style (in-scope hit@1; oos: declined):")
    say()
    for line in by_style_table(reports):
        say(line)
    say()

    # -- latency and memory (dev KB grown synthetically)
    kb = tune_set.kb
    n_phr = sum(len(e.phrasings()) for e in kb.entries)
    questions = [r["q"] for s in sets[:2] for r in s.rows]
    say("### Latency per question (ms, one core) and index memory")
    say()
    say(
        "| KB (phrasings) | fairbot p50 | fairbot p99 | baseline p50 | baseline p99 | "
        "speed-up (p50) | index build (s, wall / CPU) | index memory (MB) |"
    )
    say("|---|---|---|---|---|---|---|---|")
    sizes = [n_phr, *(s for s in SIZES if not (args.quick and s > 5_000))]
    for size in sizes:
        big = kb if size == n_phr else grow_kb(kb, size)
        actual = sum(len(e.phrasings()) for e in big.entries)
        eng, build_s, build_cpu, mem = build_measured(big)
        f50, f99 = percentiles(time_calls(lambda q, eng=eng: eng.analyse(q), questions))
        texts, _ = baseline_choices(big)
        sample = questions[:: max(1, len(questions) // BASELINE_SAMPLE.get(size, len(questions)))]
        b50, b99 = percentiles(
            time_calls(
                lambda q, texts=texts: process.extractOne(
                    q, texts, scorer=fuzz.WRatio, processor=utils.default_process
                ),
                sample,
                warmup=2,
                repeats=1 if size > n_phr else 3,
            )
        )
        say(
            f"| {actual:,} | {f50:.3f} | {f99:.3f} | {b50:.2f} | {b99:.2f} | "
            f"{b50 / f50:.0f}x | {build_s:.1f} / {build_cpu:.1f} | {mem:.1f} |"
        )
        del eng, big
    say()
    say(
        f"Baseline timed on {BASELINE_SAMPLE[5_000]} / {BASELINE_SAMPLE[50_000]} questions at "
        "5,000 / 50,000 phrasings (all questions at dev size); fairbot on all "
        f"{len(questions)}. Synthetic KBs: dev entries copied with perturbed and recombined "
        "phrasings under new ids. Memory: tracemalloc, bytes still held after building the "
        "engine (index, postings, speller)."
    )
    say()
    say(f"Bench wall time: {time.perf_counter() - t0:.0f} s.")
    command = "`make bench` (`python -m bench --only faq`)"
    if {s.name for s in sets} != set(SET_NAMES):
        command = f"`python -m bench --only faq --sets {args.sets}`"
    if not args.no_doc:
        write_doc(
            [
                f"Made by {command} in one run on this machine.",
                "",
                *out,
            ]
        )
    return 0
