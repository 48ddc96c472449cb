"""``python -m bench --only processing [--events N]``: CPU an event costs in the conversation core.

The real conversation core (`handlers.Conversation`) on a fresh SQLite file and
the dev KB handles N LINE-like text events (the dev questions, five events for
every six visitors, so most are a visitor's first message, as in a fair's
flood), with 2 and with 32 events at once: `FAIRBOT_CONCURRENCY`'s default
while webhooks arrive, and `FAIRBOT_CALM_CONCURRENCY`'s once they stop. It
prints the process CPU per event, the events handled a second, and how many
events shared each batch of the per-event statements (storage.coalesce).

No HTTP and no LINE SDK: this isolates what batching changes. The whole path,
webhooks to replies, is measured by `python -m bench.load` (docs/reliability.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from faq.live import LiveEngine
from handlers.conversation import Conversation
from handlers.deps import Deps, HandoverNotice
from handlers.messages import Incoming
from storage import Store, upgrade
from storage.coalesce import Coalescer

DATA = Path(__file__).resolve().parent / "data"
CONCURRENCY = (2, 32)


class QuietStaff:
    async def notify(self, notice: HandoverNotice) -> None:
        """Handovers are counted in the database; nobody is told here."""


class BatchSizes:
    """Counts the requests of every batch the coalescers run (wraps `Coalescer._answer`)."""

    def __init__(self) -> None:
        self.sizes: dict[str, list[int]] = defaultdict(list)
        self.original = Coalescer._answer

    def __enter__(self) -> BatchSizes:
        original, sizes = self.original, self.sizes

        async def counted(coalescer: Coalescer[Any, Any], batch: list[Any]) -> None:
            sizes[getattr(coalescer.run_batch, "__name__", "?")].append(len(batch))
            await original(coalescer, batch)

        Coalescer._answer = counted  # type: ignore[method-assign]  # a benchmark's probe
        return self

    def __exit__(self, *_: object) -> None:
        Coalescer._answer = self.original  # type: ignore[method-assign]


def events(count: int) -> list[Incoming]:
    questions = [
        json.loads(line)["q"]
        for line in (DATA / "dev-questions.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    pick = random.Random(16)
    visitors = max(1, count * 5 // 6)
    return [
        Incoming(
            platform="line",
            user_id=f"U{pick.randrange(visitors):032x}",
            chat_id="bench",
            event_id=f"bench-{n}",
            text=pick.choice(questions),
            lang_hint="en",
        )
        for n in range(count)
    ]


async def run(concurrency: int, count: int, engines: LiveEngine) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.from_url(f"sqlite+aiosqlite:///{folder}/bench.db")
        try:
            await upgrade(store.engine)
            await store.fairs.add_fair("jtf", "Japan Travel Fair", country="TH")
            await store.fairs.add_booth("jtf", "hyogo", prefecture="JP-28", name="Hyogo")
            deps = Deps(
                store=store,
                engines=engines,
                secret="bench",
                notifiers=[QuietStaff()],
                default_context=("jtf", "hyogo"),
            )
            conversation = Conversation(deps)
            slots = asyncio.Semaphore(concurrency)

            async def handle(incoming: Incoming) -> None:
                async with slots:
                    await conversation.handle(incoming)

            todo = events(count)
            with BatchSizes() as batches:
                cpu, wall = time.process_time(), time.perf_counter()
                await asyncio.gather(*(handle(e) for e in todo))
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            return {"cpu_ms": 1000 * cpu / count, "rate": count / wall, "batches": batches.sizes}
        finally:
            await store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench --only processing")
    parser.add_argument("--events", type=int, default=3000, help="events per run")
    args, _ = parser.parse_known_args(argv)
    engines = LiveEngine(DATA / "dev-kb.yaml")
    for text in ("hello", "where is the castle", "อาหาร", "温泉"):  # warm the language models
        engines.engine.analyse(text)
    print("## Conversation core: CPU per event (SQLite, dev KB, no HTTP)\n")
    print("| events at once | CPU per event | events/s | events per batch (touch / update / log) |")
    print("|---|---|---|---|")
    for concurrency in CONCURRENCY:
        result = asyncio.run(run(concurrency, args.events, engines))
        sizes = result["batches"]
        shares = " / ".join(
            f"{sum(sizes[name]) / max(1, len(sizes[name])):.1f}"
            for name in ("touch_many", "update_many", "log_batch")
        )
        print(
            f"| {concurrency} | {result['cpu_ms']:.2f} ms | {result['rate']:.0f} | {shares} |",
            flush=True,
        )
    print("\n(noisy on a shared machine: compare the rows of one run)")
    return 0
