"""Admins' view of incoming events: counts, why events failed, and a retry button.

The same facts and action as `fairbot inbox status` / `fairbot inbox retry`,
for whoever runs the fair without a shell. Payloads are never shown (raw
platform ids and visitor text); reasons are data-free (storage.errors).
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard.common import back, flash, render, require, runtime_of
from bot.dashboard.security import checked_form

log = logging.getLogger(__name__)


@require("admin")
async def incoming_page(request: Request) -> Response:
    store = runtime_of(request).store
    status = await store.inbox_failures.status()
    events = await store.inbox_failures.given_up(limit=100)
    return render(request, "staff/incoming.html", status=status, events=events)


@require("admin")
async def retry(request: Request) -> Response:
    form = await checked_form(request, max_fields=200, max_files=0)
    await form.close()
    ids = [
        int(v)
        for v in form.getlist("id")
        if isinstance(v, str) and v.isascii() and v.isdecimal() and len(v) <= 18
    ]
    if not ids and form.get("all") != "1":
        flash(request, "Choose events to retry, or retry all.", "error")
        return back("/staff/incoming")
    count = await runtime_of(request).store.inbox_failures.retry(ids)
    log.info("admin %r queued %d event(s) again", request.state.account.username, count)
    flash(request, f"{count} event(s) queued again; they are processed within seconds.")
    return back("/staff/incoming")


def routes() -> list[Route]:
    return [
        Route("/incoming", incoming_page, methods=["GET"]),
        Route("/incoming/retry", retry, methods=["POST"]),
    ]
