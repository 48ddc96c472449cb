"""A booth's links: web chat URL, Telegram deep link and LINE prefilled-message link."""

from __future__ import annotations

import logging
from urllib.parse import quote, urlencode

from bot.config import Settings
from handlers.identity import encode_booth
from storage.models import Booth

log = logging.getLogger(__name__)


NO_PUBLIC_URL = (
    "FAIRBOT_PUBLIC_URL is not set: the web chat link ({url}) only works on this"
    " computer. Set the server's public address before printing QR codes or posters."
)


def public_url_warning(settings: Settings) -> str | None:
    """Why the web link must not go on a poster yet, or None when a public URL is set.

    Without FAIRBOT_PUBLIC_URL the link is http://HOST:PORT (127.0.0.1:8000 by
    default), which no visitor's phone can open: `booth link` and the poster say so.
    """
    if settings.public_url:
        return None
    return NO_PUBLIC_URL.format(url=settings.base_url)


def web_link(settings: Settings, booth: Booth) -> str:
    return f"{settings.base_url}/?{urlencode({'fair': booth.fair_id, 'booth': booth.id})}"


def telegram_link(username: str, booth: Booth) -> str:
    return f"https://t.me/{username}?start={encode_booth(booth.fair_id, booth.id)}"


def line_message(booth: Booth) -> str:
    """The prefilled message; the `#payload` tag sets the booth context when it arrives."""
    return f"Hello {booth.name}! #{encode_booth(booth.fair_id, booth.id)}"


def line_link(basic_id: str, booth: Booth) -> str:
    """`https://line.me/R/oaMessage/{basic id}/?{text}`, spaces as %20 as LINE documents."""
    return f"https://line.me/R/oaMessage/{quote(basic_id)}/?{quote(line_message(booth), safe='')}"


async def booth_links(settings: Settings, booth: Booth) -> dict[str, str | None]:
    """All three links; a platform that is not configured gives None."""
    telegram = line = None
    if settings.telegram_bot_username or settings.telegram_enabled:
        username = settings.telegram_bot_username
        if username is None:
            from bot.telegram import bot_username

            username = await bot_username(settings)
        telegram = telegram_link(username, booth) if username else None
    if settings.line_enabled or settings.line_basic_id:
        basic_id = settings.line_basic_id
        if basic_id is None:
            from bot.line import basic_id_from_api

            basic_id = await basic_id_from_api(settings)
        line = line_link(basic_id, booth) if basic_id else None
    return {"web": web_link(settings, booth), "telegram": telegram, "line": line}
