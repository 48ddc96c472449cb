"""The one clock: timezone-aware UTC, as the database stores it."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, in UTC, timezone-aware (the models refuse naive datetimes)."""
    return datetime.now(UTC)
