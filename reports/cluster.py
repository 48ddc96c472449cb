"""Near-duplicate questions grouped with rapidfuzz, most frequent phrasing first.

The database has already merged identical normalised texts; this merges the
ones that differ by a typo, a word order or a trailing "please". Greedy and
deterministic: phrasings are visited by count, each joins the first group
whose representative it resembles closely enough, else starts a new group.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from storage.aggregates import TextGroup

log = logging.getLogger(__name__)

SIMILARITY = 85  # token_sort_ratio, 0-100: same words, small differences


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


def cluster(
    groups: Sequence[TextGroup],
    *,
    weight: Callable[[TextGroup], int] = lambda group: group.count,
    similarity: int = SIMILARITY,
    max_examples: int = 3,
    limit: int | None = None,
) -> list[QuestionGroup]:
    """Merge near-duplicates; sorted by `weight` summed per group, largest first.

    Groups of weight 0 are left out (e.g. never unanswered, for the unanswered list).
    """
    ordered = sorted((g for g in groups if weight(g)), key=lambda g: (-weight(g), g.key))
    keys: list[str] = []  # representatives, preprocessed once (not on every comparison)
    merged: list[QuestionGroup] = []
    for group in ordered:
        key = utils.default_process(group.key)
        match = (
            process.extractOne(
                key, keys, scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=similarity
            )
            if keys
            else None
        )
        if match is None:
            keys.append(key)
            merged.append(
                QuestionGroup(
                    text=group.text,
                    count=weight(group),
                    lang=group.lang,
                    type=group.type,
                    handed_over=group.handed_over,
                    staff_answered=group.staff_answered,
                )
            )
            continue
        target = merged[match[2]]
        target.count += weight(group)
        target.handed_over += group.handed_over
        target.staff_answered += group.staff_answered
        if len(target.examples) < max_examples and group.text != target.text:
            target.examples.append(group.text)
    merged.sort(key=lambda g: (-g.count, g.text))
    log.debug("clustered %d phrasings into %d groups", len(ordered), len(merged))
    return merged[:limit] if limit is not None else merged
