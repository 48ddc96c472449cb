"""Resident memory and CPU of the run's processes, sampled from /proc (Linux).

A server's pid changes when it is killed and restarted; the sampler asks for
the current pids on every tick, and keeps each series per (name, pid), so a
restarted process is a new series and its fresh start is not read as growth.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def rss_bytes(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of the process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


@dataclass
class Series:
    name: str
    pid: int
    samples: list[tuple[float, int]] = field(default_factory=list)  # (t, rss bytes)
    cpu_first: float | None = None
    cpu_last: float | None = None
    t_first: float = 0.0
    t_last: float = 0.0

    @property
    def cpu_share(self) -> float:
        """Average cores used over the series (1.0 = one core busy)."""
        if self.cpu_first is None or self.cpu_last is None or self.t_last <= self.t_first:
            return 0.0
        return (self.cpu_last - self.cpu_first) / (self.t_last - self.t_first)

    def growth_after(self, warmup: float) -> tuple[int, int, float] | None:
        """(RSS at the end of warm-up, peak after it, growth in %), None without samples."""
        base = [rss for t, rss in self.samples if t <= warmup]
        after = [rss for t, rss in self.samples if t > warmup]
        if not base or not after:
            return None
        start, peak = base[-1], max(after)
        return start, peak, 100.0 * (peak - start) / start


@dataclass
class Monitor:
    pids: Callable[[], dict[str, int | None]]  # name -> current pid
    interval: float = 0.5
    series: dict[tuple[str, int], Series] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def sample(self) -> None:
        now = time.monotonic() - self.started
        for name, pid in self.pids().items():
            if pid is None:
                continue
            rss, cpu = rss_bytes(pid), cpu_seconds(pid)
            if rss is None or cpu is None:
                continue
            series = self.series.setdefault((name, pid), Series(name, pid))
            series.samples.append((now, rss))
            if series.cpu_first is None:
                series.cpu_first, series.t_first = cpu, now
            series.cpu_last, series.t_last = cpu, now

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.sample()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.interval)
        self.sample()
