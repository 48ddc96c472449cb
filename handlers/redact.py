"""Remove contact details and document numbers from text before it is stored.

Visitors sometimes type their e-mail, phone or passport number into a chat;
the inquiry log keeps the question, not those.

Matching runs on an NFKC view of the text (full-width `０８１` and `＠` count
as ASCII) and finds numbers right next to letters of any script
(`เบอร์0812345678ค่ะ`, `電話番号09012345678です`), while the rest of the text
keeps its original characters. Every pattern starts only at the edge of a run
(a look-behind), so one pass costs time linear in the text, and the text is
capped first: a hostile 20,000-character message cannot stall the event loop
(`redact_async` moves long texts to a worker thread as well).
"""

from __future__ import annotations

import asyncio
import re
import unicodedata

MAX_CHARS = 10_000  # longer texts are cut (with "…") before matching and storing
THREAD_ABOVE = 2_000  # characters; longer texts are redacted off the event loop

_LOCAL = r"[A-Za-z0-9._%+-]"
_DOMAIN_PART = r"[A-Za-z0-9-]+"
_EMAIL = re.compile(rf"(?<!{_LOCAL}){_LOCAL}+@{_DOMAIN_PART}(?:\.{_DOMAIN_PART})+")
# International or local phone numbers: 8-15 digits with optional single separators.
_PHONE = re.compile(r"(?<![0-9+])\+?[0-9](?:[ ().-]?[0-9]){7,14}(?![0-9])")
# Passport-like: one or two Latin letters then 6-9 digits (E1234567, AB1234567).
_PASSPORT = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,2}[0-9]{6,9}(?![0-9])")

REPLACEMENTS = (
    (_EMAIL, "[email]"),
    (_PASSPORT, "[id-number]"),
    (_PHONE, "[phone]"),
)


def _normalised(text: str) -> tuple[str, list[int]]:
    """The NFKC view of `text`, and for each of its characters the original index."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text, []
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin


def _spans(view: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, placeholder) matches in the view, patterns in order."""
    found: list[tuple[int, int, str]] = []
    taken = view
    for pattern, placeholder in REPLACEMENTS:
        found.extend((m.start(), m.end(), placeholder) for m in pattern.finditer(taken))
        if found:  # later patterns must not match inside an earlier match
            taken = _blank(view, found)
    return sorted(found)


def _blank(view: str, spans: list[tuple[int, int, str]]) -> str:
    chars = list(view)
    for start, end, _ in spans:
        chars[start:end] = "\x00" * (end - start)
    return "".join(chars)


def redact(text: str) -> str:
    """`text` (cut to MAX_CHARS) with e-mail addresses, phone and passport numbers replaced."""
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS] + "…"
    view, origin = _normalised(text)
    spans = _spans(view)
    if not spans:
        return text
    out: list[str] = []
    position = 0
    for start, end, placeholder in spans:
        if origin:
            start, end = origin[start], origin[end - 1] + 1
        if start < position:  # two matches in one original character: keep the first
            continue
        out.append(text[position:start])
        out.append(placeholder)
        position = end
    out.append(text[position:])
    return "".join(out)


async def redact_async(text: str) -> str:
    """`redact`, in a worker thread when the text is long enough to be felt by others."""
    if len(text) <= THREAD_ABOVE:
        return redact(text)
    return await asyncio.to_thread(redact, text)
