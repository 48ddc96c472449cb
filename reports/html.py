"""The print-ready HTML report: one self-contained page, in Japanese or English.

Charts are inline SVG (see `charts`); styles are inline; no script, font or image
is fetched from anywhere, so the file can be mailed, archived and printed on A4.
Jinja2 autoescaping makes every visitor-typed string inert; only our own SVG
is marked safe.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from reports import charts
from reports.collect import ReportData
from reports.labels import HEADINGS, Lang, language_label, prefecture_label, type_label
from reports.xlsx_sheets import languages_text, scope_lines

TEMPLATES = Path(__file__).with_name("templates")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda value: f"{value:,}" if value is not None else "–"
    env.filters["pct"] = lambda value: f"{value:.1%}" if value is not None else "–"
    env.filters["signed_pct"] = lambda value: f"{value:+.1%}" if value is not None else "–"
    return env


ENV = _environment()


def chart_svgs(data: ReportData, lang: Lang) -> dict[str, Markup]:
    """The report's charts as inline SVG, labelled in `lang`; none without questions
    (an empty chart's axes would run -0.06 … 0.06: the page says "no questions yet")."""
    if data.empty:
        return {}
    heading = HEADINGS
    types = [row for row in data.types if row.count or (row.previous or 0)]
    previous = [row.previous or 0 for row in types] if data.previous is not None else None
    legend = (heading["current"].in_(lang), heading["previous"].in_(lang))
    svgs = {
        "types": charts.bar_chart(
            [row.label.in_(lang) for row in types],
            [row.count for row in types],
            previous=previous,
            legend=legend if previous is not None else None,
        ),
        "concerns": charts.bar_chart(
            [row.label.in_(lang) for row in data.concerns], [row.count for row in data.concerns]
        ),
        "languages": charts.bar_chart(
            [row.label.in_(lang) for row in data.languages], [row.count for row in data.languages]
        ),
        "hours": charts.column_chart(
            [f"{hour}" for hour in range(24)],
            list(data.hours),
            xlabel=f"{heading['hour'].in_(lang)} ({data.scope.zone})",
        ),
    }
    if len(data.days) > 1:
        svgs["days"] = charts.column_chart(
            [day[5:] for day, _ in data.days], [count for _, count in data.days]
        )
    return {name: Markup(svg) for name, svg in svgs.items()}  # our own SVG, not visitor text


def render_html(data: ReportData, lang: Lang = "ja") -> str:
    """The whole report as one HTML document."""
    place = prefecture_label(data.scope.prefecture)
    return ENV.get_template("report.html").render(
        data=data,
        lang=lang,
        t={key: label.in_(lang) for key, label in HEADINGS.items()},
        place=place.in_(lang),
        scope_lines=[(label.in_(lang), value) for label, value in scope_lines(data, lang)],
        charts=chart_svgs(data, lang),
        type_label=lambda type_id: type_label(type_id).in_(lang),
        language_label=lambda code: language_label(code).in_(lang),
        languages_of=lambda group: languages_text(group, lang),
        prefecture_label=lambda code: prefecture_label(code).in_(lang) if code else "–",
    )
