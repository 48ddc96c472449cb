"""Rate limits, the polling lease, bot username and deep links, and the spec checker itself."""

from __future__ import annotations

import warnings
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.links import booth_links
from bot.telegram import bot_username
from bot.telegram.transport import FairRateLimiter, PollingLease
from handlers.identity import decode_booth
from storage import Store
from tests.conftest import make_settings
from tests.telegram import spec
from tests.telegram.conftest import FAIR, Rig, prepare, running_app
from tests.telegram.emulator_request import ApiCall, Recorder


async def test_rate_limiter_retries_after_retry_after() -> None:
    limiter = FairRateLimiter(max_retries=2)
    attempts: list[int] = []
    with warnings.catch_warnings():  # PTB 22 warns about its own RetryAfter.retry_after type
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        flood = RetryAfter(timedelta(seconds=0))

    async def send(**kwargs: Any) -> dict[str, Any]:
        attempts.append(1)
        if len(attempts) == 1:
            raise flood
        return {"ok": True}

    result = await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 42}, None)
    assert result == {"ok": True} and len(attempts) == 2
    assert 42 in limiter.chat_limiters  # a private chat gets its own ~1/s limiter
    await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": -1001}, None)
    assert -1001 not in limiter.chat_limiters  # groups use PTB's 20/min group limiter


async def test_only_the_lease_holder_polls_and_a_standby_takes_over(store: Store) -> None:
    polling: dict[str, bool] = {"a": False, "b": False}

    def lease(name: str) -> PollingLease:
        async def start() -> None:
            polling[name] = True

        async def stop() -> None:
            polling[name] = False

        return PollingLease(store, start, stop, renew_seconds=3600)

    first, second = lease("a"), lease("b")
    await first.begin()
    await second.begin()
    assert polling == {"a": True, "b": False}
    await first.end()
    assert polling == {"a": False, "b": False}
    await second.check()
    assert polling == {"a": False, "b": True}
    await second.end()


async def test_a_second_instance_on_the_same_database_stands_by(
    rig: Rig, emulator: str, tmp_path: Path
) -> None:
    from bot.app import create_app

    second = create_app(rig.settings)  # same token, same database
    async with second.router.lifespan_context(second):
        channel = second.state.channels.by_platform["telegram"]
        assert channel.lease is not None and channel.lease.polling is False
    assert rig.channel.lease is not None and rig.channel.lease.polling is True


async def test_bot_username_and_the_booth_deep_link(
    emulator: str, tmp_path: Path, recorder: Recorder
) -> None:
    settings = make_settings(tmp_path, TELEGRAM_BOT_TOKEN="1:LINK", TELEGRAM_API_BASE_URL=emulator)
    assert await bot_username(settings) == "TestNameBot"
    assert recorder.methods() == ["getMe"]
    store = await prepare(settings)
    try:
        booth = await store.fairs.get_booth(FAIR, "hyogo")
        assert booth is not None
        links = await booth_links(settings, booth)
    finally:
        await store.close()
    link = links["telegram"]
    assert link is not None and link.startswith("https://t.me/TestNameBot?start=")
    payload = link.split("start=", 1)[1]
    assert len(payload) <= 64 and decode_booth(payload) == (FAIR, "hyogo")


async def test_bot_username_configured_or_unavailable(tmp_path: Path) -> None:
    named = make_settings(tmp_path, TELEGRAM_BOT_USERNAME="@FairJapanBot")
    assert await bot_username(named) == "FairJapanBot"
    assert await bot_username(make_settings(tmp_path)) is None


async def test_the_app_starts_and_stops_cleanly_twice(
    emulator: str, tmp_path: Path, recorder: Recorder
) -> None:
    for round_ in range(2):
        (tmp_path / str(round_)).mkdir()
        async with running_app(emulator, tmp_path / str(round_), recorder) as rig:
            assert rig.channel.application is not None
        assert rig.channel.application is None
    assert recorder.methods().count("getMe") == 2


GOOD = {
    "chat_id": 1,
    "text": "hi",
    "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "faq:a"}]]},
}


@pytest.mark.parametrize(
    ("call", "problem"),
    [
        (ApiCall("sendMessage", GOOD), None),
        (ApiCall("sendMesage", GOOD), "no such Bot API method"),
        (ApiCall("sendMessage", {"text": "hi"}), "missing required 'chat_id'"),
        (ApiCall("sendMessage", {**GOOD, "colour": "red"}), "unknown parameter 'colour'"),
        (ApiCall("sendMessage", {**GOOD, "text": "x" * 4097}), "text of 4097 characters"),
        (
            ApiCall(
                "sendMessage",
                {
                    **GOOD,
                    "reply_markup": {
                        "inline_keyboard": [[{"text": "A", "callback_data": "faq:" + "a" * 61}]]
                    },
                },
            ),
            "over 64 bytes",
        ),
        (
            ApiCall(
                "sendMessage",
                {**GOOD, "reply_markup": {"inline_keyboard": [[{"text": "A", "data": "x"}]]}},
            ),
            "unknown field 'data'",
        ),
        (ApiCall("setWebhook", {"url": "https://x", "secret_token": "s"}), None),
    ],
)
def test_the_spec_check_catches_bad_requests(call: ApiCall, problem: str | None) -> None:
    found = spec.problems(call)
    if problem is None:
        assert found == []
    else:
        assert any(problem in p for p in found), found
