"""Fonts for posters and charts, registered by file path: glyphs that don't depend on luck.

matplotlib finds fonts through a cache (`fontlist-*.json` in its config folder)
built the first time it runs. A cache built before the Japanese, Thai and
Khmer fonts were installed (`make run`, then `make test`, which installs
them) never learns of them, so 兵庫県 came out as empty boxes and we wrongly
logged that no Japanese font was installed. Registering the font files by
path (`fontManager.addfont`) makes them known whatever the cache holds.

The files are Debian's (scripts/system-deps.sh installs fonts-noto-cjk,
fonts-thai-tlwg and fonts-khmeros); the first present file per script wins.
A missing one is logged once, naming the script and the package to install.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FontChoice:
    script: str
    package: str  # the Debian package that provides it
    candidates: tuple[str, ...]  # file paths, first present wins


FONTS: tuple[FontChoice, ...] = (
    FontChoice(
        "Japanese",
        "fonts-noto-cjk",
        (
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/opentype/noto/NotoSansCJKjp-Regular.otf",
            "/usr/share/fonts/truetype/noto/NotoSansJP-Regular.ttf",
            "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
        ),
    ),
    FontChoice(
        "Thai",
        "fonts-thai-tlwg",
        (
            "/usr/share/fonts/truetype/tlwg/Loma.ttf",
            "/usr/share/fonts/opentype/tlwg/Loma.otf",
            "/usr/share/fonts/truetype/tlwg/Garuda.ttf",
            "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",
        ),
    ),
    FontChoice(
        "Khmer",
        "fonts-khmeros",
        (
            "/usr/share/fonts/truetype/khmeros/KhmerOS.ttf",
            "/usr/share/fonts/truetype/noto/NotoSansKhmer-Regular.ttf",
        ),
    ),
)
BOLD = {"NotoSansCJK-Regular.ttc": "NotoSansCJK-Bold.ttc", "Loma.ttf": "Loma-Bold.ttf"}
LATIN = "DejaVu Sans"  # matplotlib's own, always there


@functools.cache
def font_families() -> tuple[str, ...]:
    """Family names to draw with, in fallback order: Japanese (its Latin too), Thai,
    Khmer, then DejaVu Sans for anything else.

    Registers each font file with matplotlib by path (once per process), so the
    families resolve even through a stale font cache.
    """
    from matplotlib import font_manager

    families: list[str] = []
    for choice in FONTS:
        path = next((Path(p) for p in choice.candidates if Path(p).is_file()), None)
        if path is None:
            log.warning(
                "no %s font found (apt-get install %s): %s text will show as boxes",
                choice.script,
                choice.package,
                choice.script,
            )
            continue
        font_manager.fontManager.addfont(str(path))
        bold = path.with_name(BOLD.get(path.name, path.name))
        if bold != path and bold.is_file():
            font_manager.fontManager.addfont(str(bold))
        name = font_manager.FontProperties(fname=str(path)).get_name()
        if name not in families:
            families.append(name)
    return (*families, LATIN)
