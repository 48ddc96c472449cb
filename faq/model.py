"""Immutable knowledge-base model shared by the loaders, the engine and the rest of the app.

Entries are frozen so an engine built from a KB can never see it change underneath it:
a reload builds a new KB and a new engine and swaps them in one assignment.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

logger = logging.getLogger(__name__)

FALLBACK_LANG = "en"


def _freeze(mapping: Mapping[str, object]) -> Mapping[str, object]:
    """Read-only view, so a frozen dataclass is frozen all the way down."""
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Entry:
    """One FAQ entry: phrasings per language and the answer per language."""

    id: str
    type: str
    prefecture: str | None
    questions: Mapping[str, tuple[str, ...]]
    answer: Mapping[str, str]
    links: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "questions", _freeze({k: tuple(v) for k, v in self.questions.items()})
        )
        object.__setattr__(self, "answer", _freeze(self.answer))
        object.__setattr__(self, "links", tuple(self.links))
        object.__setattr__(self, "tags", tuple(self.tags))

    def answer_in(self, lang: str) -> tuple[str, str]:
        """The answer in ``lang`` if the KB has one, else English (always present)."""
        text = self.answer.get(lang)
        if text:
            return text, lang
        return self.answer.get(FALLBACK_LANG, ""), FALLBACK_LANG

    def phrasings(self) -> list[tuple[str, str]]:
        """All (lang, phrasing) pairs, in file order."""
        return [(lang, q) for lang, qs in self.questions.items() for q in qs]

    def __hash__(self) -> int:
        return hash(self.id)


@dataclass(frozen=True)
class KnowledgeBase:
    """An ordered, id-unique collection of entries and the files they came from."""

    entries: tuple[Entry, ...]
    sources: tuple[str, ...] = ()
    _by_id: Mapping[str, Entry] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "entries", tuple(self.entries))
        object.__setattr__(self, "sources", tuple(self.sources))
        object.__setattr__(self, "_by_id", _freeze({e.id: e for e in self.entries}))

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)
