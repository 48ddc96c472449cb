"""Shared fixtures: the dev KB and engines are built once per session (they take ~1 s)."""

from __future__ import annotations

from pathlib import Path

import pytest

from faq.engine import Engine
from faq.loader import load_kb
from faq.model import KnowledgeBase

ROOT = Path(__file__).resolve().parents[2]
DEV_KB = ROOT / "bench" / "data" / "dev-kb.yaml"
DEV_QUESTIONS = ROOT / "bench" / "data" / "dev-questions.jsonl"


@pytest.fixture(scope="session")
def dev_kb() -> KnowledgeBase:
    return load_kb(DEV_KB)


@pytest.fixture(scope="session")
def dev_engine(dev_kb: KnowledgeBase) -> Engine:
    return Engine(dev_kb)


SMALL_YAML = """\
version: 1
entries:
  - id: kyoto-access
    prefecture: Kyoto
    type: transport
    questions:
      en: ["How do I get to Kyoto from Kansai Airport?", "Kyoto access"]
      th: ["ไปเกียวโตยังไง"]
    answer:
      en: "Take the JR Haruka limited express to Kyoto Station."
      th: "นั่งรถไฟ JR Haruka ไปสถานีเกียวโต"
    tags: ["kyoto", "airport"]
  - id: visa
    type: documents
    questions:
      en: ["Do I need a visa for Japan?"]
    answer:
      en: "It depends on your passport."
"""


@pytest.fixture()
def small_kb_file(tmp_path: Path) -> Path:
    path = tmp_path / "kb.yaml"
    path.write_text(SMALL_YAML, encoding="utf-8")
    return path
