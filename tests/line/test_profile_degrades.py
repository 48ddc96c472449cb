"""An optional lookup never loses a question: a LINE profile the SDK cannot parse
degrades to "no language hint"; the question is still logged and answered."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web

from tests.line import events
from tests.line.conftest import LineApp
from tests.line.stub import LineStub

HIMEJI = "How do I get to Himeji Castle?"


@pytest.mark.parametrize("body", [b"not json at all", b'{"userId": 5, "displayName": []}'])
async def test_an_unparseable_profile_still_gets_the_question_answered(
    line_app: LineApp, monkeypatch: pytest.MonkeyPatch, body: bytes
) -> None:
    original = LineStub._answer

    def answer(self: LineStub, call: Any, status: int, payload: Any, headers: Any = None) -> Any:
        if call.operation == "getProfile":  # deliberately off-spec: skip the stub's check
            call.status = 200
            return web.Response(body=body, status=200, content_type="application/json")
        return original(self, call, status, payload, headers)

    monkeypatch.setattr(LineStub, "_answer", answer)
    who = events.user(4242)
    line_app.stub.profiles[who] = {"language": "th"}
    item = events.text(HIMEJI, who=who)
    await line_app.deliver(item)
    assert line_app.stub.calls_to("getProfile")  # the lookup was tried
    (call,) = line_app.stub.calls_to("replyMessage")
    assert call.body["replyToken"] == item["replyToken"]
    assert "Himeji" in line_app.stub.texts()[-1]
    (inquiry,) = await line_app.runtime.store.inquiries.list()
    assert (inquiry.platform, inquiry.outcome) == ("line", "answered")
    status = await line_app.runtime.store.inbox_failures.status()
    assert status.counts["done"] == 1 and status.counts["dead"] == 0 and status.retrying == 0
