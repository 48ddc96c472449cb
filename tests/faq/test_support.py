"""Thin evidence is offered, not asserted: one shared concept never makes a confident answer."""

from __future__ import annotations

from pathlib import Path

from faq.engine import Engine
from faq.loader import load_kb

SAMPLE = Path(__file__).resolve().parents[2] / "faq" / "sample" / "sample-kb.yaml"

KB = """\
version: 1
entries:
  - id: onsen-rules
    type: experiences
    questions:
      en: ["How do I use a public bath?", "bath etiquette"]
    answer:
      en: "Wash before you get in."
  - id: local-dumplings
    type: food
    questions:
      en: ["What are yakimochi dumplings?"]
    answer:
      en: "Grilled rice dumplings."
  - id: visa
    type: documents
    questions:
      en: ["Do I need a visa?"]
    answer:
      en: "Check the embassy's list."
"""


def _engine(tmp_path: Path) -> Engine:
    path = tmp_path / "kb.yaml"
    path.write_text(KB, encoding="utf-8")
    return Engine(load_kb(path))


def test_a_lead_from_one_shared_concept_is_a_suggestion(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    verdict = engine.analyse("tipping")  # the etiquette concept, nothing else, is shared
    assert verdict.best is not None and verdict.best.entry_id == "onsen-rules"
    assert verdict.decision != "answer"
    assert "onsen-rules" in verdict.suggestions


def test_the_entry_s_own_word_is_enough_on_its_own(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    verdict = engine.analyse("yakimochi")
    assert verdict.decision == "answer" and verdict.faq_id == "local-dumplings"


def test_two_shared_features_answer(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    assert engine.analyse("do i need a visa").faq_id == "visa"


def test_the_sample_kb_does_not_answer_fair_logistics_with_an_entry() -> None:
    engine = Engine(load_kb(SAMPLE))
    for question in ("where is the toilet in this hall", "is there parking here"):
        assert engine.analyse(question).decision != "answer"


def test_a_topic_word_keeps_its_entry_on_offer_beside_a_shared_place() -> None:
    engine = Engine(load_kb(SAMPLE))
    verdict = engine.analyse("Is there a quiet prayer room at Kansai airport terminal 2?")
    assert verdict.faq_id == "prayer-spaces" or "prayer-spaces" in verdict.suggestions


SIGHTS_KB = """\
version: 1
entries:
  - id: zorimachi-sights
    type: sightseeing
    questions:
      en: ["What to see at Zorimachi Shrine?", "How much time do I need in Zorimachi?"]
    answer:
      en: "Half a day."
  - id: visa
    type: documents
    questions:
      en: ["Which passports are visa-free?"]
    answer:
      en: "Check the embassy's list."
  - id: wifi
    type: connectivity
    questions:
      en: ["Where can I rent pocket wifi?"]
    answer:
      en: "At the airport."
"""


def test_concepts_alone_do_not_answer_a_question_about_an_unknown_thing(tmp_path: Path) -> None:
    """Sights + need are shared, but the KB has never heard of a laptop."""
    path = tmp_path / "kb.yaml"
    path.write_text(SIGHTS_KB, encoding="utf-8")
    engine = Engine(load_kb(path))
    verdict = engine.analyse("can you recommend a good laptop")
    assert verdict.best is not None and verdict.best.entry_id == "zorimachi-sights"
    assert verdict.faq_id is None
    assert engine.analyse("what to see in zorimachi").faq_id == "zorimachi-sights"


EMERGENCY_KB = """\
version: 1
entries:
  - id: emergency
    type: health-safety
    questions:
      en: ["What number do I call in an emergency?"]
    answer:
      en: "119 for fire and ambulance, 110 for police."
  - id: visa
    type: documents
    questions:
      en: ["Do I need a visa?"]
    answer:
      en: "Check the embassy's list."
  - id: insurance
    type: health-safety
    questions:
      en: ["Do I need travel insurance?"]
    answer:
      en: "Strongly recommended."
"""


def test_a_concept_named_twice_in_other_words_is_enough(tmp_path: Path) -> None:
    """救急車 (ambulance) and 電話 (call) both say "emergency": the English-only entry
    shares that one concept, but the question says nothing else."""
    path = tmp_path / "kb.yaml"
    path.write_text(EMERGENCY_KB, encoding="utf-8")
    engine = Engine(load_kb(path))
    question = "救急車を呼ぶには何番に電話しますか"
    analysis, _lang = engine._analysis(question, None)
    assert [f for f in analysis.features if f.startswith("c:")] == ["c:emergency"]
    assert engine.analyse(question).faq_id == "emergency"
