"""An append-only local file for events accepted while the database is unreachable.

At a fair the database may be a PostgreSQL across a flaky venue network. When
the inbox cannot store an event, it is appended here (one JSON line, fsynced)
and the caller still acknowledges it; a background task moves spooled events
into the inbox, in order, once the database answers again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class Spool:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = asyncio.Lock()

    def _append_sync(self, line: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    async def append(self, platform: str, event_id: str, payload: dict[str, Any]) -> None:
        line = json.dumps(
            {"platform": platform, "event_id": event_id, "payload": payload}, ensure_ascii=False
        )
        async with self.lock:
            await asyncio.to_thread(self._append_sync, line)

    def _read_sync(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        events = []
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:  # a torn last line after a power cut
                log.warning("%s:%d: unreadable spooled event skipped", self.path, number)
        return events

    def _rewrite_sync(self, events: list[dict[str, Any]]) -> None:
        if not events:
            self.path.unlink(missing_ok=True)
            return
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(
            "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8"
        )
        os.replace(temporary, self.path)

    async def pending(self) -> int:
        return len(await asyncio.to_thread(self._read_sync))

    async def drain_into(self, put: Any) -> int:
        """Hand spooled events, oldest first, to `put(platform, event_id, payload)`.

        Stops at the first failure (the database is still away) and keeps the
        rest, so order is preserved; returns how many were handed over.
        """
        async with self.lock:
            events = await asyncio.to_thread(self._read_sync)
            done = 0
            try:
                for event in events:
                    await put(event["platform"], event["event_id"], event["payload"])
                    done += 1
            finally:
                if done:
                    await asyncio.to_thread(self._rewrite_sync, events[done:])
            return done
