"""The unseen-KB views of dev-tune that calibration is fitted on (bench/faq_sims.py)."""

from __future__ import annotations

from bench.faq_accuracy import question_weights
from bench.faq_sims import (
    blind_lexicon,
    elsewhere_rows,
    simulate,
    simulate_elsewhere,
    without_language,
)
from faq.engine import Engine
from faq.evaluation import Outcome, load_questions, report, split_rows
from faq.lexicon import get_lexicon
from faq.model import KnowledgeBase

from .conftest import DEV_QUESTIONS


def test_the_blind_gazetteer_knows_prefectures_but_not_their_sights() -> None:
    full, blind = get_lexicon(), blind_lexicon()
    assert ("himeji",) in full.latin_folded and ("himeji",) not in blind.latin_folded
    assert blind.latin_folded[("hyogo",)] == {"p:hyogo"}
    assert "p:japan" in blind.latin_folded[("japan",)]


def test_without_language_drops_its_phrasings_and_answers(dev_kb: KnowledgeBase) -> None:
    sub = without_language(dev_kb, "th")
    assert all("th" not in e.questions and "th" not in e.answer for e in sub.entries)
    assert all("en" in e.answer for e in sub.entries)


def test_unseen_kb_views_keep_their_floors(dev_kb: KnowledgeBase, dev_engine: Engine) -> None:
    tune, _test = split_rows(load_questions(DEV_QUESTIONS))
    views = simulate(dev_kb, tune, dev_engine)
    for name, outcomes in views.items():
        rep = report(outcomes, dev_kb)
        assert rep.hit1.rate >= 0.80, name
        assert rep.wrong.rate <= 0.04, name


def test_elsewhere_moves_questions_to_a_prefecture_the_kb_lacks(dev_kb: KnowledgeBase) -> None:
    tune, _test = split_rows(load_questions(DEV_QUESTIONS))
    rows = elsewhere_rows(dev_kb, tune)
    covered = {e.prefecture for e in dev_kb.entries}
    assert len(rows) >= 50
    assert all(r["expect"] is None and r["prefecture"] not in covered for r in rows)
    originals = {r["q"] for r in tune}
    assert not any(r["q"] in originals for r in rows)


def test_elsewhere_questions_are_not_answered(dev_kb: KnowledgeBase, dev_engine: Engine) -> None:
    """Asked about a look-alike of another prefecture, the bot offers or declines."""
    tune, _test = split_rows(load_questions(DEV_QUESTIONS))
    views = simulate_elsewhere(dev_kb, tune, dev_engine)
    assert report(views["elsewhere"], dev_kb).declined.rate >= 0.9
    # Blind, only the prefecture names tell: most are still not answered.
    assert report(views["elsewhere blind"], dev_kb).declined.rate >= 0.8


def test_calibration_counts_a_question_asked_in_several_views_once() -> None:
    a, b = {"q": "a", "expect": None}, {"q": "b", "expect": None}
    outs = [Outcome(a, [], None), Outcome(a, [], None), Outcome(b, [], None)]
    assert question_weights(outs) == [0.5, 0.5, 1.0]
