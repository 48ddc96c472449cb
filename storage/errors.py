"""What "the database is unavailable" means, so callers need not know the driver.

An outage (PostgreSQL restarting, the venue network dropping, SQLite's file
locked past its timeout) surfaces as one of these exceptions. Callers that wait
an outage out (the inbox, the web chat) catch `DATABASE_UNAVAILABLE` instead of
importing SQLAlchemy: every SQLAlchemy import stays in `storage/`.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, OperationalError

# A tuple, not a class: SQLAlchemy raises its own types, and `except` needs them.
DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    OperationalError,
    DBAPIError,
    OSError,
    ConnectionError,
)


def is_unavailable(error: BaseException) -> bool:
    """True when `error` means the database could not be reached (retry later)."""
    return isinstance(error, DATABASE_UNAVAILABLE)
