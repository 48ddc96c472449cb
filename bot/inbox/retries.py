"""What happens to an event whose processing failed: a later try, or the dead letters.

Failures are told apart (storage.errors): the database refusing this row fails
the same way every time, so it gets few tries; anything else (a lookup, a bug
fixed by a deploy) gets a few more, further apart. Either way the event leaves
its processing slot at once and waits in the table (`not_before`), so nothing
else waits behind it; what is given up is `dead`, with a reason that carries no
visitor data, for `fairbot inbox status` / `retry` and the admin page.
"""

from __future__ import annotations

import logging
import traceback
from datetime import timedelta

from handlers.clean import clean_value, storable_id
from storage import Store
from storage.errors import describe, is_refused, is_unavailable
from storage.inbox import Event

log = logging.getLogger(__name__)

MAX_TRIES = 5  # any failure: tries before the event is dead-lettered
REFUSED_TRIES = 3  # the database refused the row: it will not change its mind
BACKOFF = (1.0, 5.0, 30.0, 120.0)  # seconds before try 2, 3, 4, 5


def backoff(attempts: int) -> timedelta:
    """The wait before the next try, after `attempts` tries."""
    return timedelta(seconds=BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1])


async def record_failure(
    store: Store, row_id: int, platform: str, error: BaseException
) -> timedelta | None:
    """Schedule the event's next try (returns the wait), or dead-letter it (None)."""
    reason = describe(error)
    event = await store.inbox.get(row_id)
    attempts = event.attempts if event is not None else MAX_TRIES
    limit = REFUSED_TRIES if is_refused(error) else MAX_TRIES
    # The traceback's frames, without the exception's message (it may quote visitor text).
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.debug("%s event %s failed at:\n%s", platform, row_id, frames)
    if attempts >= limit:
        log.error(
            "%s event %s failed %d time(s), dead-lettered (see `fairbot inbox status`): %s",
            platform, row_id, attempts, reason,
        )  # fmt: skip
        await store.inbox_failures.dead(row_id, reason)
        return None
    wait = backoff(attempts)
    log.warning(
        "%s event %s failed (try %d of %d), retried in %d s: %s",
        platform, row_id, attempts, limit, wait.total_seconds(), reason,
    )  # fmt: skip
    await store.inbox_failures.retry_later(row_id, reason, wait)
    return wait


async def dead_letter(store: Store, event: Event, error: BaseException) -> None:
    """Keep an event the database refused to store as it came: cleaned, already dead.

    If even the cleaned row is refused, the event is logged (ids and reason only)
    as lost: there is nothing else it could be stored as.
    """
    platform, event_id, payload = event
    reason = f"refused on arrival: {describe(error)}"
    cleaned = clean_value(payload)
    try:
        await store.inbox_failures.dead_letter(
            platform, storable_id(event_id), cleaned if isinstance(cleaned, dict) else {}, reason
        )
    except Exception as exc:
        if is_unavailable(exc):
            raise
        log.error("%s event could not be stored even cleaned: %s", platform, describe(exc))
        return
    log.error("%s event refused by the database, dead-lettered: %s", platform, reason)
