"""One load run, start to finish: stub, database, servers, load + faults, drain, count.

Everything it starts it stops in `finally` blocks (servers, the stub, the
throwaway PostgreSQL database, and PostgreSQL itself if a fault stopped it),
and everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import tempfile
import time
from pathlib import Path

from bench.load.databases import database
from bench.load.faults import FaultLog, ensure_postgres, fire
from bench.load.loader import Loader, LoadPlan
from bench.load.monitor import Monitor
from bench.load.outcome import wait_delivered, wait_logged
from bench.load.report import Summary, Targets, summarise
from bench.load.scenarios import Scenario
from bench.load.servers import SECRET, FairbotServer, StubServer, remove_tree

log = logging.getLogger(__name__)


async def run_scenario(scenario: Scenario, *, keep: Path | None = None) -> Summary:
    """Run `scenario`; with `keep`, the servers' logs and SQLite file stay in that folder."""
    workdir = keep or Path(tempfile.mkdtemp(prefix="fairbot-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    stub = StubServer(latency=scenario.api_latency)
    try:
        await stub.start()
        async with database(scenario.database, workdir) as url:
            servers = [
                FairbotServer(
                    f"server{i}",
                    workdir / f"server{i}",
                    url,
                    stub.url,
                    concurrency=scenario.concurrency,
                    calm_concurrency=scenario.calm_concurrency,
                )
                for i in range(scenario.instances)
            ]
            try:
                for server in servers:  # one at a time: each migrates and seeds on start
                    await server.start()
                return await drive(scenario, servers, stub, url)
            finally:
                await asyncio.gather(*(s.stop() for s in servers))
                for server in servers:
                    log.debug("%s log:\n%s", server.name, server.log_text())
    finally:
        await stub.stop()
        if scenario.uses_postgres_fault:
            await ensure_postgres()
        if keep is None:
            remove_tree(workdir)


async def drive(
    scenario: Scenario, servers: list[FairbotServer], stub: StubServer, url: str
) -> Summary:
    plan = LoadPlan(
        targets=[s.url for s in servers],
        rate=scenario.rate,
        duration=scenario.duration,
        batch=scenario.batch,
        web_rate=scenario.web_rate,
        duplicate=scenario.duplicate,
        visitors=scenario.visitors,
        secret=SECRET,
    )

    def pids() -> dict[str, int | None]:
        return {**{s.name: s.pid for s in servers}, "stub": stub.pid, "loader": os.getpid()}

    monitor = Monitor(pids)
    stop = asyncio.Event()
    sampling = asyncio.create_task(monitor.run(stop))
    notes = FaultLog()
    started = time.monotonic()
    faults = [asyncio.create_task(fire(f, servers, started, notes)) for f in scenario.faults]
    try:
        load = await Loader(plan).run()
        await asyncio.gather(*faults)
        spools = [s.workdir / "spool" / "inbox.jsonl" for s in servers]
        logged = await wait_logged(url, spools, scenario.drain_timeout)
        delivered = await wait_delivered(stub, load, scenario.drain_timeout)
    finally:
        for task in faults:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*faults, return_exceptions=True)
        stop.set()
        await sampling
    return summarise(
        scenario.name,
        load,
        logged,
        delivered,
        monitor,
        batch=scenario.batch,
        instances=scenario.instances,
        database=scenario.database,
        warmup=scenario.warmup,
        targets=Targets(events_per_second=scenario.target_rate),
        faults=notes.events,
    )
