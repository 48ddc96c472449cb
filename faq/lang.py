"""Language detection for very short, code-mixed phone questions in the 9 fair languages.

Script settles most cases outright (Thai, Khmer, kana => ja, Han => zh), and a visitor
who mixes English words into Thai is still a Thai speaker, so any non-Latin script wins
over Latin. Romanised text (en/id/ms/vi/tl) is the hard part: marker words from
data/language.yaml, Vietnamese letters and the client's hint vote together with lingua,
which is only consulted when the cheap signals are not decisive (it is the slow step).
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from faq.lexicon import get_lexicon
from faq.normalize import CJK, KHMER, LATIN, THAI, normalize, script_of

if TYPE_CHECKING:
    from lingua import LanguageDetector

logger = logging.getLogger(__name__)

LANGS = ("en", "th", "id", "vi", "zh", "ms", "tl", "ja", "km")
DEFAULT = "en"
LATIN_LANGS = ("en", "id", "ms", "vi", "tl")

# Kanji forms used in Japanese but not in simplified Chinese: a Han-only text with one
# of these ("姫路城", "駅", "県") is Japanese.
_JA_KANJI = frozenset("姫駅県広沢浜桜団売読楽歩険図辺塩恵気関鉄円様込峠畑働呂")
_VI_LETTERS = frozenset(
    "àáãèéìíòóõùúýđ"  # plain accents, frequent in Vietnamese
    "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
)

_detector: LanguageDetector | None = None
_lock = threading.Lock()


def _lingua() -> LanguageDetector:
    """Build the lingua detector once per process (it takes ~0.5 s), thread-safely."""
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder

                # Only romanised text ever reaches lingua (script rules settle th, km, ja
                # and zh first), so it is restricted to the fair languages written in
                # Latin script: fewer candidates is both more accurate and ~2x faster.
                _detector = (
                    LanguageDetectorBuilder.from_languages(
                        Language.ENGLISH,
                        Language.INDONESIAN,
                        Language.VIETNAMESE,
                        Language.MALAY,
                        Language.TAGALOG,
                    )
                    .with_preloaded_language_models()
                    .build()
                )
    return _detector


def _lingua_scores(text: str) -> dict[str, float]:
    values = _lingua().compute_language_confidence_values(text)
    return {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}


def _script_language(text: str, hint: str | None) -> str | None:
    has_kana = has_han = has_thai = has_khmer = False
    for ch in text:
        script = script_of(ch)
        if script == THAI:
            has_thai = True
        elif script == KHMER:
            has_khmer = True
        elif script == CJK:
            if "\u3040" <= ch <= "\u30ff":
                has_kana = True
            else:
                has_han = True
    if has_thai:
        return "th"
    if has_khmer:
        return "km"
    if has_kana:
        return "ja"
    if has_han:
        if hint == "ja" or any(ch in _JA_KANJI for ch in text):
            return "ja"
        return "zh"
    return None


def detect_language(text: str, hint: str | None = None) -> str:
    """One of en th id vi zh ms tl ja km; ``hint`` (e.g. the chat client's locale) is a prior."""
    return detect_normalized(normalize(text or ""), hint)


@lru_cache(maxsize=1)
def _word_votes() -> dict[str, tuple[tuple[str, float], ...]]:
    """word -> ((lang, vote), ...): markers 1.0; lexicon/abbreviation words of <= 2 langs 0.5."""
    lex = get_lexicon()
    votes: dict[str, dict[str, float]] = {}
    for lang in LATIN_LANGS:
        for word in lex.markers.get(lang, ()):
            votes.setdefault(word, {})[lang] = votes.get(word, {}).get(lang, 0.0) + 1.0
    by_word: dict[str, set[str]] = {w: set(langs) for w, langs in lex.word_langs.items()}
    for lang in LATIN_LANGS:  # chat short forms are language-specific too ("brp", "ko")
        for word in lex.abbreviations.get(lang, {}):
            by_word.setdefault(word, set()).add(lang)
    for word, langs in by_word.items():
        if len(langs) <= 2:
            for lang in langs:
                votes.setdefault(word, {})[lang] = votes.get(word, {}).get(lang, 0.0) + 0.5
    return {w: tuple(v.items()) for w, v in votes.items()}


def scores_floor(hint: str | None) -> float:
    """The best score reachable with no word evidence (English prior, hint bonus)."""
    return 1.5 if hint in LATIN_LANGS else 0.3


def detect_normalized(norm: str, hint: str | None = None) -> str:
    """detect_language for text already passed through faq.normalize.normalize."""
    hint = (hint or "").split("-")[0].casefold() or None
    if hint not in LANGS:
        hint = None
    by_script = _script_language(norm, hint)
    if by_script:
        return by_script
    lex = get_lexicon()
    # Romanised Japanese place names ("okayama", "kinosaki") say nothing about the
    # visitor's language and confuse statistical detectors, so they do not vote.
    words = [
        w
        for w in norm.split()
        if w not in lex.place_words and not w.isdigit() and script_of(w[0]) == LATIN
    ]
    if not words:
        return hint or DEFAULT
    scores = dict.fromkeys(LATIN_LANGS, 0.0)
    scores[DEFAULT] += 0.3  # English is the fair's common language: ties go to it
    votes = _word_votes()
    for word in words:
        for lang, vote in votes.get(word, ()):
            scores[lang] += vote
    if not _VI_LETTERS.isdisjoint(norm):
        scores["vi"] += 3.0
    if hint in scores:
        scores[hint] += 1.5
    ranked = sorted(scores.values(), reverse=True)
    # Lingua is the slow step (~0.15 ms): consult it only for a genuine tie between
    # languages the words do point to. No evidence at all ("ok bye", a dish name)
    # means English, the fair's common language.
    if ranked[0] > scores_floor(hint) and ranked[0] - ranked[1] < 0.5:
        for lang, conf in _lingua_scores(" ".join(words)).items():
            if lang in scores:
                scores[lang] += 2.0 * conf
    return max(LATIN_LANGS, key=lambda lang: scores[lang])


def warm_up() -> None:
    """Build the lazily made models now, so the first question does not pay ~0.5 s.

    A server calls this at start-up in a worker thread; otherwise the first
    romanised question would stall the event loop (and every webhook) meanwhile.
    """
    _lingua()
    _word_votes()
