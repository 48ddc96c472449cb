"""Persistence: SQLAlchemy models, migrations and every SQL statement fairbot runs.

Imports nothing else of ours, so `handlers/` and `reports/` can depend on it
without cycles. Runs on SQLite (WAL, aiosqlite) and PostgreSQL (asyncpg).
"""

from storage.db import create_engine, upgrade
from storage.store import Store

__all__ = ["Store", "create_engine", "upgrade"]
