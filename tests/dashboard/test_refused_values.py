"""A value the database refuses in a staff form (a NUL, on PostgreSQL) is a 400, not a 500."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from tests.conftest import _truncate, make_settings
from tests.dashboard.conftest import ADMIN_PASSWORD, HTML, Login, post_form

pytestmark = pytest.mark.postgres


@pytest.fixture
async def settings(tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    url = request.getfixturevalue("pg_database")
    await _truncate(url)
    return make_settings(tmp_path, FAIRBOT_DATABASE_URL=url, FAIRBOT_ADMIN_PASSWORD=ADMIN_PASSWORD)


async def test_a_nul_in_a_staff_form_is_a_clear_400(login: Login) -> None:
    admin = await login("admin")
    response = await post_form(
        admin, "/staff/fairs/demo-fair", "/staff/fairs/demo-fair", name="Demo\x00 fair"
    )
    assert response.status_code == 400 and "cannot be stored" in response.text
    page = await admin.get("/staff/fairs/demo-fair", headers=HTML)
    assert page.status_code == 200  # nothing broken, the session goes on


async def test_an_api_caller_gets_json(app_client: httpx.AsyncClient) -> None:
    from sqlalchemy.exc import DataError
    from starlette.requests import Request

    from bot.edge import refused_as_400

    scope = {"type": "http", "method": "POST", "path": "/api/x", "headers": [], "query_string": b""}
    response = await refused_as_400(Request(scope), DataError("INSERT", {}, ValueError("0x00")))
    assert response.status_code == 400 and b"cannot be stored" in response.body
    with pytest.raises(RuntimeError):
        await refused_as_400(Request(scope), RuntimeError("not a refusal"))
