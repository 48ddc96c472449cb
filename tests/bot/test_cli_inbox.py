"""`fairbot inbox status` and `fairbot inbox retry` on a real SQLite file."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app
from storage import Store, upgrade


def test_status_shows_reasons_and_retry_requeues(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"

    async def setup() -> int:
        store = Store.from_url(url)
        await upgrade(store.engine)
        [row] = await store.inbox.put_many([("line", "e1", {})], holder="gone")
        assert row is not None
        await store.inbox_failures.dead(row, "ValidationError")
        await store.close()
        return row

    row = asyncio.run(setup())
    env = {"FAIRBOT_DATABASE_URL": url, "FAIRBOT_SECRET_FILE": str(tmp_path / "secret")}
    runner = CliRunner()
    shown = runner.invoke(app, ["inbox", "status"], env=env)
    assert shown.exit_code == 0 and "ValidationError" in shown.output and "dead 1" in shown.output
    data = json.loads(runner.invoke(app, ["inbox", "status", "--json"], env=env).output)
    assert data["counts"]["dead"] == 1 and data["reasons"][0]["reason"] == "ValidationError"
    refused = runner.invoke(app, ["inbox", "retry"], env=env)
    assert refused.exit_code == 1 and "--all" in refused.output
    retried = runner.invoke(app, ["inbox", "retry", str(row), "--json"], env=env)
    assert json.loads(retried.output) == {"retried": 1}
    data = json.loads(runner.invoke(app, ["inbox", "status", "--json"], env=env).output)
    assert data["counts"]["dead"] == 0 and data["counts"]["pending"] == 1
