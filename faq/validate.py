"""Turn one raw entry (as read from YAML, CSV or XLSX) into an Entry, or into issues.

All three formats funnel through here so every file type enforces the same rules and
words its errors the same way; the readers only have to say where each field came from.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from faq.model import Entry
from faq.prefectures import is_valid_prefecture, resolve_prefecture
from faq.types import INQUIRY_TYPES

logger = logging.getLogger(__name__)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
LANG_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class KBIssue(NamedTuple):
    """One problem in a KB file, located precisely enough for booth staff to fix it."""

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass
class RawEntry:
    """An entry as the reader found it: values plus the row/line of each field."""

    file: str
    row: int | None
    id: str = ""
    type: str = ""
    prefecture: str = ""
    questions: dict[str, list[str]] = field(default_factory=dict)
    answer: dict[str, str] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    rows: dict[str, int | None] = field(default_factory=dict)

    def at(self, name: str) -> int | None:
        """Row/line of a field, falling back to the entry's own row."""
        return self.rows.get(name, self.row)


def validate(raw: RawEntry, source: str) -> tuple[Entry | None, list[KBIssue]]:
    """Check every rule of the spec on one entry; return the Entry only when all pass."""
    issues: list[KBIssue] = []

    def bad(name: str, message: str, row: int | None = None) -> None:
        issues.append(KBIssue(raw.file, row if row is not None else raw.at(name), name, message))

    if not raw.id:
        bad("id", "missing id")
    elif not ID_PATTERN.match(raw.id):
        bad(
            "id",
            f"bad id {raw.id!r}: use lower-case letters, digits and . _ - ([a-z0-9][a-z0-9._-]*)",
        )
    if not raw.type:
        bad("type", "missing type")
    elif raw.type not in INQUIRY_TYPES:
        bad("type", f"unknown type {raw.type!r}; expected one of: {', '.join(INQUIRY_TYPES)}")
    if not is_valid_prefecture(raw.prefecture):
        bad(
            "prefecture",
            f"unknown prefecture {raw.prefecture!r}; use an ISO code (JP-01..JP-47), "
            "the English name, or JP for all Japan",
        )
    for lang in [*raw.questions, *raw.answer]:
        if not LANG_PATTERN.match(lang):
            bad("lang", f"bad language tag {lang!r} (expected e.g. en, th, zh-Hant)")
    phrasings = {
        lang: tuple(q.strip() for q in qs if q and q.strip()) for lang, qs in raw.questions.items()
    }
    phrasings = {lang: qs for lang, qs in phrasings.items() if qs}
    if not phrasings:
        bad("questions", "no question phrasings: give at least one")
    answers = {lang: text.strip() for lang, text in raw.answer.items() if text and text.strip()}
    if "en" not in answers:
        bad("answer", "missing English (en) answer")
    if issues:
        return None, issues
    entry = Entry(
        id=raw.id,
        type=raw.type,
        prefecture=resolve_prefecture(raw.prefecture),
        questions=phrasings,
        answer=answers,
        links=tuple(s.strip() for s in raw.links if s and s.strip()),
        tags=tuple(s.strip() for s in raw.tags if s and s.strip()),
        source=source,
    )
    return entry, []
