"""Optional dictionary segmentation: words for th/zh/ja runs, only when turned on."""

from __future__ import annotations

import pytest

from faq.engine import Engine, Params
from faq.model import KnowledgeBase


def test_segmentation_is_off_by_default(dev_kb: KnowledgeBase, dev_engine: Engine) -> None:
    analysis, _ = dev_engine._analysis("去樱岛的船多少钱", None)
    assert not any(f.startswith("s:") for f in analysis.features)


def test_segmented_languages_get_dictionary_words(dev_kb: KnowledgeBase) -> None:
    pytest.importorskip("jieba")
    engine = Engine(dev_kb, params=Params(segment=("zh",)))
    analysis, _ = engine._analysis("去樱岛的船多少钱", None)
    assert "s:樱岛" in analysis.features
    thai, _ = engine._analysis("ไปซากุระจิมะยังไง", None)  # Thai is not turned on
    assert not any(f.startswith("s:") for f in thai.features)
