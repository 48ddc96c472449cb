"""Fairs and booths: admins create and edit them; staff see their fair's booths,
links, QR codes and posters (printing a poster is a booth job)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard import poster
from bot.dashboard.common import (
    STAFF_ROLES,
    back,
    flash,
    render,
    require,
    runtime_of,
    scope_of,
)
from bot.dashboard.security import checked_form
from bot.fair_fields import booth_fields, check_id, fair_fields
from bot.links import booth_links, public_url_warning
from faq.prefectures import PREFECTURES
from storage.base import Conflict, NotFound
from storage.models import Booth, Fair

log = logging.getLogger(__name__)


def text(form: Any, name: str, limit: int = 200) -> str | None:
    value = str(form.get(name, "")).strip()[:limit]
    return value or None


def fair_values(form: Any) -> dict[str, Any]:
    """Checked fair fields from a form (bot.fair_fields: the rules of `fairbot fair add`)."""
    return fair_fields(
        name=text(form, "name"),
        country=text(form, "country", 2),
        city=text(form, "city", 100),
        start=text(form, "start_date"),
        end=text(form, "end_date"),
        staff_chat_id=text(form, "staff_chat_id", 64),
    )


def booth_values(form: Any) -> dict[str, Any]:
    """Checked booth fields from a form (bot.fair_fields: the rules of `fairbot booth add`)."""
    return booth_fields(
        name=text(form, "name"),
        prefecture=text(form, "prefecture", 40) or "",
        email=text(form, "email", 254),
        staff_chat_id=text(form, "staff_chat_id", 64),
    )


async def scoped_fair(request: Request) -> Fair:
    fair = await runtime_of(request).store.fairs.get_fair(request.path_params["fair_id"])
    if fair is None:
        raise HTTPException(404, "No such fair.")
    scope_of(request).fair(fair.id)
    return fair


async def scoped_booth(request: Request) -> Booth:
    store = runtime_of(request).store
    booth = await store.fairs.get_booth(
        request.path_params["fair_id"], request.path_params["booth_id"]
    )
    return scope_of(request).check_booth(booth)


@require(*STAFF_ROLES)
async def fairs_page(request: Request) -> Response:
    scope = scope_of(request)
    fairs = await runtime_of(request).store.fairs.list_fairs()
    return render(
        request, "staff/fairs.html", fairs=[f for f in fairs if scope.fair_id in (None, f.id)]
    )


@require("admin")
async def create_fair(request: Request) -> Response:
    form = await checked_form(request)
    await form.close()
    fair_id = text(form, "id", 40) or ""
    try:
        check_id(fair_id, "fair")
        await runtime_of(request).store.fairs.add_fair(fair_id, **fair_values(form))
    except (ValueError, Conflict) as exc:
        flash(request, str(exc), "error")
        return back("/staff/fairs")
    flash(request, f"Added the fair {fair_id}.")
    return back(f"/staff/fairs/{fair_id}")


@require(*STAFF_ROLES)
async def fair_page(request: Request) -> Response:
    fair = await scoped_fair(request)
    scope = scope_of(request)
    booths = [
        b for b in await runtime_of(request).store.fairs.list_booths(fair.id)
        if scope.allows(b.fair_id, b.prefecture)
    ]  # fmt: skip
    return render(request, "staff/fair.html", fair=fair, booths=booths, prefectures=PREFECTURES)


@require("admin")
async def update_fair(request: Request) -> Response:
    fair = await scoped_fair(request)
    form = await checked_form(request)
    await form.close()
    try:
        await runtime_of(request).store.fairs.update_fair(fair.id, **fair_values(form))
    except (ValueError, NotFound) as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, "Saved.")
    return back(f"/staff/fairs/{fair.id}")


@require("admin")
async def create_booth(request: Request) -> Response:
    fair = await scoped_fair(request)
    form = await checked_form(request)
    await form.close()
    booth_id = text(form, "id", 40) or ""
    try:
        check_id(booth_id, "booth")
        await runtime_of(request).store.fairs.add_booth(fair.id, booth_id, **booth_values(form))
        runtime_of(request).deps.booths.invalidate()
    except (ValueError, Conflict, NotFound) as exc:
        flash(request, str(exc), "error")
        return back(f"/staff/fairs/{fair.id}")
    flash(request, f"Added the booth {booth_id}.")
    return back(f"/staff/fairs/{fair.id}/booths/{booth_id}")


@require(*STAFF_ROLES)
async def booth_page(request: Request) -> Response:
    booth = await scoped_booth(request)
    fair = await scoped_fair(request)
    settings = request.app.state.settings
    links = await booth_links(settings, booth)
    warning = public_url_warning(settings)
    return render(request, "staff/booth.html", fair=fair, booth=booth, links=links,
                  prefectures=PREFECTURES, labels=poster.CHANNEL_LABELS,
                  link_warning=warning)  # fmt: skip


@require("admin")
async def update_booth(request: Request) -> Response:
    booth = await scoped_booth(request)
    form = await checked_form(request)
    await form.close()
    try:
        values = booth_values(form)
        await runtime_of(request).store.fairs.update_booth(booth.fair_id, booth.id, **values)
        runtime_of(request).deps.booths.invalidate()
    except (ValueError, NotFound) as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, "Saved.")
    return back(f"/staff/fairs/{booth.fair_id}/booths/{booth.id}")


def file_response(data: bytes, kind: str, name: str) -> Response:
    headers = {"content-disposition": f'inline; filename="{name}.{kind}"'}
    return Response(data, media_type=poster.FORMATS[kind], headers=headers)


@require(*STAFF_ROLES)
async def booth_poster(request: Request) -> Response:
    kind = request.path_params["kind"]
    if kind not in poster.FORMATS:
        raise HTTPException(404, "Posters come as png, svg or pdf.")
    booth = await scoped_booth(request)
    fair = await scoped_fair(request)
    settings = request.app.state.settings
    links = await booth_links(settings, booth)
    warning = public_url_warning(settings)
    if warning:
        log.warning("poster for %s/%s: FAIRBOT_PUBLIC_URL is not set", fair.id, booth.id)
    words = poster.poster_text(
        booth.prefecture, booth.name, fair.name, country=fair.country, warning=warning
    )
    data = await asyncio.to_thread(poster.render_poster, words, links, kind)
    return file_response(data, kind, f"poster-{fair.id}-{booth.id}")


@require(*STAFF_ROLES)
async def booth_qr(request: Request) -> Response:
    kind, channel = request.path_params["kind"], request.path_params["channel"]
    if kind not in poster.FORMATS:
        raise HTTPException(404, "QR codes come as png, svg or pdf.")
    booth = await scoped_booth(request)
    url = (await booth_links(request.app.state.settings, booth)).get(channel)
    if not url:
        raise HTTPException(404, f"No {channel} link: that channel is not configured.")
    data = await asyncio.to_thread(poster.qr_bytes, url, kind)
    return file_response(data, kind, f"qr-{booth.fair_id}-{booth.id}-{channel}")


def routes() -> list[Route]:
    booth = "/fairs/{fair_id}/booths/{booth_id}"
    return [
        Route("/fairs", fairs_page, methods=["GET"]),
        Route("/fairs", create_fair, methods=["POST"]),
        Route("/fairs/{fair_id}", fair_page, methods=["GET"]),
        Route("/fairs/{fair_id}", update_fair, methods=["POST"]),
        Route("/fairs/{fair_id}/booths", create_booth, methods=["POST"]),
        Route(booth, booth_page, methods=["GET"]),
        Route(booth, update_booth, methods=["POST"]),
        Route(booth + "/poster.{kind}", booth_poster),
        Route(booth + "/qr/{channel}.{kind}", booth_qr),
    ]
