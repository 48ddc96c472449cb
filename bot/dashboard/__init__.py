"""The staff dashboard under `/staff`: feed, conversation inbox, FAQ, fairs and booths, reports.

Server-rendered (Starlette + Jinja2), plain JavaScript only for the live feed's
EventSource. `mount()` is everything `bot/app.py` needs: the routes plus the
session/CSRF/security-header middleware, which apply to `/staff` only.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount

from bot.dashboard import (
    accounts,
    auth,
    fairs,
    faq_add,
    faq_pages,
    feed,
    inbox,
    inbox_actions,
    inbox_kb,
    inbox_stream,
    incoming,
    reports_page,
    saved_replies,
)
from bot.dashboard.auth import ensure_first_admin
from bot.dashboard.security import StaffSessions


def routes() -> list[BaseRoute]:
    return [
        *auth.routes(),
        *feed.routes(),
        *inbox_stream.routes(),
        *inbox.routes(),
        *inbox_actions.routes(),
        *inbox_kb.routes(),
        *saved_replies.routes(),
        *faq_pages.routes(),
        *faq_add.routes(),
        *fairs.routes(),
        *reports_page.routes(),
        *accounts.routes(),
        *incoming.routes(),
    ]


def mount() -> Mount:
    """`/staff`, with its own session and security middleware."""
    return Mount("/staff", routes=routes(), middleware=[Middleware(StaffSessions)])


__all__ = ["ensure_first_admin", "mount", "routes"]
