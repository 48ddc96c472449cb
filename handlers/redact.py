"""Remove contact details and document numbers from text before it is stored.

Visitors sometimes type their e-mail, phone or passport number into a chat;
the inquiry log keeps the question, not those.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# International or local phone numbers: 8+ digits with optional separators.
_PHONE = re.compile(r"(?<![\w])\+?\d(?:[\s().-]?\d){7,14}(?![\w])")
# Passport-like: one or two letters followed by 6-9 digits (e.g. E1234567, AB1234567).
_PASSPORT = re.compile(r"(?<![\w])[A-Za-z]{1,2}\d{6,9}(?![\w])")

REPLACEMENTS = (
    (_EMAIL, "[email]"),
    (_PASSPORT, "[id-number]"),
    (_PHONE, "[phone]"),
)


def redact(text: str) -> str:
    for pattern, placeholder in REPLACEMENTS:
        text = pattern.sub(placeholder, text)
    return text
