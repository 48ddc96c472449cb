"""Persistence: SQLAlchemy models, migrations and every SQL statement fairbot runs.

Imports nothing else of ours, so `handlers/` and `reports/` can depend on it
without cycles. Runs on SQLite (WAL, aiosqlite) and PostgreSQL (asyncpg).
"""

from storage.clock import utcnow
from storage.db import create_engine, upgrade
from storage.errors import DATABASE_UNAVAILABLE, is_unavailable
from storage.store import Store

__all__ = ["DATABASE_UNAVAILABLE", "Store", "create_engine", "is_unavailable", "upgrade", "utcnow"]
