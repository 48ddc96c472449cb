"""Shared plumbing for the repositories: sessions and dialect-aware upserts."""

from __future__ import annotations

from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Result, Row, Select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

# SQLAlchemy 2.1's rows and selects are generic over their column types (a
# TypeVarTuple); these are "any columns" for helpers that take any query.
AnySelect = Select[*tuple[Any, ...]]
AnyRow = Row[*tuple[Any, ...]]
AnyResult = Result[*tuple[Any, ...]]
T = TypeVar("T")


def rowcount(result: AnyResult) -> int:
    """Rows an UPDATE or DELETE touched (its result is a `CursorResult` at run time)."""
    return cast("CursorResult[*tuple[Any, ...]]", result).rowcount or 0


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

    async def add_unique(self, row: T, conflict: str) -> T:
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
