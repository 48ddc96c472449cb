"""`make bench` section "load": the short load run (bench.load's `sqlite-10s` scenario).

One `fairbot serve` on SQLite, 10 s of signed LINE webhooks at the 500 events/s
target, one event per delivery; then events sent, acknowledged, logged,
replied, duplicated and lost, ack latency and memory (docs/reliability.md has
the full 60 s runs, two instances on PostgreSQL and the fault runs).

Exit status 1 only when something was lost or duplicated: a rate or latency
short of its target is printed as FAIL but does not fail `make bench`.
"""

from __future__ import annotations

import argparse
import asyncio

from bench.load.report import render
from bench.load.run import run_scenario
from bench.load.scenarios import SCENARIOS, custom

CORRECTNESS = ("every event acknowledged", "zero lost", "zero duplicated", "no event replied")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench --only load")
    parser.add_argument("--load-duration", type=float, help="seconds of sending (default 10)")
    args, _ = parser.parse_known_args(argv or [])
    scenario = custom(SCENARIOS["sqlite-10s"], duration=args.load_duration)
    summary = asyncio.run(run_scenario(scenario))
    print(render(summary), flush=True)
    broken = [label for label, passed, _ in summary.checks if not passed]
    return 1 if any(label.startswith(CORRECTNESS) for label in broken) else 0


if __name__ == "__main__":
    raise SystemExit(main())
