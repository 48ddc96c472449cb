"""Scripted faults, fired at a point of the burst: kill -9 and restart, PostgreSQL down and up.

`postgres_stopped()` is the only way this harness stops PostgreSQL, and it
starts it again in a `finally`, whatever happened meanwhile: other tests on
the machine use the same server. Never run that fault from the pytest suite.

With `BENCH_PG_DATA` set (the data directory of a private cluster, with
TEST_DATABASE_URL pointing at it) the fault stops and starts that cluster with
`pg_ctl` instead, and the machine's shared server is never touched.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import subprocess
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.load.servers import FairbotServer

log = logging.getLogger(__name__)

POSTGRES_ETC = Path("/etc/postgresql")
PRIVATE_DATA = os.environ.get("BENCH_PG_DATA")  # a private cluster to stop instead


@dataclass
class Fault:
    kind: str  # "kill" or "postgres"
    at: float  # seconds into the burst
    down: float = 1.0  # seconds before the restart
    instance: int = 0  # which server ("kill")
    restart: bool = True  # False: the killed server stays down ("kill")


@dataclass
class FaultLog:
    events: list[tuple[float, str]] = field(default_factory=list)

    def note(self, started: float, what: str) -> None:
        self.events.append((time.monotonic() - started, what))
        log.warning("fault: %s", what)


def pg_cluster() -> tuple[str, str]:
    """(version, cluster) of the local PostgreSQL, as `pg_ctlcluster` wants them."""
    versions = sorted(p.name for p in POSTGRES_ETC.iterdir() if p.is_dir())
    if not versions:
        raise RuntimeError("no PostgreSQL cluster under /etc/postgresql")
    return versions[-1], "main"


def private_ctl(action: str) -> list[str]:
    """`pg_ctl` on the private cluster, as the data directory's owner when run as root."""
    assert PRIVATE_DATA is not None
    version = pg_cluster()[0]
    command = [f"/usr/lib/postgresql/{version}/bin/pg_ctl", "-D", PRIVATE_DATA, "-w", action]
    if action == "stop":
        command += ["-m", "fast"]
    if action == "start":  # its output in a file: a pipe would stay open for its lifetime
        command += ["-l", str(Path(PRIVATE_DATA) / "server.log")]
    if os.geteuid() == 0:
        owner = Path(PRIVATE_DATA).owner()
        command = ["runuser", "-u", owner, "--", *command]
    return command


def pg_ctl(action: str) -> None:
    if PRIVATE_DATA is not None:
        subprocess.run(private_ctl(action), check=True, capture_output=True, timeout=120)
        return
    version, cluster = pg_cluster()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, action],
        check=True,
        capture_output=True,
        timeout=120,
    )


def pg_running() -> bool:
    if PRIVATE_DATA is not None:
        return (
            subprocess.run(private_ctl("status"), capture_output=True, timeout=60).returncode == 0
        )
    version, cluster = pg_cluster()
    status = subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "status"],
        capture_output=True,
        timeout=60,
    )
    return status.returncode == 0


@contextlib.asynccontextmanager
async def postgres_stopped() -> AsyncIterator[None]:
    """PostgreSQL stopped inside the block, and always started again after it."""
    try:
        await asyncio.to_thread(pg_ctl, "stop")
        yield
    finally:
        await ensure_postgres()


async def ensure_postgres() -> None:
    """Start PostgreSQL if it is not running (a no-op when it is)."""
    if not await asyncio.to_thread(pg_running):
        await asyncio.to_thread(pg_ctl, "start")


async def fire(fault: Fault, servers: list[FairbotServer], started: float, notes: FaultLog) -> None:
    """Wait until the fault's moment, break things, then mend them."""
    await asyncio.sleep(max(0.0, started + fault.at - time.monotonic()))
    if fault.kind == "kill":
        server = servers[fault.instance]
        notes.note(started, f"kill -9 {server.name} (pid {server.pid})")
        server.kill()
        if not fault.restart:
            notes.note(started, f"{server.name} stays down: the others take over its events")
            return
        await asyncio.sleep(fault.down)
        notes.note(started, f"restarting {server.name}")
        await server.start()
        notes.note(started, f"{server.name} serving again (pid {server.pid})")
    elif fault.kind == "postgres":
        notes.note(started, "stopping PostgreSQL")
        async with postgres_stopped():
            notes.note(started, "PostgreSQL stopped")
            await asyncio.sleep(fault.down)
            notes.note(started, "starting PostgreSQL")
        notes.note(started, "PostgreSQL running")
    else:
        raise ValueError(f"unknown fault {fault.kind!r}")
