"""Typo correction: misspelt KB words and places are recovered, other words left alone."""

from __future__ import annotations

from faq.spelling import Speller


def _speller() -> Speller:
    return Speller(targets=["kinosaki", "tickets"], places=["sakai", "japan", "kyoto"])


def test_typos_of_kb_words_and_places_are_corrected() -> None:
    speller = _speller()
    assert speller.correct("japn") == "japan"
    assert speller.correct("kyotto") == "kyoto"
    assert speller.correct("kinosakki") == "kinosaki"
    assert speller.correct("tikets") == "tickets"


def test_a_short_word_with_another_first_letter_is_another_word() -> None:
    # Indonesian "pakai" (to use) is one letter from the city of Sakai: not a typo.
    speller = _speller()
    assert speller.correct("pakai") is None
    assert speller.correct("kyoto") is None  # known words are never corrected
