"""Travel concerns (faq/concerns.py): the documented taxonomy and its multilingual cues.

The test questions are written here for this purpose (never taken from the
development question set), one or more per concern and language.
"""

from __future__ import annotations

import pytest

from faq.concerns import classify_concerns, decode, encode, taxonomy

REQUIRED = ("safety", "disasters", "cost", "language", "halal", "accessibility", "weather")


def test_taxonomy_has_the_documented_concerns_with_japanese_labels() -> None:
    ids = taxonomy().ids
    assert set(REQUIRED) <= set(ids)
    for concern in taxonomy().concerns:
        assert concern.ja and concern.en and concern.ja != concern.en
        assert concern.words or concern.prefixes
        assert concern.substrings  # Thai / Chinese / Japanese / Khmer cues too


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Is it safe to walk around Osaka alone at night?", ("safety",)),
        ("Apakah Tokyo aman untuk wanita sendirian?", ("safety",)),
        ("โตเกียวปลอดภัยไหมตอนกลางคืน", ("safety",)),
        ("Are earthquakes common in Japan?", ("disasters",)),
        ("Masih ada radiasi di Fukushima?", ("disasters",)),
        ("日本台风季节是几月", ("disasters",)),
        ("How much does a week in Hokkaido cost?", ("cost",)),
        ("Magkano ang pamasahe papuntang Nara?", ("cost",)),
        ("Do shop staff speak English?", ("language",)),
        ("Cần phiên dịch khi đi Nhật không?", ("language",)),
        ("Where can I find halal ramen?", ("halal",)),
        ("Ada musholla di bandara Narita?", ("halal",)),
        ("มีห้องละหมาดที่เกียวโตไหม", ("halal",)),
        ("Is the temple wheelchair accessible?", ("accessibility",)),
        ("車椅子で清水寺に行けますか", ("accessibility",)),
        ("What is the weather like in Sapporo in February?", ("weather",)),
        ("ខែធ្នូនៅជប៉ុនត្រជាក់ទេ", ("weather",)),
        ("Is halal food in Japan expensive?", ("cost", "halal")),
        ("How do I get to Himeji Castle?", ()),
        ("Where is a good hot spring near Kobe?", ()),  # "hot spring" is not the weather
        ("Berapa lama dari Osaka ke Kyoto?", ()),  # "how long", not "how much"
    ],
)
def test_concerns_of_questions(question: str, expected: tuple[str, ...]) -> None:
    assert classify_concerns(question) == expected


def test_matching_ignores_case_width_and_accents_but_needs_whole_words() -> None:
    assert classify_concerns("ＨＡＬＡＬ food?") == ("halal",)
    assert classify_concerns("Có an toàn không") == ("safety",)
    assert classify_concerns("the safest ryokan") == ()  # "safe" is a whole-word cue
    assert classify_concerns("pickpockets in Osaka") == ("safety",)  # "pickpocket*" a prefix
    assert classify_concerns("") == ()


def test_stored_form_round_trips() -> None:
    assert encode(("cost", "halal")) == "cost,halal"
    assert encode(()) is None  # questions without a concern stay out of the index
    assert decode("cost,halal") == ("cost", "halal")
    assert decode(None) == ()
