"""Which prefecture a question is counted for when no prefecture entry answers it."""

from __future__ import annotations

from faq.classify import classify_prefecture
from faq.features import Analysis, PlaceHit


def _asking_about(*places: tuple[str, str]) -> Analysis:
    analysis = Analysis(norm="q", fuzzy="q")
    analysis.places = [PlaceHit(key, pref, origin=False) for key, pref in places]
    return analysis


def test_one_named_prefecture_is_the_question_s() -> None:
    assert classify_prefecture(_asking_about(("kyoto", "JP-26")), None) == "JP-26"
    two_places_one_pref = _asking_about(("kyoto", "JP-26"), ("arashiyama", "JP-26"))
    assert classify_prefecture(two_places_one_pref, None) == "JP-26"


def test_a_trip_through_several_prefectures_is_counted_for_none() -> None:
    trip = _asking_about(("tokyo", "JP-13"), ("osaka", "JP-27"), ("kyoto", "JP-26"))
    assert classify_prefecture(trip, None) is None
