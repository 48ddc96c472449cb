"""Questions grouped across languages: "what was asked", not "which strings were typed".

The database has already merged identical normalised texts. This merges the
rest, in three ways, strongest first:

1. the FAQ entry the question matched (answered questions): a Thai and an
   English question answered by the same entry are the same question;
2. the KB's cross-language knowledge: `faq`'s lexicon maps "visa", "วีซ่า" and
   "签证" to one concept and the gazetteer "京都" and "Kyoto" to one place, so
   two phrasings with (mostly) the same concepts and places, a concept among
   them (a place alone is not a question), are one question whatever their
   language;
3. script-aware fuzzy matching for the rest: word order and typos for Latin
   script, characters for Thai, Chinese, Japanese and Khmer.

Greedy and deterministic: phrasings are visited by weight; each joins the first
group it matches, else starts one. The most asked phrasing represents a group.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from faq.features import Analysis, Featurizer
from faq.lexicon import get_lexicon
from faq.model import KnowledgeBase
from reports.labels import Label
from storage.aggregates import TextGroup

log = logging.getLogger(__name__)

SIMILARITY = 85  # rapidfuzz score, 0-100: same words (or characters), small differences
OVERLAP = 0.6  # share of concepts and places two phrasings must have in common
STRONG = 1.0  # a lone concept groups phrasings only if it votes for a type more than this


@dataclass
class QuestionGroup:
    """Questions that say the same thing: the most asked phrasing represents them."""

    text: str
    count: int
    lang: str
    type: str
    handed_over: int = 0
    staff_answered: int = 0
    examples: list[str] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)
    faq_id: str | None = None
    title: Label | None = None  # the matched FAQ entry's Japanese and English title

    @property
    def langs(self) -> list[str]:
        """Language codes, most asked first."""
        return [code for code, _ in sorted(self.languages.items(), key=lambda i: (-i[1], i[0]))]


@lru_cache(maxsize=1)
def featurizer() -> Featurizer:
    return Featurizer(get_lexicon())


def analyse(group: TextGroup) -> Analysis:
    return featurizer().analyse(group.key, group.lang, None, group.key)


def signature(analysis: Analysis) -> frozenset[str]:
    """Language-independent content: topical concepts and the prefectures named."""
    lexicon = featurizer().lex
    concepts = {
        f"c:{c}"
        for c in analysis.concepts
        if lexicon.concept_types.get(c) and c not in lexicon.venue_concepts
    }
    places = {f"p:{p.pref or p.key}" for p in analysis.places}
    return frozenset(concepts | places)


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """Same topic (a shared concept: a place alone is not a question) and mostly the same.

    A lone concept must be a specific one ("visa", "halal"), not a vague one
    ("things to do") that unrelated questions share.
    """
    shared = a & b
    if not any(element.startswith("c:") for element in shared):
        return False
    if len(a) == 1 and a == b:
        (only,) = a
        votes = featurizer().lex.concept_types.get(only[2:], {})
        return max(votes.values(), default=0.0) > STRONG
    return min(len(a), len(b)) >= 2 and len(shared) / len(a | b) >= OVERLAP


def entry_title(kb: KnowledgeBase | None, faq_id: str | None) -> Label | None:
    """The entry's first Japanese and English phrasings (either standing in for the other)."""
    entry = kb.get(faq_id) if kb is not None and faq_id else None
    if entry is None:
        return None
    en = next(iter(entry.questions.get("en", ())), "")
    ja = next(iter(entry.questions.get("ja", ())), "")
    return Label(ja or en or entry.id, en or ja or entry.id)


class _Groups:
    """The groups built so far and the indexes used to find a match quickly."""

    def __init__(self, similarity: int) -> None:
        self.similarity = similarity
        self.groups: list[QuestionGroup] = []
        self.signatures: list[frozenset[str]] = []
        self.by_entry: dict[str, int] = {}
        self.by_element: dict[str, list[int]] = {}
        self.fuzzy: dict[bool, tuple[list[str], list[int]]] = {True: ([], []), False: ([], [])}

    def find(self, faq_id: str | None, sig: frozenset[str], text: str) -> int | None:
        if faq_id is not None and faq_id in self.by_entry:
            return self.by_entry[faq_id]
        if sig:
            candidates = sorted({i for e in sig for i in self.by_element.get(e, ())})
            for index in candidates:
                if _similar(sig, self.signatures[index]):
                    return index
        keys, owners = self.fuzzy[text.isascii()]
        if keys:
            scorer = fuzz.token_sort_ratio if text.isascii() else fuzz.ratio
            match = process.extractOne(
                text, keys, scorer=scorer, processor=None, score_cutoff=self.similarity
            )
            if match is not None:
                return owners[match[2]]
        return None

    def add(self, group: QuestionGroup, sig: frozenset[str], text: str) -> None:
        index = len(self.groups)
        self.groups.append(group)
        self.signatures.append(sig)
        if group.faq_id is not None:
            self.by_entry[group.faq_id] = index
        for element in sig:
            self.by_element.setdefault(element, []).append(index)
        keys, owners = self.fuzzy[text.isascii()]
        keys.append(text)
        owners.append(index)


def cluster(
    groups: Sequence[TextGroup],
    *,
    weight: Callable[[TextGroup], int] = lambda group: group.count,
    by_entry: bool = True,
    keep: Callable[[TextGroup, Analysis], bool] | None = None,
    kb: KnowledgeBase | None = None,
    similarity: int = SIMILARITY,
    max_examples: int = 3,
    limit: int | None = None,
) -> list[QuestionGroup]:
    """Merge phrasings of one question; sorted by `weight` summed per group, largest first.

    Phrasings of weight 0 are left out (e.g. never unanswered, for the gaps), and
    so are those `keep` rejects (noise). `by_entry` groups by matched FAQ entry first.
    """
    ordered = sorted((g for g in groups if weight(g)), key=lambda g: (-weight(g), g.key))
    found = _Groups(similarity)
    for phrasing in ordered:
        analysis = analyse(phrasing)
        if keep is not None and not keep(phrasing, analysis):
            continue
        faq_id = phrasing.faq_id if by_entry else None
        sig = signature(analysis)
        text = analysis.fuzzy or phrasing.key
        index = found.find(faq_id, sig, text)
        amount = weight(phrasing)
        if index is None:
            group = QuestionGroup(
                text=phrasing.text,
                count=0,
                lang=phrasing.lang,
                type=phrasing.type,
                faq_id=faq_id,
                title=entry_title(kb, faq_id),
            )
            found.add(group, sig, text)
        else:
            group = found.groups[index]
            if len(group.examples) < max_examples and phrasing.text != group.text:
                group.examples.append(phrasing.text)
        group.count += amount
        group.handed_over += phrasing.handed_over
        group.staff_answered += phrasing.staff_answered
        group.languages[phrasing.lang] += amount
    merged = sorted(found.groups, key=lambda g: (-g.count, g.text))
    log.debug("grouped %d phrasings into %d questions", len(ordered), len(merged))
    return merged[:limit] if limit is not None else merged
