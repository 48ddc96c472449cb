"""What every public endpoint does with a request before it trusts it.

JSON is parsed with every failure mode a client can provoke turned into a
clear 400 (malformed, not UTF-8, nested deep enough to exhaust the parser's
recursion), and identifiers are checked for what the databases refuse
(handlers.clean). Flood control answers 429 with Retry-After and, for the web
chat page, a polite message it shows as it is.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from bot.flood import FloodGate
from handlers import texts
from handlers.i18n import gettext, normalize_language
from storage.errors import describe, is_refused

log = logging.getLogger(__name__)

MAX_DEPTH = 32  # no payload we accept nests deeper (LINE's deepest is about 6)


class BodyError(Exception):
    """A request body refused: `status` (4xx) and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


async def read_body(request: Request, limit: int) -> bytes:
    """The body, or BodyError(413) past `limit` bytes, without reading the rest.

    A declared Content-Length over the limit is refused before reading; a body
    sent chunked is counted as it arrives. Every route that reads a body uses this.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyError(413, f"request body over {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BodyError(413, f"request body over {limit} bytes")
    return bytes(body)


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of a parsed JSON value, counted iteratively (no recursion to exhaust)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def parse_json(body: bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """The body as JSON, or BodyError(400) saying what is wrong with it."""
    try:
        value = json.loads(body)
    except RecursionError:
        raise BodyError(400, "body is nested too deeply") from None
    except UnicodeDecodeError:
        raise BodyError(400, "body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise BodyError(400, f"body is not valid JSON: {exc.msg} at position {exc.pos}") from None
    if _depth(value, max_depth) > max_depth:
        raise BodyError(400, f"body is nested more than {max_depth} levels deep")
    return value


def client_address(request: Request) -> str:
    """The client's address as uvicorn reports it (behind a proxy: see FORWARDED_ALLOW_IPS)."""
    return request.client.host if request.client else "unknown"


def flooded(gate: FloodGate, request: Request, lang: str | None = None) -> JSONResponse | None:
    """A 429 with Retry-After when this client, or everyone together, is over the limit."""
    wait = gate.check(client_address(request))
    if not wait:
        return None
    language = normalize_language(lang or "") or "en"
    return JSONResponse(
        {"error": gettext(language, texts.SLOW_DOWN), "retry_after": wait},
        status_code=429,
        headers={"retry-after": str(wait)},
    )


async def refused_as_400(request: Request, error: Exception) -> Response:
    """A row the database refused (a NUL in a staff form's field, a value too long for
    its column) is the request's fault: 400 naming no value. Anything else re-raises."""
    if not is_refused(error):
        raise error
    log.warning("%s %s: the database refused a value (%s)", request.method,
                request.url.path, describe(error))  # fmt: skip
    message = "A field holds characters or a value that cannot be stored; please correct it."
    if "application/json" in request.headers.get("accept", "") or request.url.path.startswith(
        "/api/"
    ):
        return JSONResponse({"error": message}, status_code=400)
    return PlainTextResponse(message, status_code=400)
