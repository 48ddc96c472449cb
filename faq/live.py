"""Reload the KB without restarting and without dropping in-flight questions.

The current Engine is one attribute; a reload builds a complete new Engine first and
then swaps the reference in a single assignment (atomic under the GIL). A question
being analysed keeps using the engine it started with, so every answer comes wholly
from the old KB or wholly from the new one. A KB that fails validation raises KBError
and the old engine simply stays.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from faq.engine import Engine, Thresholds
from faq.loader import load_kb
from faq.model import KnowledgeBase

logger = logging.getLogger(__name__)


class LiveEngine:
    """Holds the engine currently serving questions; ``reload``/``replace`` swap it."""

    def __init__(self, path: str | Path, thresholds: Thresholds | None = None) -> None:
        self.path = Path(path)
        self._thresholds = thresholds
        self._swap_lock = threading.Lock()  # serialises reloads, never blocks readers
        self._engine = Engine(load_kb(self.path), thresholds)

    @property
    def engine(self) -> Engine:
        return self._engine

    def reload(self) -> Engine:
        """Re-read ``path``; on KBError the old engine stays live and the error propagates."""
        with self._swap_lock:
            kb = load_kb(self.path)
            return self._install(kb)

    def replace(self, kb: KnowledgeBase) -> Engine:
        """Serve an already-loaded KB (e.g. an upload validated by load_kb_bytes)."""
        with self._swap_lock:
            return self._install(kb)

    def _install(self, kb: KnowledgeBase) -> Engine:
        engine = Engine(kb, self._thresholds)  # built completely before anyone sees it
        self._engine = engine
        logger.info("KB live: %d entries from %s", len(kb), ", ".join(kb.sources) or "memory")
        return engine
