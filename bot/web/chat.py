"""The web chat channel: a visitor page at `/` and its JSON API.

`POST /api/chat` {"session", "text", "fair", "booth", "lang"} ->
{"reply", "suggestions": [{"id", "label"}], "faq_id", "inquiry_id"} plus extras
(notices, buttons, feedback, links) the page uses. Staff answers reach the page
through `GET /api/messages`, which it polls.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from bot.edge import BodyError, flooded, parse_json, read_body
from bot.flood import FloodGate
from bot.runtime import Runtime
from faq.prefectures import PREFECTURES
from handlers import texts
from handlers.clean import clean_text, is_clean_id
from handlers.commands import parse_command
from handlers.i18n import LANGUAGES, gettext, normalize_language
from handlers.identity import pseudonym
from handlers.messages import COMMAND, POSTBACK, TEXT, Incoming, Reply, Result
from handlers.postbacks import is_row_id
from storage import DATABASE_UNAVAILABLE, is_unavailable
from storage.errors import describe

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024  # far above 2,000 characters of any script, far below a flood
ACCEPT = "accept_language"  # kept with the stored message: a replay has no request
WORKER = Path(__file__).parent.parent / "static" / "chat-sw.js"


class ChatRequest(BaseModel):
    session: str = Field(min_length=1, max_length=128)
    text: str = Field(default="", max_length=20_000)
    fair: str | None = Field(default=None, max_length=64)
    booth: str | None = Field(default=None, max_length=64)
    lang: str | None = Field(default=None, max_length=16)
    postback: str | None = Field(default=None, max_length=300)
    id: str | None = Field(default=None, max_length=128)  # client message id: resends dedupe

    @field_validator("session", "fair", "booth", "lang", "postback", "id")
    @classmethod
    def _storable_id(cls, value: str | None) -> str | None:
        """Identifiers are stored as sent, so one a database would refuse is refused here."""
        if value and not is_clean_id(value, max_length=300):
            raise ValueError("contains control characters or invalid Unicode")
        return value

    @field_validator("text")
    @classmethod
    def _storable_text(cls, value: str) -> str:
        """The question is kept, without characters a database refuses (NUL, ...)."""
        return clean_text(value)


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def read_json(request: Request) -> Any:
    """The body as JSON, refusing oversized and malformed bodies with a clear message."""
    return parse_json(await read_body(request, MAX_BODY))  # 400: malformed or too deep


def session_key(payload: dict[str, Any]) -> str | None:
    """The conversation a stored web message belongs to: its browser session."""
    session = payload.get("session")
    return f"session:{session}" if isinstance(session, str) and session else None


def to_incoming(chat: ChatRequest, accept_language: str | None) -> Incoming:
    text = chat.text
    command = parse_command(text)
    kind = TEXT if command is None else COMMAND
    if chat.postback:
        kind = POSTBACK
    hint = chat.lang or (accept_language or "").split(",")[0].split(";")[0] or None
    return Incoming(
        platform="web",
        user_id=chat.session,
        chat_id=chat.session,
        event_id=chat.id or uuid.uuid4().hex,
        text=text,
        kind=kind,
        command=command.name if command else None,
        args=command.args if command else "",
        postback=chat.postback,
        lang_hint=hint,
        lang_choice=normalize_language(chat.lang),
        fair_id=chat.fair or None,
        booth_id=chat.booth or None,
    )


def reply_json(reply: Reply) -> dict[str, Any]:
    return {
        "text": reply.text,
        "lang": reply.lang,
        "suggestions": [{"id": s.faq_id, "label": s.label} for s in reply.suggestions],
        "buttons": [{"data": b.data, "label": b.label} for b in reply.buttons],
        "feedback": [{"data": b.data, "label": b.label} for b in reply.feedback],
        "links": list(reply.links),
        "faq_id": reply.faq_id,
    }


def result_json(result: Result) -> dict[str, Any]:
    """The contract's fields come from the last reply (the answer); earlier ones are notices."""
    replies = [reply_json(r) for r in result.replies]
    main = replies[-1] if replies else reply_json(Reply(text=""))
    return {
        "reply": main["text"],
        "suggestions": main["suggestions"],
        "faq_id": main["faq_id"],
        "inquiry_id": str(result.inquiry_id) if result.inquiry_id is not None else None,
        "lang": main["lang"],
        "buttons": main["buttons"],
        "feedback": main["feedback"],
        "links": main["links"],
        "notices": [r["text"] for r in replies[:-1]],
        "duplicate": result.duplicate,
    }


def gates(request: Request) -> dict[str, FloodGate]:
    """The app's flood gates for the chat API and the poll (one set per app)."""
    state = request.app.state
    if getattr(state, "web_flood_gates", None) is None:
        settings = state.settings
        state.web_flood_gates = {
            "chat": FloodGate(settings.flood_chat_per_client, settings.flood_chat_total),
            "poll": FloodGate(settings.flood_poll_per_client, settings.flood_poll_total),
        }
    gates: dict[str, FloodGate] = state.web_flood_gates
    return gates


def language_of(request: Request) -> str | None:
    return (request.headers.get("accept-language") or "").split(",")[0].split(";")[0] or None


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
        if row_id is None:
            raise
        # The message is kept: processed in the background (outages waited out,
        # failures retried with backoff, the answer posted to the poll), never left
        # held; the visitor gets "received", not a 500.
        inbox.spawn(row_id, "web", payload)
        if is_unavailable(exc):
            log.warning("database lost answering web message %s: answered later", row_id)
        else:
            log.error("answering web message %s failed (%s): retried later", row_id, describe(exc))
        return received(incoming)
    await inbox.finish(row_id)
    return JSONResponse(result_json(result))


def received(incoming: Incoming) -> JSONResponse:
    """202: the message is safe, its answer comes through `GET /api/messages`."""
    lang = normalize_language(incoming.lang_hint) or "en"
    notice = Reply(gettext(lang, texts.RECEIVED), lang=lang)
    body = result_json(Result(replies=(notice,)))
    return JSONResponse({**body, "queued": True}, status_code=202)


class Replayer:
    """Processes a web chat message its request could not answer (a crash, an outage).

    The visitor's page is no longer waiting for that response, so the answer
    goes where the page polls: the outbox, as a message from the bot, carrying
    the inquiry id the page uses to show an answer only once.
    """

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def __call__(self, payload: dict[str, Any]) -> None:
        chat_request = ChatRequest.model_validate(payload)
        result = await self.runtime.conversation.handle(
            to_incoming(chat_request, payload.get(ACCEPT))
        )
        if not result.replies:
            return  # nothing to say (a standby question, a handover already made)
        # A duplicate too: the inquiry was logged by the request (or an earlier try of
        # this replay) before the database went away, so no answer reached the visitor
        # yet (a request finishes its row before its 200 goes out, and a finished row
        # is never replayed). The outbox keeps one answer per inquiry, and the page
        # shows one per inquiry id, should a resend's response have carried it too.
        store = self.runtime.store
        key = pseudonym(self.runtime.deps.secret, "web", chat_request.session)
        visitor = await store.visitors.find("web", key)
        if visitor is None:  # forgotten meanwhile
            return
        answer = [reply.text for reply in result.replies]
        await store.outbox.add_answer(visitor.id, answer, inquiry_id=result.inquiry_id)


async def messages(request: Request) -> Response:
    """Messages for a web session since message id `after` (the page polls this).

    Staff answers, and the bot's answers to messages whose own request ended
    before it could carry them.
    """
    runtime: Runtime = request.app.state.runtime
    if refused := flooded(gates(request)["poll"], request, language_of(request)):
        return refused
    session = request.query_params.get("session", "")
    after = request.query_params.get("after", "0")
    if not is_clean_id(session) or not is_row_id(after):
        return error(400, "give session (1-128 characters) and after (a message id)")
    key = pseudonym(runtime.deps.secret, "web", session)
    visitor = await runtime.store.visitors.find("web", key)
    if visitor is None:
        return JSONResponse({"messages": []})
    found = await runtime.store.outbox.since(visitor.id, int(after))
    joined = gettext(visitor.lang, texts.STAFF_JOINED)  # the page shows it before a person
    messages = [
        {
            "id": m.id,
            "text": m.text,
            "from": m.source,  # "staff", or "bot" for an answer its request could not carry
            "inquiry_id": str(m.inquiry_id) if m.inquiry_id is not None else None,
            **({"joined": joined} if m.source == "staff" else {}),
        }
        for m in found
        if m.source in ("staff", "bot")
    ]
    return JSONResponse({"messages": messages})


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
