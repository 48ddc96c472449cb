"""Typo correction for romanised words (a misspelt KB word or place name).

A symmetric-delete index (the SymSpell idea, one deletion deep): a typo and its
correction usually share a one-letter deletion, so lookup is a handful of dict probes
whatever the vocabulary size, instead of a scan over every KB word.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from rapidfuzz.distance import DamerauLevenshtein

logger = logging.getLogger(__name__)

MIN_LENGTH = 5  # shorter words are too often other valid words ("bisa" vs "visa")
MIN_PLACE_LENGTH = 4  # ... except place names, the most valuable words to recover ("japn")
# Below this length a different first letter makes another word, not a typo: the
# Indonesian "pakai" (use) is not a misspelt "Sakai", nor "ketam" (crab) of anything.
FIRST_LETTER_LENGTH = 6


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Speller:
    """Maps unknown words to the closest known word within edit distance 1-2."""

    def __init__(
        self,
        targets: Iterable[str],
        places: Iterable[str] = (),
        known: Iterable[str] = (),
    ) -> None:
        """``targets``: words worth correcting to (the KB's own words); ``places``: place
        names (also targets, and allowed for shorter typos); ``known``: other valid words
        that are never corrected (lexicon terms, stopwords)."""
        self.known: set[str] = set(known)
        self._places = frozenset(places)
        self._index: dict[str, list[str]] = {}
        for word in (*targets, *self._places):
            self._add(word)

    def _add(self, word: str) -> None:
        if not word.isalpha() or len(word) < MIN_PLACE_LENGTH - 1:
            self.known.add(word)
            return
        if word in self._index.get(word, ()):
            return
        self.known.add(word)
        for key in (word, *_deletes(word)):
            self._index.setdefault(key, []).append(word)

    def correct(self, word: str) -> str | None:
        """Best correction for an unknown word, or None when it is known or too far."""
        if len(word) < MIN_PLACE_LENGTH or word in self.known or not word.isalpha():
            return None
        candidates: set[str] = set()
        for key in (word, *_deletes(word)):
            candidates.update(self._index.get(key, ()))
        limit = 1 if len(word) < 6 else 2
        ranked: list[tuple[int, bool, int, str]] = []
        for cand in candidates:
            dist = DamerauLevenshtein.distance(word, cand, score_cutoff=limit)
            if cand[0] != word[0] and len(word) < FIRST_LETTER_LENGTH:
                continue
            if dist <= limit and (len(word) >= MIN_LENGTH or cand in self._places):
                # Prefer: smaller distance, same first letter (typos rarely hit it), longer.
                ranked.append((dist, cand[0] != word[0], -len(cand), cand))
        return min(ranked)[3] if ranked else None
