"""Language detection: script rules first, then markers/lingua for romanised text."""

from __future__ import annotations

import pytest

from faq.lang import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ซากุระ เดือนไหน", "th"),
        ("jr pass ซื้อที่ไหน", "th"),  # code-mixed: the non-Latin script wins
        ("ទៅ Himeji castle ពីអូសាកាយ៉ាងម៉េច?", "km"),
        ("姫路城は何時から入れますか", "ja"),
        ("JR周游卷在哪买", "zh"),
        ("姫路城", "ja"),  # Japanese-only kanji form
        ("Hộ chiếu Việt Nam đi Nhật có cần xin visa không ạ?", "vi"),
        ("esim nhat mua o dau", "vi"),
        ("kartu suica beli dimana", "id"),
        ("nak main ski kat Nagano, mana yang best?", "ms"),
        ("need ba ng visa pag pinoy pupunta ng japan", "tl"),
        ("how do i get to kyoto from the airport", "en"),
        ("", "en"),
        ("🙂", "en"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_hint_is_a_prior_not_an_override() -> None:
    assert detect_language("kyoto", hint="ms") == "ms"  # nothing else to go on
    assert detect_language("東京", hint="ja") == "ja"  # Han-only: the hint decides
    assert detect_language("ซากุระ", hint="en") == "th"  # script beats the hint
    assert detect_language("kyoto", hint="xx-YY") == "en"
