"""Reload the FAQ without restarting: when its files change, on SIGHUP, on request.

Every server process watches the KB files' names, sizes and modification times,
so an edit saved by the dashboard in one process, a file copied in by an
operator, or `fairbot faq reload` (which validates, then touches the files)
reaches every process on the host within a few seconds. A KB that does not
validate is logged with file, row and field, and the old one stays live.
Engines are built in a worker thread: the event loop keeps answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from pathlib import Path

from bot.config import Settings
from faq.live import LiveEngine
from faq.loader import KBError, kb_files

log = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int], ...]


def signature(path: Path) -> Signature:
    """What identifies one version of the KB on disk."""
    parts = []
    for file in kb_files(path):
        try:
            stat = file.stat()
        except FileNotFoundError:
            continue
        parts.append((str(file), stat.st_size, stat.st_mtime_ns))
    return tuple(parts)


class KBWatcher:
    def __init__(self, settings: Settings, live: LiveEngine, interval: float = 2.0) -> None:
        self.settings = settings
        self.live = live
        self.interval = interval
        self.seen = signature(live.path)
        self.wake = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.lock = asyncio.Lock()

    async def check(self) -> bool:
        """Reload when the KB on disk differs from the one served; True when reloaded."""
        async with self.lock:
            path = self.settings.live_kb_path()
            current = signature(path)
            if path == self.live.path and current == self.seen:
                return False
            self.seen = current
            previous = self.live.path
            self.live.path = path
            try:
                engine = await asyncio.to_thread(self.live.reload)
            except KBError as exc:
                self.live.path = previous
                log.error("KB %s not reloaded, the old one stays live:\n%s", path, exc)
                return False
            log.info("KB reloaded from %s: %d entries", path, len(engine.kb))
            return True

    async def run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=self.interval)
            self.wake.clear()
            try:
                await self.check()
            except Exception:  # keep watching whatever one check did
                log.exception("KB check failed")

    def start(self) -> None:
        self.task = asyncio.create_task(self.run())
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.wake.set)

    async def stop(self) -> None:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
