"""What a booth poster says: the call to action in the fair's market languages.

A Bangkok visitor reads Thai first, a Jakarta visitor Indonesian; Singapore's
visitors read English, Chinese and Malay. The poster shows the call to action
in each of the fair's market languages (by the fair's country), English last
as the common fallback, and lists every language the bot speaks.
"""

from __future__ import annotations

CALL_TO_ACTION: dict[str, str] = {
    "en": "Questions about travel in Japan? Ask us in your language.",
    "ja": "日本旅行のご質問は、あなたの言葉でどうぞ。",
    "th": "มีคำถามเรื่องเที่ยวญี่ปุ่นไหม? ถามเราเป็นภาษาไทยได้เลย",
    "id": "Ada pertanyaan tentang wisata ke Jepang? Tanya kami dalam bahasa Indonesia.",
    "ms": "Ada soalan tentang melancong ke Jepun? Tanya kami dalam bahasa Melayu.",
    "vi": "Bạn có câu hỏi về du lịch Nhật Bản? Hãy hỏi chúng tôi bằng tiếng Việt.",
    "tl": "May tanong tungkol sa pagbiyahe sa Japan? Magtanong sa amin sa Tagalog.",
    "zh": "想了解日本旅游？欢迎用中文向我们提问。",
    "km": "មានសំណួរអំពីដំណើរកម្សាន្តនៅជប៉ុនទេ? សួរយើងជាភាសាខ្មែរបាន។",
}
# the languages of each market, most read first; English is added last when missing
MARKET_LANGUAGES: dict[str, tuple[str, ...]] = {
    "SG": ("en", "zh", "ms"),
    "MY": ("ms", "en", "zh"),
    "TH": ("th",),
    "ID": ("id",),
    "VN": ("vi",),
    "PH": ("tl",),
    "KH": ("km",),
    "BN": ("ms",),
    "TW": ("zh",),
    "HK": ("zh",),
}
SPOKEN = "EN · TH · ID · VI · ZH · MS · TL · JA · KM"


def calls_to_action(country: str | None) -> tuple[str, ...]:
    """The call to action in the market's languages, then English."""
    langs = MARKET_LANGUAGES.get((country or "").upper(), ())
    ordered = [*langs, *(("en",) if "en" not in langs else ())]
    return tuple(CALL_TO_ACTION[lang] for lang in ordered)
