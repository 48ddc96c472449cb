"""What a database error means, and how to describe it without the data it carries.

Callers that wait an outage out (the inbox, the web chat) use these instead of
importing SQLAlchemy: every SQLAlchemy import stays in `storage/`.

An outage (the database cannot be reached, a connection dropped) is worth
waiting out: the same write will work later. A refusal (this row has a NUL the
database cannot store, breaks a constraint, does not fit a column) will fail
the same way every time: retrying it for minutes only holds up other work.
Error text is stored in `inbox_events.error` and logged, so it never carries
bound parameters or values (the engines are created with `hide_parameters`,
and `describe` keeps only the first line of the driver's message).
"""

from __future__ import annotations

import re

from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    DisconnectionError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    StatementError,
)

MAX_DESCRIPTION = 200
_QUOTED = re.compile(r"'[^']*'?")
OUTAGE = (OperationalError, InterfaceError, DisconnectionError, OSError, TimeoutError)
# Everything that *may* be an outage, for `except` clauses (a tuple: SQLAlchemy raises its
# own types); such a handler then asks `is_unavailable`, since a refused row is a
# DBAPIError too and waiting would never make it go through.
DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    OperationalError,
    DBAPIError,
    OSError,
    ConnectionError,
)


# The base of every error a statement raises (refusals and outages alike), for an
# app-wide handler that turns refusals into a 400 (bot.edge.refused_as_400).
STATEMENT_ERROR: type[Exception] = StatementError


def is_unavailable(error: BaseException) -> bool:
    """The database could not be reached: the same statement may work later."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, OUTAGE):
        return True
    # A generic DBAPIError (neither data nor integrity) without a clear refusal:
    # treated as an outage, which is the safe side (retried, never dropped).
    return isinstance(error, DBAPIError) and not is_refused(error)


REFUSAL_CLASSES = ("22", "23")  # SQLSTATE: data exception, integrity constraint violation
VALUE_ERRORS = (ValueError, UnicodeError, OverflowError, TypeError)


def _sqlstate(error: BaseException) -> str:
    origin = getattr(error, "orig", None)
    return str(getattr(origin, "sqlstate", None) or getattr(origin, "pgcode", None) or "")


def _causes(error: BaseException | None) -> list[BaseException]:
    chain: list[BaseException] = []
    while error is not None and len(chain) < 10:
        chain.append(error)
        error = error.__cause__ or error.__context__
    return chain


def is_refused(error: BaseException) -> bool:
    """The database refused this row's values: retrying the same row fails the same way."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return False
    if isinstance(error, DataError | IntegrityError):
        return True
    if _sqlstate(error)[:2] in REFUSAL_CLASSES:
        return True
    if not isinstance(error, StatementError):
        return False
    # Values the driver could not even send (bad encoding, a NUL, a wrong type).
    chain = _causes(error.orig)
    return not any(isinstance(e, OSError) for e in chain) and any(
        isinstance(e, VALUE_ERRORS) for e in chain
    )


def describe(error: BaseException) -> str:
    """A short, data-free description: exception class and the driver's first line."""
    origin = getattr(error, "orig", None) if isinstance(error, StatementError) else None
    if origin is None and not isinstance(error, StatementError):
        # Other exceptions' messages may quote anything (visitor text included).
        return type(error).__name__
    message = str(origin if origin is not None else "").splitlines()
    first = message[0] if message else ""
    first = first.split("DETAIL:", 1)[0].strip()
    first = _QUOTED.sub("'…'", first)  # drivers quote the offending value
    if "(" in first and "=" in first:  # "Key (event_id)=(...)": a value would follow
        first = first.split("(", 1)[0].strip()
    name = type(origin).__name__ if origin is not None else type(error).__name__
    text = (
        f"{type(error).__name__} ({name}): {first}" if first else f"{type(error).__name__} ({name})"
    )
    return text[:MAX_DESCRIPTION]
