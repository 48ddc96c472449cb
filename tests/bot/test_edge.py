"""The edge: hostile JSON bodies become clear 400s; flood control answers 429 politely."""

from __future__ import annotations

import json

import pytest
from starlette.requests import Request

from bot.edge import BodyError, flooded, parse_json
from bot.flood import FloodGate
from handlers import texts
from handlers.i18n import gettext


@pytest.mark.parametrize(
    "body",
    [b"[" * 65_000, b"{" * 60_000, b'{"a":' * 30_000, b"\xff\xfe", b"{", b""],
)
def test_hostile_bodies_are_400s(body: bytes) -> None:
    with pytest.raises(BodyError) as caught:
        parse_json(body)
    assert caught.value.status == 400


def test_deep_but_parseable_nesting_is_refused_and_shallow_is_fine() -> None:
    with pytest.raises(BodyError, match="nested"):
        parse_json(json.dumps({"a": json.loads("[" * 100 + "]" * 100)}).encode())
    assert parse_json(b'{"events": [{"message": {"text": "hi"}}]}')["events"][0]


def request_from(host: str) -> Request:
    return Request({"type": "http", "client": (host, 1234), "headers": [], "method": "POST"})


def test_flooded_answers_429_with_retry_after_in_the_visitors_language() -> None:
    gate = FloodGate(per_client=5, total=1000, clock=lambda: 0.0)
    answers = [flooded(gate, request_from("198.51.100.1"), "th") for _ in range(6)]
    assert answers[:5] == [None] * 5
    refused = answers[5]
    assert refused is not None and refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert json.loads(refused.body)["error"] == gettext("th", texts.SLOW_DOWN)
    assert flooded(gate, request_from("198.51.100.2")) is None
