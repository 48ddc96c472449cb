"""`fairbot report ...` and `fairbot demo seed` through the real Typer app."""

from __future__ import annotations

import asyncio
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from storage import Store, upgrade
from tests.conftest import DEV_KB
from tests.reports.conftest import FAIR, add_fairs


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"

    async def setup() -> None:
        store = Store.from_url(url)
        try:
            await upgrade(store.engine)
            await add_fairs(store)
        finally:
            await store.close()

    asyncio.run(setup())
    monkeypatch.setenv("FAIRBOT_DATABASE_URL", url)
    monkeypatch.setenv("FAIRBOT_KB", str(DEV_KB))
    monkeypatch.setenv("FAIRBOT_SECRET_FILE", str(tmp_path / "secret"))
    monkeypatch.chdir(tmp_path)
    return url


def test_demo_seed_then_every_report_format(cli_env: str, tmp_path: Path) -> None:
    from bot.cli import app

    runner = CliRunner()
    seeded = runner.invoke(app, ["demo", "seed", "--fair", FAIR, "--inquiries", "500"])
    assert seeded.exit_code == 0, seeded.output
    assert "seeded 500 inquiries" in seeded.output

    xlsx = tmp_path / "out" / "report.xlsx"
    xlsx.parent.mkdir()
    made = runner.invoke(
        app,
        ["report", "--fair", FAIR, "--format", "xlsx", "--out", str(xlsx), "--raw-rows", "7"]
        + ["--lang", "en"],
    )
    assert made.exit_code == 0, made.output
    workbook = openpyxl.load_workbook(xlsx, read_only=True)
    try:
        rows = list(workbook["Raw"].values)
        assert len(rows) == 2 + 7 and "Newest 7 of 500 rows" in rows[0][0]
    finally:
        workbook.close()

    html = tmp_path / "hyogo.html"
    args = [
        "report",
        "--fair",
        FAIR,
        "--prefecture",
        "Hyogo",
        "--by",
        "topic",
        "--from",
        "2025-05-09",
        "--to",
        "2025-05-10",
        "--format",
        "html",
        "--lang",
        "en",
        "--out",
        str(html),
    ]
    made = runner.invoke(app, args)
    assert made.exit_code == 0, made.output
    page = html.read_text(encoding="utf-8")
    assert "Hyogo" in page and "prefecture asked about" in page and "2025-05-10" in page

    csv = tmp_path / "raw.csv"
    made = runner.invoke(app, ["report", "--fair", FAIR, "--format", "csv", "--out", str(csv)])
    assert made.exit_code == 0, made.output
    assert len(csv.read_text(encoding="utf-8-sig").splitlines()) == 501

    compared = tmp_path / "markets.html"
    args = ["report", "--by", "fair", "--fair", FAIR, "--fair", "jtf-2024-sg", "--format", "html"]
    made = runner.invoke(app, [*args, "--lang", "en", "--out", str(compared)])
    assert made.exit_code == 0, made.output
    page = compared.read_text(encoding="utf-8")
    assert "Fair and market comparison" in page and "Difference (points)" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--format", "xlsx", "--out", "x.xlsx"], "--fair is required"),
        (["report", "--fair", FAIR], "--out is required"),
        (["report", "--fair", "nope", "--out", "x.xlsx"], "no fair nope"),
        (
            ["report", "--fair", FAIR, "--prefecture", "Atlantis", "--out", "x"],
            "'Atlantis': use JP-01",
        ),
        (
            ["report", "--fair", FAIR, "--from", "2025-05-10", "--to", "2025-05-09", "--out", "x"],
            "--to is before --from",
        ),
        (["report", "send", "--fair", FAIR], "SMTP_HOST is not set"),
        (["demo", "seed", "--fair", "nope"], "no fair 'nope'"),
        (["report", "--by", "fair", "--fair", FAIR, "--out", "x.xlsx"], "--by fair compares"),
        (
            ["report", "--by", "fair", "--fair", FAIR, "--fair", "jtf-2025-th"]
            + ["--format", "csv", "--out", "x.csv"],
            "--by fair compares",
        ),
    ],
)
def test_clear_errors(cli_env: str, args: list[str], message: str) -> None:
    from bot.cli import app

    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0
    assert message in " ".join(result.output.split()), result.output
