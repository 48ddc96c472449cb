"""The web chat's wire format: the request it accepts, the JSON it answers, its flood gates.

One definition of each shape, shared by the request path (bot.web.chat) and the
answers that reach the page later through the poll (bot.web.poll).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from pydantic import BaseModel, Field, field_validator
from starlette.requests import Request
from starlette.responses import JSONResponse

from bot.edge import parse_json, read_body
from bot.flood import FloodGate
from handlers.clean import clean_text, is_clean_id
from handlers.commands import parse_command
from handlers.i18n import normalize_language
from handlers.messages import COMMAND, POSTBACK, TEXT, Incoming, Reply, Result

log = logging.getLogger(__name__)


MAX_BODY = 64 * 1024  # far above 2,000 characters of any script, far below a flood
ACCEPT = "accept_language"  # kept with the stored message: a replay has no request


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
