"""Booths looked up on every question, cached for a few seconds.

The booth a visitor is at decides the prefecture their questions are logged
under; reading it from the database for each question was one of the costliest
statements per event. Booths change rarely (an admin's edit), so a short TTL is
enough, and not-found answers are cached too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from storage import Store
from storage.errors import describe, is_unavailable
from storage.models import Booth

log = logging.getLogger(__name__)


class BoothCache:
    def __init__(
        self, store: Store, ttl: float = 30.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.store = store
        self.ttl = ttl
        self.clock = clock
        self.entries: dict[tuple[str, str], tuple[float, Booth | None]] = {}

    async def get(self, fair_id: str | None, booth_id: str | None) -> Booth | None:
        if not fair_id or not booth_id:
            return None
        key = (fair_id, booth_id)
        now = self.clock()
        cached = self.entries.get(key)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        booth = await self.store.fairs.get_booth(fair_id, booth_id)
        if len(self.entries) > 10_000:
            self.entries.clear()
        self.entries[key] = (now, booth)
        return booth

    def invalidate(self) -> None:
        """Forget everything (after a booth is added or edited in this process)."""
        self.entries.clear()

    async def prefecture(self, fair_id: str | None, booth_id: str | None) -> str | None:
        """The booth's prefecture; None when unknown or the lookup fails.

        Optional enrichment: a lookup that fails (a booth id the database refuses,
        a bug) leaves the question logged without a prefecture, never lost. Only
        an outage propagates, so the whole event is retried once it is over.
        """
        try:
            booth = await self.get(fair_id, booth_id)
        except Exception as exc:
            if is_unavailable(exc):
                raise
            log.warning("booth lookup failed (%s): question logged without it", describe(exc))
            return None
        return booth.prefecture if booth else None
