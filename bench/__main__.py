"""``python -m bench [--only NAME] [section args...]``: run every benchmark section in order.

Sections are a list of (name, callable) so other packages can add theirs with one line;
``--only NAME`` runs a single section and passes the remaining arguments to it.
Exit status: 1 when the FAQ or reports section misses a target or the load
section loses or duplicates anything (its throughput targets are printed, not
enforced: see docs/reliability.md); every section still runs and prints.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from bench import faq_bench, intents_bench, load_bench, processing_bench, report_bench

SECTIONS: list[tuple[str, Callable[[list[str]], int]]] = [
    ("faq", faq_bench.main),
    ("intents", intents_bench.main),
    ("reports", report_bench.main),
    ("processing", processing_bench.main),
    ("load", load_bench.main),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", choices=[name for name, _ in SECTIONS], help="run one section")
    args, rest = parser.parse_known_args(argv)
    status = 0
    for name, run in SECTIONS:
        if args.only and name != args.only:
            continue
        print(f"== {name} ==", flush=True)
        status = max(status, run(rest))
    return status


if __name__ == "__main__":
    sys.exit(main())
