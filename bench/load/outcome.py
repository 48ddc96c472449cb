"""After a run: what the database logged and what the LINE stub delivered, per event.

The loader knows which events it sent and which were acknowledged; here they
are matched against the `inquiries` rows (by platform and event id) and the
stub's reply/push calls (a reply by its token, a push by the retry key fairbot
derives from the event id), after waiting, within a bound, for the servers to
finish what they accepted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.load.loader import LoadResult
from bench.load.servers import StubServer
from bot.line.sender import retry_key
from storage.db import create_engine
from storage.models import InboxEvent, Inquiry, OutboxMessage

log = logging.getLogger(__name__)

# Web chat rows are a record of requests answered inline: nothing replays them, and a
# request cut short by a crash leaves its row pending for good (the resend is
# recognised as seen and answered without it). Only LINE rows wait for processing.
UNFINISHED = ("line:pending", "line:working")


@dataclass
class Delivered:
    """Per LINE event: how many times its answer reached the visitor, and other calls."""

    answers: Counter[str] = field(default_factory=Counter)  # event id -> answers delivered
    refused_repeats: int = 0  # pushes LINE answered 409 (retry key seen before)
    failed_calls: int = 0  # other non-200 reply/push answers
    failed_by: Counter[str] = field(default_factory=Counter)  # "replyMessage 400": count
    unknown: int = 0  # successful calls matching no event the loader sent
    operations: dict[str, int] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)


@dataclass
class Logged:
    inquiries: Counter[tuple[str, str]] = field(default_factory=Counter)
    inbox: dict[str, int] = field(default_factory=dict)
    spooled: int = 0
    waiting: set[str] = field(default_factory=set)  # LINE events stored, not processed yet
    late_web: Counter[str] = field(default_factory=Counter)  # web answers posted to the outbox
    drain_seconds: float = 0.0
    drained: bool = False


async def count_late_web(engine: AsyncEngine) -> Counter[str]:
    """Web messages answered through the outbox (their request could not carry the answer).

    Counted per message, not per outbox row: one answer may be a notice and a reply.
    """
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(Inquiry.event_id, func.count(func.distinct(OutboxMessage.inquiry_id)))
            .join(OutboxMessage, OutboxMessage.inquiry_id == Inquiry.id)
            .where(Inquiry.platform == "web", OutboxMessage.source == "bot")
            .group_by(Inquiry.event_id)
        )
        return Counter({event_id: n for event_id, n in rows})


async def count_rows(
    engine: AsyncEngine,
) -> tuple[Counter[tuple[str, str]], dict[str, int], set[str]]:
    async with engine.connect() as connection:
        # Queued events first: one that leaves the queue after this has its inquiry
        # logged before the count below, so no event falls between the two (and is
        # miscounted as lost) while servers are still processing.
        waiting = await connection.execute(
            select(InboxEvent.event_id).where(
                InboxEvent.platform == "line", InboxEvent.status.in_(("pending", "working"))
            )
        )
        queued = {e for (e,) in waiting}
        rows = await connection.execute(
            select(Inquiry.platform, Inquiry.event_id, func.count()).group_by(
                Inquiry.platform, Inquiry.event_id
            )
        )
        inquiries = Counter({(p, e): n for p, e, n in rows})
        statuses = await connection.execute(
            select(InboxEvent.platform, InboxEvent.status, func.count()).group_by(
                InboxEvent.platform, InboxEvent.status
            )
        )
        return inquiries, {f"{p}:{s}": n for p, s, n in statuses}, queued


def spooled_lines(spools: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8").splitlines()) for p in spools if p.exists())


async def wait_logged(
    database_url: str, spools: list[Path], timeout: float, settle: float = 2.0
) -> Logged:
    """Poll until nothing is pending, spooled or changing (or `timeout`), then count."""
    engine = create_engine(database_url)
    began = time.monotonic()
    last: tuple[int, int] | None = None
    steady_since = began
    logged = Logged()
    try:
        while True:
            try:
                logged.inquiries, logged.inbox, logged.waiting = await count_rows(engine)
            except Exception as exc:  # the database may still be coming back
                log.info("counting rows failed (%s); retrying", type(exc).__name__)
                await asyncio.sleep(0.5)
                if time.monotonic() - began > timeout:
                    raise
                continue
            logged.spooled = spooled_lines(spools)
            unfinished = sum(logged.inbox.get(s, 0) for s in UNFINISHED) + logged.spooled
            now_state = (sum(logged.inquiries.values()), unfinished)
            if now_state != last:
                last, steady_since = now_state, time.monotonic()
            if unfinished == 0 and time.monotonic() - steady_since >= settle:
                logged.drained = True
                break
            if time.monotonic() - began > timeout:
                break
            await asyncio.sleep(0.25)
        with contextlib.suppress(Exception):  # an undrained database still counts the rest
            logged.late_web = await count_late_web(engine)
    finally:
        await engine.dispose()
    logged.drain_seconds = time.monotonic() - began
    return logged


async def wait_delivered(
    stub: StubServer, load: LoadResult, timeout: float, settle: float = 2.0
) -> Delivered:
    """Poll the stub until its answers stop changing (pushes may still be retrying)."""
    began = time.monotonic()
    previous = -1
    steady_since = began
    while True:
        summary = await stub.calls()
        total = len(summary["calls"])
        if total != previous:
            previous, steady_since = total, time.monotonic()
        if time.monotonic() - steady_since >= settle or time.monotonic() - began > timeout:
            break
        await asyncio.sleep(0.5)
    return tally(summary, load)


def tally(summary: dict, load: LoadResult) -> Delivered:
    """Attribute every reply/push call to the event it answers."""
    by_token = {e.reply_token: e.event_id for e in load.line_events.values()}
    by_key = {retry_key(e.event_id, 0): e.event_id for e in load.line_events.values()}
    later_keys = {retry_key(e.event_id, i) for e in load.line_events.values() for i in (1, 2)}
    delivered = Delivered(
        operations=summary.get("operations", {}), violations=summary.get("violations", [])
    )
    for call in summary["calls"]:
        status = call["status"]
        if status == 409:
            delivered.refused_repeats += 1
            continue
        if status != 200:
            delivered.failed_calls += 1
            delivered.failed_by[f"{call['op']} {status}"] += 1
            continue
        if call["op"] == "replyMessage":
            event_id = by_token.get(call["token"])
        else:
            event_id = by_key.get(call["key"])
            if event_id is None and call["key"] in later_keys:
                continue  # the 6th+ message of an answer: part of one already counted
        if event_id is None:
            delivered.unknown += 1
        else:
            delivered.answers[event_id] += 1
    return delivered
