"""Print-ready workbooks (issue 15): page setup checked with openpyxl, charts in the XML.

A4, one page wide (landscape where wide), header rows repeated on long tables,
the summary on two pages split by a manual break with every chart inside one
page's rows, and every category label shown on the charts.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from faq.model import KnowledgeBase
from reports.build import ReportRequest, build_report
from reports.xlsx import SUMMARY_SCALE
from tests.reports.conftest import FAIR, Seeded

A4 = 9
# (sheet, landscape, repeated header row) for every sheet but the summary
DETAILS = {
    "Types": (False, "$1:$1"),
    "Concerns": (True, "$1:$1"),
    "Languages": (False, "$1:$1"),
    "Platforms": (False, "$1:$1"),
    "Outcomes": (False, "$1:$1"),
    "Days": (False, "$1:$1"),
    "Hours": (False, "$1:$1"),
    "Top questions": (True, "$1:$1"),
    "Add to FAQ": (True, "$1:$1"),
    "Feedback": (True, "$1:$1"),
    "Raw": (True, "$2:$2"),
}


@pytest.fixture
async def workbook_path(seeded_sqlite: Seeded, kb: KnowledgeBase, tmp_path: Path) -> Path:
    out = tmp_path / "print.xlsx"
    await build_report(
        seeded_sqlite.store, ReportRequest((FAIR,)), out, fmt="xlsx", kb=kb, lang="en"
    )
    return out


async def test_every_sheet_prints_one_page_wide_with_repeated_headers(
    workbook_path: Path,
) -> None:
    workbook = openpyxl.load_workbook(workbook_path)
    try:
        assert workbook.sheetnames == ["Summary", *DETAILS]
        for name, (landscape, title_rows) in DETAILS.items():
            sheet = workbook[name]
            setup = sheet.page_setup
            assert int(setup.paperSize) == A4, name
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, name
            # fitToWidth is left out when 1, OOXML's default
            assert int(setup.fitToWidth or 1) == 1 and int(setup.fitToHeight) == 0, name
            assert setup.orientation == ("landscape" if landscape else "portrait"), name
            assert sheet.print_title_rows == title_rows, name
    finally:
        workbook.close()


async def test_summary_is_two_pages_with_charts_inside_their_page(workbook_path: Path) -> None:
    workbook = openpyxl.load_workbook(workbook_path)
    try:
        summary = workbook["Summary"]
        setup = summary.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == A4
        # a fixed scale (fit-to-page would make Excel and LibreOffice drop the break)
        assert int(setup.scale) == SUMMARY_SCALE
        assert not summary.sheet_properties.pageSetUpPr.fitToPage
        breaks = [brk.id for brk in summary.row_breaks.brk]
        assert len(breaks) == 1  # two pages
        (page_break,) = breaks
        anchors = []
        for chart in summary._charts:
            start = chart.anchor._from.row
            end = chart.anchor.to.row if hasattr(chart.anchor, "to") else start
            anchors.append((start, end))
            assert not (start < page_break <= end), "a chart crosses the page break"
        assert len(anchors) == 4
        assert sum(1 for start, _ in anchors if start < page_break) == 1  # types on page 1
        last_row = max(end for _, end in anchors)
        # page 2 holds what follows the break at the fixed scale (~42 rows of 20 px)
        assert last_row - page_break < 42
    finally:
        workbook.close()


async def test_every_category_label_is_shown(workbook_path: Path) -> None:
    with zipfile.ZipFile(workbook_path) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if "charts/chart" in n]
    category_axes = [
        axis
        for chart in charts
        if "<c:pieChart>" not in chart
        for axis in re.findall(r"<c:catAx>.*?</c:catAx>", chart, re.S)
    ]
    assert len(category_axes) == 3  # types, concerns, hours
    for axis in category_axes:
        assert '<c:tickLblSkip val="1"/>' in axis
