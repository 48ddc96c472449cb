"""What every dashboard page shares: the logged-in account, its scope, and rendering.

Scope is decided once per request from the account row (re-read on every
request, so a disabled account or a changed password takes effect at once) and
every page, download and API asks it before showing data.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.dashboard.security import csrf_token, fingerprint
from bot.runtime import Runtime
from faq.prefectures import PREFECTURES
from storage.models import Booth, StaffAccount

log = logging.getLogger(__name__)

Endpoint = Callable[[Request], Awaitable[Response]]
STAFF_ROLES = ("admin", "staff")
ALL_ROLES = ("admin", "staff", "viewer")


@dataclass(frozen=True)
class Scope:
    """Which fair and prefecture an account may see; None means all of them."""

    role: str
    fair_id: str | None
    prefecture: str | None

    @classmethod
    def of(cls, account: StaffAccount) -> Scope:
        if account.role == "admin":
            return cls("admin", None, None)
        return cls(account.role, account.fair_id, account.prefecture)

    def fair(self, requested: str | None) -> str | None:
        """The fair to show: the account's own, or the requested one if it may see it."""
        if self.fair_id is None:
            return requested or None
        if requested and requested != self.fair_id:
            raise HTTPException(403, "That fair is outside your account's scope.")
        return self.fair_id

    def prefecture_filter(self, requested: str | None) -> str | None:
        if self.prefecture is None:
            return requested or None
        if requested and requested != self.prefecture:
            raise HTTPException(403, "That prefecture is outside your account's scope.")
        return self.prefecture

    def allows(self, fair_id: str | None, prefecture: str | None) -> bool:
        if self.fair_id is not None and fair_id != self.fair_id:
            return False
        return self.prefecture is None or prefecture == self.prefecture

    def check(self, fair_id: str | None, prefecture: str | None) -> None:
        if not self.allows(fair_id, prefecture):
            raise HTTPException(403, "That is outside your account's scope.")

    def check_booth(self, booth: Booth | None) -> Booth:
        if booth is None:
            raise HTTPException(404, "No such booth.")
        self.check(booth.fair_id, booth.prefecture)
        return booth


def runtime_of(request: Request) -> Runtime:
    return request.app.state.runtime


async def current_account(request: Request) -> StaffAccount | None:
    """The account the session belongs to, if it is still active with the same password."""
    account_id = request.session.get("uid")
    if not isinstance(account_id, int):
        return None
    account = await runtime_of(request).store.staff.get(account_id)
    if account is None or not account.active:
        return None
    secret = request.app.state.settings.secret()
    if request.session.get("pw") != fingerprint(secret, account.password_hash):
        return None
    return account


def require(*roles: str) -> Callable[[Endpoint], Endpoint]:
    """Allow only logged-in accounts with one of `roles`; pages redirect to the login form."""

    def decorate(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        async def wrapper(request: Request) -> Response:
            account = await current_account(request)
            if account is None:
                if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
                    target = quote(request.url.path, safe="/")
                    return RedirectResponse(f"/staff/login?next={target}", status_code=303)
                raise HTTPException(401, "Log in first.")
            if account.role not in roles:
                raise HTTPException(403, "Your account's role cannot open this page.")
            request.state.account = account
            request.state.scope = Scope.of(account)
            return await endpoint(request)

        return wrapper

    return decorate


def scope_of(request: Request) -> Scope:
    return request.state.scope


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """A one-time message shown on the next page (kept in the signed session)."""
    request.session.setdefault("flash", []).append([kind, message[:500]])


def prefecture_name(code: str | None) -> str:
    names = PREFECTURES.get(code or "")
    return f"{names.ja} {names.en}" if names else (code or "")


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    """Render a staff template with the account, CSRF token and pending messages."""
    templates = request.app.state.templates
    messages = request.session.pop("flash", [])
    context.update(
        account=getattr(request.state, "account", None),
        csrf=csrf_token(request),
        messages=messages,
        prefecture_name=prefecture_name,
    )
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def back(path: str) -> RedirectResponse:
    """Post/redirect/get: after a form, show the page again with a 303."""
    return RedirectResponse(path, status_code=303)
