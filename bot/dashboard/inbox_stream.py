"""The inbox live: changed conversations and per-state counts as server-sent events.

Like the feed, each stream polls storage about once a second
(`conversations.changed_since`), so several server processes on one
PostgreSQL all see every change. Events:

- `conversation`: a card's HTML (the same autoescaped Jinja partial as the
  page), id = the change time, so a reconnect resumes where it stopped;
- `counts`: JSON {state: count} within the stream's scope, when they change.

`?only=counts` streams just the counts: the navigation badge on every page.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from bot.dashboard.common import STAFF_ROLES, require, runtime_of, scope_of
from bot.dashboard.feed import booth_map
from bot.dashboard.inbox import inbox_filter, saved_for
from bot.dashboard.inbox_cards import Card, build_cards
from bot.dashboard.security import csrf_token
from bot.runtime import Runtime
from storage.conversations import InboxFilter
from storage.models import utcnow

log = logging.getLogger(__name__)

PAGE_PARAMS = ("fair", "booth", "lang", "state")  # the inbox view a card's forms return to
POLL_SECONDS = 1.0
STREAM_POLLS = 300  # about 5 minutes; then EventSource reconnects with Last-Event-ID
KEEPALIVE_POLLS = 15


def event(name: str, data: str, event_id: str | None = None) -> str:
    lines = "\n".join(f"data: {line}" for line in data.strip().splitlines() or [""])
    head = f"event: {name}\n" + (f"id: {event_id}\n" if event_id else "")
    return f"{head}{lines}\n\n"


async def inbox_stream(
    runtime: Runtime,
    render_card: Callable[[Card], str] | None,
    where: InboxFilter,
    since: datetime,
    *,
    interval: float,
    polls: int,
) -> AsyncIterator[str]:
    """Poll `polls` times; yield counts when they change and, with `render_card`, cards."""
    yield "retry: 2000\n\n"
    seen: dict[int, datetime] = {}
    counts_before = ""
    quiet = 0
    for _ in range(polls):
        sent = False
        counts = await runtime.store.conversations.counts(where)
        encoded = json.dumps({state.value: n for state, n in counts.items()}, sort_keys=True)
        if encoded != counts_before:
            counts_before = encoded
            yield event("counts", encoded)
            sent = True
        if render_card is not None:
            changed = await runtime.store.conversations.changed_since(where, since)
            fresh = [c for c in changed if seen.get(c.id) != c.updated_at]
            booths = await booth_map(runtime, where.fair_id) if fresh else {}
            for card in await build_cards(runtime, fresh, booths):
                stamp = card.conversation.updated_at
                seen[card.conversation.id] = stamp
                since = max(since, stamp)
                yield event("conversation", render_card(card), stamp.isoformat())
                sent = True
        quiet = 0 if sent else quiet + 1
        if quiet >= KEEPALIVE_POLLS:  # a comment line keeps proxies from closing the stream
            quiet = 0
            yield ": keep-alive\n\n"
        await asyncio.sleep(interval)


def since_of(request: Request) -> datetime:
    """Where the stream starts: Last-Event-ID, else `since`, else now (minus a little)."""
    raw = request.headers.get("last-event-id") or request.query_params.get("since")
    if not raw:
        return utcnow() - timedelta(seconds=2)
    try:
        found = datetime.fromisoformat(raw)
    except ValueError:
        raise HTTPException(400, "since: an ISO 8601 time") from None
    if found.tzinfo is None:
        raise HTTPException(400, "since: give a time zone (e.g. +00:00)")
    return found


@require(*STAFF_ROLES)
async def inbox_events(request: Request) -> Response:
    runtime = runtime_of(request)
    scope = scope_of(request)
    only_counts = request.query_params.get("only") == "counts"
    params = {} if only_counts else request.query_params
    where = await inbox_filter(runtime, scope, params)
    where = InboxFilter(where.fair_id, where.booth_id, where.prefecture, where.lang, ())
    since = since_of(request)
    render_card = None
    if not only_counts:
        template = request.app.state.templates.get_template("staff/_conversation.html")
        token = csrf_token(request)
        view = request.query_params.get("state") or "open"
        saved = await saved_for(runtime, scope, where.fair_id)

        kept = {k: v for k, v in request.query_params.items() if k in PAGE_PARAMS and v}
        back_to = "/staff/inbox" + (f"?{urlencode(kept)}" if kept else "")

        def render_card(card: Card) -> str:
            return template.render(card=card, csrf=token, view=view, saved=saved, next=back_to)

    stream = inbox_stream(
        runtime, render_card, where, since, interval=POLL_SECONDS, polls=STREAM_POLLS
    )
    headers = {"cache-control": "no-store", "x-accel-buffering": "no"}
    return StreamingResponse(stream, media_type="text/event-stream", headers=headers)


def routes() -> list[Route]:
    return [Route("/inbox/events", inbox_events)]
