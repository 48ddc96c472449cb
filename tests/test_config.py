"""Settings: typed, defaults sane, secrets redacted, bad values stop start-up in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.config import ConfigError, Settings, load_settings, settings_table


def test_defaults_run_the_embedded_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_mapping({})
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert settings.kb_path.name == "sample-kb.yaml" and settings.kb_path.exists()
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert not settings.telegram_enabled and not settings.line_enabled


def test_secret_is_generated_once_and_persisted(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    first = Settings.from_mapping({"FAIRBOT_SECRET_FILE": str(secret_file)}).secret()
    again = Settings.from_mapping({"FAIRBOT_SECRET_FILE": str(secret_file)}).secret()
    assert first == again and len(first) >= 32
    assert secret_file.stat().st_mode & 0o077 == 0


def test_secrets_are_redacted_in_repr() -> None:
    settings = Settings.from_mapping(
        {"TELEGRAM_BOT_TOKEN": "123:very-secret", "FAIRBOT_SECRET_KEY": "hush" * 8}
    )
    assert "very-secret" not in repr(settings) and "hush" not in repr(settings)
    assert settings.telegram_enabled


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FAIRBOT_PORT", "eighty"),
        ("FAIRBOT_PORT", "70000"),
        ("FAIRBOT_DATABASE_URL", "mysql://localhost/x"),
        ("FAIRBOT_LOG_LEVEL", "LOUD"),
        ("FAIRBOT_MAX_MESSAGE_CHARS", "0"),
        ("TELEGRAM_SECRET_TOKEN", "has spaces!"),
    ],
)
def test_bad_value_names_the_variable(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert variable in message and "\n" not in message


def test_cli_reports_bad_config_in_one_line_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["fair", "list"], env={"FAIRBOT_PORT": "eighty"})
    assert result.exit_code == 2
    output = result.output.strip()
    assert "FAIRBOT_PORT" in output and "Traceback" not in output
    assert len(output.splitlines()) == 1


def test_settings_table_lists_every_variable() -> None:
    names = [row[0] for row in settings_table()]
    for required in (
        "FAIRBOT_DATABASE_URL",
        "FAIRBOT_KB",
        "FAIRBOT_SECRET_KEY",
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_API_BASE_URL",
        "TELEGRAM_WEBHOOK_URL",
        "TELEGRAM_SECRET_TOKEN",
        "LINE_CHANNEL_SECRET",
        "LINE_CHANNEL_ACCESS_TOKEN",
        "LINE_API_BASE_URL",
        "LINE_BASIC_ID",
    ):
        assert required in names
    assert len(names) == len(set(names))


def test_a_bad_secret_is_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", "s3cr3t value!")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "TELEGRAM_SECRET_TOKEN" in str(caught.value) and "s3cr3t" not in str(caught.value)
