"""Saved replies: booth staff's canned answers, per fair or booth, in several languages.

Listed, added, edited and deleted here; sent from a conversation card
(`inbox_kb.send_saved`) in the visitor's language. An account scoped to a
prefecture manages only its own booths' replies (and sees the fair-wide ones).
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard.common import (
    STAFF_ROLES,
    Scope,
    back,
    flash,
    render,
    require,
    runtime_of,
    scope_of,
)
from bot.dashboard.inbox_cards import LANGS
from bot.dashboard.security import checked_form
from bot.runtime import Runtime
from storage.conversation_models import SavedReply

log = logging.getLogger(__name__)

MAX_TITLE = 120
MAX_TEXT = 2000
PAGE = "/staff/replies"


async def where_of(runtime: Runtime, scope: Scope, form: Any) -> tuple[str, str | None, str | None]:
    """(fair, booth, prefecture) a new reply belongs to, inside the account's scope."""
    fair_id = scope.fair(str(form.get("fair", "")).strip() or None)
    if fair_id is None or await runtime.store.fairs.get_fair(fair_id) is None:
        raise ValueError("choose a fair")
    booth_id = str(form.get("booth", "")).strip() or None
    if booth_id is None:
        if scope.prefecture is not None:
            raise ValueError("choose one of your booths")
        return fair_id, None, None
    booth = scope.check_booth(await runtime.store.fairs.get_booth(fair_id, booth_id))
    return fair_id, booth.id, booth.prefecture


def texts_of(form: Any) -> dict[str, str]:
    texts = {}
    for lang in LANGS:
        text = str(form.get(f"text_{lang}", "")).strip()
        if len(text) > MAX_TEXT:
            raise ValueError(f"{lang}: at most {MAX_TEXT} characters")
        if text:
            texts[lang] = text
    if not texts:
        raise ValueError("write the reply in at least one language")
    return texts


def title_of(form: Any) -> str:
    title = " ".join(str(form.get("title", "")).split())
    if not title or len(title) > MAX_TITLE:
        raise ValueError(f"a title of 1 to {MAX_TITLE} characters")
    return title


async def scoped_reply(request: Request) -> SavedReply:
    found = await runtime_of(request).store.saved_replies.get(int(request.path_params["reply_id"]))
    if found is None:
        raise HTTPException(404, "No such saved reply.")
    scope = scope_of(request)
    if found.prefecture is None and scope.prefecture is not None:
        raise HTTPException(403, "Fair-wide replies are managed by fair staff.")
    scope.check(found.fair_id, found.prefecture or scope.prefecture)
    return found


@require(*STAFF_ROLES)
async def replies_page(request: Request) -> Response:
    runtime = runtime_of(request)
    scope = scope_of(request)
    fair_id = scope.fair(request.query_params.get("fair") or None)
    replies = await runtime.store.saved_replies.list(fair_id=fair_id, prefecture=scope.prefecture)
    fairs = [f for f in await runtime.store.fairs.list_fairs() if scope.fair_id in (None, f.id)]
    booths = [
        b
        for b in await runtime.store.fairs.list_booths(fair_id)
        if scope.allows(b.fair_id, b.prefecture)
    ]
    return render(
        request, "staff/replies.html", replies=replies, fairs=fairs, booths=booths, langs=LANGS
    )


@require(*STAFF_ROLES)
async def add(request: Request) -> Response:
    runtime = runtime_of(request)
    form = await checked_form(request)
    await form.close()
    try:
        fair_id, booth_id, prefecture = await where_of(runtime, scope_of(request), form)
        title, texts = title_of(form), texts_of(form)
    except ValueError as exc:
        flash(request, f"Not saved: {exc}.", "error")
        return back(PAGE)
    await runtime.store.saved_replies.add(
        fair_id, title, texts, booth_id=booth_id, prefecture=prefecture,
        created_by=request.state.account.username,
    )  # fmt: skip
    flash(request, f"Saved the reply “{title}”.")
    return back(PAGE)


@require(*STAFF_ROLES)
async def edit(request: Request) -> Response:
    form = await checked_form(request)
    await form.close()
    found = await scoped_reply(request)
    try:
        title, texts = title_of(form), texts_of(form)
    except ValueError as exc:
        flash(request, f"Not saved: {exc}.", "error")
        return back(PAGE)
    await runtime_of(request).store.saved_replies.update(found.id, title=title, texts=texts)
    flash(request, f"Updated the reply “{title}”.")
    return back(PAGE)


@require(*STAFF_ROLES)
async def delete(request: Request) -> Response:
    form = await checked_form(request)
    await form.close()
    found = await scoped_reply(request)
    await runtime_of(request).store.saved_replies.delete(found.id)
    flash(request, f"Deleted the reply “{found.title}”.")
    return back(PAGE)


def routes() -> list[Route]:
    return [
        Route("/replies", replies_page),
        Route("/replies", add, methods=["POST"]),
        Route("/replies/{reply_id:int}/edit", edit, methods=["POST"]),
        Route("/replies/{reply_id:int}/delete", delete, methods=["POST"]),
    ]
