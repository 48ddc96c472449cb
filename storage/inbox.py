"""The durable inbox: raw events stored before they are acknowledged.

A row is `pending` (nobody has it), `working` (the instance named in `holder`
processes it), `done` or `failed`. The instance that stores an event holds it
from the start, so the usual path costs no claim statement; a holder's liveness
is its lease `inbox:<holder>` (storage.leases), and only the rows of a holder
whose lease has run out are returned to `pending` for others to take.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from storage.base import Repository, rowcount
from storage.models import InboxEvent, Lease, utcnow

PENDING, WORKING, DONE, FAILED = "pending", "working", "done", "failed"
LEASE_PREFIX = "inbox:"

Event = tuple[str, str, dict[str, Any]]  # platform, event id, payload


TABLE = cast(Table, InboxEvent.__table__)  # Core statements: no ORM bookkeeping on the hot path
NEW_EVENTS = {
    name: dialect.insert(TABLE)
    .on_conflict_do_nothing(index_elements=["platform", "event_id"])
    .returning(TABLE.c.id, TABLE.c.platform, TABLE.c.event_id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
FINISHED = (
    update(TABLE)
    .where(TABLE.c.id.in_(bindparam("ids", expanding=True)))
    .values(status=DONE, holder=None, payload=bindparam("empty"), processed_at=bindparam("now"))
)


def lease_name(holder: str) -> str:
    """The lease that says the instance `holder` is alive."""
    return LEASE_PREFIX + holder


class Inbox(Repository):
    async def put(
        self, platform: str, event_id: str, payload: dict[str, Any], *, holder: str | None = None
    ) -> int | None:
        """Store an event; return its row id, or None when it was seen before."""
        return (await self.put_many([(platform, event_id, payload)], holder=holder))[0]

    async def put_many(
        self, events: Sequence[Event], *, holder: str | None = None
    ) -> list[int | None]:
        """Store events in one statement and one commit; see `record`."""
        return await self.record(events, holders=[holder] * len(events))

    async def record(
        self,
        events: Sequence[Event],
        *,
        holders: Sequence[str | None] = (),
        finished: Collection[int] = (),
    ) -> list[int | None]:
        """Store new events and mark finished ones done, in one transaction.

        One commit per group instead of one per event is what lets a single
        instance keep up with a flood (docs/reliability.md). An event with a
        holder is stored as that instance's work (working); one without waits,
        pending, for whichever instance has room. A finished event's payload (raw
        platform ids, unredacted text) is erased: only its id stays, to recognise
        a late redelivery. Returns, in order, each new event's row id, or None
        when it was seen before (in the table, or earlier in this same list).
        """
        ids: list[int | None] = []
        async with self.sessions() as session:
            if events:
                now = utcnow()
                rows = [
                    {"platform": platform, "event_id": event_id, "payload": payload,
                     "status": WORKING if holder else PENDING, "holder": holder,
                     "attempts": 1 if holder else 0, "received_at": now}
                    for (platform, event_id, payload), holder
                    in zip(events, holders or [None] * len(events), strict=True)
                ]  # fmt: skip
                # One statement, its rows as parameters: SQLAlchemy batches them into
                # multi-row INSERTs from a cached compilation (`.values(rows)` compiled
                # afresh for every group: a tenth of the busy time under load).
                result = await session.execute(NEW_EVENTS[self.dialect], rows)
                stored = {(p, e): i for i, p, e in result.all()}
                for platform, event_id, _ in events:
                    ids.append(stored.pop((platform, event_id), None))  # a repeat: None
            if finished:
                await session.execute(
                    FINISHED, {"ids": list(finished), "now": utcnow(), "empty": {}}
                )
            await session.commit()
        return ids

    async def claim_pending(
        self, holder: str, *, limit: int, platforms: Collection[str]
    ) -> list[InboxEvent]:
        """Take up to `limit` pending events of `platforms`, oldest first.

        Instances claiming at once each get different rows: on PostgreSQL the
        candidates are locked with SKIP LOCKED, and on both databases the UPDATE
        re-checks `pending`, so a row goes to one holder only.
        """
        if limit <= 0 or not platforms:
            return []
        due = or_(InboxEvent.not_before.is_(None), InboxEvent.not_before <= utcnow())
        candidates = (
            select(InboxEvent.id)
            .where(InboxEvent.status == PENDING, InboxEvent.platform.in_(list(platforms)), due)
            .order_by(InboxEvent.id)
            .limit(limit)
        )
        if self.dialect == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        statement = (
            update(InboxEvent)
            .where(InboxEvent.id.in_(candidates.scalar_subquery()), InboxEvent.status == PENDING)
            .values(status=WORKING, holder=holder, attempts=InboxEvent.attempts + 1)
            .returning(InboxEvent)
        )
        async with self.sessions() as session:
            claimed = list(await session.scalars(statement))
            await session.commit()
        return sorted(claimed, key=lambda event: event.id)

    async def held_by(self, platform: str, event_id: str, holder: str) -> int | None:
        """The row of an event `holder` holds and has not finished, if there is one.

        A group write whose commit went through while its answer was lost to an
        outage leaves such a row: its event was spooled too, and the spool finds it
        here when it moves the event in (bot.inbox.core).
        """
        async with self.sessions() as session:
            return await session.scalar(
                select(InboxEvent.id).where(
                    InboxEvent.platform == platform,
                    InboxEvent.event_id == event_id,
                    InboxEvent.holder == holder,
                    InboxEvent.status == WORKING,
                )
            )

    async def done_unfinished(self, platform: str, event_id: str) -> None:
        """Mark an event done, whoever holds it, unless it is finished or dead already.

        For a resend that was answered in its own request: the first try's row
        (held by an instance that died mid-request, say) must not be replayed
        afterwards with a second answer.
        """
        async with self.sessions() as session:
            await session.execute(
                update(TABLE)
                .where(
                    TABLE.c.platform == platform,
                    TABLE.c.event_id == event_id,
                    TABLE.c.status.in_((PENDING, WORKING)),
                )
                .values(status=DONE, holder=None, payload={}, processed_at=utcnow())
            )
            await session.commit()

    async def done(self, row_id: int) -> None:
        await self.record([], finished=[row_id])

    async def failed(self, row_id: int, error: str) -> None:
        async with self.sessions() as session:
            await session.execute(
                update(InboxEvent)
                .where(InboxEvent.id == row_id)
                .values(status=FAILED, holder=None, error=error[:2000], processed_at=utcnow())
            )
            await session.commit()

    async def release(self, holder: str) -> int:
        """Return `holder`'s working events to pending: it is known to be gone.

        An instance restarting under the same identity calls this for the work
        its previous, killed, process left.
        """
        return await self._release(InboxEvent.holder == holder)

    async def release_orphans(self) -> int:
        """Return to pending the working events of instances whose lease has run out.

        Rows without a holder (written before holders existed) count as orphans.
        """
        alive = select(Lease.holder).where(
            Lease.name.like(LEASE_PREFIX + "%"), Lease.expires_at > utcnow()
        )
        return await self._release(
            or_(InboxEvent.holder.is_(None), InboxEvent.holder.not_in(alive))
        )

    async def _release(self, whose: Any) -> int:
        async with self.sessions() as session:
            result = await session.execute(
                update(InboxEvent)
                .where(and_(InboxEvent.status == WORKING, whose))
                .values(status=PENDING, holder=None)
            )
            await session.commit()
            return rowcount(result) or 0

    async def pending(
        self, limit: int = 100, platform: str | None = None, after_id: int = 0
    ) -> list[InboxEvent]:
        """Unprocessed events nobody holds, oldest first (after `after_id`, to page)."""
        query = (
            select(InboxEvent)
            .where(InboxEvent.status == PENDING, InboxEvent.id > after_id)
            .order_by(InboxEvent.id)
        ).limit(limit)
        if platform is not None:
            query = query.where(InboxEvent.platform == platform)
        async with self.sessions() as session:
            return list(await session.scalars(query))

    async def get(self, row_id: int) -> InboxEvent | None:
        async with self.sessions() as session:
            return await session.get(InboxEvent, row_id)
