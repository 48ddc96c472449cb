"""Load the data files (gazetteer, concept lexicon, abbreviations, language lists) once.

The files are the generic, reviewable part of the engine: a new prefecture or a new
language variant is a data change, not a code change. Everything is normalised with
the same pipeline as questions, so a term matches exactly when a question contains it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from faq.normalize import LATIN, fold_diacritics, normalize, segment

logger = logging.getLogger(__name__)

LATIN_LANGS = ("en", "id", "ms", "vi", "tl")
SCRIPT_LANGS = ("th", "zh", "ja", "km")
FOREIGN = "foreign"


@dataclass(frozen=True)
class Place:
    key: str
    pref: str | None
    parent: str | None = None


@dataclass
class Lexicon:
    """Term tables for the matcher and the classifier."""

    # Latin: tuple of words -> keys ("c:visa", "p:himeji"); exact and diacritic-folded.
    latin_exact: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    latin_folded: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    max_latin_words: int = 1
    # Space-less scripts: substring -> keys, plus the set of term lengths to try.
    script_terms: dict[str, set[str]] = field(default_factory=dict)
    script_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)  # by first char
    # Latin: first word -> lengths (in words) of the terms starting with it, longest first.
    latin_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    concept_types: dict[str, dict[str, float]] = field(default_factory=dict)
    venue_concepts: set[str] = field(default_factory=set)
    abbreviations: dict[str, dict[str, str]] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    markers: dict[str, frozenset[str]] = field(default_factory=dict)
    particles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    vocabulary: set[str] = field(default_factory=set)  # every Latin word the tables know
    # Single Latin words -> languages whose lexicon lists them (a weak language vote).
    word_langs: dict[str, set[str]] = field(default_factory=dict)
    place_words: set[str] = field(default_factory=set)  # romanised place-name words

    def abbreviations_for(self, lang: str) -> dict[str, str]:
        return {**self.abbreviations.get("*", {}), **self.abbreviations.get(lang, {})}

    def add(self, text: str, key: str, latin: bool | None = None) -> None:
        """Register one surface form; its script decides how it is matched."""
        norm = normalize(text)
        if not norm:
            return
        runs = segment(norm)
        is_latin = all(script == LATIN for script, _ in runs) if latin is None else latin
        if is_latin:
            words = tuple(norm.split())
            self.latin_exact.setdefault(words, set()).add(key)
            folded = tuple(fold_diacritics(w) for w in words)
            self.latin_folded.setdefault(folded, set()).add(key)
            self.max_latin_words = max(self.max_latin_words, len(words))
            self.vocabulary.update(words)
            self.vocabulary.update(folded)
        else:
            compact = norm.replace(" ", "")
            self.script_terms.setdefault(compact, set()).add(key)


def _read(name: str) -> dict[str, Any]:
    text = resources.files("faq.data").joinpath(name).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster
    return yaml.load(text, Loader=loader) or {}  # a safe loader either way


def romaji_variants(name: str) -> set[str]:
    """Spellings visitors type for a Hepburn name: macrons dropped or spelt out."""
    base = normalize(name)
    variants = {base, fold_diacritics(base)}
    for long, spelt in (("ō", ("o", "ou", "oo", "oh")), ("ū", ("u", "uu"))):
        variants = {v.replace(long, s) for v in variants for s in spelt} | variants
    variants = {v for v in variants if "ō" not in v and "ū" not in v}
    # Hepburn "m" before b/p is often typed "n" (Shimbashi / Shinbashi); "ou" is often "o".
    extra = {v.replace("mb", "nb").replace("mp", "np") for v in variants}
    extra |= {v.replace("ou", "o") for v in variants if "ou" in v}
    return variants | extra


# Keeps, drops (None) or trims a gazetteer place: (key, spec) -> spec. For measuring
# how the engine does on places no data file knows (bench/faq_sims.py).
PlaceFilter = Callable[[str, dict[str, Any]], dict[str, Any] | None]


def _load_gazetteer(lex: Lexicon, keep: PlaceFilter | None = None) -> None:
    data = _read("gazetteer.yaml")
    for key, raw in (data.get("places") or {}).items():
        spec = keep(key, raw) if keep else raw
        if spec is None:
            continue
        place = Place(key=key, pref=spec.get("pref"), parent=spec.get("in"))
        lex.places[key] = place
        for name in spec.get("latin", []):
            for variant in romaji_variants(str(name)):
                lex.add(variant, f"p:{key}", latin=True)
                if key != "japan":
                    lex.place_words.update(variant.split())
        for lang in SCRIPT_LANGS:
            for name in spec.get(lang, []):
                lex.add(str(name), f"p:{key}")
    for names in (data.get(FOREIGN) or {}).values():
        for name in names:
            lex.add(str(name), f"x:{FOREIGN}")


def _load_concepts(lex: Lexicon) -> None:
    data = _read("lexicon.yaml")
    for concept, spec in (data.get("concepts") or {}).items():
        lex.concept_types[concept] = {str(k): float(v) for k, v in (spec.get("type") or {}).items()}
        if spec.get("venue"):
            lex.venue_concepts.add(concept)
        for lang in (*LATIN_LANGS, *SCRIPT_LANGS):
            for term in spec.get(lang, []) or []:
                lex.add(str(term), f"c:{concept}")
                if lang in LATIN_LANGS:
                    for word in normalize(str(term)).split():
                        lex.word_langs.setdefault(word, set()).add(lang)


def _load_language(lex: Lexicon) -> None:
    data = _read("language.yaml")
    stop: set[str] = set()
    for lang, spec in data.items():
        words = {normalize(str(w)) for w in spec.get("stopwords", [])}
        stop.update(words)
        stop.update(fold_diacritics(w) for w in words)
        if spec.get("markers"):
            lex.markers[lang] = frozenset(normalize(str(w)) for w in spec["markers"])
        if spec.get("particles"):
            parts = {normalize(str(p)).replace(" ", "") for p in spec["particles"]}
            lex.particles[lang] = tuple(sorted(parts, key=len, reverse=True))
    lex.stopwords = frozenset(stop)
    lex.vocabulary.update(stop)
    table = _read("abbreviations.yaml")
    for lang, mapping in table.items():
        lex.abbreviations[str(lang)] = {
            normalize(str(k)): normalize(str(v)) for k, v in (mapping or {}).items()
        }
        lex.vocabulary.update(lex.abbreviations[str(lang)])


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The shared, read-only lexicon (built once per process)."""
    return build_lexicon()


def build_lexicon(keep_place: PlaceFilter | None = None) -> Lexicon:
    """A lexicon from the data files; ``keep_place`` filters the gazetteer's places."""
    lex = Lexicon()
    _load_gazetteer(lex, keep_place)
    _load_concepts(lex)
    _load_language(lex)
    starts: dict[str, set[int]] = {}
    for term in lex.script_terms:
        starts.setdefault(term[0], set()).add(len(term))
    lex.script_lengths = {c: tuple(sorted(n, reverse=True)) for c, n in starts.items()}
    firsts: dict[str, set[int]] = {}
    for table in (lex.latin_exact, lex.latin_folded):
        for words in table:
            firsts.setdefault(words[0], set()).add(len(words))
    lex.latin_lengths = {w: tuple(sorted(n, reverse=True)) for w, n in firsts.items()}
    logger.debug(
        "lexicon: %d latin terms, %d script terms, %d places",
        len(lex.latin_exact),
        len(lex.script_terms),
        len(lex.places),
    )
    return lex
