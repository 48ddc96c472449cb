"""Database errors: refusals told from outages, and described without the row's data."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError, StatementError

from storage import Store
from storage.errors import describe, is_refused, is_unavailable

VISITOR_TEXT = "my secret question 0812345678"


async def failed_insert(store: Store, name: str) -> BaseException:
    insert = text("INSERT INTO fairs (id, name, created_at) VALUES (:id, :name, :at)")
    values = {"id": "key-x9q", "name": name, "at": datetime(2026, 1, 1, tzinfo=UTC)}
    async with store.engine.begin() as connection:
        await connection.execute(insert, values)
    with pytest.raises(StatementError) as caught:
        async with store.engine.begin() as connection:
            await connection.execute(insert, values)
    return caught.value


async def test_a_refused_row_is_no_outage_and_its_values_stay_out_of_the_error(
    store: Store,
) -> None:
    error = await failed_insert(store, VISITOR_TEXT)
    assert is_refused(error) and not is_unavailable(error)
    assert VISITOR_TEXT not in str(error)  # hide_parameters on the engine
    assert "key-x9q" not in describe(error) and VISITOR_TEXT not in describe(error)
    assert describe(error).startswith("IntegrityError")


async def test_a_nul_refused_by_postgresql_is_a_refusal(store: Store) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite stores NUL characters")
    with pytest.raises(DBAPIError) as caught:
        await store.fairs.add_fair("nul-fair", "bad\x00" + VISITOR_TEXT)
    assert is_refused(caught.value) and not is_unavailable(caught.value)
    assert VISITOR_TEXT not in str(caught.value) and VISITOR_TEXT not in describe(caught.value)


async def test_a_value_the_driver_cannot_send_is_described_without_it(store: Store) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("asyncpg checks argument types; SQLite stores anything")
    with pytest.raises(StatementError) as caught:
        async with store.engine.begin() as connection:
            await connection.execute(text("SELECT CAST(:n AS integer)"), {"n": VISITOR_TEXT})
    assert is_refused(caught.value) and not is_unavailable(caught.value)
    assert VISITOR_TEXT not in describe(caught.value)


def test_unreachable_is_an_outage() -> None:
    error = OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))
    assert is_unavailable(error) and not is_refused(error)
    assert is_unavailable(ConnectionRefusedError()) and is_unavailable(TimeoutError())
    assert describe(ValueError(VISITOR_TEXT)) == "ValueError"
