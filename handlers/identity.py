"""Pseudonymous visitor keys and booth-context payloads.

A visitor is stored under an HMAC of their platform id, so the database alone
cannot tell who asked what; the raw id is kept only where a reply needs it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re

PAYLOAD_LIMIT = 64  # Telegram's deep-link `start` parameter
_PAYLOAD_CHARS = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def pseudonym(secret: str, platform: str, user_id: str) -> str:
    """A stable, non-reversible key for one platform user."""
    message = f"{platform}:{user_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:40]


def encode_booth(fair_id: str, booth_id: str) -> str:
    """Fair and booth as a deep-link payload (≤ 64 chars of A-Za-z0-9_-)."""
    raw = f"{fair_id}/{booth_id}".encode()
    payload = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    if len(payload) > PAYLOAD_LIMIT:
        raise ValueError(
            f"fair and booth ids are too long for a deep link ({len(payload)} > {PAYLOAD_LIMIT}"
            " characters once encoded): use ids of about 20 characters each"
        )
    return payload


def decode_booth(payload: str) -> tuple[str, str] | None:
    """The (fair, booth) a payload names, or None when it is not one of ours."""
    if not _PAYLOAD_CHARS.match(payload or ""):
        return None
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    fair_id, sep, booth_id = raw.partition("/")
    if not sep or not fair_id or not booth_id or "/" in booth_id:
        return None
    return fair_id, booth_id
