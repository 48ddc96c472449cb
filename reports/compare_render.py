"""The market comparison as xlsx (native clustered charts) and as print-ready HTML.

One language per file, like the fair report. The workbook has a comparison
sheet (types, concerns, languages: share per fair and difference in points
from the first fair, each table with its chart beside it) and a sheet of each
fair's top question groups; both print one page wide, landscape.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reports import charts
from reports.compare import Comparison, Row
from reports.html import ENV
from reports.labels import HEADINGS, SHEET_NAMES, Label, Lang, prefecture_label
from reports.labels import heading as h
from reports.xlsx_sheets import languages_text
from reports.xlsx_style import Cells, print_setup

ROW_PX = 20
PALETTE = ("#c0392b", "#2e86c1", "#27ae60", "#8e44ad", "#d68910", "#566573")
SECTIONS = (("types", "type"), ("concerns", "concern"), ("languages", "language"))


def _rows(comparison: Comparison, key: str) -> list[Row]:
    return {
        "types": comparison.types,
        "concerns": comparison.concerns,
        "languages": comparison.languages,
    }[key]()


def fair_heading(comparison: Comparison, index: int, lang: Lang) -> str:
    column = comparison.columns[index]
    return f"{column.name} ({column.market.in_(lang)})"


def write_xlsx(comparison: Comparison, path: Path, lang: Lang) -> None:
    workbook = Workbook(str(path))
    cells = Cells(workbook)
    sheet = workbook.add_worksheet(SHEET_NAMES["markets"].in_(lang))
    top = workbook.add_worksheet(SHEET_NAMES["top"].in_(lang))
    count = len(comparison.columns)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 2 * count, 12)
    sheet.hide_gridlines(2)
    print_setup(sheet, landscape=True)
    sheet.write_string(0, 0, h("compare_title").in_(lang), cells.title)
    place = prefecture_label(comparison.prefecture).in_(lang)
    sheet.write_string(1, 0, f"{h('prefecture').in_(lang)}: {place}", cells.label)
    sheet.write_string(2, 0, h("difference_note").in_(lang), cells.plain)
    row = 4
    for index, column in enumerate(comparison.columns):
        sheet.write_string(row, 0, fair_heading(comparison, index, lang), cells.label)
        sheet.write_number(row, 1, column.data.totals.questions, cells.integer)
        sheet.write_string(row, 2, h("questions").in_(lang), cells.plain)
        row += 1
    row += 1
    if comparison.empty:
        sheet.write_string(row, 0, h("no_questions").in_(lang), cells.label)
    else:
        breaks = []
        for key, first in SECTIONS:
            breaks.append(row)
            row = _section(workbook, sheet, cells, comparison, row, key, h(first), lang)
        sheet.set_h_pagebreaks(breaks[1:])
    _top_sheet(top, cells, comparison, lang)
    workbook.close()


def _section(
    workbook: Workbook,
    sheet: Worksheet,
    cells: Cells,
    comparison: Comparison,
    row: int,
    key: str,
    first: Label,
    lang: Lang,
) -> int:
    count = len(comparison.columns)
    rows = _rows(comparison, key)
    sheet.write_string(row, 0, h(key).in_(lang), cells.section)
    row += 1
    headers: list[Label | str] = [first]
    headers += [fair_heading(comparison, i, lang) for i in range(count)]
    headers += [
        f"{h('difference').in_(lang)}: {comparison.columns[i].name}" for i in range(1, count)
    ]
    cells.headers(sheet, row, headers, lang)
    header = row
    for item in rows:
        row += 1
        cells.text(sheet, row, 0, item.label.in_(lang))
        for i, share in enumerate(item.shares):
            sheet.write_number(row, 1 + i, share, cells.percent)
        for i, points in enumerate(item.points[1:]):
            cells.number(sheet, row, 1 + count + i, points, cells.points)
    chart = workbook.add_chart({"type": "bar"})
    for i, column in enumerate(comparison.columns):
        chart.add_series(
            {
                "name": column.name,
                "categories": [sheet.name, header + 1, 0, row, 0],
                "values": [sheet.name, header + 1, 1 + i, row, 1 + i],
                "fill": {"color": PALETTE[i % len(PALETTE)]},
            }
        )
    chart.set_title({"name": h(key).in_(lang), "name_font": {"size": 11}})
    chart.set_y_axis({"reverse": True, "interval_unit": 1, "num_font": {"size": 8}})
    chart.set_x_axis({"num_format": "0%"})
    chart.set_legend({"position": "bottom"})
    span = max(len(rows) * max(1, count // 2 + 1) + 4, 12)
    chart.set_size({"width": 520, "height": span * ROW_PX})
    sheet.insert_chart(header, 2 * count + 1, chart, {"object_position": 3})
    return max(row, header + span) + 2


def _top_sheet(sheet: Worksheet, cells: Cells, comparison: Comparison, lang: Lang) -> None:
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 5)
    sheet.set_column(2, 2, 60)
    sheet.set_column(3, 3, 9)
    sheet.set_column(4, 4, 26)
    print_setup(sheet, landscape=True, header_rows=(0, 0))
    labels: list[Label | str] = [
        h("fair"),
        "#",
        h("representative"),
        h("count"),
        h("languages_asked"),
    ]
    cells.headers(sheet, 0, labels, lang)
    row = 0
    for index, column in enumerate(comparison.columns):
        groups = column.data.top_questions[:10]
        if not groups:
            row += 1
            cells.text(sheet, row, 0, fair_heading(comparison, index, lang))
            cells.text(sheet, row, 2, h("no_questions").in_(lang))
        for rank, group in enumerate(groups, start=1):
            row += 1
            cells.text(sheet, row, 0, fair_heading(comparison, index, lang))
            sheet.write_number(row, 1, rank, cells.integer)
            cells.text(sheet, row, 2, group.text, wrap=True)
            sheet.write_number(row, 3, group.count, cells.integer)
            cells.text(sheet, row, 4, languages_text(group, lang))


def render_html(comparison: Comparison, lang: Lang) -> str:
    names = [column.name for column in comparison.columns]
    svgs: dict[str, Markup] = {}
    if not comparison.empty:
        for key, _ in SECTIONS:
            rows = _rows(comparison, key)
            svg = charts.grouped_bar_chart(
                [row.label.in_(lang) for row in rows],
                [(name, [row.shares[i] for row in rows]) for i, name in enumerate(names)],
                colors=PALETTE,
            )
            svgs[key] = Markup(svg)  # our own SVG, not visitor text
    return ENV.get_template("compare.html").render(
        comparison=comparison,
        lang=lang,
        t={key: label.in_(lang) for key, label in HEADINGS.items()},
        place=prefecture_label(comparison.prefecture).in_(lang),
        heading=lambda index: fair_heading(comparison, index, lang),
        sections=[
            (key, h(key).in_(lang), h(first).in_(lang), _rows(comparison, key))
            for key, first in SECTIONS
        ],  # fmt: skip
        charts=svgs,
        languages_of=lambda group: languages_text(group, lang),
    )
