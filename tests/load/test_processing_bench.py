"""The processing bench's probe: concurrent events share batches in the real conversation core."""

from __future__ import annotations

from bench.processing_bench import run
from faq.live import LiveEngine
from tests.conftest import DEV_KB


async def test_events_handled_together_share_their_statements() -> None:
    engines = LiveEngine(DEV_KB)
    together = await run(16, 64, engines)
    logged = together["batches"]["log_batch"]
    assert sum(logged) == 64  # every question logged, once
    assert max(logged) > 1 and len(logged) < 64  # ...and some shared one INSERT
    assert sum(together["batches"]["touch_many"]) == 64
    alone = await run(1, 8, engines)
    assert alone["batches"]["log_batch"] == [1] * 8  # one at a time: nothing to share
