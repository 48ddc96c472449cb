"""Per-conversation order: one visitor's events are handled and answered in turn.

Every channel registers a key function with its processor (Telegram: the chat,
LINE: the user, group or room, web: the session). Events with the same key run
one at a time, in the order they were scheduled, from processing through their
delivery, so a visitor's replies never overtake each other; events of different
visitors run side by side. A waiting event holds no processing slot.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

# The conversation an event belongs to; None: no order to keep.
OrderKey = Callable[[dict[str, Any]], str | None]


class KeyedLocks:
    """One FIFO lock per key, dropped when nobody uses or waits for it."""

    def __init__(self) -> None:
        self.locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: str | None) -> AsyncIterator[None]:
        if key is None:
            yield
            return
        lock, users = self.locks.get(key, (asyncio.Lock(), 0))
        self.locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self.locks[key]
            if users == 1:
                del self.locks[key]
            else:
                self.locks[key] = (lock, users - 1)
