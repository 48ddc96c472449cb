"""Shared formats and cell writers for the xlsx report.

Every string goes through `Cells.text`, never `worksheet.write()`: xlsxwriter's
`write()` would turn "=..." into a formula. Risky visitor text (see `safe`) also
carries Excel's quote-prefix flag so it stays text when someone edits the cell.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reports.labels import Label, Lang
from reports.safe import is_risky

FONT = "Meiryo UI"


class Cells:
    """The workbook's formats and the writers that apply them."""

    def __init__(self, workbook: Workbook) -> None:
        def fmt(**props: Any) -> Format:
            return workbook.add_format({"font_name": FONT, "font_size": 10, **props})

        self.plain = fmt(valign="top")
        self.wrap = fmt(valign="top", text_wrap=True)
        self.quoted = fmt(valign="top", quote_prefix=True)
        self.quoted_wrap = fmt(valign="top", text_wrap=True, quote_prefix=True)
        self.title = fmt(bold=True, font_size=16)
        self.section = fmt(bold=True, font_size=12, font_color="#8e2a1e")
        self.label = fmt(bold=True, valign="top")
        self.header = fmt(bold=True, bg_color="#f2dcdb", border=1, text_wrap=True, valign="vcenter")
        self.integer = fmt(num_format="#,##0", valign="top")
        self.big = fmt(num_format="#,##0", bold=True, font_size=14)
        self.percent = fmt(num_format="0.0%", valign="top")
        self.big_percent = fmt(num_format="0.0%", bold=True, font_size=14)
        self.change = fmt(num_format="+0.0%;-0.0%;0.0%", valign="top")
        self.points = fmt(num_format='+0.0" pt";-0.0" pt";0.0" pt"', valign="top")
        self.decimal = fmt(num_format="0.00", valign="top")
        self.date = fmt(num_format="yyyy-mm-dd", valign="top")
        self.datetime = fmt(num_format="yyyy-mm-dd hh:mm:ss", valign="top")

    def text(
        self, sheet: Worksheet, row: int, col: int, value: str | None, wrap: bool = False
    ) -> None:
        """A string cell, always text; formula-like text keeps Excel's quote prefix."""
        if not value:
            return
        if is_risky(value):
            sheet.write_string(row, col, value, self.quoted_wrap if wrap else self.quoted)
        else:
            sheet.write_string(row, col, value, self.wrap if wrap else self.plain)

    def number(
        self, sheet: Worksheet, row: int, col: int, value: float | None, fmt: Format
    ) -> None:
        if value is not None:
            sheet.write_number(row, col, value, fmt)

    def when(self, sheet: Worksheet, row: int, col: int, value: date | datetime | None) -> None:
        if isinstance(value, datetime):
            sheet.write_datetime(row, col, value.replace(tzinfo=None), self.datetime)
        elif isinstance(value, date):
            sheet.write_datetime(row, col, value, self.date)

    def headers(
        self, sheet: Worksheet, row: int, labels: list[Label | str], lang: Lang = "ja"
    ) -> None:
        """A header row in the report's language."""
        for col, label in enumerate(labels):
            text = label.in_(lang) if isinstance(label, Label) else label
            sheet.write_string(row, col, text, self.header)


A4 = 9  # xlsxwriter's paper code


def print_setup(
    sheet: Worksheet,
    *,
    landscape: bool = False,
    header_rows: tuple[int, int] | None = None,
    pages_tall: int = 0,
    scale: int | None = None,
) -> None:
    """Print-ready: A4, one page wide (`pages_tall` pages high, 0 = as many as needed),
    header rows repeated on every page, page numbers in the footer.

    Officials print these workbooks as they come; without a fit-to-width setting
    a wide sheet spreads over hundreds of pages. A fixed `scale` instead is for a
    sheet laid out to fit the page width at that scale and paginated by manual
    page breaks (Excel and LibreOffice ignore manual breaks under fit-to-page).
    """
    sheet.set_paper(A4)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    if scale is not None:
        sheet.set_print_scale(scale)
    else:
        sheet.fit_to_pages(1, pages_tall)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.center_horizontally()
    sheet.set_footer("&C&P / &N")
    if header_rows is not None:
        sheet.repeat_rows(*header_rows)
