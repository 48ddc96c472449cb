"""Add to FAQ: turn a visitor's question (and the staff answer) into KB content.

Built so one click cannot mis-file a question: the prefecture comes from the
booth the question was asked at (else from the entry it matched), not from the
topic detector; the closest entries are shown with their scores, and the
choice defaults to a new entry unless one of them is confident (at or above
the engine's answer threshold). Requests for a person ("/human", the
Talk-to-staff button) are no question and cannot be added.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard import kb_store
from bot.dashboard.common import STAFF_ROLES, back, flash, render, require, runtime_of, scope_of
from bot.dashboard.security import checked_form
from faq import kb_edit
from faq.loader import KBError
from faq.model import Entry, KnowledgeBase
from faq.prefectures import PREFECTURES, resolve_prefecture
from faq.types import INQUIRY_TYPES
from faq.validate import ID_PATTERN, LANG_PATTERN
from handlers.staff import is_question
from storage.models import Inquiry

log = logging.getLogger(__name__)

CANDIDATES = 5


async def scoped_inquiry(request: Request) -> Inquiry:
    """The inquiry named in the query, or 404; 403 when it is outside the account's scope."""
    raw = request.query_params.get("inquiry") or ""
    if not raw.isdigit():
        raise HTTPException(404, "No such question.")
    inquiry = await runtime_of(request).store.inquiries.get(int(raw))
    if inquiry is None:
        raise HTTPException(404, "No such question.")
    scope_of(request).check(inquiry.fair_id, inquiry.prefecture)
    return inquiry


def suggested_id(text: str, inquiry_id: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40].strip("-")
    return f"{slug}-{inquiry_id}" if slug else f"staff-answer-{inquiry_id}"


def prefecture_for(inquiry: Inquiry, kb: KnowledgeBase) -> str:
    """The booth's prefecture, else the matched entry's, else all Japan."""
    if inquiry.prefecture:
        return inquiry.prefecture
    matched = kb.get(inquiry.faq_id or "")
    return matched.prefecture if matched is not None and matched.prefecture else "JP"


@require(*STAFF_ROLES)
async def add_page(request: Request) -> Response:
    runtime = runtime_of(request)
    inquiry = await scoped_inquiry(request)
    if not is_question(inquiry):
        flash(
            request, "That message asked for staff; it is no question to add to the FAQ.", "error"
        )
        return back("/staff/inbox")
    engine = runtime.engines.engine
    verdict = await asyncio.to_thread(engine.analyse, inquiry.text, inquiry.lang, CANDIDATES)
    confident = engine.thresholds.answer
    candidates = [
        {
            "id": c.entry_id,
            "score": f"{c.score:.0%}",
            "phrasing": c.phrasing,
            "confident": c.score >= confident,
        }
        for c in list(verdict.candidates)[:CANDIDATES]
    ]
    return render(
        request,
        "staff/faq_add.html",
        inquiry=inquiry,
        candidates=candidates,
        chosen=candidates[0]["id"] if candidates and candidates[0]["confident"] else None,
        new_id=suggested_id(inquiry.text, inquiry.id),
        types=INQUIRY_TYPES,
        prefectures=PREFECTURES,
        prefecture=prefecture_for(inquiry, engine.kb),
    )


def new_entry(form: Any, question: str, lang: str) -> Entry:
    """A new entry from the add form, checked with the loader's own rules."""
    entry_id = str(form.get("new_id", "")).strip()
    type_id = str(form.get("type", "other"))
    prefecture = str(form.get("prefecture", "JP")).strip() or "JP"
    answer_en = str(form.get("answer_en", "")).strip()
    answer_lang = str(form.get("answer_lang", "")).strip()
    if not ID_PATTERN.match(entry_id):
        raise ValueError(f"id {entry_id!r}: use lower-case letters, digits and . _ -")
    if type_id not in INQUIRY_TYPES:
        raise ValueError(f"type {type_id!r} is not an inquiry type")
    if not answer_en:
        raise ValueError("an English answer is required (the KB falls back to it)")
    answers = {"en": answer_en}
    if answer_lang and lang != "en":
        answers[lang] = answer_lang
    return Entry(
        id=entry_id,
        type=type_id,
        prefecture=None if prefecture == "JP" else resolve_prefecture(prefecture),
        questions={lang: (question,)},
        answer=answers,
    )


@require(*STAFF_ROLES)
async def add(request: Request) -> Response:
    runtime = runtime_of(request)
    form = await checked_form(request)
    await form.close()
    inquiry = await scoped_inquiry(request)
    question = " ".join(str(form.get("question", "")).split())
    lang = str(form.get("lang", inquiry.lang)).strip()
    retry = f"/staff/faq/add?inquiry={inquiry.id}"
    try:
        if not question:
            raise ValueError("the question is empty")
        if not LANG_PATTERN.match(lang):
            raise ValueError(f"language {lang!r}: use a code such as en or th")
        if form.get("mode") == "phrasing":
            entry_id = str(form.get("entry_id", "")).strip()
            if not entry_id:
                raise ValueError("choose the entry the question belongs to")

            def change(kb: KnowledgeBase) -> KnowledgeBase:
                return kb_edit.with_phrasing(kb, entry_id, lang, question)

            done = f"Added the question as a new {lang} phrasing of {entry_id}."
        else:
            entry = new_entry(form, question, lang)

            def change(kb: KnowledgeBase) -> KnowledgeBase:
                return kb_edit.with_entry(kb, entry)

            done = f"Added the new FAQ entry {entry.id}."
        settings = request.app.state.settings
        await kb_store.publish(runtime, settings, kb_store.lock_of(request), "", change)
    except KBError as exc:
        flash(request, "The KB would not validate: " + "; ".join(map(str, exc.issues)), "error")
        return back(retry)
    except ValueError as exc:
        flash(request, str(exc), "error")
        return back(retry)
    log.info("staff %r: %s", request.state.account.username, done)
    flash(request, done + " The bot answers it from now on.")
    return back("/staff/inbox")


def routes() -> list[Route]:
    return [
        Route("/faq/add", add_page, methods=["GET"]),
        Route("/faq/add", add, methods=["POST"]),
    ]
