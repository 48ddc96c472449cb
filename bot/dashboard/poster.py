"""Booth QR codes (segno) and the printable A4 booth poster (PNG, SVG or PDF).

The poster names the booth's prefecture in Japanese and English above one QR
code per configured channel, with the call to action in the fair's market
languages (`poster_words`). It is drawn with matplotlib's Agg/PDF/SVG
backends, QR modules as vector squares so print stays sharp. Fonts are
registered by file path (`reports.fonts`), so Japanese, Thai and Khmer render
whatever state matplotlib's font cache is in. Without a public URL the web
chat QR would encode a local address: the poster then says so in red.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import segno

if TYPE_CHECKING:  # matplotlib loads lazily, on the first poster
    from matplotlib.figure import Figure

from bot.dashboard.poster_words import SPOKEN, calls_to_action
from faq.prefectures import PREFECTURES
from reports.fonts import font_families

log = logging.getLogger(__name__)

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
CHANNEL_LABELS = {"web": "Web chat", "telegram": "Telegram", "line": "LINE"}
A4 = (8.27, 11.69)  # inches, portrait


@dataclass(frozen=True)
class PosterText:
    prefecture_ja: str
    prefecture_en: str
    booth: str
    fair: str
    calls: tuple[str, ...] = ()  # the call to action, one line per market language
    warning: str | None = None  # printed in red (e.g. no public URL)


def poster_text(
    prefecture: str,
    booth_name: str,
    fair_name: str,
    *,
    country: str | None = None,
    warning: str | None = None,
) -> PosterText:
    calls = calls_to_action(country)
    names = PREFECTURES.get(prefecture)
    if names is None:  # "JP": a booth for all of Japan
        return PosterText("日本", "Japan", booth_name, fair_name, calls, warning)
    en = names.en if names.en.endswith(("Tokyo", "Hokkaido")) else f"{names.en} Prefecture"
    return PosterText(names.ja, en, booth_name, fair_name, calls, warning)


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def qr_bytes(url: str, kind: str) -> bytes:
    """The QR code for `url` alone, as png, svg or pdf (for flyers and slides)."""
    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind=kind, scale=10, border=4)
    return buffer.getvalue()


def draw_qr(figure: Figure, url: str, box: tuple[float, float, float, float]) -> None:
    """Draw the QR code as vector squares in an axes at figure coordinates."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    matrix = [list(row) for row in qr_code(url).matrix]
    count = len(matrix)
    squares = [
        Path([(x, count - y - 1), (x + 1, count - y - 1), (x + 1, count - y), (x, count - y),
              (x, count - y - 1)], closed=True)
        for y, row in enumerate(matrix)
        for x, dark in enumerate(row)
        if dark
    ]  # fmt: skip
    axes = figure.add_axes(box)
    quiet = 4
    axes.set_xlim(-quiet, count + quiet)
    axes.set_ylim(-quiet, count + quiet)
    axes.set_aspect("equal")
    axes.axis("off")
    compound = Path.make_compound_path(*squares)
    axes.add_patch(PathPatch(compound, facecolor="black", edgecolor="none", antialiased=False))


def render_poster(text: PosterText, links: dict[str, str | None], kind: str) -> bytes:
    """An A4 portrait poster: prefecture (ja + en), booth, and a QR code per channel."""
    from matplotlib.figure import Figure

    families = list(font_families())
    figure = Figure(figsize=A4)
    figure.text(0.5, 0.93, text.fair, ha="center", fontsize=16, color="#555", family=families)
    # bold only in the Japanese font (Thai and Khmer have no bold face to fall back on)
    figure.text(0.5, 0.83, text.prefecture_ja, ha="center", fontsize=64,
                family=[families[0], families[-1]], weight="bold")  # fmt: skip
    figure.text(0.5, 0.77, text.prefecture_en, ha="center", fontsize=30, family=families)
    figure.text(0.5, 0.72, text.booth, ha="center", fontsize=20, color="#333", family=families)
    calls = text.calls or calls_to_action(None)
    top = 0.675
    step = 0.03 if len(calls) <= 2 else 0.024
    for index, line in enumerate(calls[:4]):
        figure.text(0.5, top - index * step, line, ha="center", fontsize=15 if index == 0 else 12,
                    family=families)  # fmt: skip
    figure.text(0.5, top - len(calls[:4]) * step - 0.005, SPOKEN, ha="center", fontsize=10,
                color="#555", family=families)  # fmt: skip
    if text.warning:
        figure.text(0.5, 0.015, text.warning, ha="center", fontsize=8, color="#c0392b",
                    family=families, wrap=True)  # fmt: skip
    shown = [(name, url) for name, url in links.items() if url]
    size = 0.6 if len(shown) == 1 else 0.42 if len(shown) == 2 else 0.3
    gap = (1 - size * len(shown)) / (len(shown) + 1)
    height = size * A4[0] / A4[1]  # the same length on paper as `size` across
    for index, (name, url) in enumerate(shown):
        left = gap + index * (size + gap)
        draw_qr(figure, url, (left, 0.56 - height, size, height))
        label = CHANNEL_LABELS.get(name, name)
        figure.text(left + size / 2, 0.56 - height - 0.035, label, ha="center", fontsize=18,
                    family=families)  # fmt: skip
    web = links.get("web")
    if web:
        figure.text(0.5, 0.05, web, ha="center", fontsize=9, color="#555", family=families)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=kind, dpi=150 if kind == "png" else 72)
    return buffer.getvalue()
