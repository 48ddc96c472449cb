"""Factories for LINE webhook bodies, shaped by webhook.yml (tests check they conform).

Recorded bodies live in tests/payloads/line/*.json; these build the variations
(many users, many events, redeliveries) and sign them as LINE does.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
from pathlib import Path
from typing import Any

PAYLOADS = Path(__file__).resolve().parent.parent / "payloads" / "line"
DESTINATION = "U" + "d" * 32
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_counter = itertools.count(1)


def recorded(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


def user(n: int = 1) -> str:
    return f"U{n:032x}"


def event_id() -> str:
    """A fresh ULID-shaped webhookEventId (26 Crockford base-32 characters)."""
    n = next(_counter)
    tail = "".join(CROCKFORD[(n >> (5 * i)) & 31] for i in reversed(range(16)))
    return "01JD000000" + tail


def token() -> str:
    return hashlib.sha1(str(next(_counter)).encode()).hexdigest()[:32]


def event(kind: str, *, who: str | None = None, mode: str = "active", **extra: Any) -> dict:
    """One event from `who` (a user id) with a fresh id; `extra` adds type-specific fields."""
    return {
        "type": kind,
        "mode": mode,
        "timestamp": 1_731_920_400_000 + next(_counter),
        "source": {"type": "user", "userId": who or user()},
        "webhookEventId": extra.pop("webhook_event_id", None) or event_id(),
        "deliveryContext": {"isRedelivery": extra.pop("redelivery", False)},
        **extra,
    }


def text(body: str, *, who: str | None = None, reply_token: str | None = None, **kw: Any) -> dict:
    message = {"id": str(next(_counter)), "type": "text", "quoteToken": token(), "text": body}
    return event("message", who=who, replyToken=reply_token or token(), message=message, **kw)


def sticker(*, who: str | None = None) -> dict:
    message = {
        "id": str(next(_counter)),
        "type": "sticker",
        "quoteToken": token(),
        "packageId": "11537",
        "stickerId": "52002738",
        "stickerResourceType": "STATIC",
    }
    return event("message", who=who, replyToken=token(), message=message)


def postback(data: str, *, who: str | None = None) -> dict:
    return event("postback", who=who, replyToken=token(), postback={"data": data})


def follow(*, who: str | None = None) -> dict:
    return event("follow", who=who, replyToken=token(), follow={"isUnblocked": False})


def unfollow(*, who: str | None = None) -> dict:
    return event("unfollow", who=who)


def delivery(*events: dict) -> dict:
    return {"destination": DESTINATION, "events": list(events)}


def encode(body: dict | str | bytes) -> bytes:
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    return json.dumps(body, ensure_ascii=False).encode()


def sign(raw: bytes, secret: str) -> str:
    """X-Line-Signature: base64 HMAC-SHA256 of the body with the channel secret."""
    return base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest()).decode()
