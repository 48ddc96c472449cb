"""The unanswered queue: questions handed to staff or declined, and the reply box.

A reply goes through `handlers.staff.answer_as_staff` (logged as the staff
answer, handover closed, bot held back for a while) and then through the
visitor's own channel: Telegram, LINE, or the web chat's outbox.
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard.common import (
    STAFF_ROLES,
    back,
    flash,
    render,
    require,
    runtime_of,
    scope_of,
)
from bot.dashboard.feed import booth_map, row
from bot.dashboard.security import checked_form
from bot.runtime import Runtime
from handlers.staff import answer_as_staff, release
from storage.models import Handover, Inquiry
from storage.outcomes import Outcome

log = logging.getLogger(__name__)

QUEUE_OUTCOMES = (Outcome.HANDED_OVER, Outcome.OUT_OF_SCOPE)
MAX_REPLY = 2000


async def scoped_inquiry(request: Request) -> Inquiry:
    """The inquiry named in the path, or 404; 403 when it is outside the account's scope."""
    raw = request.path_params.get("inquiry_id") or request.query_params.get("inquiry") or ""
    if not str(raw).isdigit():
        raise HTTPException(404, "No such question.")
    inquiry = await runtime_of(request).store.inquiries.get(int(raw))
    if inquiry is None:
        raise HTTPException(404, "No such question.")
    scope_of(request).check(inquiry.fair_id, inquiry.prefecture)
    return inquiry


async def open_handovers(runtime: Runtime, fair_id: str | None) -> dict[int, Handover]:
    found = await runtime.store.handovers.open_list(fair_id, limit=500)
    return {h.inquiry_id: h for h in found if h.inquiry_id is not None}


@require(*STAFF_ROLES)
async def queue_page(request: Request) -> Response:
    runtime = runtime_of(request)
    scope = scope_of(request)
    fair_id = scope.fair(request.query_params.get("fair") or None)
    waiting = await runtime.store.inquiries.unanswered(
        QUEUE_OUTCOMES, fair_id=fair_id, prefecture=scope.prefecture
    )
    booths = await booth_map(runtime, fair_id)
    handovers = await open_handovers(runtime, fair_id)
    items = [
        {**row(runtime, inquiry, booths), "handover": handovers.get(inquiry.id)}
        for inquiry in waiting
    ]
    return render(request, "staff/queue.html", items=items, fair_id=fair_id)


@require(*STAFF_ROLES)
async def reply(request: Request) -> Response:
    runtime = runtime_of(request)
    form = await checked_form(request)
    text = str(form.get("text", "")).strip()
    await form.close()
    inquiry = await scoped_inquiry(request)
    if not text:
        flash(request, "Write a reply first.", "error")
        return back("/staff/queue")
    if len(text) > MAX_REPLY:
        flash(request, f"Replies are limited to {MAX_REPLY} characters.", "error")
        return back("/staff/queue")
    if inquiry.visitor_id is None:
        flash(request, "This visitor asked us to forget them; the reply cannot be sent.", "error")
        return back("/staff/queue")
    handover = (await open_handovers(runtime, inquiry.fair_id)).get(inquiry.id)
    try:
        outgoing = await answer_as_staff(
            runtime.deps,
            visitor_id=inquiry.visitor_id,
            text=text,
            inquiry_id=inquiry.id,
            handover_id=handover.id if handover else None,
        )
    except LookupError as exc:
        flash(request, str(exc), "error")
        return back("/staff/queue")
    account = request.state.account
    log.info("staff %r answered inquiry %d on %s", account.username, inquiry.id, outgoing.platform)
    try:
        await runtime.channels.deliver(outgoing)
    except Exception:  # the answer is stored; say so rather than lose the staff's work
        log.exception("delivering the staff answer to inquiry %d failed", inquiry.id)
        flash(request, "Saved, but sending it to the visitor failed; see the server log.", "error")
        return back("/staff/queue")
    flash(request, f"Reply sent to the visitor ({outgoing.platform}).")
    return back(f"/staff/faq/add?inquiry={inquiry.id}")


@require(*STAFF_ROLES)
async def release_visitor(request: Request) -> Response:
    """Staff are done talking: the bot answers this visitor again at once."""
    form = await checked_form(request)
    await form.close()
    inquiry = await scoped_inquiry(request)
    if inquiry.visitor_id is not None:
        await release(runtime_of(request).deps, inquiry.visitor_id)
        flash(request, "The bot answers this visitor again.")
    return back("/staff/queue")


@require(*STAFF_ROLES)
async def forget_visitor(request: Request) -> Response:
    """A visitor asked us (in person, by e-mail) to delete their data: the dashboard's /forget."""
    form = await checked_form(request)
    await form.close()
    inquiry = await scoped_inquiry(request)
    if inquiry.visitor_id is not None:
        erased = await runtime_of(request).store.visitors.forget(inquiry.visitor_id)
        log.info(
            "staff %r deleted a visitor's data (%d questions erased)",
            request.state.account.username,
            erased,
        )
        flash(request, f"Visitor's data deleted ({erased} question texts erased).")
    return back("/staff/queue")


def routes() -> list[Route]:
    return [
        Route("/queue", queue_page),
        Route("/queue/{inquiry_id:int}/reply", reply, methods=["POST"]),
        Route("/queue/{inquiry_id:int}/release", release_visitor, methods=["POST"]),
        Route("/queue/{inquiry_id:int}/forget", forget_visitor, methods=["POST"]),
    ]
