"""Text measured and cut the way the messaging platforms count it: in UTF-16 code units.

Telegram (4,096 per message) and LINE (5,000 per text message, 20 per button
label) both count UTF-16 code units, so an emoji or another character outside
the Basic Multilingual Plane counts twice. One definition for both channels.
"""

from __future__ import annotations


def units(text: str) -> int:
    """Length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def fit(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 units (never half a character)."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)


def clip(text: str, limit: int) -> str:
    """`text` shortened to `limit` units, with an ellipsis when something was cut."""
    if units(text) <= limit:
        return text
    return text[: fit(text, limit - 1)].rstrip() + "…"


def split_text(text: str, limit: int) -> list[str]:
    """Cut text into pieces of at most `limit` units, at paragraph, line or word breaks.

    A break is used when it keeps at least a third of the window; otherwise
    (one very long word, a script without spaces) the cut is hard, between
    two characters. Leading and trailing space of each piece is dropped.
    """
    text = text.strip()
    pieces: list[str] = []
    while units(text) > limit:
        window = text[: fit(text, limit)]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > len(window) // 3:
                break
        if cut <= len(window) // 3:
            cut = len(window)
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces
