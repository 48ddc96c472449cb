"""The bundled sample knowledge base served by ``make run`` until a real KB is configured."""

from __future__ import annotations

from pathlib import Path

SAMPLE_KB = Path(__file__).resolve().parent / "sample-kb.yaml"


def sample_kb_path() -> Path:
    """Path of the bundled sample KB (a plain file inside the installed package)."""
    return SAMPLE_KB
