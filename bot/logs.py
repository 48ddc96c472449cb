"""Logging set-up that keeps secrets out of every log line, at every level.

httpx logs each request URL at INFO, and a Bot API URL carries `/bot<token>/`;
an SDK error may quote a header or URL. So every log record is scrubbed as it is
created (a record factory, not a handler filter: it covers every handler,
pytest's capture included): the configured secrets and anything shaped like a
Bot API token are replaced by `[secret]`, in the message and in a traceback.
The chatty HTTP client loggers are also held at WARNING.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import SecretStr

PLACEHOLDER = "[secret]"
# A Telegram bot token (digits, colon, 35 URL-safe characters), wherever it appears.
_BOT_TOKEN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{30,}")
QUIET_LOGGERS = ("httpx", "httpcore", "hpack", "urllib3")
MIN_SECRET = 6  # shorter values would blank out ordinary words

_secrets: set[str] = set()
_previous: Callable[..., logging.LogRecord] | None = None


def scrub(text: str) -> str:
    """`text` with every known secret and token-shaped string replaced."""
    for value in _secrets:
        if value in text:
            text = text.replace(value, PLACEHOLDER)
    return _BOT_TOKEN.sub(PLACEHOLDER, text)


def _scrub_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: let the handler report it as usual
        return
    cleaned = scrub(message)
    if cleaned != message:
        record.msg, record.args = cleaned, None
    if record.exc_info and record.exc_info[1] is not None:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        cleaned = scrub(text)
        if cleaned != text:
            record.exc_text = cleaned  # formatters print exc_text when it is set


def _factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    assert _previous is not None
    record = _previous(*args, **kwargs)
    _scrub_record(record)
    return record


def register_secrets(values: Iterable[SecretStr | str | None]) -> None:
    """Add values that must never appear in a log line."""
    for value in values:
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        if raw and len(raw) >= MIN_SECRET:
            _secrets.add(raw)


def install(secrets: Iterable[SecretStr | str | None] = ()) -> None:
    """Scrub every log record from now on (idempotent) and quieten the HTTP clients."""
    global _previous
    register_secrets(secrets)
    if _previous is None:
        _previous = logging.getLogRecordFactory()
        logging.setLogRecordFactory(_factory)
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:  # an explicit level (DEBUG to diagnose) stays
            logger.setLevel(logging.WARNING)
