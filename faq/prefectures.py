"""The 47 prefectures (ISO 3166-2:JP) and the lenient resolver the KB spec allows.

KB authors may write the ISO code ("JP-28") or the English name ("Hyogo"); booth staff
type names with or without the "-ken"/"Prefecture" suffix and with long vowels spelt
out ("Hyougo", "Ooita"), so the resolver folds those before comparing.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import NamedTuple

logger = logging.getLogger(__name__)


class PrefectureName(NamedTuple):
    en: str
    ja: str


PREFECTURES: dict[str, PrefectureName] = {
    "JP-01": PrefectureName("Hokkaido", "北海道"),
    "JP-02": PrefectureName("Aomori", "青森県"),
    "JP-03": PrefectureName("Iwate", "岩手県"),
    "JP-04": PrefectureName("Miyagi", "宮城県"),
    "JP-05": PrefectureName("Akita", "秋田県"),
    "JP-06": PrefectureName("Yamagata", "山形県"),
    "JP-07": PrefectureName("Fukushima", "福島県"),
    "JP-08": PrefectureName("Ibaraki", "茨城県"),
    "JP-09": PrefectureName("Tochigi", "栃木県"),
    "JP-10": PrefectureName("Gunma", "群馬県"),
    "JP-11": PrefectureName("Saitama", "埼玉県"),
    "JP-12": PrefectureName("Chiba", "千葉県"),
    "JP-13": PrefectureName("Tokyo", "東京都"),
    "JP-14": PrefectureName("Kanagawa", "神奈川県"),
    "JP-15": PrefectureName("Niigata", "新潟県"),
    "JP-16": PrefectureName("Toyama", "富山県"),
    "JP-17": PrefectureName("Ishikawa", "石川県"),
    "JP-18": PrefectureName("Fukui", "福井県"),
    "JP-19": PrefectureName("Yamanashi", "山梨県"),
    "JP-20": PrefectureName("Nagano", "長野県"),
    "JP-21": PrefectureName("Gifu", "岐阜県"),
    "JP-22": PrefectureName("Shizuoka", "静岡県"),
    "JP-23": PrefectureName("Aichi", "愛知県"),
    "JP-24": PrefectureName("Mie", "三重県"),
    "JP-25": PrefectureName("Shiga", "滋賀県"),
    "JP-26": PrefectureName("Kyoto", "京都府"),
    "JP-27": PrefectureName("Osaka", "大阪府"),
    "JP-28": PrefectureName("Hyogo", "兵庫県"),
    "JP-29": PrefectureName("Nara", "奈良県"),
    "JP-30": PrefectureName("Wakayama", "和歌山県"),
    "JP-31": PrefectureName("Tottori", "鳥取県"),
    "JP-32": PrefectureName("Shimane", "島根県"),
    "JP-33": PrefectureName("Okayama", "岡山県"),
    "JP-34": PrefectureName("Hiroshima", "広島県"),
    "JP-35": PrefectureName("Yamaguchi", "山口県"),
    "JP-36": PrefectureName("Tokushima", "徳島県"),
    "JP-37": PrefectureName("Kagawa", "香川県"),
    "JP-38": PrefectureName("Ehime", "愛媛県"),
    "JP-39": PrefectureName("Kochi", "高知県"),
    "JP-40": PrefectureName("Fukuoka", "福岡県"),
    "JP-41": PrefectureName("Saga", "佐賀県"),
    "JP-42": PrefectureName("Nagasaki", "長崎県"),
    "JP-43": PrefectureName("Kumamoto", "熊本県"),
    "JP-44": PrefectureName("Oita", "大分県"),
    "JP-45": PrefectureName("Miyazaki", "宮崎県"),
    "JP-46": PrefectureName("Kagoshima", "鹿児島県"),
    "JP-47": PrefectureName("Okinawa", "沖縄県"),
}

_SUFFIX = re.compile(r"([\s-]*(prefecture|pref\.?|metropolis)|[\s-]+(ken|fu|to))$")
_CODE = re.compile(r"^jp-?(\d{1,2})$")


def _fold(value: str) -> str:
    """Lower-case, strip accents (Hyōgo), suffixes and spelt-out long vowels (Hyougo)."""
    text = unicodedata.normalize("NFKD", value.strip().casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _SUFFIX.sub("", text).strip()
    return text.replace("ou", "o").replace("oo", "o").replace("uu", "u")


_BY_NAME: dict[str, str] = {}
for _code, _name in PREFECTURES.items():
    _BY_NAME[_fold(_name.en)] = _code
    _BY_NAME[_name.ja] = _code
    _BY_NAME[_name.ja.rstrip("都府県")] = _code


def resolve_prefecture(value: str) -> str | None:
    """ISO code for a code or English (or Japanese) name; None for "", "JP" or unknown.

    Unknown names also return None, so callers that must reject them (the loader)
    check ``is_valid_prefecture`` first.
    """
    text = (value or "").strip()
    if not text or text.upper() in {"JP", "JAPAN"}:
        return None
    match = _CODE.match(text.casefold())
    if match:
        code = f"JP-{int(match.group(1)):02d}"
        return code if code in PREFECTURES else None
    return _BY_NAME.get(text) or _BY_NAME.get(_fold(text))


def is_valid_prefecture(value: str) -> bool:
    """True when ``value`` means "all Japan" or names one of the 47 prefectures."""
    text = (value or "").strip()
    return not text or text.upper() in {"JP", "JAPAN"} or resolve_prefecture(text) is not None
