"""The bot's own words, from gettext message catalogs in the nine visitor languages.

Catalogs are `.po` files read with Babel at start-up (no compile step to
forget); English msgids are the fallback for any missing translation.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

log = logging.getLogger(__name__)

LANGUAGES: dict[str, str] = {
    "en": "English",
    "th": "ไทย",
    "id": "Bahasa Indonesia",
    "vi": "Tiếng Việt",
    "zh": "中文",
    "ms": "Bahasa Melayu",
    "tl": "Tagalog",
    "ja": "日本語",
    "km": "ភាសាខ្មែរ",
}
DEFAULT_LANGUAGE = "en"
LOCALES = Path(__file__).with_name("locales")


def normalize_language(tag: str | None) -> str | None:
    """Map a BCP 47 tag or platform language code ("zh-hans", "fil", "in") to ours."""
    if not tag:
        return None
    base = tag.replace("_", "-").split("-")[0].lower()
    base = {"fil": "tl", "in": "id", "zsm": "ms", "khm": "km"}.get(base, base)
    return base if base in LANGUAGES else None


@cache
def catalog(lang: str) -> dict[str, str]:
    path = LOCALES / lang / "LC_MESSAGES" / "fairbot.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        po = read_po(handle, locale=None)
    return {str(m.id): str(m.string) for m in po if m.id and m.string and not m.fuzzy}


def gettext(lang: str | None, message: str, **values: object) -> str:
    """Translate `message` into `lang` (English fallback) and fill in `values`."""
    translated = catalog(lang or DEFAULT_LANGUAGE).get(message, message)
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError):
        log.warning("bad placeholders in %s translation of %r", lang, message)
        return message.format(**values)
