"""Charts for the HTML report: matplotlib (no pyplot, no GUI) to inline SVG text.

`Figure` objects are built directly, so no global pyplot state is shared between
threads. Text stays text in the SVG (`svg.fonttype: none`) so the reader's
browser draws Japanese and Thai with its own fonts, and the file stays small;
matplotlib's missing-glyph warnings for layout are therefore irrelevant and
silenced. Nothing a visitor typed ever goes into a chart.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context
from matplotlib.figure import Figure

from reports.fonts import font_families

ACCENT = "#c0392b"
MUTED = "#95a5a6"
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "fairbot",
    "font.family": ["sans-serif"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)


def rc() -> dict[Any, Any]:  # matplotlib types the keys as a Literal of every rc name
    """The chart style, with fonts registered by path (see `reports.fonts`)."""
    return {**RC, "font.sans-serif": list(font_families())}


def to_svg(figure: Figure) -> str:
    """The figure as an `<svg>` element ready to inline (no XML prologue, no date)."""
    buffer = io.StringIO()
    with rc_context(rc()), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # glyphs: the browser draws the text
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return _PROLOGUE.sub("", buffer.getvalue(), count=1)


def _figure(width: float, height: float) -> Figure:
    with rc_context(rc()):
        return Figure(figsize=(width, height), dpi=96, layout="constrained")


def bar_chart(
    labels: Sequence[str],
    counts: Sequence[int],
    *,
    previous: Sequence[int] | None = None,
    legend: tuple[str, str] | None = None,
) -> str:
    """Horizontal bars, largest on top; grey bars behind for a previous fair."""
    with rc_context(rc()):
        figure = _figure(6.4, max(1.6, 0.28 * len(labels) + 0.6))
        axes = figure.add_subplot()
        positions = list(range(len(labels)))[::-1]
        height = 0.4 if previous is not None else 0.7
        axes.barh(
            [p + (height / 2 if previous is not None else 0) for p in positions],
            counts,
            height=height,
            color=ACCENT,
            label=legend[0] if legend else None,
        )
        if previous is not None:
            axes.barh(
                [p - height / 2 for p in positions],
                previous,
                height=height,
                color=MUTED,
                label=legend[1] if legend else None,
            )
            if legend:
                axes.legend(frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2)
        axes.set_yticks(positions, labels)
        axes.tick_params(axis="y", length=0)
        for position, count in zip(positions, counts, strict=True):
            if count:
                offset = height / 2 if previous is not None else 0
                axes.annotate(
                    f"{count:,}",
                    (count, position + offset),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=7,
                )
        axes.margins(x=0.12)
        return to_svg(figure)


def column_chart(labels: Sequence[str], counts: Sequence[int], *, xlabel: str = "") -> str:
    """Vertical columns in the given order (hours of the day, days of a fair)."""
    with rc_context(rc()):
        figure = _figure(6.4, 2.2)
        axes = figure.add_subplot()
        axes.bar(range(len(labels)), counts, color=ACCENT, width=0.75)
        step = 1 if len(labels) <= 24 else max(1, len(labels) // 12)
        axes.set_xticks(range(0, len(labels), step), list(labels)[::step])
        if xlabel:
            axes.set_xlabel(xlabel)
        axes.margins(x=0.01)
        return to_svg(figure)


def grouped_bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    colors: Sequence[str],
) -> str:
    """Horizontal bars of shares, one bar per series (fair) in each category."""
    with rc_context(rc()):
        count = max(1, len(series))
        figure = _figure(6.8, max(1.8, (0.16 * count + 0.12) * len(labels) + 0.9))
        axes = figure.add_subplot()
        height = 0.8 / count
        base = list(range(len(labels)))[::-1]
        for index, (name, values) in enumerate(series):
            offset = 0.4 - height * (index + 0.5)
            axes.barh(
                [p + offset for p in base],
                [100 * v for v in values],
                height=height,
                color=colors[index % len(colors)],
                label=name,
            )
        axes.set_yticks(base, labels)
        axes.tick_params(axis="y", length=0)
        axes.xaxis.set_major_formatter("{x:.0f}%")
        axes.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
        return to_svg(figure)
