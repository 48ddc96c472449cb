"""PII redaction and booth payloads: table-driven."""

from __future__ import annotations

import pytest

from handlers.identity import decode_booth, encode_booth, pseudonym
from handlers.redact import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail me at tan.mei@example.com.sg pls", "mail me at [email] pls"),
        ("call +65 9123 4567 tmr", "call [phone] tmr"),
        ("my passport E1234567 expires", "my passport [id-number] expires"),
        ("passport no AB1234567", "passport no [id-number]"),
        ("hotel for 2 nights in 2026", "hotel for 2 nights in 2026"),
        ("JR Pass 7 days 50000 yen", "JR Pass 7 days 50000 yen"),
        ("เบอร์ 081-234-5678 ค่ะ", "เบอร์ [phone] ค่ะ"),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_pseudonym_is_stable_keyed_and_platform_scoped() -> None:
    assert pseudonym("k", "telegram", "42") == pseudonym("k", "telegram", "42")
    assert pseudonym("k", "telegram", "42") != pseudonym("other", "telegram", "42")
    assert pseudonym("k", "telegram", "42") != pseudonym("k", "line", "42")
    assert "42" not in pseudonym("k", "telegram", "42")


@pytest.mark.parametrize(("fair", "booth"), [("jtf-2026-sg", "hyogo"), ("a", "b_c-1")])
def test_booth_payload_round_trip(fair: str, booth: str) -> None:
    payload = encode_booth(fair, booth)
    assert len(payload) <= 64 and payload.replace("-", "").replace("_", "").isalnum()
    assert decode_booth(payload) == (fair, booth)


@pytest.mark.parametrize("payload", ["", "not base64!", "a" * 65, "Zm9v", "@@@"])
def test_foreign_payloads_are_ignored(payload: str) -> None:
    assert decode_booth(payload) is None


def test_too_long_ids_are_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="too long"):
        encode_booth("f" * 40, "b" * 40)
