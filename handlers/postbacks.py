"""Button data, small enough for Telegram's 64-byte callback_data.

Formats: `faq:<entry id>`, `fb:<inquiry id>:up|down`, `lang:<code>`,
`booth:<fair id>:<booth id>`, `human`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Postback:
    action: str
    args: tuple[str, ...]


def parse(data: str) -> Postback | None:
    """Parse button data; None for anything malformed (it came from the network)."""
    if not data or len(data) > 300:
        return None
    action, _, rest = data.partition(":")
    args = tuple(rest.split(":")) if rest else ()
    expected = {"faq": 1, "fb": 2, "lang": 1, "booth": 2, "human": 0}
    if action not in expected or len(args) != expected[action]:
        return None
    if action == "fb" and (not is_row_id(args[0]) or args[1] not in ("up", "down")):
        return None
    return Postback(action, args)


def is_row_id(text: str) -> bool:
    """ASCII digits that fit a BIGINT: `²`, `١` and `99…9` (20 digits) are not ids."""
    return text.isascii() and text.isdecimal() and len(text) <= 18


def feedback(inquiry_id: int, value: str) -> str:
    return f"fb:{inquiry_id}:{value}"


def language(code: str) -> str:
    return f"lang:{code}"


def booth(fair_id: str, booth_id: str) -> str:
    return f"booth:{fair_id}:{booth_id}"
