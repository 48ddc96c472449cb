"""Sending to the Bot API: retried while it cannot be reached, never twice.

Only failures that certainly delivered nothing (no connection) are retried; a
timeout may have delivered, so it is not.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Bot, CallbackQuery
from telegram.error import NetworkError, TelegramError, TimedOut

log = logging.getLogger(__name__)

SEND_RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)  # about 15 s of outage is bridged


async def send_message(bot: Bot, chat_id: int | str, text: str, markup: Any) -> None:
    """Send one message, retrying with backoff while the Bot API cannot be reached."""
    for attempt, delay in enumerate((*SEND_RETRY_DELAYS, None)):
        try:
            await bot.send_message(chat_id, text, reply_markup=markup)
            return
        except TimedOut:
            raise
        except NetworkError as exc:
            if delay is None:
                raise
            log.warning("telegram: send failed (%s), retry %d in %.1fs", exc, attempt + 1, delay)
            await asyncio.sleep(delay)


async def answer_query(query: CallbackQuery) -> None:
    """Stop a pressed button's spinner; for an old press this is a courtesy that may fail."""
    try:
        await query.answer()
    except TelegramError as exc:
        log.info("telegram: callback query not answered: %s", exc)
