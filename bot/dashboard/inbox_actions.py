"""What staff do with a conversation: reply, take it, close or reopen it, hand back, forget.

Every action is a CSRF-checked POST on a conversation inside the account's
scope, then post/redirect/get back to the inbox. Replies go through
`handlers.staff.answer_as_staff` and the visitor's own channel (Telegram, LINE
or the web chat's outbox), like the Telegram staff group's.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard.common import STAFF_ROLES, back, flash, require, runtime_of
from bot.dashboard.inbox import scoped_conversation
from bot.dashboard.security import checked_form
from handlers import staff
from storage.conversation_models import Conversation, ConversationState

log = logging.getLogger(__name__)

MAX_REPLY = 2000


def return_to(raw: object, conversation: Conversation) -> str:
    """Back to the inbox view the form came from (only inbox paths), at the card."""
    target = str(raw or "")
    if not target.startswith("/staff/inbox") or "//" in target or "\\" in target:
        target = "/staff/inbox"
    return f"{target.split('#')[0]}#c{conversation.id}"


async def send(request: Request, conversation: Conversation, text: str, target: str) -> Response:
    """Send `text` to the conversation's visitor as booth staff; flash what happened."""
    runtime = runtime_of(request)
    text = text.strip()
    if not text:
        flash(request, "Write a reply first.", "error")
        return back(target)
    if len(text) > MAX_REPLY:
        flash(request, f"Replies are limited to {MAX_REPLY} characters.", "error")
        return back(target)
    account = request.state.account
    try:
        outgoing = await staff.answer_as_staff(
            runtime.deps,
            visitor_id=conversation.visitor_id,
            text=text,
            # recorded on the latest question that led here: reports count it, FAQ adds use it
            inquiry_id=conversation.context[-1] if conversation.context else None,
            conversation_id=conversation.id,
            staff_name=account.username,
        )
    except LookupError as exc:
        flash(request, str(exc), "error")
        return back(target)
    log.info("staff %r answered conversation %d", account.username, conversation.id)
    try:
        await runtime.channels.deliver(outgoing)
    except Exception:  # the answer is stored; say so rather than lose the staff's work
        log.exception("delivering the staff answer in conversation %d failed", conversation.id)
        flash(request, "Saved, but sending it to the visitor failed; see the server log.", "error")
        return back(target)
    flash(request, f"Reply sent to the visitor ({outgoing.platform}).")
    return back(target)


@require(*STAFF_ROLES)
async def reply(request: Request) -> Response:
    form = await checked_form(request)
    await form.close()
    conversation = await scoped_conversation(request)
    target = return_to(form.get("next"), conversation)
    return await send(request, conversation, str(form.get("text", "")), target)


@require(*STAFF_ROLES)
async def assign(request: Request) -> Response:
    form = await checked_form(request)
    await form.close()
    conversation = await scoped_conversation(request)
    mine = form.get("who") != "nobody"
    name = request.state.account.username if mine else None
    await runtime_of(request).store.conversations.assign(conversation.id, name)
    flash(request, "Assigned to you." if mine else "Unassigned.")
    return back(return_to(form.get("next"), conversation))


@require(*STAFF_ROLES)
async def close(request: Request) -> Response:
    form = await checked_form(request)
    await form.close()
    conversation = await scoped_conversation(request)
    await staff.close(runtime_of(request).deps, conversation)
    log.info("staff %r closed conversation %d", request.state.account.username, conversation.id)
    flash(request, "Conversation closed; the bot answers this visitor again.")
    return back(return_to(form.get("next"), conversation))


@require(*STAFF_ROLES)
async def reopen(request: Request) -> Response:
    form = await checked_form(request)
    await form.close()
    conversation = await scoped_conversation(request)
    if conversation.state != ConversationState.CLOSED:
        flash(request, "That conversation is not closed.", "error")
    else:
        await runtime_of(request).store.conversations.reopen(conversation.id)
        flash(request, "Conversation reopened.")
    return back(return_to(form.get("next"), conversation))


@require(*STAFF_ROLES)
async def release(request: Request) -> Response:
    """Staff are done talking: the bot answers this visitor again at once."""
    form = await checked_form(request)
    await form.close()
    conversation = await scoped_conversation(request)
    await staff.release(runtime_of(request).deps, conversation.visitor_id)
    flash(request, "The bot answers this visitor again.")
    return back(return_to(form.get("next"), conversation))


@require(*STAFF_ROLES)
async def forget(request: Request) -> Response:
    """A visitor asked us (in person, by e-mail) to delete their data: the dashboard's /forget."""
    form = await checked_form(request)
    await form.close()
    conversation = await scoped_conversation(request)
    erased = await runtime_of(request).store.visitors.forget(conversation.visitor_id)
    log.info(
        "staff %r deleted a visitor's data (%d questions erased)",
        request.state.account.username,
        erased,
    )
    flash(request, f"Visitor's data deleted ({erased} question texts erased).")
    return back("/staff/inbox")


def routes() -> list[Route]:
    path = "/inbox/{conversation_id:int}"
    return [
        Route(f"{path}/reply", reply, methods=["POST"]),
        Route(f"{path}/assign", assign, methods=["POST"]),
        Route(f"{path}/close", close, methods=["POST"]),
        Route(f"{path}/reopen", reopen, methods=["POST"]),
        Route(f"{path}/release", release, methods=["POST"]),
        Route(f"{path}/forget", forget, methods=["POST"]),
    ]
