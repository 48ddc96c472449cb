"""Writing the FAQ back: the file writes and the swap into the live engine.

The edits themselves (add a phrasing, an entry; an upload's file name) are pure
and live in `faq.kb_edit`; this module only writes files and swaps engines.

Every change is validated by `faq.loader` exactly as a KB file on disk would be,
written to the writable KB folder (`FAIRBOT_KB_DIR`; the bundled sample and the
operator's own files are never modified), then swapped into the live engine so
the next identical question is answered. The folder wins over `FAIRBOT_KB` at the
next start (`Settings.live_kb_path`). Replaced files are kept in `.history/`.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from pathlib import Path

from starlette.requests import Request

from bot.config import Settings
from bot.runtime import Runtime
from faq.loader import dump_yaml, kb_files, load_kb_bytes
from faq.model import KnowledgeBase
from storage.models import utcnow

log = logging.getLogger(__name__)

LIVE_NAME = "kb.yaml"


def lock_of(request: Request) -> asyncio.Lock:
    """One writer at a time per app, so two staff adding at once do not lose an edit."""
    state = request.app.state
    if getattr(state, "kb_write_lock", None) is None:
        state.kb_write_lock = asyncio.Lock()
    return state.kb_write_lock


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
