"""The unseen-KB views of dev-tune that calibration is fitted on (bench/faq_sims.py)."""

from __future__ import annotations

from bench.faq_sims import blind_lexicon, simulate, without_language
from faq.engine import Engine
from faq.evaluation import load_questions, report, split_rows
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
