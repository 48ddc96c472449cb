"""`python -m bench.load --scenario NAME [overrides]`: run a load or fault scenario.

    python -m bench.load --list
    python -m bench.load --scenario sqlite-60s
    python -m bench.load --scenario pg2-60s --json results.json
    python -m bench.load --scenario fault-kill --rate 300 --batch 5

Exit status 0 when every check of the run passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from pathlib import Path

from bench.load.run import run_scenario
from bench.load.scenarios import SCENARIOS, custom


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    p.add_argument("--scenario", default="sqlite-10s", choices=sorted(SCENARIOS))
    p.add_argument("--list", action="store_true", help="list the scenarios and exit")
    p.add_argument("--rate", type=float, help="LINE events a second (all instances)")
    p.add_argument("--duration", type=float, help="seconds of sending")
    p.add_argument("--batch", type=int, help="events per LINE delivery")
    p.add_argument("--web-rate", type=float, help="web chat messages a second")
    p.add_argument("--instances", type=int, help="fairbot serve processes")
    p.add_argument("--visitors", type=int, help="distinct visitors")
    p.add_argument("--target-rate", type=float, help="events/s the run must reach")
    p.add_argument(
        "--api-latency",
        type=float,
        help="seconds the LINE stub waits before answering (the real API: ~0.1-0.3 s)",
    )
    p.add_argument("--concurrency", type=int, help="FAIRBOT_CONCURRENCY of each server")
    p.add_argument("--calm-concurrency", type=int, help="FAIRBOT_CALM_CONCURRENCY of each server")
    p.add_argument("--json", type=Path, help="also write the figures to this file")
    p.add_argument("--keep", type=Path, help="keep server logs and the SQLite file here")
    p.add_argument("-v", "--verbose", action="store_true")
    return p


def interrupted(signum: int, _frame: object) -> None:
    """SIGTERM as Ctrl-C: the run's `finally` blocks stop servers and restart PostgreSQL."""
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    signal.signal(signal.SIGTERM, interrupted)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    if args.list:
        for name, scenario in SCENARIOS.items():
            print(f"{name:20} {scenario.description}")
        return 0
    scenario = custom(
        SCENARIOS[args.scenario],
        rate=args.rate,
        duration=args.duration,
        batch=args.batch,
        web_rate=args.web_rate,
        instances=args.instances,
        visitors=args.visitors,
        target_rate=args.target_rate,
        api_latency=args.api_latency,
        concurrency=args.concurrency,
        calm_concurrency=args.calm_concurrency,
    )
    summary = asyncio.run(run_scenario(scenario, keep=args.keep))
    from bench.load.report import render

    print(render(summary), flush=True)
    if args.json:
        args.json.write_text(json.dumps(summary.figures, indent=2, ensure_ascii=False) + "\n")
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
