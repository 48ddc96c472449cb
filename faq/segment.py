"""Dictionary word segmentation for scripts written without spaces (optional, per language).

Character n-grams (faq.features) need no dictionary and survive typos, but they also
match fragments across word boundaries. A real segmenter gives whole words: Thai
(pythainlp, newmm), Chinese (jieba) and Japanese (sudachipy, core dictionary). Each
is loaded on first use only (they cost 1.5-4 s and ~80 MB each), and only for the
languages ``Params.segment`` turns on — docs/benchmarks.md records which won on
held-out data. Khmer (khmer-nltk) is not offered: its CRF model takes ~10 s to load
and ~1.5 ms a question, over the whole per-question budget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache

logger = logging.getLogger(__name__)

SEGMENTED_LANGS = ("th", "zh", "ja")

Tokenizer = Callable[[str], list[str]]


def _thai() -> Tokenizer:
    from pythainlp.tokenize import (  # type: ignore[import-not-found, unused-ignore]
        word_tokenize,
    )

    return lambda text: word_tokenize(text, engine="newmm", keep_whitespace=False)


def _chinese() -> Tokenizer:
    import jieba  # type: ignore[import-untyped, import-not-found, unused-ignore]  # optional

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return lambda text: jieba.lcut(text)


def _japanese() -> Tokenizer:
    from sudachipy import (  # type: ignore[import-untyped, import-not-found, unused-ignore]
        Dictionary,
        SplitMode,
    )

    tokenizer = Dictionary(dict="core").create(SplitMode.C)
    return lambda text: [m.normalized_form() for m in tokenizer.tokenize(text)]


_LOADERS: dict[str, Callable[[], Tokenizer]] = {"th": _thai, "zh": _chinese, "ja": _japanese}


@cache
def tokenizer(lang: str) -> Tokenizer | None:
    """The word tokenizer for ``lang``, loaded once; None for languages without one."""
    loader = _LOADERS.get(lang)
    if loader is None:
        return None
    logger.info("loading the %s word segmenter", lang)
    return loader()


def words(text: str, lang: str) -> list[str]:
    """Dictionary words of one space-less run (empty when ``lang`` has no segmenter)."""
    tok = tokenizer(lang)
    if tok is None:
        return []
    return [w for w in tok(text) if w.strip()]
