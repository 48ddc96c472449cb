"""Glyphs that don't depend on luck (issue 15): a stale matplotlib font cache, made
before the Japanese, Thai and Khmer fonts were installed, must not turn 兵庫県 or
Thai into empty boxes on the poster or in the charts.

The stale cache is made for real: matplotlib builds its cache in a private config
folder, then the entries of the Debian CJK, Thai and Khmer fonts are taken out of
it, which is what a cache built before `apt-get install fonts-noto-cjk ...` holds.
A fresh interpreter then draws with that cache and every missing-glyph warning
matplotlib emits is collected.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.dashboard.poster_words import CALL_TO_ACTION, calls_to_action
from reports.fonts import FONTS

ROOT = Path(__file__).resolve().parents[2]
INSTALLED = all(any(Path(p).is_file() for p in choice.candidates) for choice in FONTS)
needs_fonts = pytest.mark.skipif(
    not INSTALLED,
    reason="fonts-noto-cjk, fonts-thai-tlwg, fonts-khmeros not installed (scripts/system-deps.sh)",
)
FONT_DIRS = ("noto", "tlwg", "khmeros")

DRAW = textwrap.dedent(
    """
    import json, logging, sys, warnings
    from matplotlib import font_manager
    stale = {font.name for font in font_manager.fontManager.ttflist}
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    from bot.dashboard.poster import poster_text, render_poster
    from reports import charts
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        words = poster_text("JP-28", "兵庫県ブース", "ジャパントラベルフェア", country="TH")
        png = render_poster(words, {"web": "https://fair.example.org/?booth=hyogo"}, "png")
        kh = poster_text("JP-26", "Kyoto", "Japan Travel Fair Phnom Penh", country="KH")
        render_poster(kh, {"web": "https://fair.example.org/?booth=kyoto"}, "png")
        charts.bar_chart(["交通・アクセス", "ภาษาไทย", "ភាសាខ្មែរ"], [3, 2, 1])
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    print(json.dumps({"stale": sorted(stale), "missing": missing, "png": len(png)}))
    """
)


def make_stale_cache(config: Path) -> None:
    """matplotlib's own cache for this machine, minus the CJK, Thai and Khmer fonts."""
    env = {**os.environ, "MPLCONFIGDIR": str(config)}
    subprocess.run(
        [sys.executable, "-c", "from matplotlib import font_manager"], env=env, check=True
    )
    (cache,) = config.glob("fontlist-*.json")
    data = json.loads(cache.read_text())
    before = len(data["ttflist"])
    data["ttflist"] = [
        font for font in data["ttflist"] if not any(d in font["fname"] for d in FONT_DIRS)
    ]
    assert len(data["ttflist"]) < before  # the fonts were there to take out
    cache.write_text(json.dumps(data))


@needs_fonts
def test_poster_and_charts_have_every_glyph_with_a_stale_font_cache(tmp_path: Path) -> None:
    config = tmp_path / "mpl"
    config.mkdir()
    make_stale_cache(config)
    env = {**os.environ, "MPLCONFIGDIR": str(config), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", DRAW], env=env, capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert not any("CJK" in name or name in {"Loma", "Khmer OS"} for name in result["stale"])
    assert result["missing"] == []
    assert result["png"] > 10_000
    assert "no Japanese font" not in done.stderr and "as boxes" not in done.stderr


def test_call_to_action_in_the_markets_languages() -> None:
    assert calls_to_action("TH") == (CALL_TO_ACTION["th"], CALL_TO_ACTION["en"])
    assert calls_to_action("sg") == tuple(CALL_TO_ACTION[c] for c in ("en", "zh", "ms"))
    assert calls_to_action("KH")[0] == CALL_TO_ACTION["km"]
    assert calls_to_action(None) == (CALL_TO_ACTION["en"],)


def test_booth_link_and_poster_warn_without_a_public_url(tmp_path: Path) -> None:
    from bot.links import public_url_warning
    from tests.conftest import make_settings

    local = public_url_warning(make_settings(tmp_path))
    assert local is not None and "FAIRBOT_PUBLIC_URL" in local and "127.0.0.1" in local
    public = make_settings(tmp_path, FAIRBOT_PUBLIC_URL="https://fair.example.org")
    assert public_url_warning(public) is None
