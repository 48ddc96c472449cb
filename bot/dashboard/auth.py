"""Logging in and out, creating accounts, and the first admin.

`create_account` is the one place account rules live (role needs, scope
existence, password length); the CLI and the accounts page both call it.
"""

from __future__ import annotations

import logging
import re
import secrets

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.config import Settings
from bot.dashboard.common import back, current_account, render, runtime_of
from bot.dashboard.security import (
    check_login,
    checked_form,
    fingerprint,
    hash_password,
)
from faq.prefectures import resolve_prefecture
from storage import Store
from storage.models import StaffAccount
from storage.staff import ROLES

log = logging.getLogger(__name__)

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 8
FIRST_ADMIN = "admin"


async def create_account(
    store: Store,
    username: str,
    password: str,
    *,
    role: str,
    fair_id: str | None = None,
    prefecture: str | None = None,
) -> StaffAccount:
    """Check the rules and store a new account; ValueError says what is wrong."""
    if not USERNAME.match(username):
        raise ValueError(f"user name {username!r}: use 1-64 of letters, digits and . _ @ -")
    if role not in ROLES:
        raise ValueError(f"role {role!r}: use one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"the password must have at least {MIN_PASSWORD} characters")
    fair_id = fair_id or None
    if role == "staff" and fair_id is None:
        raise ValueError("booth staff need a fair (--fair): they see that fair's questions")
    if fair_id is not None and await store.fairs.get_fair(fair_id) is None:
        raise ValueError(f"no fair {fair_id!r}")
    code = None
    if prefecture:
        code = resolve_prefecture(prefecture)
        if code is None:
            raise ValueError(f"prefecture {prefecture!r}: use JP-01 … JP-47 or an English name")
    if role == "viewer" and code is None:
        raise ValueError("prefecture viewers need a prefecture (--prefecture JP-28)")
    if role == "admin":
        fair_id = code = None  # admins see everything; a scope would only mislead
    return await store.staff.add(
        username, await hash_password(password), role=role, fair_id=fair_id, prefecture=code
    )


async def ensure_first_admin(store: Store, settings: Settings) -> str | None:
    """Create the `admin` account when no active admin exists.

    Its password is FAIRBOT_ADMIN_PASSWORD when set, else generated; a generated
    password is returned (and logged once) so whoever ran `make run` can log in.
    """
    if await store.staff.count_active_admins():
        return None
    configured = settings.admin_password.get_secret_value() if settings.admin_password else None
    password = configured or secrets.token_urlsafe(12)
    existing = await store.staff.by_username(FIRST_ADMIN)
    if existing is None:
        await create_account(store, FIRST_ADMIN, password, role="admin")
    else:
        await store.staff.update(
            existing.id,
            password_hash=await hash_password(password),
            role="admin",
            active=True,
            fair_id=None,
            prefecture=None,
        )
    if configured:
        log.info("created staff account %r from FAIRBOT_ADMIN_PASSWORD", FIRST_ADMIN)
        return None
    log.warning(
        "created staff account %r with one-time password %s — log in at /staff/login"
        " and change it under Accounts",
        FIRST_ADMIN,
        password,
    )
    return password


def safe_next(value: str | None) -> str:
    """Only redirect within the dashboard (no open redirect through ?next=)."""
    if value and value.startswith("/staff/") and not value.startswith("/staff//"):
        return value
    return "/staff/"


def client_keys(request: Request, username: str) -> list[str]:
    host = request.client.host if request.client else "unknown"
    return [f"ip:{host}", f"user:{username.casefold()}"]


async def login_page(request: Request) -> Response:
    if await current_account(request) is not None:
        return back("/staff/")
    return render(request, "staff/login.html", next=safe_next(request.query_params.get("next")))


async def login(request: Request) -> Response:
    form = await checked_form(request, max_part_size=4096, max_fields=8, max_files=0)
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    target = safe_next(str(form.get("next", "")))
    keys = client_keys(request, username)
    throttle = runtime_of(request).store.login_throttle  # shared by every instance
    wait = await throttle.retry_after(keys)
    if wait:
        log.warning("login throttled for %s", keys[0])
        response = render(
            request,
            "staff/login.html",
            status_code=429,
            next=target,
            error=f"Too many failed logins. Try again in {wait // 60 + 1} minutes.",
        )
        response.headers["retry-after"] = str(wait)
        return response
    account = await runtime_of(request).store.staff.by_username(username)
    ok = await check_login(account.password_hash if account else None, password)
    if account is None or not ok or not account.active:
        await throttle.failed(keys)
        log.info("failed login for %r", username)
        return render(
            request, "staff/login.html", status_code=401, next=target,
            error="Wrong user name or password.",
        )  # fmt: skip
    await throttle.succeeded(keys[1:])
    secret = request.app.state.settings.secret()
    request.session.clear()  # a fresh session (and CSRF token) on every login
    request.session.update(uid=account.id, pw=fingerprint(secret, account.password_hash))
    log.info("staff %r (%s) logged in", account.username, account.role)
    if target == "/staff/":
        target = "/staff/reports" if account.role == "viewer" else "/staff/feed"
    return back(target)


async def logout(request: Request) -> Response:
    form = await checked_form(request)
    await form.close()
    request.session.clear()
    return back("/staff/login")


async def home(request: Request) -> Response:
    account = await current_account(request)
    if account is None:
        return back("/staff/login")
    return back("/staff/reports" if account.role == "viewer" else "/staff/feed")


def routes() -> list[Route]:
    return [
        Route("/", home),
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
    ]
