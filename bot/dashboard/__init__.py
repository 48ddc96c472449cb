"""The staff dashboard under `/staff`: live feed, queue, FAQ, fairs and booths, reports.

Server-rendered (Starlette + Jinja2), plain JavaScript only for the live feed's
EventSource. `mount()` is everything `bot/app.py` needs: the routes plus the
session/CSRF/security-header middleware, which apply to `/staff` only.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount

from bot.dashboard import accounts, auth, fairs, faq_pages, feed, queue, reports_page
from bot.dashboard.auth import ensure_first_admin
from bot.dashboard.security import StaffSessions


def routes() -> list[BaseRoute]:
    return [
        *auth.routes(),
        *feed.routes(),
        *queue.routes(),
        *faq_pages.routes(),
        *fairs.routes(),
        *reports_page.routes(),
        *accounts.routes(),
    ]


def mount() -> Mount:
    """`/staff`, with its own session and security middleware."""
    return Mount("/staff", routes=routes(), middleware=[Middleware(StaffSessions)])


__all__ = ["ensure_first_admin", "mount", "routes"]
