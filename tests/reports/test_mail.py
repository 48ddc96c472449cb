"""`fairbot report send` against a real SMTP server (aiosmtpd) started by the test."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from typer.testing import CliRunner

from reports.mail import SmtpConfig, prepare, send
from reports.seed import seed
from storage import Store, upgrade
from tests.conftest import DEV_KB
from tests.reports.conftest import FAIR, Seeded, add_fairs


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[Envelope, EmailMessage]] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope, parsed))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def check_message(message: EmailMessage, to: str) -> None:
    assert message["To"] == to
    assert "来場者問い合わせレポート" in message["Subject"]
    assert "Visitor inquiry report" in message["Subject"]
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "ご担当者様" in text and "質問数" in text
    assert "Dear" in text and "Questions:" in text
    assert "主な旅行の懸念事項" in text and "Top travel concerns:" in text
    names = {part.get_filename(): part for part in message.iter_attachments()}
    xlsx = next(name for name in names if name and name.endswith(".xlsx"))
    assert names[xlsx].get_content()[:2] == b"PK"  # a zip: the workbook itself
    assert any(name and name.endswith("-ja.html") for name in names)


async def test_send_service_delivers_one_message_per_booth(
    seeded: Seeded, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, port = smtp_server
    messages = await prepare(seeded.store, FAIR, sender="reports@fairbot.test")
    assert sorted(m.to for m in messages) == [
        "hyogo@example.jp",
        "info@example.jp",
        "kyoto@example.jp",
    ]
    config = SmtpConfig(host="127.0.0.1", port=port, starttls=False, sender="reports@fairbot.test")
    assert await send(config, messages) == 3
    received = {envelope.rcpt_tos[0]: message for envelope, message in inbox.messages}
    assert set(received) == {"hyogo@example.jp", "info@example.jp", "kyoto@example.jp"}
    check_message(received["hyogo@example.jp"], "hyogo@example.jp")
    hyogo = next(m for m in messages if m.booth_id == "hyogo")
    assert hyogo.questions > 0


def _setup(url: str) -> None:
    async def go() -> None:
        from faq.loader import load_kb

        store = Store.from_url(url)
        try:
            await upgrade(store.engine)
            await add_fairs(store)
            await seed(store, FAIR, 300, kb=load_kb(DEV_KB), random_seed=3)
            await store.fairs.update_booth(FAIR, "info", email=None)
        finally:
            await store.close()

    asyncio.run(go())


def test_cli_report_send(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, smtp_server: tuple[Inbox, int]
) -> None:
    from bot.cli import app

    inbox, port = smtp_server
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    _setup(url)
    env = {
        "FAIRBOT_DATABASE_URL": url,
        "FAIRBOT_KB": str(DEV_KB),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "SMTP_STARTTLS": "false",
        "SMTP_FROM": "reports@fairbot.test",
        "FAIRBOT_SECRET_FILE": str(tmp_path / "secret"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # no stray .env
    runner = CliRunner()

    dry = runner.invoke(app, ["report", "send", "--fair", FAIR, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "hyogo@example.jp" in dry.output and "2 message(s) would be sent" in dry.output
    assert inbox.messages == []

    sent = runner.invoke(app, ["report", "send", "--fair", FAIR])
    assert sent.exit_code == 0, sent.output
    assert "sent 2 message(s)" in sent.output
    assert sorted(env.rcpt_tos[0] for env, _ in inbox.messages) == [
        "hyogo@example.jp",
        "kyoto@example.jp",
    ]
    for envelope, message in inbox.messages:
        check_message(message, envelope.rcpt_tos[0])
