"""Travel concerns a question voices (safety, disasters, cost, halal food ...), for reports.

The brochure promises prefectures "the types of inquiries and travel concerns
from visitors". The inquiry type says what a question is about (one per
question); a concern is the worry behind it, and a question may voice several
or none. Both are decided when the question is logged and stored with it.

The taxonomy and its cues live in `data/concerns.yaml` (ids, Japanese and
English labels, cues in the nine fair languages). Questions and cues go through
the same normalisation as the matcher (`faq.normalize`), so full-width forms,
case and Latin accents do not matter; Latin cues match whole words (a trailing
"*" any word starting so), Thai/Chinese/Japanese/Khmer cues match as
substrings. Loaded once; classifying does no I/O.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from faq.normalize import LATIN, OTHER, fold_diacritics, normalize, script_of

logger = logging.getLogger(__name__)

SEPARATOR = ","  # how a question's concerns are stored in one column: "cost,safety"


@dataclass(frozen=True)
class Concern:
    """One travel concern: stable id (stored), labels (printed), cues (matched)."""

    id: str
    ja: str
    en: str
    words: tuple[tuple[str, ...], ...]  # Latin cues as word tuples
    prefixes: tuple[tuple[str, ...], ...]  # Latin cues ending in "*" (last word is a prefix)
    substrings: tuple[str, ...]  # cues in scripts written without spaces


@dataclass(frozen=True)
class Taxonomy:
    concerns: tuple[Concern, ...]
    # lookup tables built once: first Latin word -> (cue, is prefix, concern index)
    by_word: dict[str, tuple[tuple[tuple[str, ...], bool, int], ...]]
    starts: tuple[tuple[tuple[str, ...], int], ...]  # prefix cues, checked on every word
    scripts: tuple[re.Pattern[str] | None, ...]  # per concern: one alternation of substrings

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(concern.id for concern in self.concerns)

    def get(self, concern_id: str) -> Concern | None:
        return next((c for c in self.concerns if c.id == concern_id), None)


def _fold(text: str) -> str:
    return fold_diacritics(normalize(text))


def _is_latin(cue: str) -> bool:
    return all(script_of(ch) in (LATIN, OTHER) or ch == " " for ch in cue)


def _concern(concern_id: str, spec: dict[str, Any]) -> Concern:
    words: list[tuple[str, ...]] = []
    prefixes: list[tuple[str, ...]] = []
    substrings: list[str] = []
    for cues in spec["cues"].values():
        for raw in cues:
            star = str(raw).endswith("*")
            cue = _fold(str(raw).rstrip("*"))
            if not cue:
                continue
            if _is_latin(cue):
                (prefixes if star else words).append(tuple(cue.split()))
            else:
                substrings.append(cue.replace(" ", ""))
    return Concern(
        id=concern_id,
        ja=str(spec["ja"]),
        en=str(spec["en"]),
        words=tuple(sorted(set(words))),
        prefixes=tuple(sorted(set(prefixes))),
        substrings=tuple(sorted(set(substrings), key=lambda s: (-len(s), s))),
    )


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The documented taxonomy, in report order."""
    text = resources.files("faq.data").joinpath("concerns.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    concerns = tuple(_concern(cid, spec) for cid, spec in data["concerns"].items())
    by_word: dict[str, list[tuple[tuple[str, ...], bool, int]]] = {}
    starts: list[tuple[tuple[str, ...], int]] = []
    for index, concern in enumerate(concerns):
        for cue in concern.words:
            by_word.setdefault(cue[0], []).append((cue, False, index))
        for cue in concern.prefixes:
            if len(cue) == 1:
                starts.append((cue, index))
            else:
                by_word.setdefault(cue[0], []).append((cue, True, index))
    scripts = tuple(
        re.compile("|".join(map(re.escape, c.substrings))) if c.substrings else None
        for c in concerns
    )
    return Taxonomy(concerns, {k: tuple(v) for k, v in by_word.items()}, tuple(starts), scripts)


def classify_concerns(text: str) -> tuple[str, ...]:
    """The concern ids `text` voices, in taxonomy order (empty when none)."""
    folded = _fold(text)
    if not folded:
        return ()
    table = taxonomy()
    hits: set[int] = set()
    tokens = folded.split()
    for position, token in enumerate(tokens):
        for cue, prefix, index in table.by_word.get(token, ()):
            size = len(cue)
            window = tokens[position : position + size]
            last_ok = bool(window) and (
                window[-1] == cue[-1] or (prefix and window[-1].startswith(cue[-1]))
            )
            if len(window) == size and tuple(window[:-1]) == cue[:-1] and last_ok:
                hits.add(index)
        for cue, index in table.starts:
            if token.startswith(cue[0]):
                hits.add(index)
    if not folded.isascii():
        spaceless = folded.replace(" ", "")
        for index, pattern in enumerate(table.scripts):
            if index not in hits and pattern is not None and pattern.search(spaceless):
                hits.add(index)
    return tuple(table.concerns[index].id for index in sorted(hits))


def encode(concerns: tuple[str, ...] | list[str]) -> str | None:
    """The stored form: "cost,safety", or None for no concern (kept out of the index)."""
    return SEPARATOR.join(concerns) if concerns else None


def decode(stored: str | None) -> tuple[str, ...]:
    return tuple(part for part in (stored or "").split(SEPARATOR) if part)
