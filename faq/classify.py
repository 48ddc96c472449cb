"""Inquiry type and prefecture for every question, answered or not.

Reports count what visitors ask about, so even a question the KB cannot answer is
logged under a type and a prefecture. The question's own cues come first — its
concepts vote for types (data/lexicon.yaml) and its place names give the prefecture
(data/gazetteer.yaml) — and the matched entry, when the engine is confident in it,
adds its own type and prefecture as a prior.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from faq.features import Analysis
from faq.lexicon import Lexicon
from faq.model import Entry
from faq.types import INQUIRY_TYPES, OTHER

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClassifierParams:
    entry_weight: float = 1.6  # vote of a confidently matched entry's type
    suggest_weight: float = 0.6  # vote of a merely plausible entry
    min_votes: float = 0.5  # below this the question is "other"


def classify_type(
    analysis: Analysis,
    lexicon: Lexicon,
    entry: Entry | None,
    confidence: float,
    params: ClassifierParams,
) -> str:
    """Highest-voted type; "other" when nothing points anywhere or the topic is not Japan."""
    votes: dict[str, float] = {}
    venue = False
    for concept in analysis.concepts:
        if concept in lexicon.venue_concepts:
            venue = True
        for type_id, weight in lexicon.concept_types.get(concept, {}).items():
            votes[type_id] = votes.get(type_id, 0.0) + weight
    if entry is not None and confidence > 0:
        votes[entry.type] = votes.get(entry.type, 0.0) + confidence
    about_japan = any(p.pref or p.key == "japan" for p in analysis.places) or entry is not None
    if analysis.foreign and not about_japan:
        return OTHER
    if venue and entry is None:
        return OTHER
    if not votes:
        return OTHER
    best = max(votes, key=lambda t: (votes[t], -list(INQUIRY_TYPES).index(t)))
    return best if votes[best] >= params.min_votes else OTHER


def classify_prefecture(
    analysis: Analysis, entry: Entry | None, kb_places: Mapping[str, str] | None = None
) -> str | None:
    """The confident entry's prefecture, else a place only one prefecture's entries
    name (the KB knows its own places best), else the (last, non-origin) gazetteer place."""
    if entry is not None and entry.prefecture:
        return entry.prefecture
    places = kb_places or {}
    kb_prefs = {places[n] for n in analysis.names if n in places}
    if len(kb_prefs) == 1:
        return kb_prefs.pop()
    targets = [p for p in analysis.places if p.pref and not p.origin]
    if len({p.pref for p in targets}) > 1:
        # A trip through several prefectures ("Tokyo, Osaka and Kyoto in 10 days") is
        # about none of them in particular: counting it for the last one named would
        # credit that prefecture with a question it was not asked.
        return None
    if targets:
        return targets[-1].pref
    return None
