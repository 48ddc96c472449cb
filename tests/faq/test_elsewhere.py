"""A question about another prefecture's look-alike sight is not answered with the KB's own.

Round 4 of issue 12: on an unseen KB, "Kumamoto Castle" questions were answered with
the KB's only castle entry (Nagano's). The engine offers it at most ("did you mean").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from faq.engine import Engine
from faq.loader import load_kb

CASTLE_KB = """\
version: 1
entries:
  - id: matsumoto-castle
    prefecture: JP-20
    type: sightseeing
    questions:
      en: ["Matsumoto Castle opening hours and entry fee", "Is Matsumoto Castle worth a visit?"]
      th: ["ปราสาทมัตสึโมโตะเปิดกี่โมง"]
    answer:
      en: "Open daily 8:30-17:00; adults 1,300 yen."
  - id: nagano-soba
    prefecture: JP-20
    type: food
    questions:
      en: ["Where can I eat soba noodles in Nagano?"]
    answer:
      en: "Around Zenkoji and in Togakushi."
  - id: jp-onsen-manners
    type: experiences
    questions:
      en: ["What are the rules in a Japanese hot spring?"]
    answer:
      en: "Wash before you enter the bath."
"""


@pytest.fixture(scope="module")
def castle_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path: Path = tmp_path_factory.mktemp("kb") / "kb.yaml"
    path.write_text(CASTLE_KB, encoding="utf-8")
    return Engine(load_kb(path))


@pytest.mark.parametrize(
    "question",
    [
        "Kumamoto Castle opening hours and entry fee",
        "is kumamoto castle worth a visit",
        "ปราสาทคุมาโมโตะเปิดกี่โมง",
    ],
)
def test_another_prefectures_castle_is_not_answered_with_the_kbs(
    castle_engine: Engine, question: str
) -> None:
    verdict = castle_engine.analyse(question)
    assert verdict.faq_id is None
    assert verdict.decision in ("suggest", "decline")


@pytest.mark.parametrize(
    "question",
    [
        "Matsumoto Castle opening hours and entry fee",
        "how much is matsumoto castle entry fee from kumamoto",  # where they come from
    ],
)
def test_the_kbs_own_castle_is_still_answered(castle_engine: Engine, question: str) -> None:
    assert castle_engine.analyse(question).faq_id == "matsumoto-castle"


def test_a_general_entry_is_never_elsewhere(castle_engine: Engine) -> None:
    verdict = castle_engine.analyse("rules in a japanese hot spring in kumamoto")
    assert verdict.candidates[0].entry_id == "jp-onsen-manners"
    assert verdict.decision != "decline"
