"""Turn a text into weighted features: words, character n-grams, concepts and places.

The same function featurises KB phrasings and visitor questions, so they meet in one
feature space. Feature keys are prefixed by kind:

* ``w:`` romanised word (diacritics folded, light stemming) — ``v:`` keeps the accents,
  so an exact Vietnamese match outranks a toneless one;
* ``g:`` character n-gram of Thai/Khmer/Chinese/Japanese runs (no spaces to split on);
* ``c:`` concept from the multilingual lexicon (the cross-language bridge);
* ``p:`` place from the gazetteer and ``P:`` its prefecture code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from faq.kbnames import KBNames, japanese_forms
from faq.lexicon import FOREIGN, Lexicon
from faq.normalize import (
    CJK,
    KHMER,
    LATIN,
    THAI,
    char_ngrams,
    expand_abbreviations,
    fold_diacritics,
    light_stem,
    normalize,
    segment,
    strip_affixes,
)
from faq.segment import words as segment_words

logger = logging.getLogger(__name__)

NGRAM_SIZES = {THAI: (3,), KHMER: (3,), CJK: (2,)}
PARTICLE_LANGS = {THAI: ("th",), KHMER: ("km",), CJK: ("zh", "ja")}
# Words that make the place after them an origin ("from Osaka"), or before them ("Osaka to").
FROM_BEFORE = frozenset({"from", "frm", "dari", "từ", "tu", "mula", "galing", "จาก", "从", "ពី"})
TO_AFTER = frozenset({"to", "ke", "đi", "→", "から"})


@dataclass(frozen=True)
class Weights:
    word: float = 1.0
    accent: float = 0.3
    corrected: float = 0.85
    ngram: float = 0.35
    concept: float = 1.5
    place: float = 2.0
    prefecture: float = 1.0
    segment: float = 0.6  # a dictionary word of a space-less script (faq.segment)


@dataclass
class PlaceHit:
    key: str
    pref: str | None
    origin: bool


@dataclass
class Analysis:
    """Everything later stages need to know about one text."""

    norm: str
    fuzzy: str  # string for rapidfuzz: normalised, abbreviations expanded, typos fixed
    features: dict[str, float] = field(default_factory=dict)
    concepts: list[str] = field(default_factory=list)
    places: list[PlaceHit] = field(default_factory=list)
    foreign: bool = False
    scripts: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)  # KB names found (faq.kbnames)


class Featurizer:
    """Featurises texts against one lexicon; ``correct`` fixes unknown words (questions only)."""

    def __init__(
        self, lexicon: Lexicon, weights: Weights | None = None, segment: Iterable[str] = ()
    ) -> None:
        self.lex = lexicon
        self.w = weights or Weights()
        self.segment = frozenset(segment)  # languages whose runs also get dictionary words

    def analyse(
        self,
        text: str,
        lang: str = "en",
        correct: Callable[[str], str | None] | None = None,
        norm: str | None = None,
    ) -> Analysis:
        """Features of ``text``; pass ``norm`` when the caller already normalised it."""
        norm = normalize(text) if norm is None else norm
        out = Analysis(norm=norm, fuzzy=norm)
        runs = segment(norm)
        abbreviations = self.lex.abbreviations_for(lang)
        # Group consecutive Latin runs into one word sequence; other runs stand alone.
        pieces: list[tuple[str, list[str]]] = []
        for script, run in runs:
            out.scripts.add(script)
            if script == LATIN:
                if pieces and pieces[-1][0] == LATIN:
                    pieces[-1][1].append(run)
                else:
                    pieces.append((LATIN, [run]))
            else:
                pieces.append((script, [run]))
        fuzzy_parts: list[str] = []
        prev_token = ""
        for index, (script, items) in enumerate(pieces):
            if script == LATIN:
                words = expand_abbreviations(items, abbreviations)
                words = self._latin(words, out, correct, prev_token, pieces, index)
                fuzzy_parts.append(" ".join(words))
                prev_token = words[-1] if words else prev_token
            elif script in NGRAM_SIZES:
                self._spaceless(items[0], script, out, prev_token, pieces, index)
                if self.segment:
                    self._words(items[0], script, lang, out)
                fuzzy_parts.append(items[0])
                prev_token = items[0]
        out.fuzzy = " ".join(p for p in fuzzy_parts if p)
        return out

    def _words(self, run: str, script: str, lang: str, out: Analysis) -> None:
        """Dictionary words of the run (faq.segment), particles and single kana left out."""
        run_lang = _run_lang(run, script, lang)
        if run_lang is None or run_lang not in self.segment:
            return
        particles = self.lex.particles.get(run_lang, ())
        for word in segment_words(run, run_lang):
            if word in particles or (len(word) == 1 and "\u3040" <= word <= "\u30ff"):
                continue
            key = "s:" + word
            out.features[key] = out.features.get(key, 0.0) + self.w.segment

    # ---- helpers -------------------------------------------------------------------

    def _emit(self, out: Analysis, key: str, weight: float) -> None:
        out.features[key] = out.features.get(key, 0.0) + weight

    def _term(self, out: Analysis, keys: set[str], origin: bool) -> None:
        for key in sorted(keys):
            kind, name = key.split(":", 1)
            if kind == "c":
                if name not in out.concepts:
                    out.concepts.append(name)
                self._emit(out, key, self.w.concept)
            elif kind == "p":
                self._place(out, name, origin)
            elif kind == "x" and name == FOREIGN:
                out.foreign = True

    def _place(self, out: Analysis, name: str, origin: bool) -> None:
        place = self.lex.places.get(name)
        if place is None:
            return
        out.places.append(PlaceHit(name, place.pref, origin))
        self._emit(out, f"p:{name}", self.w.place)
        if place.parent:
            self._emit(out, f"p:{place.parent}", self.w.place * 0.5)
        if place.pref:
            self._emit(out, f"P:{place.pref}", self.w.prefecture)

    def _latin(
        self,
        words: list[str],
        out: Analysis,
        correct: Callable[[str], str | None] | None,
        prev_token: str,
        pieces: list[tuple[str, list[str]]],
        index: int,
    ) -> list[str]:
        fixed: list[str] = []
        corrected: set[int] = set()
        for i, word in enumerate(words):
            better = correct(word) if correct else None
            if better and better != word:
                corrected.add(i)
                word = better
            fixed.append(word)
        folded = [fold_diacritics(w) for w in fixed]
        consumed = [False] * len(fixed)
        i = 0
        lex = self.lex
        lengths = lex.latin_lengths
        while i < len(fixed):
            sizes = set(lengths.get(fixed[i], ())) | set(lengths.get(folded[i], ()))
            for n in sorted(sizes, reverse=True):
                if n > len(fixed) - i:
                    continue
                keys = lex.latin_exact.get(tuple(fixed[i : i + n])) or lex.latin_folded.get(
                    tuple(folded[i : i + n])
                )
                if keys:
                    before = fixed[i - 1] if i > 0 else prev_token
                    after = fixed[i + n] if i + n < len(fixed) else _next_token(pieces, index)
                    origin = before in FROM_BEFORE or after in TO_AFTER
                    self._term(out, keys, origin)
                    for j in range(i, i + n):
                        consumed[j] = any(k.startswith("p:") for k in keys)
                    i += n
                    break
            else:
                i += 1
        for i, word in enumerate(fixed):
            if word in lex.stopwords or folded[i] in lex.stopwords or consumed[i]:
                continue
            weight = self.w.corrected if i in corrected else self.w.word
            self._emit(out, f"w:{light_stem(folded[i])}", weight)
            if folded[i] != word:
                self._emit(out, f"v:{word}", self.w.accent)
        return fixed

    def _spaceless(
        self,
        run: str,
        script: str,
        out: Analysis,
        prev_token: str,
        pieces: list[tuple[str, list[str]]],
        index: int,
    ) -> None:
        lex = self.lex
        i = 0
        head_term = tail_term = False
        while i < len(run):
            for n in lex.script_lengths.get(run[i], ()):
                if n > len(run) - i:
                    continue
                keys = lex.script_terms.get(run[i : i + n])
                if keys:
                    before = run[max(0, i - 2) : i]
                    after = run[i + n : i + n + 2] or _next_token(pieces, index)
                    origin = (
                        any(before.endswith(m) for m in FROM_BEFORE if not m.isascii())
                        or after.startswith("から")
                        or (i == 0 and prev_token in FROM_BEFORE)
                    )
                    self._term(out, keys, origin)
                    head_term = head_term or i == 0
                    tail_term = tail_term or i + n == len(run)
                    i += n
                    break
            else:
                i += 1
        for lang in PARTICLE_LANGS[script]:
            run = strip_affixes(run, lex.particles.get(lang, ()), not head_term, not tail_term)
        weight, feats = self.w.ngram, out.features
        for gram in char_ngrams(run, NGRAM_SIZES[script]):
            key = "g:" + gram
            feats[key] = feats.get(key, 0.0) + weight


def _run_lang(run: str, script: str, lang: str) -> str | None:
    if script == THAI:
        return "th"
    if script == CJK:
        return "ja" if lang == "ja" or any("\u3040" <= ch <= "\u30ff" for ch in run) else "zh"
    return None


def add_names(out: Analysis, names: KBNames, lang: str) -> None:
    """Record the KB names in the text: its Latin words, the Japanese readings of its
    kanji (Japanese and Chinese) and the sound of its Thai script (faq.soundkey)."""
    if not names:
        return
    found = names.in_words(w for w in out.fuzzy.split() if w.isascii())
    if lang == "ja":
        found += names.in_japanese(out.norm) + names.in_hiragana(out.norm)
    elif lang == "zh":
        # Chinese writes Japanese place names in the same characters (松江, 高知, 足立),
        # mostly simplified (长野, 岛根): in their Japanese forms, their readings meet
        # the KB's Latin names.
        found += names.in_japanese(japanese_forms(out.norm))
    elif lang == "th":
        found += names.in_thai(out.norm)
    out.names.extend(dict.fromkeys(found))


def _next_token(pieces: list[tuple[str, list[str]]], index: int) -> str:
    if index + 1 < len(pieces):
        script, items = pieces[index + 1]
        return items[0].split()[0] if script == LATIN else items[0][:2]
    return ""
