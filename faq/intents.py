"""Conversation intents that are not questions: small talk, and asking for a person.

Pure and cheap (a few regular expressions and a dynamic programme over a message
of at most `MAX_SMALL_TALK` characters), so it runs before the FAQ engine.

Both detectors only fire when the message is *essentially only* that intent:
small talk when every word is a greeting, thanks, goodbye, "ok" or filler ("thanks
so much!"), never when anything else is left ("thanks, where is the station?"
is a question); asking for a person when a "talk to" + "person" phrase is all
there is, give or take a short lead-in ("hi, can I") and polite words after it
("please", "ครับ", "吗"), never when the person belongs to a place ("how do I
contact the station staff" stays a question). Unspaced scripts (Thai, Chinese,
Japanese, Khmer) need no tokeniser for this: the programme consumes the whole
message with known units, so a unit inside a longer unknown word leaves a
remainder and does not count.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from faq import intent_phrases as phrases

MAX_SMALL_TALK = 60  # normalised characters; longer messages are questions
MAX_PERSON_REQUEST = 90
MAX_LEAD_IN_WORDS = 6  # "hi, excuse me, can I please" before "talk to a person"
MAX_LEAD_IN_CHARS = 14  # the same for unspaced scripts: "我想", "ខ្ញុំ", "すみません"
LATIN = ("en", "id", "ms", "vi", "tl")
ARTICLES = {
    "id": r"(?:seorang\s+|salah\s+satu\s+|para\s+)?",
    "ms": r"(?:seorang\s+|salah\s+seorang\s+)?",
    "vi": r"(?:mot\s+|cac\s+)?",
    "tl": r"(?:mga\s+)?",
}
NEGATION = re.compile(
    r"\b(?:dont|do not|not|no need|never|tidak|tak|bukan|khong|hindi|ayaw)\b|ไม่|不|没|沒|មិន"
)
ACT_PRIORITY = ("bye", "thanks", "greeting", "ok")  # "thanks, bye" is a goodbye


class Intent(StrEnum):
    SMALL_TALK = "small_talk"
    ASK_FOR_PERSON = "ask_for_person"


@dataclass(frozen=True)
class IntentMatch:
    """What a message is. `act` for small talk: greeting, thanks, bye, ok or emoji.

    `langs`: the languages whose phrases matched (empty when the phrase is shared
    or there are no words, as for a lone emoji); the caller decides the reply language.
    """

    intent: Intent
    act: str = ""
    langs: tuple[str, ...] = ()


def detect(text: str) -> IntentMatch | None:
    """The intent of a visitor message, or None for anything that may be a question."""
    if len(text) > MAX_PERSON_REQUEST * 2:
        return None
    words = normalise(text)
    if not words:
        return IntentMatch(Intent.SMALL_TALK, "emoji") if is_only_emoji(text) else None
    asked = asks_for_person(words)
    if asked is not None:
        return asked
    return small_talk(words)


def small_talk(words: str) -> IntentMatch | None:
    if len(words) > MAX_SMALL_TALK:
        return None
    found = consume(words, small_talk_units())
    if found is None:
        return None
    acts = {act for act, _ in found if act != "filler"}
    if not acts:
        return None
    act = next(a for a in ACT_PRIORITY if a in acts)
    langs = _common_langs([langs for kind, langs in found if kind == act])
    return IntentMatch(Intent.SMALL_TALK, act, langs)


def asks_for_person(words: str) -> IntentMatch | None:
    if len(words) > MAX_PERSON_REQUEST:
        return None
    alone = consume(words, person_alone_units())
    if alone is not None and any(kind == "person" for kind, _ in alone):
        langs = _common_langs([langs for kind, langs in alone if kind == "person"])
        return IntentMatch(Intent.ASK_FOR_PERSON, langs=langs)
    for lang, pattern in person_patterns():
        for match in pattern.finditer(words):
            if _lead_in_ok(words[: match.start()], lang) and _tail_ok(words[match.end() :], lang):
                return IntentMatch(Intent.ASK_FOR_PERSON, langs=(lang,))
    return None


def _lead_in_ok(before: str, lang: str) -> bool:
    before = before.strip()
    if lang == "ja":  # the person must not be a compound's tail or someone's ("駅の係員")
        return not before or not (before.endswith("の") or _is_cjk_word(before[-1]))
    if NEGATION.search(before):  # "I don't want to talk to a person"
        return False
    if lang in LATIN:
        return len(before.split()) <= MAX_LEAD_IN_WORDS
    return len(before.replace(" ", "")) <= MAX_LEAD_IN_CHARS


def _tail_ok(after: str, lang: str) -> bool:
    after = after.strip()
    if not after:
        return True
    if lang == "ja":  # verb endings: たい, ますか, てください, 出来ますか
        verb_ending = re.fullmatch(r"[\u3040-\u309f\u30fc下出来可能願希望 ]*", after)
        return len(after) <= 15 and verb_ending is not None and "たくない" not in after
    return consume(after, tail_units()) is not None


def _is_cjk_word(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u30a0" <= char <= "\u30ff"


def _common_langs(groups: list[tuple[str, ...]]) -> tuple[str, ...]:
    """Languages every matched phrase belongs to (a shared "ok" says nothing)."""
    if not groups:
        return ()
    common = set(groups[0]).intersection(*groups[1:])
    if "en" in common and len(common) > 1:
        common.discard("en")  # "thank" is also Vietnamese usage; a lone "ok" is everyone's
    return tuple(sorted(common)) if len(common) <= 2 else ()


# --- normalisation -------------------------------------------------------------------

_DROP = {"\u200b", "\u200c", "\u200d", "\ufe0f", "\ufe0e", "'", "’", "`"}


def normalise(text: str) -> str:
    """Case-folded words: punctuation, symbols and emoji become spaces; Latin accents go.

    Thai, Khmer and other scripts keep their combining marks (they are vowels).
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFKC", text).casefold():
        if char in _DROP:
            continue
        category = unicodedata.category(char)
        if category[0] in "LN" or (category[0] == "M" and out):
            out.append(char)
        else:
            out.append(" ")
    return " ".join(strip_latin_accents("".join(out)).split())


def strip_latin_accents(text: str) -> str:
    out: list[str] = []
    for char in unicodedata.normalize("NFD", text.replace("đ", "d")):
        if unicodedata.category(char) == "Mn" and out and out[-1] < "\u0250":
            continue
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def is_only_emoji(text: str) -> bool:
    """Pictographs and symbols only (👍, 😊🙏, ❤️), at most a few."""
    chars = [c for c in text if not c.isspace() and c not in _DROP]
    if not chars or len(chars) > 12:
        return False
    pictures = 0
    for char in chars:
        category = unicodedata.category(char)
        if category == "So" or "\U0001f000" <= char <= "\U0001faff":
            pictures += 1
        elif category not in ("Sk", "Mn", "Cf") and char not in "!.~":
            return False
    return pictures > 0


# --- whole-message consumption -------------------------------------------------------

Unit = tuple[str, str, tuple[str, ...]]  # (normalised text, kind, languages)
Units = dict[str, tuple[Unit, ...]]  # by first character, longest first


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum() or ("\u00c0" <= char < "\u0250")


def consume(text: str, units: Units) -> list[tuple[str, tuple[str, ...]]] | None:
    """Cover `text` entirely with `units` (spaces free); the (kind, langs) used, or None.

    Latin units must sit on word boundaries, so "hi" does not match inside "this";
    other scripts need none. Dynamic programme over positions: no backtracking blowup.
    """
    n = len(text)
    best: list[list[tuple[str, tuple[str, ...]]] | None] = [None] * (n + 1)
    best[0] = []

    def offer(j: int, path: list[tuple[str, tuple[str, ...]]]) -> None:
        # Prefer the covering that explains more of the message with real phrases.
        old = best[j]
        if old is None or _phrases(path) > _phrases(old):
            best[j] = path

    for i in range(n):
        path = best[i]
        if path is None:
            continue
        if text[i] == " ":
            offer(i + 1, path)
            continue
        if i and _is_word_char(text[i - 1]) and _is_word_char(text[i]):
            continue
        for unit, kind, langs in units.get(text[i], ()):
            j = i + len(unit)
            if j > n or not text.startswith(unit, i):
                continue
            if j < n and _is_word_char(text[j]) and _is_word_char(unit[-1]):
                continue
            offer(j, [*path, (kind, langs)])
    return best[n]


def _phrases(path: list[tuple[str, tuple[str, ...]]]) -> int:
    return sum(kind != "filler" for kind, _ in path)


def _units(table: dict[str, dict[str, tuple[str, ...]]]) -> Units:
    langs_of: dict[tuple[str, str], set[str]] = {}
    for kind, by_lang in table.items():
        for lang, items in by_lang.items():
            for item in items:
                langs_of.setdefault((normalise(item), kind), set()).add(lang)
    units = [(text, kind, tuple(sorted(langs))) for (text, kind), langs in langs_of.items() if text]
    by_first: dict[str, list[Unit]] = {}
    for unit in sorted(units, key=lambda u: -len(u[0])):
        by_first.setdefault(unit[0][0], []).append(unit)
    return {first: tuple(group) for first, group in by_first.items()}


@cache
def small_talk_units() -> Units:
    return _units({**phrases.SMALL_TALK, "filler": {"*": phrases.FILLERS}})


@cache
def person_alone_units() -> Units:
    return _units({"person": phrases.PERSON_ALONE, "filler": {"*": phrases.REQUEST_TAIL}})


@cache
def tail_units() -> Units:
    return _units({"filler": {"*": phrases.REQUEST_TAIL + phrases.FILLERS}})


@cache
def person_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    patterns: list[tuple[str, re.Pattern[str]]] = []
    for lang, cues in phrases.TALK_TO.items():
        cue = "|".join(cues)
        person = "|".join(phrases.PERSON[lang])
        article = ARTICLES.get(lang, "")
        edge = r"\b" if lang in LATIN else ""
        source = rf"{edge}(?:{cue})\s*{article}(?:{person}){edge}"
        patterns.append((lang, re.compile(source)))
    for lang, sources in phrases.PERSON_THERE.items():
        edge = r"\b" if lang in LATIN else ""
        patterns.extend((lang, re.compile(rf"{edge}(?:{s}){edge}")) for s in sources)
    patterns.append(("ja", re.compile(rf"{phrases.JA_PERSON}\s*{phrases.JA_TALK}")))
    return tuple(patterns)
