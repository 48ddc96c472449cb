"""Inbox events that failed: retried later with backoff, dead-lettered, shown and retried.

A failing event never blocks others: it goes back to `pending` with a
`not_before` time (claims skip it until then) or, after its last try, to `dead`
with a data-free reason (storage.errors.describe). `fairbot inbox status`, the
admin dashboard page and `fairbot inbox retry` read and reset these rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update

from storage.base import Repository, rowcount
from storage.inbox import DONE, FAILED, PENDING, WORKING
from storage.models import InboxEvent, utcnow

DEAD = "dead"
GIVEN_UP = (DEAD, FAILED)  # `failed`: rows from before dead-lettering; both can be retried
STATUSES = (PENDING, WORKING, DONE, DEAD, FAILED)
MAX_REASON = 500


@dataclass(frozen=True)
class Reason:
    status: str  # dead, failed, or "retrying" (pending with an error and a next try)
    reason: str
    count: int
    newest: datetime | None


@dataclass(frozen=True)
class InboxStatus:
    counts: dict[str, int]
    retrying: int  # pending events waiting for a later try after a failure
    reasons: list[Reason]

    def as_json(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "retrying": self.retrying,
            "reasons": [
                {"status": r.status, "reason": r.reason, "count": r.count,
                 "newest": r.newest.isoformat() if r.newest else None}
                for r in self.reasons
            ],
        }  # fmt: skip


class InboxFailures(Repository):
    async def retry_later(self, row_id: int, reason: str, delay: timedelta) -> None:
        """Back to pending, claimable again after `delay`, its reason kept."""
        await self._set(
            row_id,
            status=PENDING,
            holder=None,
            error=reason[:MAX_REASON],
            not_before=utcnow() + delay,
        )

    async def dead(self, row_id: int, reason: str) -> None:
        """Given up on (its tries are spent): kept, with its reason, for `inbox retry`."""
        await self._set(
            row_id, status=DEAD, holder=None, error=reason[:MAX_REASON], processed_at=utcnow()
        )

    async def _set(self, row_id: int, **values: Any) -> None:
        async with self.sessions() as session:
            await session.execute(update(InboxEvent).where(InboxEvent.id == row_id).values(values))
            await session.commit()

    async def dead_letter(
        self, platform: str, event_id: str, payload: dict[str, Any], reason: str
    ) -> bool:
        """Store an event the database refused as it came (ids cleaned), already dead.

        False when a row with that id exists already (a redelivery).
        """
        row = {
            "platform": platform[:16], "event_id": event_id[:128], "payload": payload,
            "status": DEAD, "attempts": 1, "error": reason[:MAX_REASON],
            "received_at": utcnow(), "processed_at": utcnow(),
        }  # fmt: skip
        statement = (
            self.insert(InboxEvent)
            .values(row)
            .on_conflict_do_nothing(index_elements=["platform", "event_id"])
        )
        async with self.sessions() as session:
            result = await session.execute(statement)
            await session.commit()
            return bool(rowcount(result))

    async def status(self, *, reasons: int = 20) -> InboxStatus:
        """Counts by status, and the commonest reasons among failed and retrying events."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(InboxEvent.status, func.count()).group_by(InboxEvent.status)
            )
            counts = dict.fromkeys(STATUSES, 0) | {status: n for status, n in rows}
            retrying = InboxEvent.status == PENDING
            grouped = await session.execute(
                select(
                    InboxEvent.status,
                    InboxEvent.error,
                    func.count(),
                    func.max(InboxEvent.received_at),
                )
                .where(
                    InboxEvent.error.is_not(None),
                    or_(InboxEvent.status.in_(GIVEN_UP), retrying),
                )
                .group_by(InboxEvent.status, InboxEvent.error)
                .order_by(func.count().desc())
                .limit(reasons)
            )
            found = [
                Reason("retrying" if status == PENDING else status, error or "", n, newest)
                for status, error, n, newest in grouped
            ]
            waiting = await session.scalar(
                select(func.count()).where(retrying, InboxEvent.error.is_not(None))
            )
        return InboxStatus(counts, int(waiting or 0), found)

    async def given_up(self, limit: int = 100) -> Sequence[InboxEvent]:
        """Dead and failed events, newest first (payloads are not shown: visitor data)."""
        async with self.sessions() as session:
            query = (
                select(InboxEvent)
                .where(InboxEvent.status.in_(GIVEN_UP))
                .order_by(InboxEvent.id.desc())
                .limit(limit)
            )
            return list(await session.scalars(query))

    async def retry(self, ids: Collection[int] = ()) -> int:
        """Put dead/failed events (all, or those in `ids`) back to pending with fresh tries."""
        statement = (
            update(InboxEvent)
            .where(InboxEvent.status.in_(GIVEN_UP))
            .values(status=PENDING, holder=None, attempts=0, not_before=None, processed_at=None)
        )
        if ids:
            statement = statement.where(InboxEvent.id.in_(list(ids)))
        async with self.sessions() as session:
            result = await session.execute(statement)
            await session.commit()
            return rowcount(result) or 0
