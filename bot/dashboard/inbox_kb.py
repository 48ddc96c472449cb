"""Faster replies from the reply box: a KB search and saved replies, one click to send.

The entry's answer (or saved reply) goes out in the visitor's language when
the KB (or the saved reply) has it, else in English, through the same path as a
typed reply.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard.common import STAFF_ROLES, back, flash, render, require, runtime_of
from bot.dashboard.faq_pages import search
from bot.dashboard.inbox import scoped_conversation
from bot.dashboard.inbox_actions import return_to, send
from bot.dashboard.security import checked_form
from storage.conversation_models import Conversation, SavedReply

MAX_QUERY = 200
RESULTS = 8


def in_language(texts: dict[str, Any], lang: str) -> tuple[str, str]:
    """The text in `lang`, else English, else any; with the language used."""
    for code in (lang, "en", *texts):
        text = texts.get(code)
        if isinstance(text, str) and text.strip():
            return text, code
    return "", lang


def usable(reply: SavedReply | None, conversation: Conversation) -> SavedReply:
    """A saved reply for this conversation's fair (and booth, if it names one), or 404."""
    if (
        reply is None
        or reply.fair_id != conversation.fair_id
        or reply.booth_id not in (None, conversation.booth_id)
        or reply.prefecture not in (None, conversation.prefecture)
    ):
        raise HTTPException(404, "No such saved reply for this conversation.")
    return reply


@require(*STAFF_ROLES)
async def kb_page(request: Request) -> Response:
    """Entries matching the staff's search, each with its answer in the visitor's language."""
    conversation = await scoped_conversation(request)
    q = " ".join(request.query_params.get("q", "").split())[:MAX_QUERY]
    engine = runtime_of(request).engines.engine
    results = []
    if q:
        verdict = await asyncio.to_thread(engine.analyse, q, conversation.lang, RESULTS)
        scores = {c.entry_id: c.score for c in verdict.candidates}
        ids = list(scores) + [e.id for e in search(engine.kb, q, "") if e.id not in scores]
        for entry_id in ids[:RESULTS]:
            entry = engine.kb.get(entry_id)
            if entry is None:
                continue
            answer, used = entry.answer_in(conversation.lang)
            phrasings = entry.questions.get(conversation.lang) or entry.questions.get("en") or ()
            results.append(
                {
                    "id": entry.id,
                    "question": phrasings[0] if phrasings else entry.id,
                    "answer": answer,
                    "lang": used,
                    "score": f"{scores[entry_id]:.0%}" if entry_id in scores else "text match",
                }
            )
    return render(request, "staff/inbox_kb.html", conversation=conversation, q=q, results=results)


@require(*STAFF_ROLES)
async def send_entry(request: Request) -> Response:
    form = await checked_form(request)
    await form.close()
    conversation = await scoped_conversation(request)
    entry = runtime_of(request).engines.engine.kb.get(str(form.get("faq_id", "")))
    target = return_to(form.get("next"), conversation)
    if entry is None:
        flash(request, "That FAQ entry no longer exists.", "error")
        return back(target)
    answer, _ = entry.answer_in(conversation.lang)
    return await send(request, conversation, answer, target)


@require(*STAFF_ROLES)
async def send_saved(request: Request) -> Response:
    form = await checked_form(request)
    await form.close()
    conversation = await scoped_conversation(request)
    raw = str(form.get("saved_id", ""))
    found = await runtime_of(request).store.saved_replies.get(int(raw)) if raw.isdigit() else None
    text, _ = in_language(usable(found, conversation).texts, conversation.lang)
    return await send(request, conversation, text, return_to(form.get("next"), conversation))


def routes() -> list[Route]:
    path = "/inbox/{conversation_id:int}"
    return [
        Route(f"{path}/kb", kb_page),
        Route(f"{path}/entry", send_entry, methods=["POST"]),
        Route(f"{path}/saved", send_saved, methods=["POST"]),
    ]
