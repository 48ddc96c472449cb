"""Text normalisation, one function per concern, composed by ``normalize``.

Each step exists because phone-typed questions from nine languages must compare
meaningfully with KB phrasings:

* ``nfkc``: full-width Latin (ｋｙｏｔｏ), half-width katakana (ｷｮｳﾄ) and compatibility
  forms become their ordinary characters;
* ``fold_case``: casefold, which also handles ß and other special cases;
* ``strip_symbols``: punctuation and emoji go, but combining marks stay — Thai and
  Khmer vowel signs are marks, and dropping them (as rapidfuzz's ``default_process``
  does) turns different words into the same consonant skeleton;
* ``fold_diacritics``: Latin-only accent folding, used as a fallback so Vietnamese
  typed without tones ("la do") still meets "lá đỏ";
* ``expand_abbreviations``: chat short forms from data/abbreviations.yaml;
* ``segment`` / ``char_ngrams``: scripts written without spaces (Thai, Khmer, Chinese,
  Japanese) are compared by character n-grams instead of "words".
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

logger = logging.getLogger(__name__)

LATIN, THAI, KHMER, CJK, OTHER = "latin", "thai", "khmer", "cjk", "other"

_APOSTROPHES = frozenset("'’ʼ`´")
_DROP = frozenset("ๆ")  # Thai repetition mark: repeats the previous word, adds nothing
_SPACES = re.compile(r"\s+")


def nfkc(text: str) -> str:
    """Unicode NFKC: unify width variants and compatibility characters."""
    return unicodedata.normalize("NFKC", text)


def fold_case(text: str) -> str:
    """Caseless form (str.casefold), so "Kyoto", "KYOTO" and "kyoto" compare equal."""
    return text.casefold()


@lru_cache(maxsize=4096)
def _symbol_class(ch: str) -> int:
    """0 keep, 1 replace by space, 2 delete."""
    if ch in _APOSTROPHES or ch in _DROP:
        return 2
    cat = unicodedata.category(ch)
    if cat[0] in "LMN":
        return 0
    if cat in {"Cf"}:  # zero-width joiners etc. inside Thai/Khmer/emoji sequences
        return 2
    return 1


def strip_symbols(text: str) -> str:
    """Replace punctuation, symbols, emoji and controls by spaces; keep letters, marks, digits."""
    out: list[str] = []
    for ch in text:
        kind = _symbol_class(ch)
        if kind == 0:
            out.append(ch)
        elif kind == 1:
            out.append(" ")
    return "".join(out)


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def normalize(text: str) -> str:
    """The canonical comparable form of any text (KB phrasing, lexicon term or question)."""
    return collapse_spaces(strip_symbols(fold_case(nfkc(text))))


@lru_cache(maxsize=8192)
def script_of(ch: str) -> str:
    """Coarse script class of one character; digits count as Latin (they sit in words)."""
    code = ord(ch)
    if ch.isascii():
        return LATIN if ch.isalnum() else OTHER
    if 0x0E00 <= code <= 0x0E7F:
        return THAI
    if 0x1780 <= code <= 0x17FF or 0x19E0 <= code <= 0x19FF:
        return KHMER
    if (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x31F0 <= code <= 0x31FF
        or 0x20000 <= code <= 0x2FA1F
        or code == 0x3005  # 々
    ):
        return CJK
    cat = unicodedata.category(ch)
    if cat[0] == "M":
        return OTHER  # a stray mark: caller attaches it to the previous run
    name = unicodedata.name(ch, "")
    if "LATIN" in name or cat == "Nd":
        return LATIN
    return OTHER


def segment(text: str) -> list[tuple[str, str]]:
    """Split normalised text into (script, run) pieces at spaces and script changes.

    Combining marks stay with the run they follow, so a Thai syllable is never split.
    """
    runs: list[tuple[str, str]] = []
    for word in text.split():
        current, start = None, 0
        for i, ch in enumerate(word):
            script = script_of(ch)
            if script == OTHER and unicodedata.category(ch)[0] == "M":
                continue  # marks extend the current run
            if script != current:
                if current is not None and i > start:
                    runs.append((current, word[start:i]))
                current, start = script, i
        if current is not None and start < len(word):
            runs.append((current, word[start:]))
    return runs


def char_ngrams(run: str, sizes: Iterable[int]) -> list[str]:
    """Overlapping character n-grams; a run shorter than n yields itself once."""
    grams: list[str] = []
    for n in sizes:
        if len(run) <= n:
            if len(run) == n or n == min(sizes):
                grams.append(run)
            continue
        grams.extend(run[i : i + n] for i in range(len(run) - n + 1))
    return grams


@lru_cache(maxsize=65536)
def fold_diacritics(text: str) -> str:
    """Remove accents from Latin letters only (đ -> d); Thai/Khmer marks are untouched."""
    if text.isascii():
        return text
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")):
        if unicodedata.category(ch) == "Mn" and out and script_of(out[-1]) == LATIN:
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def expand_abbreviations(words: Iterable[str], table: Mapping[str, str]) -> list[str]:
    """Replace chat short forms word by word ("brp lama" -> "berapa lama")."""
    out: list[str] = []
    for word in words:
        full = table.get(word)
        out.extend(full.split() if full else (word,))
    return out


def light_stem(word: str) -> str:
    """Strip an English plural "s" so "castles"/"castle" meet; short words are left alone."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    return word


def strip_affixes(run: str, affixes: tuple[str, ...], head: bool = True, tail: bool = True) -> str:
    """Drop politeness/question particles from the ends of a space-less run.

    Only the ends: inside a run the same letters are often part of a word. Callers turn
    an end off (``head``/``tail`` False) when a known term ends there — Thai "นะ" is a
    particle, but also the tail of "นากาโนะ" (Nagano).
    """
    changed = True
    while changed and run:
        changed = False
        for affix in affixes:  # longest first
            if tail and len(run) > len(affix) and run.endswith(affix):
                run, changed = run[: -len(affix)], True
                break
            if head and len(run) > len(affix) and run.startswith(affix):
                run, changed = run[len(affix) :], True
                break
    return run
