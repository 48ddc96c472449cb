"""A rough sound key shared by Thai-script and Latin (Hepburn) spellings of Japanese names.

Why: Thai writes Japanese place names by sound (ซากุระจิมะ, มัตสึเอะ), so a Thai
question naming a place its KB spells only in Latin ("Sakurajima") shares no
character with it. Both spellings are reduced to one coarse key: voiced and voiceless
consonants merged (g/k, d/t, b/p, z/s), "sh", "ch" and "j" as one sound, Thai tone
marks dropped, Thai leading vowels moved after their consonant, doubled letters
collapsed. Hepburn "Sakurajima" and Thai ซากุระจิมะ both become "sakuracima". It is
deliberately lossy: it only has to make the two spellings of one name meet, and it is
only compared against the loaded KB's own names.
"""

from __future__ import annotations

import re
from functools import lru_cache

_THAI_CONSONANTS = {
    **dict.fromkeys("กขฃคฅฆ", "k"),
    **dict.fromkeys("จฉชฌ", "c"),
    **dict.fromkeys("ซศษส", "s"),
    **dict.fromkeys("ดฎตฏถฐทธฑฒ", "t"),
    **dict.fromkeys("ณน", "n"),
    **dict.fromkeys("บปผพภ", "p"),
    **dict.fromkeys("ฝฟ", "f"),
    **dict.fromkeys("รลฬฤ", "r"),
    **dict.fromkeys("หฮ", "h"),
    "ม": "m",
    "ย": "y",
    "ญ": "y",
    "ว": "w",
}
_THAI_FOLLOWING = {
    **dict.fromkeys("ัาๅ", "a"),
    **dict.fromkeys("ิี", "i"),
    **dict.fromkeys("ึืุู", "u"),
    "ำ": "am",
}
_THAI_LEADING = {"เ": "e", "แ": "e", "โ": "o", "ใ": "ai", "ไ": "ai"}
_VOWELS = set("aeiou")
THAI_RUN = re.compile(r"[\u0e00-\u0e7f]+")


def _collapse(key: str) -> str:
    out: list[str] = []
    for ch in key:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=16384)
def thai_key(text: str) -> str:
    """The sound key of a run of Thai script (consonants, then their vowels)."""
    out: list[str] = []
    pending = ""
    chars = text
    for i, ch in enumerate(chars):
        if ch in _THAI_LEADING:
            pending = _THAI_LEADING[ch]
        elif ch == "อ":
            # A vowel carrier before its vowel; after a bare consonant it is the vowel "o".
            if out and out[-1] not in _VOWELS and not pending:
                out.append("o")
            elif pending:
                out.append(pending)
                pending = ""
        elif ch == "ง":
            vowel_next = i + 1 < len(chars) and chars[i + 1] in _THAI_FOLLOWING
            out.append("k" if vowel_next or pending else "n")
            if pending:
                out.append(pending)
                pending = ""
        elif ch in _THAI_CONSONANTS:
            out.append(_THAI_CONSONANTS[ch])
            if pending:
                out.append(pending)
                pending = ""
        elif ch in _THAI_FOLLOWING:
            out.append(_THAI_FOLLOWING[ch])
        elif ch == "ะ" and (not out or out[-1] not in _VOWELS):
            out.append("a")
        # tone marks, ็ ์ and other signs carry no sound the key keeps
    return _collapse("".join(out))


_LATIN_STEPS: tuple[tuple[str, str], ...] = (
    ("sh", "c"), ("ch", "c"), ("j", "c"), ("g", "k"), ("d", "t"), ("b", "p"), ("z", "s"),
    ("l", "r"), ("v", "p"),
)  # fmt: skip


@lru_cache(maxsize=65536)
def latin_key(folded: str) -> str:
    """The sound key of a folded Latin (Hepburn) name such as "sakurajima"."""
    key = folded
    for old, new in _LATIN_STEPS:
        key = key.replace(old, new)
    return _collapse(key)
