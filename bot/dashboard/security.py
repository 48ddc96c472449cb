"""Passwords, signed-cookie sessions, CSRF tokens, security headers and login throttling.

All of it lives here, mounted only on `/staff`, so the visitor-facing app stays
cookie-free and `bot/app.py` needs one line. The session cookie is HttpOnly and
SameSite=Lax always, and Secure whenever the request came over HTTPS (uvicorn's
proxy headers make that true behind a TLS-terminating proxy too).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import FormData, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

COOKIE = "fairbot_staff"
SESSION_SECONDS = 12 * 60 * 60  # one fair day; staff log in again the next morning
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
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


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# A fixed hash to verify against when the user name is unknown, so the response
# takes as long as for a real account and does not reveal which names exist.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def check_login(password_hash: str | None, password: str) -> bool:
    if password_hash is None:
        verify_password(_DUMMY_HASH, password)
        return False
    return verify_password(password_hash, password)


def fingerprint(secret: str, password_hash: str) -> str:
    """Ties a session to the password it was opened with: a new password ends old sessions."""
    return hmac.new(secret.encode(), password_hash.encode(), hashlib.sha256).hexdigest()[:16]


class StaffSessions:
    """Signed-cookie sessions for `/staff`, with security headers on every response.

    The session (a small JSON dict: CSRF token, account id, password fingerprint)
    is exposed as `request.session`. Signed with the server secret, it works across
    several server processes without shared state.
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
    if not expected or not submitted or not secrets.compare_digest(str(expected), submitted):
        log.warning("refused %s %s: missing or wrong CSRF token", request.method, request.url.path)
        raise HTTPException(403, "Missing or invalid CSRF token: reload the page and try again.")


async def checked_form(request: Request, *, max_part_size: int = 1024 * 1024) -> FormData:
    """The POSTed form, refused with 403 unless it carries this session's CSRF token.

    The caller closes uploads (`await form.close()`) when it is done with them.
    """
    form = await request.form(max_files=1, max_fields=200, max_part_size=max_part_size)
    token = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    try:
        check_csrf(request, token if isinstance(token, str) else None)
    except HTTPException:
        await form.close()
        raise
    return form


class LoginLimiter:
    """At most `limit` failed logins per key in `window` seconds (keys: client IP, user name).

    Per process: with several server processes an attacker gets `limit` tries per
    process, still far too few to guess an argon2-hashed password.
    """

    def __init__(
        self, limit: int = 5, window: float = 15 * 60, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.failures: dict[str, deque[float]] = {}

    def _recent(self, key: str) -> deque[float]:
        now = self.clock()
        times = self.failures.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def retry_after(self, keys: Iterable[str]) -> int:
        """Seconds until a login may be tried again; 0 when not blocked."""
        waits = [
            times[0] + self.window - self.clock()
            for times in (self._recent(k) for k in keys)
            if len(times) >= self.limit
        ]
        return max(1, int(max(waits)) + 1) if waits else 0

    def failed(self, keys: Iterable[str]) -> None:
        for key in keys:
            self._recent(key).append(self.clock())
        if len(self.failures) > 10_000:  # forget idle keys so a spray cannot grow memory
            for key in [k for k, v in self.failures.items() if not v]:
                del self.failures[key]

    def succeeded(self, keys: Iterable[str]) -> None:
        for key in keys:
            self.failures.pop(key, None)
