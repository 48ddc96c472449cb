"""`fairbot booth link` with LINE configured: the basic id asked from the (stub) API."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

from typer.testing import CliRunner

from bot.cli import app
from tests.line.conftest import SECRET, TOKEN
from tests.line.stub import LineStub, serving_in_thread


def test_booth_link_prints_the_line_link(tmp_path: Path) -> None:
    with serving_in_thread(LineStub(TOKEN)) as stub:
        env = {
            "FAIRBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
            "FAIRBOT_SECRET_FILE": str(tmp_path / "secret"),
            "LINE_CHANNEL_SECRET": SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
            "LINE_API_BASE_URL": stub.url,
        }
        runner = CliRunner()

        def cli(*args: str):  # type: ignore[no-untyped-def]
            result = runner.invoke(app, list(args), env=env)
            assert result.exit_code == 0, result.output
            return result

        cli("fair", "add", "jtf-2026-bkk", "--name", "JTF Bangkok", "--country", "th")
        cli(
            "booth",
            "add",
            "hyogo",
            "--fair",
            "jtf-2026-bkk",
            "--prefecture",
            "Hyogo",
            "--name",
            "Hyogo Prefecture",
        )
        links = json.loads(
            cli("booth", "link", "--fair", "jtf-2026-bkk", "--booth", "hyogo", "--json").stdout
        )
        assert stub.violations == []
        assert len(stub.calls_to("getBotInfo")) == 1
    prefix = "https://line.me/R/oaMessage/%40fairbot/?"
    assert links["line"].startswith(prefix)
    assert (
        unquote(links["line"][len(prefix) :]) == "Hello Hyogo Prefecture! #anRmLTIwMjYtYmtrL2h5b2dv"
    )
