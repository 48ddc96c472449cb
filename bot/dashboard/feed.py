"""The live feed: visitor questions as they arrive, with the bot's answer and confidence.

Server-sent events, fed by polling storage (`inquiries.list(after_id=...)`)
about once a second inside each stream, so it works the same when several
server processes share one PostgreSQL: whichever process logged a question,
every open feed sees it. Rows are rendered by the same Jinja partial as the
page (autoescaped), so visitor text is escaped on both paths.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from bot.dashboard.common import STAFF_ROLES, Scope, render, require, runtime_of, scope_of
from bot.runtime import Runtime
from faq.types import INQUIRY_TYPES
from storage.models import Booth, Inquiry
from storage.outcomes import LABELS, Outcome, outcome_label

log = logging.getLogger(__name__)

OUTCOMES = {str(code): label.en for code, label in LABELS.items()}  # the filter's choices
LANG = re.compile(r"^[a-z]{2,3}$")
PAGE_ROWS = 50
POLL_SECONDS = 1.0
STREAM_POLLS = 300  # about 5 minutes; then EventSource reconnects, sending Last-Event-ID
KEEPALIVE_POLLS = 15


@dataclass(frozen=True)
class FeedQuery:
    """What one feed shows: the account's scope narrowed by the filters chosen."""

    fair_id: str | None = None
    booth_id: str | None = None
    prefecture: str | None = None
    lang: str | None = None
    outcome: str | None = None

    def as_filters(self) -> dict[str, Any]:
        return dict(self.__dict__)


async def scoped_filters(
    runtime: Runtime, scope: Scope, params: Any
) -> tuple[str | None, str | None, str | None, str | None]:
    """The fair, prefecture, booth and language filters every staff list shares, checked
    against the account's scope (403 outside it, 400 when malformed)."""
    fair_id = scope.fair(params.get("fair") or None)
    prefecture = scope.prefecture_filter(None)
    booth_id = params.get("booth") or None
    if booth_id is not None:
        if fair_id is None:
            raise HTTPException(400, "Choose a fair before a booth.")
        scope.check_booth(await runtime.store.fairs.get_booth(fair_id, booth_id))
    lang = params.get("lang") or None
    if lang is not None and not LANG.match(lang):
        raise HTTPException(400, "lang: a language code such as th")
    return fair_id, prefecture, booth_id, lang


async def feed_query(runtime: Runtime, scope: Scope, params: Any) -> FeedQuery:
    """Turn query parameters into a FeedQuery, refusing anything outside the scope."""
    fair_id, prefecture, booth_id, lang = await scoped_filters(runtime, scope, params)
    outcome = params.get("outcome") or None
    if outcome is not None and Outcome.parse(outcome) is None:
        raise HTTPException(400, f"outcome: one of {', '.join(OUTCOMES)}")
    return FeedQuery(fair_id, booth_id, prefecture, lang, outcome)


def row(runtime: Runtime, inquiry: Inquiry, booths: dict[tuple[str, str], Booth]) -> dict[str, Any]:
    """What a feed row shows: the question, what the bot did, and how sure it was."""
    answer = None
    if inquiry.faq_id:
        entry = runtime.engines.engine.kb.get(inquiry.faq_id)
        if entry is not None:
            answer = entry.answer_in(inquiry.lang)[0]
    booth = booths.get((inquiry.fair_id or "", inquiry.booth_id or ""))
    label = INQUIRY_TYPES.get(inquiry.type)
    return {
        "inquiry": inquiry,
        "answer": answer,
        "outcome": outcome_label(inquiry.outcome).en,
        "confidence": f"{inquiry.score:.0%}" if inquiry.score is not None else "–",
        "booth": booth.name if booth else (inquiry.booth_id or "–"),
        "type": label.en if label else inquiry.type,
    }


async def booth_map(runtime: Runtime, fair_id: str | None) -> dict[tuple[str, str], Booth]:
    return {(b.fair_id, b.id): b for b in await runtime.store.fairs.list_booths(fair_id)}


def sse_event(inquiry_id: int, html: str) -> str:
    """One `inquiry` event; each line of the fragment becomes a `data:` line."""
    data = "\n".join(f"data: {line}" for line in html.strip().splitlines())
    return f"event: inquiry\nid: {inquiry_id}\n{data}\n\n"


async def feed_stream(
    runtime: Runtime,
    render_row: Any,
    query: FeedQuery,
    after_id: int,
    *,
    interval: float,
    polls: int,
) -> AsyncIterator[str]:
    """Poll for new inquiries `polls` times and yield one SSE event per new question."""
    yield "retry: 2000\n\n"
    quiet = 0
    for _ in range(polls):
        found = await runtime.store.inquiries.list(
            **query.as_filters(), after_id=after_id, limit=PAGE_ROWS
        )
        booths = await booth_map(runtime, query.fair_id) if found else {}
        for inquiry in reversed(found):
            after_id = max(after_id, inquiry.id)
            yield sse_event(inquiry.id, render_row(row(runtime, inquiry, booths)))
        quiet = 0 if found else quiet + 1
        if quiet >= KEEPALIVE_POLLS:  # a comment line keeps proxies from closing the stream
            quiet = 0
            yield ": keep-alive\n\n"
        await asyncio.sleep(interval)


def filter_options(booths: list[Booth], scope: Scope) -> dict[str, Any]:
    return {
        "booths": [b for b in booths if scope.allows(b.fair_id, b.prefecture)],
        "outcomes": OUTCOMES,
        "langs": ("en", "th", "id", "vi", "zh", "ms", "tl", "ja", "km"),
    }


@require(*STAFF_ROLES)
async def feed_page(request: Request) -> Response:
    runtime = runtime_of(request)
    scope = scope_of(request)
    query = await feed_query(runtime, scope, request.query_params)
    inquiries = await runtime.store.inquiries.list(**query.as_filters(), limit=PAGE_ROWS)
    booths = await booth_map(runtime, query.fair_id)
    fairs = [f for f in await runtime.store.fairs.list_fairs() if scope.fair_id in (None, f.id)]
    return render(
        request,
        "staff/feed.html",
        rows=[row(runtime, i, booths) for i in inquiries],
        after=max((i.id for i in inquiries), default=0),
        query=query,
        fairs=fairs,
        stream_query=request.url.query,
        **filter_options(list(booths.values()), scope),
    )


@require(*STAFF_ROLES)
async def feed_events(request: Request) -> Response:
    runtime = runtime_of(request)
    query = await feed_query(runtime, scope_of(request), request.query_params)
    after = request.headers.get("last-event-id") or request.query_params.get("after") or "0"
    if not after.isdigit():
        raise HTTPException(400, "after: an inquiry id")
    template = request.app.state.templates.get_template("staff/_inquiry_row.html")

    def render_row(context: dict[str, Any]) -> str:
        return template.render(row=context)

    stream = feed_stream(
        runtime, render_row, query, int(after), interval=POLL_SECONDS, polls=STREAM_POLLS
    )
    headers = {"cache-control": "no-store", "x-accel-buffering": "no"}
    return StreamingResponse(stream, media_type="text/event-stream", headers=headers)


def routes() -> list[Route]:
    return [Route("/feed", feed_page), Route("/feed/events", feed_events)]
