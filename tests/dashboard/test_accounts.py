"""Accounts: the first admin, the account rules, the CLI, logging in and out, passwords."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.dashboard.auth import create_account, ensure_first_admin
from bot.dashboard.security import verify_password
from storage import Store
from storage.base import Conflict
from tests.conftest import make_settings
from tests.dashboard.conftest import (
    ADMIN_PASSWORD,
    HTML,
    PASSWORD,
    Login,
    csrf_of,
    login_as,
    post_form,
    runtime_of,
)


async def test_staff_accounts_repository(store: Store) -> None:
    account = await store.staff.add("kim", "hash", role="staff", fair_id="f1")
    assert account.id and account.active
    assert (await store.staff.by_username("kim")).fair_id == "f1"  # type: ignore[union-attr]
    with pytest.raises(Conflict):
        await store.staff.add("kim", "hash", role="viewer")
    with pytest.raises(ValueError, match="role"):
        await store.staff.add("lee", "hash", role="root")
    assert await store.staff.count_active_admins() == 0
    boss = await store.staff.add("boss", "hash", role="admin")
    assert await store.staff.count_active_admins() == 1
    await store.staff.update(boss.id, active=False)
    assert await store.staff.count_active_admins() == 0
    assert [a.username for a in await store.staff.list()] == ["boss", "kim"]


async def test_first_admin_gets_a_generated_password_once(
    sqlite_store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path)
    with caplog.at_level(logging.WARNING, logger="bot.dashboard.auth"):
        password = await ensure_first_admin(sqlite_store, settings)
    assert password and len(password) >= 12
    assert password in caplog.text  # printed once for whoever ran `make run`
    admin = await sqlite_store.staff.by_username("admin")
    assert admin is not None and admin.role == "admin"
    assert await verify_password(admin.password_hash, password)
    assert await ensure_first_admin(sqlite_store, settings) is None  # never again


async def test_first_admin_from_the_environment(sqlite_store: Store, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, FAIRBOT_ADMIN_PASSWORD="from-the-env-1")
    assert await ensure_first_admin(sqlite_store, settings) is None
    admin = await sqlite_store.staff.by_username("admin")
    assert admin is not None and await verify_password(admin.password_hash, "from-the-env-1")


async def test_account_rules(sqlite_store: Store) -> None:
    await sqlite_store.fairs.add_fair("f1", "Fair one")
    with pytest.raises(ValueError, match="fair"):
        await create_account(sqlite_store, "s", PASSWORD, role="staff")
    with pytest.raises(ValueError, match="no fair"):
        await create_account(sqlite_store, "s", PASSWORD, role="staff", fair_id="nope")
    with pytest.raises(ValueError, match="prefecture"):
        await create_account(sqlite_store, "v", PASSWORD, role="viewer")
    with pytest.raises(ValueError, match="8 characters"):
        await create_account(sqlite_store, "v", "short", role="viewer", prefecture="JP-28")
    with pytest.raises(ValueError, match="user name"):
        await create_account(sqlite_store, "bad name", PASSWORD, role="admin")
    viewer = await create_account(sqlite_store, "v", PASSWORD, role="viewer", prefecture="Hyogo")
    assert viewer.prefecture == "JP-28"


def test_cli_staff_add_reads_the_password_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAIRBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("FAIRBOT_SECRET_FILE", str(tmp_path / "secret"))
    runner = CliRunner()
    assert runner.invoke(cli, ["fair", "add", "f1", "--name", "Fair"]).exit_code == 0
    added = runner.invoke(
        cli,
        ["staff", "add", "aiko", "--role", "staff", "--fair", "f1", "--password-stdin"],
        input="a-good-password\n",
    )
    assert added.exit_code == 0, added.output
    assert "a-good-password" not in added.output
    viewer = runner.invoke(
        cli,
        ["staff", "add", "hyogo", "--role", "viewer", "--prefecture", "JP-28", "--password-stdin"],
        input="another-password\n",
    )
    assert viewer.exit_code == 0, viewer.output
    bad = runner.invoke(
        cli, ["staff", "add", "x", "--role", "staff", "--password-stdin"], input="long-enough-1\n"
    )
    assert bad.exit_code == 1 and "fair" in bad.output
    listed = runner.invoke(cli, ["staff", "list", "--json"])
    assert '"aiko"' in listed.output and '"JP-28"' in listed.output
    reset = runner.invoke(
        cli, ["staff", "passwd", "aiko", "--password-stdin"], input="new-pass-99\n"
    )
    assert reset.exit_code == 0, reset.output


async def test_login_logout_and_wrong_password(app_client: httpx.AsyncClient) -> None:
    wrong = await login_as(app_client, "admin", "nope-nope")
    assert wrong.status_code == 401 and "Wrong user name or password" in wrong.text
    unknown = await login_as(app_client, "nobody", ADMIN_PASSWORD)
    assert unknown.status_code == 401 and "Wrong user name or password" in unknown.text
    ok = await login_as(app_client, "admin", ADMIN_PASSWORD)
    assert ok.status_code == 303 and ok.headers["location"] == "/staff/feed"
    assert (await app_client.get("/staff/feed", headers=HTML)).status_code == 200
    out = await post_form(app_client, "/staff/logout", "/staff/feed")
    assert out.status_code == 303
    assert (await app_client.get("/staff/feed", headers=HTML)).status_code == 303


async def test_viewer_lands_on_reports(app_client: httpx.AsyncClient, login: Login) -> None:
    viewer = await login("viewer", prefecture="JP-28")
    assert (await viewer.get("/staff/", headers=HTML)).headers["location"] == "/staff/reports"
    assert (await viewer.get("/staff/reports", headers=HTML)).status_code == 200


async def test_disabled_account_is_logged_out_at_once(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    staff = await login("staff", fair="demo-fair")
    admin = await login("admin")
    target = await runtime_of(app_client).store.staff.by_username("staff1")
    assert target is not None
    response = await post_form(
        admin, f"/staff/accounts/{target.id}/active", "/staff/accounts", active="0"
    )
    assert response.status_code == 303
    assert (await staff.get("/staff/feed", headers=HTML)).status_code == 303


async def test_admin_adds_accounts_and_password_change_ends_other_sessions(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    admin = await login("admin")
    added = await post_form(
        admin, "/staff/accounts", "/staff/accounts", username="kobe", password=PASSWORD,
        role="viewer", prefecture="JP-28",
    )  # fmt: skip
    assert added.status_code == 303
    page = await admin.get("/staff/accounts", headers=HTML)
    assert "kobe" in page.text
    other = await login("admin")  # a second session of the same admin
    changed = await post_form(
        admin, "/staff/accounts/password", "/staff/accounts", current=ADMIN_PASSWORD,
        new="brand-new-password",
    )  # fmt: skip
    assert changed.status_code == 303
    assert (await admin.get("/staff/feed", headers=HTML)).status_code == 200  # this one stays
    assert (await other.get("/staff/feed", headers=HTML)).status_code == 303  # that one ends
    assert csrf_of((await admin.get("/staff/accounts", headers=HTML)).text)


async def test_staff_cannot_use_admin_forms(app_client: httpx.AsyncClient, login: Login) -> None:
    staff = await login("staff", fair="demo-fair")
    response = await post_form(
        staff, "/staff/accounts", "/staff/accounts", username="sneaky", password=PASSWORD,
        role="admin",
    )  # fmt: skip
    assert response.status_code == 403
    assert await runtime_of(app_client).store.staff.by_username("sneaky") is None
