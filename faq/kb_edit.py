"""Edits to a knowledge base, as pure functions: the dashboard's "add" and "upload".

Each returns a new `KnowledgeBase` (the old one is never changed) or raises
ValueError with a message for staff. Writing the result to disk and making it
live is the server's job (bot.dashboard.kb_store), after faq.loader has
validated the whole KB exactly as a file on disk.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from faq.loader import SUFFIXES
from faq.model import Entry, KnowledgeBase

SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def with_phrasing(kb: KnowledgeBase, entry_id: str, lang: str, text: str) -> KnowledgeBase:
    """The KB with `text` added as a `lang` phrasing of entry `entry_id`."""
    entry = kb.get(entry_id)
    if entry is None:
        raise ValueError(f"no FAQ entry {entry_id!r}")
    text = " ".join(text.split())
    if not text:
        raise ValueError("the phrasing is empty")
    current = entry.questions.get(lang, ())
    if text in current:
        raise ValueError(f"{entry_id!r} already has that {lang} phrasing")
    questions = {**entry.questions, lang: (*current, text)}
    changed = dataclasses.replace(entry, questions=questions)
    return KnowledgeBase(
        entries=tuple(changed if e.id == entry_id else e for e in kb.entries), sources=kb.sources
    )


def with_entry(kb: KnowledgeBase, entry: Entry) -> KnowledgeBase:
    if kb.get(entry.id) is not None:
        raise ValueError(f"an FAQ entry {entry.id!r} exists already: choose another id")
    return KnowledgeBase(entries=(*kb.entries, entry), sources=kb.sources)


def safe_file_name(name: str) -> str:
    """An uploaded file's name, reduced to a plain base name with a KB suffix."""
    base = SAFE_NAME.sub("-", Path(name or "").name).strip(".-") or "upload"
    if Path(base).suffix.casefold() not in SUFFIXES:
        raise ValueError(f"{name!r}: upload a {', '.join(SUFFIXES)} file")
    return base
