"""Staff accounts: admins add and disable them; everyone changes their own password."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard.auth import MIN_PASSWORD, create_account
from bot.dashboard.common import ALL_ROLES, back, flash, render, require, runtime_of
from bot.dashboard.security import checked_form, fingerprint, hash_password, verify_password
from faq.prefectures import PREFECTURES
from storage.base import Conflict

log = logging.getLogger(__name__)


@require(*ALL_ROLES)
async def accounts_page(request: Request) -> Response:
    runtime = runtime_of(request)
    account = request.state.account
    accounts = await runtime.store.staff.list() if account.role == "admin" else []
    fairs = await runtime.store.fairs.list_fairs() if account.role == "admin" else []
    return render(request, "staff/accounts.html", accounts=accounts, fairs=fairs,
                  prefectures=PREFECTURES, min_password=MIN_PASSWORD)  # fmt: skip


@require("admin")
async def add_account(request: Request) -> Response:
    form = await checked_form(request)
    await form.close()
    username = str(form.get("username", "")).strip()
    try:
        await create_account(
            runtime_of(request).store,
            username,
            str(form.get("password", "")),
            role=str(form.get("role", "")),
            fair_id=str(form.get("fair", "")).strip() or None,
            prefecture=str(form.get("prefecture", "")).strip() or None,
        )
    except (ValueError, Conflict) as exc:
        flash(request, str(exc), "error")
    else:
        log.info("admin %r added staff account %r", request.state.account.username, username)
        flash(request, f"Added the account {username}.")
    return back("/staff/accounts")


@require("admin")
async def set_active(request: Request) -> Response:
    form = await checked_form(request)
    await form.close()
    store = runtime_of(request).store
    target = await store.staff.get(request.path_params["account_id"])
    if target is None:
        raise HTTPException(404, "No such account.")
    active = form.get("active") == "1"
    if target.id == request.state.account.id and not active:
        flash(request, "You cannot disable your own account.", "error")
        return back("/staff/accounts")
    await store.staff.update(target.id, active=active)
    flash(request, f"{target.username} is {'enabled' if active else 'disabled'}.")
    return back("/staff/accounts")


@require(*ALL_ROLES)
async def change_password(request: Request) -> Response:
    form = await checked_form(request)
    await form.close()
    account = request.state.account
    current, new = str(form.get("current", "")), str(form.get("new", ""))
    if not await verify_password(account.password_hash, current):
        flash(request, "The current password is wrong.", "error")
    elif len(new) < MIN_PASSWORD:
        flash(request, f"The new password needs at least {MIN_PASSWORD} characters.", "error")
    else:
        password_hash = await hash_password(new)
        await runtime_of(request).store.staff.update(account.id, password_hash=password_hash)
        secret = request.app.state.settings.secret()
        request.session["pw"] = fingerprint(secret, password_hash)  # this session stays open
        flash(request, "Password changed; other sessions of this account are logged out.")
    return back("/staff/accounts")


def routes() -> list[Route]:
    return [
        Route("/accounts", accounts_page, methods=["GET"]),
        Route("/accounts", add_account, methods=["POST"]),
        Route("/accounts/password", change_password, methods=["POST"]),
        Route("/accounts/{account_id:int}/active", set_active, methods=["POST"]),
    ]
