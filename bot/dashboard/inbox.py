"""The conversation inbox: visitors waiting for a person, and declined questions.

Replaces the flat question queue: one card per visitor conversation at a booth,
filtered by fair, booth, state and language within the account's scope, with
counts per state. Changes arrive live through `inbox_stream`; actions (reply,
assign, close...) live in `inbox_actions`.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.dashboard.common import STAFF_ROLES, Scope, render, require, runtime_of, scope_of
from bot.dashboard.feed import booth_map, row, scoped_filters
from bot.dashboard.inbox_cards import LANGS, OPEN, VIEWS, booth_options, build_cards, states_of
from bot.runtime import Runtime
from storage.conversation_models import STATE_LABELS, Conversation, SavedReply
from storage.conversations import InboxFilter
from storage.models import utcnow
from storage.outcomes import Outcome

log = logging.getLogger(__name__)

PAGE_CARDS = 60
DECLINED = (Outcome.OUT_OF_SCOPE,)  # declined as not about travel in Japan: FAQ growth, not people


async def inbox_filter(runtime: Runtime, scope: Scope, params: Any) -> InboxFilter:
    """Query parameters → a filter inside the account's scope (403 outside it, 400 if bad)."""
    fair_id, prefecture, booth_id, lang = await scoped_filters(runtime, scope, params)
    try:
        states = states_of(params.get("state"))
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return InboxFilter(fair_id, booth_id, prefecture, lang, states)


async def scoped_conversation(request: Request) -> Conversation:
    """The conversation in the path, or 404; 403 outside the account's scope."""
    raw = request.path_params.get("conversation_id")
    found = await runtime_of(request).store.conversations.get(int(raw)) if raw else None
    if found is None:
        raise HTTPException(404, "No such conversation.")
    scope_of(request).check(found.fair_id, found.prefecture)
    return found


def view_of(params: Any) -> str:
    view = params.get("state") or OPEN
    return view if view in VIEWS else OPEN


@require(*STAFF_ROLES)
async def inbox_page(request: Request) -> Response:
    runtime = runtime_of(request)
    scope = scope_of(request)
    where = await inbox_filter(runtime, scope, request.query_params)
    found = await runtime.store.conversations.list(where, limit=PAGE_CARDS)
    booths = await booth_map(runtime, where.fair_id)
    counts = await runtime.store.conversations.counts(where)
    fairs = [f for f in await runtime.store.fairs.list_fairs() if scope.fair_id in (None, f.id)]
    query = {k: v for k, v in request.query_params.items() if k in ("fair", "booth", "lang")}
    return render(
        request,
        "staff/inbox.html",
        cards=await build_cards(runtime, found, booths),
        counts=counts,
        labels=STATE_LABELS,
        view=view_of(request.query_params),
        where=where,
        fairs=fairs,
        booths=await booth_options(runtime, scope, where.fair_id),
        langs=LANGS,
        query=query,
        stream_query=request.url.query,
        since=utcnow().isoformat(),
        saved=await saved_for(runtime, scope, where.fair_id),
        next=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    )


async def saved_for(runtime: Runtime, scope: Scope, fair_id: str | None) -> list[SavedReply]:
    """Saved replies the account may use: its fair's, fair-wide or its prefecture's booths'.

    Each card then offers those of its own fair and booth.
    """
    return await runtime.store.saved_replies.list(fair_id=fair_id, prefecture=scope.prefecture)


@require(*STAFF_ROLES)
async def declined_page(request: Request) -> Response:
    """Questions declined as out of scope: candidates for new FAQ entries, nobody waiting."""
    runtime = runtime_of(request)
    scope = scope_of(request)
    where = await inbox_filter(runtime, scope, request.query_params)
    found = await runtime.store.inquiries.unanswered(
        DECLINED, fair_id=where.fair_id, booth_id=where.booth_id, prefecture=where.prefecture
    )
    if where.lang is not None:
        found = [i for i in found if i.lang == where.lang]
    booths = await booth_map(runtime, where.fair_id)
    counts = await runtime.store.conversations.counts(where)
    fairs = [f for f in await runtime.store.fairs.list_fairs() if scope.fair_id in (None, f.id)]
    return render(
        request,
        "staff/inbox_declined.html",
        rows=[row(runtime, i, booths) for i in found if i.text],
        counts=counts,
        labels=STATE_LABELS,
        view="declined",
        where=where,
        fairs=fairs,
        booths=await booth_options(runtime, scope, where.fair_id),
        langs=LANGS,
        query={},
        stream_query=request.url.query,
    )


@require(*STAFF_ROLES)
async def old_queue(request: Request) -> Response:
    """The old flat queue's address: bookmarks land in the inbox."""
    return RedirectResponse("/staff/inbox", status_code=303)


def routes() -> list[Route]:
    return [
        Route("/inbox", inbox_page),
        Route("/inbox/declined", declined_page),
        Route("/queue", old_queue),
    ]
