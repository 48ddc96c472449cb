"""Reply, push fallback and retries, through the real SDK to the stub over HTTP."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from linebot.v3.messaging import AsyncApiClient, AsyncMessagingApi, Configuration, TextMessage
from linebot.v3.messaging.exceptions import ApiException

from bot.line.sender import LineSender, retry_key
from tests.line.conftest import TOKEN
from tests.line.events import user
from tests.line.stub import LineStub

VISITOR = user(7)


@pytest.fixture
async def sender(line_stub: LineStub) -> AsyncIterator[LineSender]:
    async with AsyncApiClient(Configuration(host=line_stub.url, access_token=TOKEN)) as client:
        yield LineSender(AsyncMessagingApi(client), delays=(0.0, 0.0, 0.0))


def texts(*items: str) -> list[TextMessage]:
    return [TextMessage(text=t) for t in items]


async def test_reply_with_the_token(sender: LineSender, line_stub: LineStub) -> None:
    await sender.respond("token-1", VISITOR, texts("a", "b"), "evt-1")
    assert [(d.via, d.to) for d in line_stub.delivered] == [("reply", "token-1")] * 2
    assert line_stub.calls_to("pushMessage") == []


async def test_used_token_falls_back_to_push_with_a_retry_key(
    sender: LineSender, line_stub: LineStub
) -> None:
    line_stub.expired.add("old-token")
    await sender.respond("old-token", VISITOR, texts("answer"), "evt-2")
    assert [(d.via, d.to) for d in line_stub.delivered] == [("push", VISITOR)]
    (push,) = line_stub.calls_to("pushMessage")
    assert push.headers["X-Line-Retry-Key"] == retry_key("evt-2", 0)


async def test_more_than_five_messages_reply_five_then_push(
    sender: LineSender, line_stub: LineStub
) -> None:
    await sender.respond("token-3", VISITOR, texts(*"abcdefg"), "evt-3")
    assert line_stub.texts() == list("abcdefg")
    assert [d.via for d in line_stub.delivered] == ["reply"] * 5 + ["push"] * 2


async def test_push_retries_5xx_with_the_same_key(sender: LineSender, line_stub: LineStub) -> None:
    line_stub.fail("pushMessage", 500, times=2)
    await sender.push(VISITOR, texts("x"), "6f9619ff-8b86-4d11-b42d-00c04fc964ff")
    pushes = line_stub.calls_to("pushMessage")
    assert [c.status for c in pushes] == [500, 500, 200]
    assert {c.headers["X-Line-Retry-Key"] for c in pushes} == {
        "6f9619ff-8b86-4d11-b42d-00c04fc964ff"
    }
    assert line_stub.texts() == ["x"]


async def test_push_that_got_through_before_a_5xx_is_not_delivered_twice(
    sender: LineSender, line_stub: LineStub
) -> None:
    line_stub.fail("pushMessage", 503, deliver=True)
    await sender.push(VISITOR, texts("once"), retry_key("evt-4", 0))
    assert [c.status for c in line_stub.calls_to("pushMessage")] == [503, 409]
    assert line_stub.texts() == ["once"]


async def test_replayed_event_reuses_its_keys(sender: LineSender, line_stub: LineStub) -> None:
    """A crash after the push and a replay: the same event id gives the same key, so 409."""
    line_stub.expired.add("t")
    await sender.respond("t", VISITOR, texts("hello"), "evt-5")
    await sender.respond("t", VISITOR, texts("hello"), "evt-5")
    assert line_stub.texts() == ["hello"]


async def test_push_gives_up_after_the_last_retry(sender: LineSender, line_stub: LineStub) -> None:
    line_stub.fail("pushMessage", 500, times=4)
    with pytest.raises(ApiException) as caught:
        await sender.push(VISITOR, texts("x"), retry_key("evt-6", 0))
    assert caught.value.status == 500
    assert len(line_stub.calls_to("pushMessage")) == 4
    assert line_stub.delivered == []


async def test_a_reply_5xx_is_retried_with_the_same_token(
    sender: LineSender, line_stub: LineStub
) -> None:
    line_stub.fail("replyMessage", 500)
    await sender.respond("token-7", VISITOR, texts("x"), "evt-7", sent_at=time.time())
    assert [c.status for c in line_stub.calls_to("replyMessage")] == [500, 200]
    assert [d.via for d in line_stub.delivered] == ["reply"]


async def test_a_reply_that_got_through_before_its_5xx_is_not_pushed_again(
    sender: LineSender, line_stub: LineStub
) -> None:
    line_stub.fail("replyMessage", 502, deliver=True)
    await sender.respond("token-9", VISITOR, texts("once"), "evt-9", sent_at=time.time())
    assert [c.status for c in line_stub.calls_to("replyMessage")] == [502, 400]  # token used
    assert line_stub.calls_to("pushMessage") == []
    assert line_stub.texts() == ["once"]


async def test_an_old_token_called_invalid_after_a_5xx_is_pushed(
    sender: LineSender, line_stub: LineStub
) -> None:
    """Past the young-token window, "invalid" may mean expired: the push carries it."""
    line_stub.expired.add("token-10")
    line_stub.fail("replyMessage", 500)
    await sender.respond("token-10", VISITOR, texts("late"), "evt-10", sent_at=time.time() - 600)
    assert [c.status for c in line_stub.calls_to("replyMessage")] == [500]  # no retry: too old
    assert [d.via for d in line_stub.delivered] == ["push"]


async def test_reply_failing_every_try_falls_back_to_push(
    sender: LineSender, line_stub: LineStub
) -> None:
    line_stub.fail("replyMessage", 503, times=4)
    await sender.respond("token-11", VISITOR, texts("x"), "evt-11", sent_at=time.time())
    assert len(line_stub.calls_to("replyMessage")) == 4
    assert [d.via for d in line_stub.delivered] == ["push"]


async def test_a_bad_request_is_not_retried(sender: LineSender, line_stub: LineStub) -> None:
    """Only a spec violation gets 400 here; the stub records it, so clear it after checking."""
    bad = TextMessage.construct(type="text", text="")  # bypasses the SDK's own checks
    with pytest.raises(ApiException) as caught:
        await sender.push(VISITOR, [bad], retry_key("evt-8", 0))
    assert caught.value.status == 400
    assert len(line_stub.calls_to("pushMessage")) == 1
    assert any("messages/0/text" in v for v in line_stub.violations)
    line_stub.violations.clear()


async def test_stub_refuses_a_text_message_without_text(line_stub: LineStub) -> None:
    """The stub's discriminator check over real HTTP: LINE would refuse this, so must we."""
    import httpx

    async with httpx.AsyncClient(base_url=line_stub.url) as client:
        response = await client.post(
            "/v2/bot/message/push",
            json={"to": VISITOR, "messages": [{"type": "text"}]},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    assert response.status_code == 400
    assert response.json()["details"] == [
        {"message": "pushMessage: body messages/0: 'text' is a required property"}
    ]
    assert line_stub.delivered == []
    assert line_stub.violations == ["pushMessage: body messages/0: 'text' is a required property"]
    line_stub.violations.clear()


async def test_the_api_client_reads_proxy_settings_once(
    tmp_path: Path, line_stub: LineStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.line import api_client
    from tests.conftest import make_settings

    settings = make_settings(
        tmp_path,
        LINE_CHANNEL_SECRET="s",
        LINE_CHANNEL_ACCESS_TOKEN=TOKEN,
        LINE_API_BASE_URL="https://api.line.example",
    )
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = api_client(settings)
    try:
        assert client.configuration.proxy == "http://proxy.example:3128"  # from the env, once
        assert client.rest_client.pool_manager.trust_env is False  # not re-read per call
    finally:
        await client.close()
    local = make_settings(
        tmp_path, LINE_CHANNEL_SECRET="s", LINE_CHANNEL_ACCESS_TOKEN=TOKEN,
        LINE_API_BASE_URL=line_stub.url,
    )  # fmt: skip
    monkeypatch.delenv("HTTPS_PROXY")
    async with api_client(local) as direct:
        bot_info = await AsyncMessagingApi(direct).get_bot_info()
    assert bot_info.basic_id  # the connector the SDK built still works
