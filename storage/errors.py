"""What a database error means, and how to describe it without the data it carries.

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


def is_outage(error: BaseException) -> bool:
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


# What callers that wait an outage out catch (a tuple: `except` needs the types);
# `is_outage` then tells an outage from a refused row.
DATABASE_UNAVAILABLE: tuple[type[BaseException], ...] = (DBAPIError, OSError, ConnectionError)


def is_unavailable(error: BaseException) -> bool:
    """True when `error` means the database could not be reached (retry later)."""
    return is_outage(error)
