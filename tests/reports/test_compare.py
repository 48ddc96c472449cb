"""Market comparison (`fairbot report --by fair --fair F1 --fair F2`), xlsx and HTML."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from faq.model import KnowledgeBase
from reports.build import ReportRequest, build_comparison
from reports.compare import compare
from tests.reports.conftest import FAIR, NOT_QUESTIONS, OTHER_COUNTRY, Seeded, stored_rows


async def test_comparison_lines_up_shares_and_points(seeded_sqlite: Seeded) -> None:
    store = seeded_sqlite.store
    comparison = await compare(store, (FAIR, OTHER_COUNTRY))
    assert [c.market.en for c in comparison.columns] == ["Singapore", "Thailand"]
    rows = await stored_rows(store)
    for column, fair in zip(comparison.columns, (FAIR, OTHER_COUNTRY), strict=True):
        questions = [r for r in rows if r["fair_id"] == fair and r["outcome"] not in NOT_QUESTIONS]
        assert column.data.totals.questions == len(questions)
    types = {row.key: row for row in comparison.types()}
    transport = types["transport"]
    expected = [
        sum(1 for r in rows if r["fair_id"] == f and r["type"] == "transport")
        for f in (FAIR, OTHER_COUNTRY)
    ]
    assert list(transport.counts) == expected
    assert transport.points[0] is None
    assert transport.points[1] == pytest.approx(100 * (transport.shares[1] - transport.shares[0]))
    languages = {row.key: row.shares for row in comparison.languages()}
    assert languages["th"][1] > languages["th"][0]  # Bangkok asks in Thai, Singapore doesn't
    concern_keys = [row.key for row in comparison.concerns()]
    assert concern_keys[:3] == ["safety", "disasters", "cost"]


async def test_comparison_files(seeded_sqlite: Seeded, kb: KnowledgeBase, tmp_path: Path) -> None:
    store = seeded_sqlite.store
    request = ReportRequest((FAIR, OTHER_COUNTRY))
    xlsx = tmp_path / "cmp.xlsx"
    comparison = await build_comparison(store, request, xlsx, fmt="xlsx", kb=kb, lang="en")
    workbook = openpyxl.load_workbook(xlsx)
    try:
        assert workbook.sheetnames == ["Comparison", "Top questions"]
        sheet = workbook["Comparison"]
        values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
        assert "Travel concerns" in values and "Inquiry types" in values
        headers = [v for v in values if isinstance(v, str) and v.startswith("Difference")]
        assert headers and all(OTHER_COUNTRY not in h for h in headers)
        assert len(sheet._charts) == 3
        assert sheet.page_setup.orientation == "landscape"
        top = [row for row in workbook["Top questions"].iter_rows(min_row=2, values_only=True)]
        fairs = {row[0] for row in top}
        assert len(fairs) == 2  # each fair's top question groups
    finally:
        workbook.close()
    html = tmp_path / "cmp.html"
    await build_comparison(store, request, html, fmt="html", kb=kb, lang="ja")
    page = html.read_text(encoding="utf-8")
    assert "フェア・市場別比較レポート" in page and "タイ" in page and "シンガポール" in page
    assert page.count("<svg") == 3
    first_row = comparison.types()[0]
    assert f"{first_row.points[1]:+.1f} pt" in page


async def test_comparison_needs_two_fairs_and_says_when_empty(
    seeded_sqlite: Seeded, tmp_path: Path
) -> None:
    store = seeded_sqlite.store
    with pytest.raises(ValueError, match="at least two fairs"):
        await compare(store, (FAIR,))
    await store.fairs.add_fair("empty-a", "Empty A", country="ID")
    await store.fairs.add_fair("empty-b", "Empty B", country="PH")
    html = tmp_path / "empty.html"
    await build_comparison(store, ReportRequest(("empty-a", "empty-b")), html, fmt="html")
    page = html.read_text(encoding="utf-8")
    assert 'id="no-questions"' in page and "<svg" not in page
