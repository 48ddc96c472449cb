"""The Excel report: a printable summary with native charts, one sheet per breakdown,
the grouped questions, the content gaps and the raw inquiries, in one language.

Written in xlsxwriter's `constant_memory` mode (rows streamed to disk in order),
so memory stays flat however many raw rows there are; the charts' cached values
are given explicitly because that mode cannot read them back from the sheet.
`--lang ja` is Japanese throughout (sheet names, headings, labels, charts),
`--lang en` English; visitor text stays as asked.

Print: every sheet is A4, one page wide, header rows repeated (`print_setup`).
The summary is landscape and two pages: page 1 the key figures and the
inquiry types, page 2 the travel concerns, languages and hours, a manual page
break between them (at a fixed scale that fits the width: fit-to-page would
ignore the break), and every chart beside its table inside its page's rows so
none is cut. Category axes show every label (interval 1).

The raw sheet holds the newest `RAW_CAP` rows (said so in its first line; the
CLI's `--raw-rows` changes it); the CSV export streams every row.
Measurements: docs/benchmarks.md.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reports import xlsx_raw, xlsx_sheets
from reports.collect import ReportData, Share
from reports.labels import Label, Lang
from reports.labels import heading as h
from reports.xlsx_sheets import RAW, SHEETS, SUMMARY, sheet_name
from reports.xlsx_style import Cells, print_setup

log = logging.getLogger(__name__)

RAW_CAP = 10_000
ROW_PX = 20  # default row height in pixels
CHART_COL = 4  # charts start in column E, tables use A-C
CHART_WIDTH = 540
CATEGORY_PX = 24  # bar height per category: LibreOffice hides labels that would touch
ACCENT = "#c0392b"
# The summary's columns and charts are ~950 px wide, A4 landscape prints ~1,045 px
# at 100 %; 75 % leaves room in height for each page's sections (~42 rows).
SUMMARY_SCALE = 75


class XlsxReport:
    """One workbook being written: `write_aggregates()`, then `add_raw()` batches, `close()`."""

    def __init__(
        self,
        path: Path,
        *,
        zone: str,
        raw_total: int,
        raw_cap: int | None = RAW_CAP,
        lang: Lang = "ja",
    ) -> None:
        self.workbook = Workbook(str(path), {"constant_memory": True})
        self.cells = Cells(self.workbook)
        self.lang = lang
        # every sheet exists from the start, in reading order, so the raw rows can be
        # written while the aggregates are still being computed
        self.sheets = {key: self.workbook.add_worksheet(sheet_name(key, lang)) for key in SHEETS}
        self.sheets[SUMMARY].activate()
        self.raw_total = raw_total
        self.raw_cap = raw_cap
        self.zone_name, self.zone = zone, ZoneInfo(zone)
        self.raw_started = False
        self.raw_row = 0

    def write_aggregates(self, data: ReportData) -> None:
        self.data = data
        self.workbook.set_properties(
            {"title": h("title").in_(self.lang), "subject": ", ".join(f.name for f in data.fairs)}
        )
        self._summary(self.sheets[SUMMARY])
        xlsx_sheets.write_breakdowns(self.sheets, self.cells, data, self.lang)

    def _summary(self, sheet: Worksheet) -> None:
        cells, data, lang = self.cells, self.data, self.lang
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, 2, 11)
        sheet.set_column(3, 3, 2)
        sheet.hide_gridlines(2)
        print_setup(sheet, landscape=True, scale=SUMMARY_SCALE)
        row = xlsx_sheets.write_header_block(sheet, cells, data, lang)
        row += 1
        sheet.write_string(row, 0, h("summary").in_(lang), cells.section)
        totals = data.totals
        figures: list[tuple[str, float | None, Any]] = [
            ("questions", totals.questions, cells.big),
            ("visitors", totals.visitors, cells.big),
            ("answered_rate", totals.answered_rate, cells.big_percent),
            ("helpful_rate", totals.helpful_rate, cells.big_percent),
            ("non_text", totals.non_text, cells.integer),
        ]
        for key, value, fmt in figures:
            row += 1
            sheet.write_string(row, 0, h(key).in_(lang), cells.label)
            cells.number(sheet, row, 1, value, fmt)
        if data.previous is not None:
            row += 1
            previous = data.previous
            name = f"{h('previous').in_(lang)}: {previous.fair.name}"
            sheet.write_string(row, 0, name, cells.label)
            cells.number(sheet, row, 1, previous.questions, cells.integer)
            if previous.questions:
                cells.number(sheet, row, 2, totals.questions / previous.questions - 1, cells.change)
        row += 2
        if data.empty:
            xlsx_sheets.no_questions(sheet, cells, row, lang)
            return
        row = self._table_with_chart(sheet, row, "types", h("type"), data.types, "bar")
        sheet.set_h_pagebreaks([row])  # page 2: concerns, languages, hours
        row = self._table_with_chart(sheet, row, "concerns", h("concern"), data.concerns, "bar")
        row = self._table_with_chart(sheet, row, "languages", h("language"), data.languages, "pie")
        self._hours_chart(sheet, row)

    def _table_with_chart(
        self, sheet: Worksheet, row: int, key: str, first: Label, rows: Sequence[Share], kind: str
    ) -> int:
        """A small table (label, count, share) and a native chart beside it, on the same rows."""
        cells, lang = self.cells, self.lang
        sheet.write_string(row, 0, h(key).in_(lang), cells.section)
        row += 1
        cells.headers(sheet, row, [first, h("count"), h("share")], lang)
        top = row
        categories: list[str] = []
        for item in rows:
            row += 1
            cells.text(sheet, row, 0, item.label.in_(lang))
            sheet.write_number(row, 1, item.count, cells.integer)
            sheet.write_number(row, 2, item.share, cells.percent)
            categories.append(item.label.in_(lang))
        if not rows:
            return row + 2
        chart = self.workbook.add_chart({"type": kind})
        chart.add_series(
            {
                "name": h("count").in_(lang),
                "categories": [sheet.name, top + 1, 0, row, 0],
                "values": [sheet.name, top + 1, 1, row, 1],
                "categories_data": categories,
                "values_data": [item.count for item in rows],
                "fill": {"color": ACCENT} if kind != "pie" else None,
                "data_labels": {"percentage": True} if kind == "pie" else {"value": True},
            }
        )
        chart.set_title({"name": h(key).in_(lang), "name_font": {"size": 11}})
        chart.set_legend({"none": True} if kind != "pie" else {"position": "right"})
        if kind == "bar":  # the bar chart's category axis is its y axis
            chart.set_y_axis({"reverse": True, "interval_unit": 1, "num_font": {"size": 8}})
        # the chart's rows are the section's, so a page break before the section
        # never falls inside it; a bar chart gets room for every category label
        height = CATEGORY_PX * len(rows) + 90 if kind == "bar" else 10 * ROW_PX
        span = max(len(rows) + 1, -(-height // ROW_PX))
        chart.set_size({"width": CHART_WIDTH, "height": span * ROW_PX})
        sheet.insert_chart(top, CHART_COL, chart, {"object_position": 3})
        return max(row, top + span) + 2

    def _hours_chart(self, sheet: Worksheet, row: int) -> None:
        """Questions by local hour: a column chart over the hours sheet's table."""
        lang, data = self.lang, self.data
        sheet.write_string(row, 0, h("hours").in_(lang), self.cells.section)
        hours_sheet = self.sheets["hours"].name
        chart = self.workbook.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": h("count").in_(lang),
                "categories": [hours_sheet, 1, 1, 24, 1],
                "values": [hours_sheet, 1, 2, 24, 2],
                "categories_data": [f"{hour:02d}" for hour in range(24)],
                "values_data": list(data.hours),
                "fill": {"color": ACCENT},
                "gap": 40,
            }
        )
        chart.set_legend({"none": True})
        chart.set_title({"none": True})
        chart.set_x_axis(
            {
                "name": f"{h('hour').in_(lang)} ({data.scope.zone})",
                "interval_unit": 1,
                "num_font": {"size": 7},
            }
        )
        chart.set_size({"width": 520 + CHART_WIDTH // 2, "height": 10 * ROW_PX})
        sheet.insert_chart(row + 1, 0, chart, {"object_position": 3})

    def start_raw(self) -> None:
        sheet = self.sheets[RAW]
        lang = self.lang
        self.raw_started = True
        shown = min(self.raw_total, self.raw_cap) if self.raw_cap is not None else self.raw_total
        note = f"{self.raw_total:,} {h('rows_note').in_(lang)}"
        if shown < self.raw_total:
            note = h("raw_capped").in_(lang).format(shown=f"{shown:,}", total=f"{self.raw_total:,}")
        sheet.write_string(0, 0, note, self.cells.label)
        xlsx_raw.raw_header(sheet, self.cells, self.zone_name, lang)
        self.raw_row = 2

    def add_raw(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Append a batch of raw rows (columns as in `storage.aggregates.RAW_COLUMNS`)."""
        assert self.raw_started, "call start_raw() first"
        write = xlsx_raw.raw_row_writer(self.sheets[RAW], self.cells, self.zone, self.lang)
        for values in rows:
            write(self.raw_row, values)
            self.raw_row += 1

    def close(self) -> None:
        if not self.raw_started:
            self.start_raw()
        self.workbook.close()
