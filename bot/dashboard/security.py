"""Passwords, signed-cookie sessions, body caps, CSRF tokens and security headers.

All of it lives here, mounted only on `/staff`, so the visitor-facing app stays
cookie-free and `bot/app.py` needs one line. The session cookie is HttpOnly and
SameSite=Lax always, and Secure whenever the request came over HTTPS (uvicorn's
proxy headers make that true behind a TLS-terminating proxy too).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import FormData, Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

COOKIE = "fairbot_staff"
SESSION_SECONDS = 12 * 60 * 60  # one fair day; staff log in again the next morning
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
HEADERS = {
    # No script but our own file, nothing remote. Inline styles are allowed only
    # because the reports' matplotlib SVG charts carry style attributes.
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
        " script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
        " frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}

_hasher = PasswordHasher()


# Argon2 is deliberately slow (tens of milliseconds of CPU): every hash and check
# runs in a worker thread, so a burst of logins cannot stall visitors' answers.


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str, password: str) -> bool:
    return await asyncio.to_thread(_verify, password_hash, password)


# A fixed hash to verify against when the user name is unknown, so the response
# takes as long as for a real account and does not reveal which names exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


async def check_login(password_hash: str | None, password: str) -> bool:
    if password_hash is None:
        await verify_password(_DUMMY_HASH, password)
        return False
    return await verify_password(password_hash, password)


def fingerprint(secret: str, password_hash: str) -> str:
    """Ties a session to the password it was opened with: a new password ends old sessions."""
    return hmac.new(secret.encode(), password_hash.encode(), hashlib.sha256).hexdigest()[:16]


LOGIN_MAX_BYTES = 16 * 1024  # user name, password, CSRF token, next: small
FORM_MAX_BYTES = 6 * 1024 * 1024  # the largest form is a 5 MiB KB upload


def body_limit(path: str) -> int:
    """The most bytes a staff request body to `path` may have."""
    return LOGIN_MAX_BYTES if path.rstrip("/").endswith("/login") else FORM_MAX_BYTES


def capped(receive: Receive, limit: int) -> Receive:
    """`receive`, raising 413 once the body passes `limit` bytes (chunked bodies too)."""
    seen = 0

    async def receive_capped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413, f"The form is too large (over {limit // 1024} KiB).")
        return message

    return receive_capped


class StaffSessions:
    """Signed-cookie sessions for `/staff`, with security headers on every response.

    The session (a small JSON dict: CSRF token, account id, password fingerprint)
    is exposed as `request.session`. Signed with the server secret, it works across
    several server processes without shared state.

    Request bodies are capped here, before any route parses a form or checks a
    login: a declared length over the cap is refused at once, and a body that
    grows past it while being read fails with 413.
    """

    def __init__(self, app: ASGIApp, *, max_age: int = SESSION_SECONDS) -> None:
        self.app = app
        self.max_age = max_age

    def serializer(self, scope: Scope) -> URLSafeTimedSerializer:
        secret = scope["app"].state.settings.secret()
        return URLSafeTimedSerializer(secret, salt="fairbot-staff-session")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            response = PlainTextResponse(
                f"The form is too large (over {limit // 1024} KiB).", status_code=413
            )
            await response(scope, receive, send)
            return
        receive = capped(receive, limit)
        serializer = self.serializer(scope)
        raw = HTTPConnection(scope).cookies.get(COOKIE)
        session: dict[str, Any] = {}
        if raw:
            try:
                session = dict(serializer.loads(raw, max_age=self.max_age))
            except (BadSignature, ValueError, TypeError):
                session = {}
        before = json.dumps(session, sort_keys=True)
        scope["session"] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if json.dumps(scope["session"], sort_keys=True) != before:
                    headers.append("set-cookie", self.cookie(scope, serializer))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def cookie(self, scope: Scope, serializer: URLSafeTimedSerializer) -> str:
        value = serializer.dumps(scope["session"])
        flags = f"Path=/staff; Max-Age={self.max_age}; HttpOnly; SameSite=Lax"
        if scope.get("scheme") == "https":
            flags += "; Secure"
        return f"{COOKIE}={value}; {flags}"


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use (the login form has one too)."""
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = request.session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return str(token)


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get(CSRF_FIELD)
    # Bytes, not str: compare_digest refuses non-ASCII text with a TypeError (a 500).
    if (
        not expected
        or not submitted
        or not secrets.compare_digest(str(expected).encode(), submitted.encode("utf-8", "replace"))
    ):
        log.warning("refused %s %s: missing or wrong CSRF token", request.method, request.url.path)
        raise HTTPException(403, "Missing or invalid CSRF token: reload the page and try again.")


async def checked_form(
    request: Request, *, max_part_size: int = 1024 * 1024, max_fields: int = 200, max_files: int = 1
) -> FormData:
    """The POSTed form, refused with 403 unless it carries this session's CSRF token.

    The body as a whole is capped before this by `StaffSessions` (413). The caller
    closes uploads (`await form.close()`) when it is done with them.
    """
    form = await request.form(
        max_files=max_files, max_fields=max_fields, max_part_size=max_part_size
    )
    token = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    try:
        check_csrf(request, token if isinstance(token, str) else None)
    except HTTPException:
        await form.close()
        raise
    return form
