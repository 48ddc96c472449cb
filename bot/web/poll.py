"""What reaches the page through `GET /api/messages`, which it polls.

Staff answers, and the bot's answers to messages whose own request could not
carry them (a crash, a database outage): `Replayer` processes such a message in
the background and posts its answer to the outbox, once per inquiry.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.edge import flooded
from bot.runtime import Runtime
from bot.web.wire import ACCEPT, ChatRequest, error, gates, language_of, to_incoming
from handlers import texts
from handlers.clean import is_clean_id
from handlers.i18n import gettext
from handlers.identity import pseudonym
from handlers.postbacks import is_row_id

log = logging.getLogger(__name__)


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
