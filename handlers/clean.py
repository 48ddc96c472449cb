"""Text from the network, made storable: what the databases refuse never gets past the edge.

PostgreSQL refuses NUL in text; no database can store a lone surrogate (it is
not UTF-8); other control characters are invisible noise in a question. Visitor
text is *cleaned* (those characters dropped, the question kept); identifiers
(session ids, message ids, event ids, postback data) are *refused* when they hold
any of them, so the adapter can answer a clear 4xx instead of storing a
different id than the client sent.
"""

from __future__ import annotations

import hashlib
import re

# C0 controls except tab, newline, carriage return; DEL and C1 controls;
# lone surrogates; the two noncharacters U+FFFE and U+FFFF.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ID_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Visitor text without the characters a database refuses or nobody can see."""
    return _UNSTORABLE.sub("", text) if _UNSTORABLE.search(text) else text


def is_clean_id(value: str, *, max_length: int = 128) -> bool:
    """An identifier the databases can store as sent: no control characters, not too long."""
    return 0 < len(value) <= max_length and not _ID_UNSAFE.search(value)


def clean_value(value: object) -> object:
    """A JSON value (dict, list, str, ...) with every string cleaned, keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_value(item) for item in value]
    return value


def storable_id(value: str, *, max_length: int = 128) -> str:
    """`value` if it is a clean id, else a cleaned form plus a digest (still unique)."""
    if is_clean_id(value, max_length=max_length):
        return value
    cleaned = _ID_UNSAFE.sub("", value)[: max_length - 20]
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{cleaned}~{digest}"
