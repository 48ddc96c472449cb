"""Shared plumbing for the repositories: sessions and dialect-aware upserts."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker


class Conflict(ValueError):
    """A row with that key exists already."""


class NotFound(LookupError):
    """The row asked for does not exist."""


class Repository:
    """One group of statements over one session factory."""

    def __init__(self, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.engine = engine
        self.sessions = sessions

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def add_unique(self, row: Any, conflict: str) -> Any:
        """Insert one new row; a clash with an existing key raises Conflict(`conflict`)."""
        async with self.sessions() as session:
            session.add(row)
            try:
                await session.commit()
            except IntegrityError as exc:
                raise Conflict(conflict) from exc
        return row

    def insert(self, table: Any) -> Any:
        """An INSERT that understands ON CONFLICT on both supported databases."""
        if self.dialect == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)
