"""Names a knowledge base teaches the engine: its own proper nouns, places above all.

Why: the gazetteer knows each prefecture's best-known names, but a KB is full of
smaller ones (a gorge, a shrine, a town, a festival) that no data file has heard of,
or that the gazetteer folds into the whole prefecture ("Oirase" = Aomori), so a
question naming one lost to a generic "how to get there" entry of the same
prefecture. At index build every proper noun of the loaded KB becomes a name: the
capitalised words of its Latin-script phrasings and answers, its tags and its id
parts, and the romanised readings of its Japanese-script phrasings (pykakasi), each
keyed by a romaji-folded form so "oirase", "Oirase" and 奥入瀬 meet. A question
word that is a name adds an ``n:`` feature as heavy as a gazetteer place; its IDF
over the KB decides how distinctive it is. Names that only one prefecture's entries
use in their phrasings also tell the classifier the question's prefecture.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from faq.lexicon import Lexicon
from faq.model import KnowledgeBase
from faq.normalize import fold_diacritics, normalize
from faq.soundkey import THAI_RUN, latin_key, thai_key

logger = logging.getLogger(__name__)

NAME_LANGS = frozenset({"en", "id", "ms", "tl", "vi"})  # Latin-script KB languages
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"[.!?:;。！？]\s*$")
# Japanese words that end many place names: "dougoonsen" also means "dogo".
# Rivers, lakes and islands too ("shimantogawa" = "shimanto"), only when the base is a name.
# Gorges, streams, falls, capes, shrines, towns and festivals likewise ("oirasekeiryu").
_ROMAJI_SUFFIXES = (
    "onsen", "jinja", "jingu", "taisha", "kuko", "eki", "koen", "jo", "ji", "dera", "gawa",
    "kawa", "ko", "jima", "shima", "keiryu", "kyokoku", "taki", "misaki", "hanto", "kaigan",
    "yama", "san", "dake", "shi", "machi", "cho", "mura", "matsuri", "teien", "en",
)  # fmt: skip
# English words that are capitalised inside place names but name no place themselves
# ("Mount Shosha", "Cape Ashizuri", "North Exit"): the lexicon lacks them as concepts.
GENERIC_NAME_WORDS = frozenset((
    "mount", "mt", "cape", "falls", "peninsula", "plateau", "highland", "highlands", "coast",
    "national", "prefecture", "road", "trail", "port", "square", "north", "south", "east",
    "west", "upper", "lower", "grand", "great", "central", "inner", "outer",
))  # fmt: skip
MIN_NAME = 3
MIN_SOUND = 5  # shorter sound keys ("oki", "port") meet Thai syllables by chance
MIN_KANA_NAME = 5  # shorter names ("oki") hide in ordinary hiragana words
_HIRAGANA_RUN = re.compile(r"[\u3041-\u309f]{4,}")
_KANJI_OR_KATAKANA = re.compile(r"[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff々]")


@lru_cache(maxsize=65536)
def fold_romaji(word: str) -> str:
    """One key for Hepburn spellings: accents, long vowels and hyphens folded."""
    text = fold_diacritics(word.casefold()).replace("-", "")
    for long, short in (("ou", "o"), ("oo", "o"), ("uu", "u"), ("aa", "a"), ("ii", "i")):
        text = text.replace(long, short)
    return text


@lru_cache(maxsize=1)
def _kakasi() -> Any:
    """pykakasi's converter, built once (half a second: its dictionaries load lazily)."""
    import pykakasi

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]  # pykakasi has no annotations


@lru_cache(maxsize=1)
def _simplified() -> tuple[Any, dict[str, str]]:
    """OpenCC's simplified -> traditional converter and its traditional -> Japanese
    character table (opencc-python-reimplemented's own data; loads in ~0.1 s)."""
    from importlib import resources

    import opencc

    table = resources.files("opencc").joinpath("dictionary/JPVariants.txt")
    variants: dict[str, str] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            trad, jp = line.split("\t", 1)
            variants[trad] = jp.split()[0]
    return opencc.OpenCC("s2t"), variants


@lru_cache(maxsize=4096)
def japanese_forms(text: str) -> str:
    """Chinese text with simplified characters written the Japanese way.

    pykakasi reads only Japanese forms: 长野, 爱媛 and 岛根 give it nothing, 長野, 愛媛
    and 島根 give nagano, ehime, shimane. Simplified -> traditional (OpenCC), then the
    traditional characters Japan writes differently (黑 -> 黒, 瀨 -> 瀬).
    """
    converter, variants = _simplified()
    return "".join(variants.get(ch, ch) for ch in converter.convert(text))


@lru_cache(maxsize=4096)
def hiragana_roman(run: str) -> str:
    """Folded Hepburn of a hiragana run, as one string."""
    return fold_romaji("".join(item["hepburn"] for item in _kakasi().convert(run)))


@lru_cache(maxsize=4096)
def romanise(text: str) -> tuple[str, ...]:
    """Folded Hepburn readings of the kanji/katakana segments of a Japanese text."""
    if not _KANJI_OR_KATAKANA.search(text):
        return ()
    out: list[str] = []
    for item in _kakasi().convert(text):
        if _KANJI_OR_KATAKANA.search(item["orig"]):
            out.extend(fold_romaji(w) for w in item["hepburn"].split() if w.isalpha())
    return tuple(out)


@lru_cache(maxsize=65536)
def _name_key(word: str) -> str:
    return fold_romaji(normalize(word))


@lru_cache(maxsize=8192)
def _proper_nouns(text: str) -> tuple[str, ...]:
    """Capitalised words that do not start a sentence (and are not all capitals)."""
    return tuple(_capitalised(text))


def _capitalised(text: str) -> Iterable[str]:
    for match in _WORD.finditer(text):
        word = match.group()
        start = match.start()
        if not word[0].isupper() or (word.isupper() and len(word) > 1):
            continue
        before = text[:start]
        if not before.strip() or _SENTENCE_END.search(before):
            continue
        yield word


@dataclass
class KBNames:
    """Folded name -> entry indexes that use it; names unique to one prefecture."""

    entries: dict[str, set[int]] = field(default_factory=dict)
    pref_of: dict[str, str] = field(default_factory=dict)
    # Sound keys (faq.soundkey) of the names, by their first three letters.
    sounds: dict[str, dict[str, str]] = field(default_factory=dict)
    starts: dict[str, list[str]] = field(default_factory=dict)  # names by first 3 letters

    def index_sounds(self) -> None:
        """Key every name by sound, so Thai spellings of it can be found, and by its
        first letters, so it can be found inside romanised hiragana."""
        self.sounds = {}
        self.starts = {}
        for name in self.entries:
            key = latin_key(name)
            if len(key) >= MIN_SOUND:
                self.sounds.setdefault(key[:3], {})[key] = name
            if len(name) >= MIN_KANA_NAME:
                self.starts.setdefault(name[:3], []).append(name)

    def in_hiragana(self, text: str) -> list[str]:
        """Names written in hiragana ("おいらせにいきたい" holds "oirase").

        A hiragana run mixes the name with particles and verbs, so every position of its
        romanisation is tried against names of five letters or more.
        """
        if not self.starts:
            return []
        found: list[str] = []
        for run in _HIRAGANA_RUN.findall(text):
            roman = hiragana_roman(run)
            for i in range(len(roman) - MIN_KANA_NAME + 1):
                found.extend(
                    n for n in self.starts.get(roman[i : i + 3], ()) if roman.startswith(n, i)
                )
        return found

    def in_thai(self, text: str) -> list[str]:
        """Names whose sound key occurs in a run of Thai script ("ไปซากุระจิมะ")."""
        if not self.sounds:
            return []
        found: list[str] = []
        for run in THAI_RUN.findall(text):
            key = thai_key(run)
            for i in range(len(key) - MIN_SOUND + 1):
                for name_key, name in self.sounds.get(key[i : i + 3], {}).items():
                    if key.startswith(name_key, i):
                        found.append(name)
        return found

    def __bool__(self) -> bool:
        return bool(self.entries)

    def in_words(self, words: Iterable[str]) -> list[str]:
        """Names among normalised Latin words (and their pairs: "shin aomori")."""
        folded = [fold_romaji(w) for w in words]
        found = [w for w in folded if w in self.entries]
        found += [a + b for a, b in zip(folded, folded[1:], strict=False) if a + b in self.entries]
        return found

    def in_japanese(self, text: str) -> list[str]:
        """Names among the romanised segments of Japanese text, compounds split."""
        segments = romanise(text)
        found: list[str] = []
        for i, seg in enumerate(segments):
            bases = [seg[: -len(s)] for s in _ROMAJI_SUFFIXES if seg.endswith(s)]
            known = [b for b in bases if len(b) >= MIN_NAME and b in self.entries]
            pieces = known or [seg, seg + "".join(segments[i + 1 : i + 2])]
            found.extend(p for p in pieces if len(p) >= MIN_NAME and p in self.entries)
        return found


def build_names(kb: KnowledgeBase, lexicon: Lexicon) -> KBNames:
    """Collect the KB's names and which prefecture (if only one) uses each."""
    # Place-name words are names, unless they are also concept words ("snow" in
    # "Sapporo Snow Festival", "castle" in "Himeji Castle").
    places = {fold_romaji(w) for w in lexicon.place_words - lexicon.word_langs.keys()}
    generic = {fold_romaji(w) for w in lexicon.vocabulary | lexicon.stopwords} - places
    generic |= {fold_romaji(w) for w in GENERIC_NAME_WORDS}
    # A word that is itself a gazetteer place key ("nagoya") already has its own place
    # feature; names add what the gazetteer folds away ("oirase" -> Aomori) or lacks.
    own_keys = {fold_romaji(k) for k in lexicon.places}
    names = KBNames()
    subject_prefs: dict[str, set[str | None]] = {}
    readings: list[tuple[str, int, str | None]] = []  # romanised Japanese, added last

    def add(word: str, e_idx: int, pref: str | None, subject: bool) -> None:
        key = _name_key(word)
        if len(key) < MIN_NAME or not key.isalpha() or key in generic or key in own_keys:
            return
        names.entries.setdefault(key, set()).add(e_idx)
        if subject:
            subject_prefs.setdefault(key, set()).add(pref)

    # Id parts and tags are the author's keywords, but many are ordinary words
    # ("prayer-spaces"); they count as names only when the KB also writes them as a
    # proper noun somewhere, or the gazetteer knows them as a place.
    proper = set(places)
    for entry in kb.entries:
        texts = [t for lang, t in entry.phrasings() if lang in NAME_LANGS]
        texts += [t for lang, t in entry.answer.items() if lang in NAME_LANGS]
        proper.update(_name_key(w) for t in texts for w in _proper_nouns(t))
    for e_idx, entry in enumerate(kb.entries):
        pref = entry.prefecture
        keywords = [*entry.id.split("-"), *(w for t in entry.tags for w in t.split())]
        subject_words = [w for w in keywords if _name_key(w) in proper]
        for lang, text in entry.phrasings():
            if lang in NAME_LANGS:
                subject_words.extend(_proper_nouns(text))
            elif lang == "ja":
                readings.extend((r, e_idx, pref) for r in romanise(text))
        for word in subject_words:
            add(word, e_idx, pref, subject=True)
        for lang, text in entry.answer.items():
            if lang in NAME_LANGS:
                for word in _proper_nouns(text):
                    add(word, e_idx, pref, subject=False)
    # A reading that is a known name or gazetteer place plus a place suffix (姫路城
    # "himejijo" = Himeji, 奥入瀬渓流 "oirasekeiryu" = Oirase) is that name: as a name of
    # its own it would single out the entries that happen to have a Japanese phrasing.
    for reading, e_idx, pref in readings:
        bases = [reading[: -len(s)] for s in _ROMAJI_SUFFIXES if reading.endswith(s)]
        known = [b for b in bases if len(b) >= MIN_NAME and (b in names.entries or b in own_keys)]
        for word in known or [reading]:
            add(word, e_idx, pref, subject=True)
    for key, prefs in subject_prefs.items():
        only = next(iter(prefs)) if len(prefs) == 1 else None
        if only is not None and lexicon.latin_folded.get((key,)) is None:
            names.pref_of[key] = only
    names.index_sounds()
    logger.info("KB names: %d, %d tied to one prefecture", len(names.entries), len(names.pref_of))
    return names
