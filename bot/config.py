"""Settings, read once from the environment and `.env`, typed and validated.

One table (the fields below, each with its environment variable and a
description) drives the defaults, the README's configuration table and the
error a bad value produces at start-up.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.logs import register_secrets
from faq.loader import kb_files

MIN_SECRET_KEY = 32  # characters; `secrets.token_urlsafe(32)` gives 43
SECRET_KEY_HINT = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
SAMPLE_KB = Path(__file__).resolve().parent.parent / "faq" / "sample" / "sample-kb.yaml"


def env(name: str, description: str, default: Any = None, **kwargs: Any) -> Any:
    """A settings field read from the environment variable `name`."""
    return Field(default, validation_alias=name, description=description, **kwargs)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    database_url: str = env(
        "FAIRBOT_DATABASE_URL",
        "SQLAlchemy async URL: `sqlite+aiosqlite:///PATH` or `postgresql+asyncpg://...`.",
        "sqlite+aiosqlite:///fairbot.db",
    )
    kb_path: Path = env(
        "FAIRBOT_KB", "FAQ knowledge base: a YAML/CSV/XLSX file or a folder of them.", SAMPLE_KB
    )
    kb_dir: Path = env(
        "FAIRBOT_KB_DIR",
        "Where dashboard edits to the KB are written; when it holds KB files they are"
        " loaded instead of `FAIRBOT_KB`.",
        Path("kb-live"),
    )
    secret_key: SecretStr | None = env(
        "FAIRBOT_SECRET_KEY",
        "Key for visitor pseudonyms and session cookies, at least 32 characters; required"
        " with PostgreSQL or several instances, else generated into `FAIRBOT_SECRET_FILE`"
        " on first run.",
    )
    secret_file: Path = env(
        "FAIRBOT_SECRET_FILE", "Where a generated secret key is kept.", Path(".fairbot-secret")
    )
    spool_dir: Path = env(
        "FAIRBOT_SPOOL_DIR",
        "This instance's own folder: events accepted while the database is unreachable"
        " (replayed later) and the instance's name; one per `fairbot serve` process.",
        Path("spool"),
    )
    concurrency: int = env(
        "FAIRBOT_CONCURRENCY",
        "Events handled at once per process (FAQ match, database writes) while webhooks"
        " keep arriving; sending the answers waits on the platform outside this limit."
        " Low keeps webhook acknowledgements fast under load (they share the process).",
        2,
        ge=1,
        le=256,
    )
    calm_concurrency: int = env(
        "FAIRBOT_CALM_CONCURRENCY",
        "Events handled at once once webhooks stop arriving (a backlog after a flood):"
        " their database statements share batches, so more at once is faster."
        " Never below FAIRBOT_CONCURRENCY.",
        32,
        ge=1,
        le=256,
    )
    host: str = env("FAIRBOT_HOST", "Address `fairbot serve` listens on.", "127.0.0.1")
    port: int = env("FAIRBOT_PORT", "Port `fairbot serve` listens on.", 8000, ge=1, le=65535)
    public_url: str | None = env(
        "FAIRBOT_PUBLIC_URL",
        "Public base URL of this server, used in booth links (default: http://HOST:PORT).",
    )
    demo: bool = env(
        "FAIRBOT_DEMO", "Create the demo fair and booths on first start when none exist.", True
    )
    default_fair: str | None = env(
        "FAIRBOT_DEFAULT_FAIR",
        "Fair a visitor without a booth link is logged under (demo: `demo-fair`).",
    )
    default_booth: str | None = env(
        "FAIRBOT_DEFAULT_BOOTH", "Booth for visitors without a booth link (demo: `info`)."
    )
    log_level: str = env("FAIRBOT_LOG_LEVEL", "Logging level (DEBUG, INFO, WARNING...).", "INFO")
    max_message_chars: int = env(
        "FAIRBOT_MAX_MESSAGE_CHARS", "Longest visitor message accepted.", 2000, ge=1
    )
    flood_chat_per_client: int = env(
        "FAIRBOT_FLOOD_CHAT_PER_CLIENT",
        "Web chat messages (`POST /api/chat`) per minute from one client address, in bursts"
        " of a fifth of it; more get 429 and a polite notice. Generous: a fair's visitors"
        " often share the venue's address (set FORWARDED_ALLOW_IPS behind a proxy).",
        120,
        ge=1,
    )
    flood_chat_total: int = env(
        "FAIRBOT_FLOOD_CHAT_TOTAL",
        "Web chat messages per minute from all clients together, per instance.",
        3000,
        ge=1,
    )
    flood_poll_per_client: int = env(
        "FAIRBOT_FLOOD_POLL_PER_CLIENT",
        "`GET /api/messages` polls per minute from one client address (a page polls every 3 s).",
        1200,
        ge=1,
    )
    flood_poll_total: int = env(
        "FAIRBOT_FLOOD_POLL_TOTAL",
        "`GET /api/messages` polls per minute from all clients together, per instance.",
        30000,
        ge=1,
    )
    privacy_url: str = env(
        "FAIRBOT_PRIVACY_URL", "Full privacy notice linked from the first reply.", "/privacy"
    )
    admin_password: SecretStr | None = env(
        "FAIRBOT_ADMIN_PASSWORD", "Password for the first `admin` staff account."
    )
    telegram_bot_token: SecretStr | None = env(
        "TELEGRAM_BOT_TOKEN", "Telegram bot token; unset = Telegram off."
    )
    telegram_api_base_url: str = env(
        "TELEGRAM_API_BASE_URL",
        "Bot API base URL (self-hosted Bot API server, or an emulator in tests).",
        "https://api.telegram.org",
    )
    telegram_webhook_url: str | None = env(
        "TELEGRAM_WEBHOOK_URL", "Public URL for Telegram webhooks; unset = long polling."
    )
    telegram_secret_token: SecretStr | None = env(
        "TELEGRAM_SECRET_TOKEN", "Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token."
    )
    telegram_bot_username: str | None = env(
        "TELEGRAM_BOT_USERNAME", "Bot username for deep links (default: asked from getMe)."
    )
    line_channel_secret: SecretStr | None = env(
        "LINE_CHANNEL_SECRET", "LINE channel secret (webhook signatures); unset = LINE off."
    )
    line_channel_access_token: SecretStr | None = env(
        "LINE_CHANNEL_ACCESS_TOKEN", "LINE channel access token for the Messaging API."
    )
    line_api_base_url: str = env(
        "LINE_API_BASE_URL",
        "Messaging API base URL (a proxy, or a stub in tests).",
        "https://api.line.me",
    )
    line_basic_id: str | None = env(
        "LINE_BASIC_ID", "The official account's @id for booth links (default: from bot info)."
    )
    smtp_host: str | None = env("SMTP_HOST", "SMTP server for e-mailed reports.")
    smtp_port: int = env("SMTP_PORT", "SMTP port.", 587, ge=1, le=65535)
    smtp_username: str | None = env("SMTP_USERNAME", "SMTP user name, if the server needs one.")
    smtp_password: SecretStr | None = env("SMTP_PASSWORD", "SMTP password.")
    smtp_starttls: bool = env("SMTP_STARTTLS", "Use STARTTLS on the SMTP connection.", True)
    smtp_from: str = env("SMTP_FROM", "Sender address of report e-mails.", "fairbot@localhost")

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///PATH or postgresql+asyncpg://...")
        return value

    @field_validator("telegram_secret_token")
    @classmethod
    def _telegram_secret_chars(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise ValueError("use 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        return value

    @field_validator("secret_key")
    @classmethod
    def _long_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_KEY:
            raise ValueError(f"use at least {MIN_SECRET_KEY} characters (e.g. {SECRET_KEY_HINT})")
        return value

    @model_validator(mode="after")
    def _secret_for_shared_database(self) -> Settings:
        """Several processes on PostgreSQL must share one key: a generated file is per disk."""
        if self.secret_key is None and self.database_url.startswith("postgresql"):
            raise ValueError(
                "FAIRBOT_SECRET_KEY is required with PostgreSQL, the same on every"
                f" instance (e.g. {SECRET_KEY_HINT})"
            )
        return self

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("use DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value.upper()

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Settings:
        """Settings from an explicit mapping only: no environment, no `.env` (for tests)."""
        return cls.model_validate(dict(values))

    def secret_values(self) -> list[SecretStr]:
        """Every configured secret (tokens, keys, passwords): kept out of the logs."""
        return [value for value in self.__dict__.values() if isinstance(value, SecretStr)]

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_bot_token is not None

    @property
    def line_enabled(self) -> bool:
        return self.line_channel_secret is not None and self.line_channel_access_token is not None

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    def live_kb_path(self) -> Path:
        """The KB to load: the dashboard's edits in `kb_dir` when it holds any, else `kb_path`."""
        if self.kb_dir.is_dir() and kb_files(self.kb_dir):
            return self.kb_dir
        return self.kb_path

    def secret(self) -> str:
        """The server secret, generated and persisted on first use when not configured."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        if self.secret_file.exists():
            value = self.secret_file.read_text(encoding="utf-8").strip()
            register_secrets([value])
            return value
        value = secrets.token_urlsafe(32)
        register_secrets([value])
        self.secret_file.write_text(value + "\n", encoding="utf-8")
        self.secret_file.chmod(0o600)
        self.secret_key = SecretStr(value)
        return value


class ConfigError(Exception):
    """A setting has a bad value; the message is one line naming the variable."""


def describe(error: ValidationError) -> str:
    """Turn pydantic's report into one line per bad variable, naming the variable."""
    lines = []
    for item in error.errors():
        if not item["loc"]:  # a rule across settings: its input is every value, secrets too
            lines.append(str(item["msg"]).removeprefix("Value error, "))
            continue
        name = str(item["loc"][0])
        secret = any(word in name for word in ("TOKEN", "SECRET", "PASSWORD", "KEY"))
        shown = "(value hidden)" if secret else f"(got {item.get('input')!r})"
        lines.append(f"{name}: {item['msg']} {shown}")
    return "; ".join(lines)


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment and `.env`; raise ConfigError on a bad value."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(describe(exc)) from None


def settings_table() -> list[tuple[str, str, str]]:
    """(variable, default, description) for every setting, in declaration order."""
    rows = []
    for field in Settings.model_fields.values():
        default = field.default
        if isinstance(default, Path) and default == SAMPLE_KB:
            shown = "bundled sample KB"
        else:
            shown = "" if default is None else str(default)
        rows.append((str(field.validation_alias), shown, field.description or ""))
    return rows
