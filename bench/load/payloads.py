"""What the loader sends: signed LINE webhook deliveries and web chat messages.

LINE deliveries are shaped as LINE sends them (webhook.yml: destination,
events with `webhookEventId`, `deliveryContext.isRedelivery`, a reply token)
and signed with the channel secret the way LINE signs them (base64 HMAC-SHA256
of the body). Question texts come from the FAQ dev set, in its nine languages,
so the servers do the matching work a fair's traffic makes them do.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

QUESTIONS = Path(__file__).resolve().parent.parent / "data" / "dev-questions.jsonl"
DESTINATION = "U" + "d" * 32
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def load_questions(path: Path = QUESTIONS) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["q"] for line in lines if line.strip()]


def ulid() -> str:
    """A ULID-shaped webhookEventId: 48-bit milliseconds and 80 random bits, base 32."""
    value = (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(CROCKFORD[(value >> (5 * i)) & 31] for i in reversed(range(26)))


def line_user(n: int) -> str:
    return f"U{n:032x}"


def sign(raw: bytes, secret: str) -> str:
    """X-Line-Signature: base64 HMAC-SHA256 of the body with the channel secret."""
    return base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest()).decode()


@dataclass(frozen=True)
class LineEvent:
    """One text message event; what the harness later looks for in the database and stub."""

    event_id: str
    user: str
    reply_token: str
    text: str
    timestamp: int

    def to_json(self, redelivery: bool) -> dict[str, Any]:
        return {
            "type": "message",
            "mode": "active",
            "timestamp": self.timestamp,
            "source": {"type": "user", "userId": self.user},
            "webhookEventId": self.event_id,
            "deliveryContext": {"isRedelivery": redelivery},
            "replyToken": self.reply_token,
            "message": {
                "id": str(random.randrange(10**17, 10**18)),
                "type": "text",
                "quoteToken": os.urandom(16).hex(),
                "text": self.text,
            },
        }


def line_event(user: str, text: str) -> LineEvent:
    return LineEvent(ulid(), user, os.urandom(16).hex(), text, int(time.time() * 1000))


def line_body(events: list[LineEvent], secret: str, *, redelivery: bool) -> tuple[bytes, str]:
    """The delivery's body and its X-Line-Signature."""
    body = {"destination": DESTINATION, "events": [e.to_json(redelivery) for e in events]}
    raw = json.dumps(body, ensure_ascii=False).encode()
    return raw, sign(raw, secret)


@dataclass(frozen=True)
class WebMessage:
    """One web chat message; `event_id` is the client message id a resend repeats."""

    event_id: str
    session: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"session": self.session, "text": self.text, "id": self.event_id}


def web_message(session: str, text: str) -> WebMessage:
    return WebMessage("web-" + ulid(), session, text)
