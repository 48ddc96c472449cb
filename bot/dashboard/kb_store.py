"""Writing the FAQ back: add a phrasing or an entry, or replace the KB with an upload.

Every change is validated by `faq.loader` exactly as a KB file on disk would be,
written to the writable KB folder (`FAIRBOT_KB_DIR`; the bundled sample and the
operator's own files are never modified), then swapped into the live engine so
the next identical question is answered. The folder wins over `FAIRBOT_KB` at the
next start (`Settings.live_kb_path`). Replaced files are kept in `.history/`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path

from starlette.requests import Request

from bot.config import Settings
from bot.runtime import Runtime
from faq.loader import SUFFIXES, dump_yaml, kb_files, load_kb_bytes
from faq.model import Entry, KnowledgeBase
from storage.models import utcnow

log = logging.getLogger(__name__)

LIVE_NAME = "kb.yaml"
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def lock_of(request: Request) -> asyncio.Lock:
    """One writer at a time per app, so two staff adding at once do not lose an edit."""
    state = request.app.state
    if getattr(state, "kb_write_lock", None) is None:
        state.kb_write_lock = asyncio.Lock()
    return state.kb_write_lock


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


def write_kb_file(kb_dir: Path, name: str, data: bytes) -> Path:
    """Make `name` the only KB file in `kb_dir`, atomically; older files go to .history/."""
    kb_dir.mkdir(parents=True, exist_ok=True)
    target = kb_dir / name
    temporary = kb_dir / f".{name}.tmp"
    temporary.write_bytes(data)
    history = kb_dir / ".history"
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    for old in kb_files(kb_dir):
        history.mkdir(exist_ok=True)
        os.replace(old, history / f"{stamp}-{old.name}")
    os.replace(temporary, target)
    return target


async def publish(
    runtime: Runtime,
    settings: Settings,
    lock: asyncio.Lock,
    name: str,
    data: bytes | Callable[[KnowledgeBase], KnowledgeBase],
) -> KnowledgeBase:
    """Validate a whole KB, write it to the KB folder and make it live.

    `data` is a file's bytes (an upload) or a change to apply to the live KB,
    applied under the lock so two staff editing at once both keep their edit.
    Raises ValueError (a bad change) or faq.loader.KBError (every issue with
    file, row and field) and then changes nothing.
    """
    async with lock:
        if callable(data):
            name, data = LIVE_NAME, dump_yaml(data(runtime.engines.engine.kb)).encode("utf-8")
        kb = await asyncio.to_thread(load_kb_bytes, name, data)
        path = await asyncio.to_thread(write_kb_file, settings.kb_dir, name, data)
        await asyncio.to_thread(runtime.engines.replace, kb)
        runtime.engines.path = settings.kb_dir  # a later reload() reads the edited KB
    log.info("knowledge base replaced from the dashboard: %d entries in %s", len(kb), path)
    return kb
