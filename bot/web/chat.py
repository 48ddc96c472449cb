"""The web chat channel: a visitor page at `/` and its JSON API.

`POST /api/chat` {"session", "text", "fair", "booth", "lang"} ->
{"reply", "suggestions": [{"id", "label"}], "faq_id", "inquiry_id"} plus extras
(notices, buttons, feedback, links) the page uses. Staff answers reach the page
through `GET /api/messages`, which it polls.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from bot.edge import BodyError, flooded
from bot.runtime import Runtime
from bot.web.poll import messages
from bot.web.wire import (
    ACCEPT,
    ChatRequest,
    error,
    gates,
    language_of,
    read_json,
    result_json,
    session_key,
    to_incoming,
)
from faq.prefectures import PREFECTURES
from handlers import texts
from handlers.i18n import LANGUAGES, gettext, normalize_language
from handlers.messages import Incoming, Reply, Result
from storage import DATABASE_UNAVAILABLE, is_unavailable
from storage.errors import describe

log = logging.getLogger(__name__)

WORKER = Path(__file__).parent.parent / "static" / "chat-sw.js"


async def chat(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    if refused := flooded(gates(request)["chat"], request, language_of(request)):
        return refused
    try:
        chat_request = ChatRequest.model_validate(await read_json(request))
    except BodyError as exc:
        return error(exc.status, str(exc))
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "body"
        return error(400, f"{field}: {first['msg']}")
    accept_language = request.headers.get("accept-language")
    incoming = to_incoming(chat_request, accept_language)
    payload = {**chat_request.model_dump(), "id": incoming.event_id, ACCEPT: accept_language}
    inbox = runtime.inbox
    try:
        row_id = await inbox.hold("web", incoming.event_id, payload)
    except DATABASE_UNAVAILABLE:
        # Kept in the spool and answered through /api/messages once the database is back.
        await inbox.accept("web", incoming.event_id, payload)
        return received(incoming)
    try:
        async with inbox.in_order(session_key(payload)):  # a resend waits for its original
            result = await runtime.conversation.handle(incoming)
    except Exception as exc:
        if row_id is None:  # a resend: its message is stored (and answered) already
            if not is_unavailable(exc):
                raise
            # The page resends on a 5xx: a clear "try again", not a 500 with a traceback.
            log.warning("database lost answering a resent web message: asked to retry")
            return error(503, "the chat is briefly unavailable; your message is kept, retrying")
        # The message is kept: processed in the background (outages waited out,
        # failures retried with backoff, the answer posted to the poll), never left
        # held; the visitor gets "received", not a 500.
        inbox.spawn(row_id, "web", payload)
        if is_unavailable(exc):
            log.warning("database lost answering web message %s: answered later", row_id)
        else:
            log.error("answering web message %s failed (%s): retried later", row_id, describe(exc))
        return received(incoming)
    await inbox.finish(row_id, "web", incoming.event_id)
    return JSONResponse(result_json(result))


def received(incoming: Incoming) -> JSONResponse:
    """202: the message is safe, its answer comes through `GET /api/messages`."""
    lang = normalize_language(incoming.lang_hint) or "en"
    notice = Reply(gettext(lang, texts.RECEIVED), lang=lang)
    body = result_json(Result(replies=(notice,)))
    return JSONResponse({**body, "queued": True}, status_code=202)


async def page(request: Request) -> Response:
    """The chat page; opened from a booth link, its header names the booth and prefecture."""
    runtime: Runtime = request.app.state.runtime
    templates = request.app.state.templates
    fair = request.query_params.get("fair", "")[:64]
    booth_id = request.query_params.get("booth", "")[:64]
    booth = await runtime.deps.booths.get(fair, booth_id) if fair and booth_id else None
    names = PREFECTURES.get(booth.prefecture) if booth is not None else None
    context = {
        "fair": fair,
        "booth": booth_id,
        "lang": request.query_params.get("lang", "")[:16],
        "booth_name": booth.name if booth is not None else "",
        "prefecture": f"{names.ja} · {names.en}" if names else "",
        "languages": LANGUAGES,
        "privacy_url": runtime.deps.privacy_url,
        # shown by the page itself when the network drops: every language, picked there
        "offline": json.dumps({code: gettext(code, texts.OFFLINE_KEPT) for code in LANGUAGES}),
    }
    return templates.TemplateResponse(request, "chat.html", context)


async def service_worker(request: Request) -> Response:
    """The chat's service worker, from the site root so it may serve the chat page offline."""
    headers = {"cache-control": "no-cache"}
    return FileResponse(WORKER, media_type="text/javascript", headers=headers)


async def privacy(request: Request) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "privacy.html", {})


async def health(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    return JSONResponse({"status": "ok", "kb_entries": len(runtime.engines.engine.kb)})


def routes() -> list[Route]:
    return [
        Route("/", page),
        Route("/chat-sw.js", service_worker),
        Route("/privacy", privacy),
        Route("/healthz", health),
        Route("/api/chat", chat, methods=["POST"]),
        Route("/api/messages", messages),
    ]
