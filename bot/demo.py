"""The demo fair `make run` starts with, so the web chat answers at once."""

from __future__ import annotations

import logging
from datetime import date

from storage import Store

log = logging.getLogger(__name__)

DEMO_FAIR = "demo-fair"
DEMO_BOOTHS = (
    ("info", "JP", "Japan travel information"),
    ("kyoto", "JP-26", "Kyoto"),
    ("hyogo", "JP-28", "Hyogo"),
    ("hokkaido", "JP-01", "Hokkaido"),
)
DEFAULT_BOOTH = (DEMO_FAIR, "info")


async def ensure_demo(store: Store) -> bool:
    """Create the demo fair and booths when the database has no fair at all."""
    if await store.fairs.list_fairs():
        return False
    today = date.today()  # noqa: DTZ011 - a calendar date for the demo, not a timestamp
    await store.fairs.add_fair(
        DEMO_FAIR,
        "Japan Travel Fair (demo)",
        country="SG",
        city="Singapore",
        start_date=today,
        end_date=today,
    )
    for booth_id, prefecture, name in DEMO_BOOTHS:
        await store.fairs.add_booth(DEMO_FAIR, booth_id, prefecture=prefecture, name=name)
    log.info("created the demo fair %r with %d booths", DEMO_FAIR, len(DEMO_BOOTHS))
    return True
