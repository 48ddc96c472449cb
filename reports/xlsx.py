"""The Excel report: a summary sheet with native charts, one sheet per breakdown,
the unanswered list, and the raw inquiries.

Written in xlsxwriter's `constant_memory` mode (rows streamed to disk in order),
so memory stays flat however many raw rows there are; the charts' cached values
are given explicitly because that mode cannot read them back from the sheet.
Headings are "日本語 / English"; type labels get a column per language.
The raw sheet holds the newest `RAW_CAP` rows (said so in its first line; the CLI's
`--raw-rows` changes it): xlsxwriter writes about 8,000 such rows a second on our
2-core machine, so 10,000 rows keep a one-prefecture report within 3 s at a million
inquiries, while a whole fair's questions usually fit; the CSV export streams
every row. Measurements: docs/benchmarks.md.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reports import xlsx_sheets
from reports.collect import ReportData, Share
from reports.labels import heading as h
from reports.xlsx_sheets import RAW, SHEETS, SUMMARY
from reports.xlsx_style import Cells

log = logging.getLogger(__name__)

RAW_CAP = 10_000


class XlsxReport:
    """One workbook being written: `write_aggregates()`, then `add_raw()` batches, `close()`."""

    def __init__(
        self, path: Path, *, zone: str, raw_total: int, raw_cap: int | None = RAW_CAP
    ) -> None:
        self.workbook = Workbook(str(path), {"constant_memory": True})
        self.cells = Cells(self.workbook)
        # every sheet exists from the start, in reading order, so the raw rows can be
        # written while the aggregates are still being computed
        self.sheets = {name: self.workbook.add_worksheet(name) for name in SHEETS}
        self.sheets[SUMMARY].activate()
        self.raw_total = raw_total
        self.raw_cap = raw_cap
        self.zone_name, self.zone = zone, ZoneInfo(zone)
        self.raw_started = False
        self.raw_row = 0

    def write_aggregates(self, data: ReportData) -> None:
        self.data = data
        self.workbook.set_properties(
            {"title": h("title").both(), "subject": ", ".join(f.name for f in data.fairs)}
        )
        self._summary(self.sheets[SUMMARY])
        xlsx_sheets.write_breakdowns(self.sheets, self.cells, data)

    def _summary(self, sheet: Worksheet) -> None:
        cells, data = self.cells, self.data
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, 1, 26)
        sheet.set_column(2, 3, 12)
        sheet.hide_gridlines(2)
        row = xlsx_sheets.write_header_block(sheet, cells, data)
        row += 1
        sheet.write_string(row, 0, h("summary").both(), cells.section)
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
            sheet.write_string(row, 0, h(key).both(), cells.label)
            cells.number(sheet, row, 1, value, fmt)
        if data.previous is not None:
            row += 1
            previous = data.previous
            sheet.write_string(row, 0, f"{h('previous').both()}: {previous.fair.name}", cells.label)
            cells.number(sheet, row, 1, previous.questions, cells.integer)
            if previous.questions:
                cells.number(sheet, row, 2, totals.questions / previous.questions - 1, cells.change)
        row += 2
        row = self._table_with_chart(sheet, row, "types", data.types, "bar", both_labels=True)
        row = self._table_with_chart(sheet, row, "languages", data.languages, "pie")
        hours = [
            Share(
                str(hour), h("hour"), count, count / totals.questions if totals.questions else 0.0
            )
            for hour, count in enumerate(data.hours)
        ]
        self._table_with_chart(sheet, row, "hours", hours, "column", hour_labels=True)

    def _table_with_chart(
        self,
        sheet: Worksheet,
        row: int,
        key: str,
        rows: Sequence[Share],
        kind: str,
        *,
        both_labels: bool = False,
        hour_labels: bool = False,
    ) -> int:
        """A small table (label, label, count, share) and a native chart beside it."""
        cells = self.cells
        sheet.write_string(row, 0, h(key).both(), cells.section)
        row += 1
        first_label = h("hour") if hour_labels else h("type" if both_labels else "language")
        category_col = 1 if hour_labels else 0
        cells.headers(sheet, row, [first_label.ja, first_label.en, h("count"), h("share")])
        first = row + 1
        categories: list[str] = []
        for item in rows:
            row += 1
            if hour_labels:
                sheet.write_number(row, 0, int(item.key), cells.integer)
                sheet.write_string(row, 1, f"{int(item.key):02d}:00", cells.plain)
                categories.append(f"{int(item.key):02d}:00")
            else:
                cells.text(sheet, row, 0, item.label.ja)
                cells.text(sheet, row, 1, item.label.en)
                categories.append(item.label.ja)
            sheet.write_number(row, 2, item.count, cells.integer)
            sheet.write_number(row, 3, item.share, cells.percent)
        last = row
        if rows:
            chart = self.workbook.add_chart({"type": kind})
            chart.add_series(
                {
                    "name": h("count").both(),
                    "categories": [sheet.name, first, category_col, last, category_col],
                    "values": [sheet.name, first, 2, last, 2],
                    "categories_data": categories,
                    "values_data": [item.count for item in rows],
                    "fill": {"color": "#c0392b"} if kind != "pie" else None,
                    "data_labels": {"percentage": True} if kind == "pie" else None,
                }
            )
            chart.set_title({"name": h(key).both(), "name_font": {"size": 11}})
            chart.set_legend({"none": True} if kind != "pie" else {"position": "right"})
            if kind == "bar":
                chart.set_y_axis({"reverse": True})
            height = max(260, 20 * len(rows) + 60)
            chart.set_size({"width": 560, "height": height})
            sheet.insert_chart(first - 1, 5, chart)
            row = max(row, first - 1 + height // 20)
        return row + 2

    def start_raw(self) -> None:
        sheet = self.sheets[RAW]
        self.raw_started = True
        shown = min(self.raw_total, self.raw_cap) if self.raw_cap is not None else self.raw_total
        note = f"{self.raw_total:,} 件 / rows"
        if shown < self.raw_total:
            note = (
                f"最新 {shown:,} 件を表示（全 {self.raw_total:,} 件は CSV で出力できます） / "
                f"Newest {shown:,} of {self.raw_total:,} rows (export all with --format csv)"
            )
        sheet.write_string(0, 0, note, self.cells.label)
        xlsx_sheets.raw_header(sheet, self.cells, self.zone_name)
        self.raw_row = 2

    def add_raw(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Append a batch of raw rows (columns as in `storage.aggregates.RAW_COLUMNS`)."""
        assert self.raw_started, "call start_raw() first"
        write = xlsx_sheets.raw_row_writer(self.sheets[RAW], self.cells, self.zone)
        for values in rows:
            write(self.raw_row, values)
            self.raw_row += 1

    def close(self) -> None:
        if not self.raw_started:
            self.start_raw()
        self.workbook.close()
