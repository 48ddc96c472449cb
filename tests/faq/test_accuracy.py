"""Accuracy floors on the dev set, so a regression fails the build (never wall-clock)."""

from __future__ import annotations

import pytest

from faq.engine import Engine
from faq.evaluation import load_questions, report, run_engine
from faq.loader import load_kb
from faq.model import KnowledgeBase
from faq.sample import sample_kb_path

from .conftest import DEV_QUESTIONS


@pytest.fixture(scope="module")
def dev_report(dev_kb: KnowledgeBase, dev_engine: Engine):
    return report(run_engine(dev_engine, load_questions(DEV_QUESTIONS)), dev_kb)


def test_in_language_hit_at_1_floor(dev_report) -> None:
    # 0.85 until round 4: the answer threshold fitted with each question counted once
    # (0.64 -> 0.88) and the "another prefecture" guard turn some right answers into
    # "did you mean" offers (0.848 on the whole dev set); the offers are floored below.
    assert dev_report.same.rate >= 0.83


def test_right_entry_is_among_the_first_three(dev_report) -> None:
    """Questions no longer answered are offered: the right entry stays in the top three."""
    assert dev_report.hit3.rate >= 0.97


def test_overall_and_cross_language_floor(dev_report) -> None:
    assert dev_report.hit1.rate >= 0.80
    assert dev_report.cross.rate >= 0.60


def test_out_of_scope_decline_floor(dev_report) -> None:
    assert dev_report.declined.rate >= 0.85


def test_classifier_floors(dev_report) -> None:
    assert dev_report.type.rate >= 0.85
    assert dev_report.prefecture.rate >= 0.90


def test_sample_kb_answers_kyoto_from_the_airport() -> None:
    engine = Engine(load_kb(sample_kb_path()))
    verdict = engine.analyse("how do I get to Kyoto from the airport", lang_hint="en")
    assert verdict.faq_id == "kyoto-from-kansai-airport"
    assert verdict.lang == "en" and verdict.prefecture == "JP-26"
