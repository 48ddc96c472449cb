"""The bot token never reaches a log line, even with every logger at DEBUG."""

from __future__ import annotations

import logging

import pytest

from tests.telegram.conftest import Rig
from tests.telegram.test_visitor import HIMEJI, arrive


async def test_a_whole_conversation_logs_no_token(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "telegram"):
        caplog.set_level(logging.DEBUG, logger=name)
    user = rig.user(1201, language_code="en")
    await arrive(user)
    await user.say("How do I get to Himeji Castle?")
    assert (await user.reply()).text.startswith(HIMEJI["en"])
    await user.say("How do I get to Himeji Castle?" + "\x00")  # odd input is logged too
    await user.reply()
    await rig.drain()
    lines = [record.getMessage() for record in caplog.records]
    assert any("HTTP Request" in line for line in lines), "httpx logged nothing: test is void"
    secret_part = rig.token.split(":", 1)[1]
    assert not [line for line in lines if secret_part in line]
    assert secret_part not in caplog.text
