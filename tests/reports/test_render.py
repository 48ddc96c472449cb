"""The rendered files: xlsx opened with openpyxl, CSV read back, HTML parsed for injection."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pytest

from faq.model import KnowledgeBase
from reports.build import ReportRequest, build_report
from tests.reports.conftest import FAIR, FORMULA, SCRIPT, THAI, Seeded, stored_rows


def cell_with(workbook: openpyxl.Workbook, sheet: str, value: str) -> openpyxl.cell.Cell:
    for row in workbook[sheet].iter_rows():
        for cell in row:
            if cell.value == value:
                return cell
    raise AssertionError(f"{value!r} not found in sheet {sheet!r}")


@pytest.fixture
async def xlsx(seeded: Seeded, kb: KnowledgeBase, tmp_path: Path) -> Path:
    out = tmp_path / "report.xlsx"
    await build_report(seeded.store, ReportRequest((FAIR,)), out, fmt="xlsx", kb=kb)
    return out


async def test_xlsx_sheets_charts_and_japanese_labels(xlsx: Path, seeded: Seeded) -> None:
    workbook = openpyxl.load_workbook(xlsx)
    try:
        assert workbook.sheetnames == [
            "概要",
            "種類",
            "懸念事項",
            "言語",
            "経路",
            "結果",
            "日別",
            "時間帯",
            "よくある質問",
            "FAQに追加",
            "評価",
            "生データ",
        ]
        summary = workbook["概要"]
        kinds = sorted(type(chart).__name__ for chart in summary._charts)
        # types, concerns, hours (column), languages
        assert kinds == ["BarChart", "BarChart", "BarChart", "PieChart"]
        assert summary["A1"].value == "来場者問い合わせレポート"
        types = workbook["種類"]
        header = [cell.value for cell in types[1]]
        assert header[:3] == ["種類", "件数", "割合"]
        labels = [row[0].value for row in types.iter_rows(min_row=2)]
        assert "交通・アクセス" in labels and "ムスリム対応" in labels
        assert len(labels) == 16
        questions = cell_with(workbook, "概要", "質問数")
        rows = [r for r in await stored_rows(seeded.store) if r["fair_id"] == FAIR]
        small_talk = sum(r["outcome"] == "small_talk" for r in rows)
        expected = seeded.current - _non_text(workbook) - small_talk
        assert summary.cell(questions.row, 2).value == expected
        raw = workbook["生データ"]
        assert raw.max_row == 2 + seeded.current  # note, header, every row (under the cap)
        assert raw["A1"].value == f"{seeded.current:,} 件"
    finally:
        workbook.close()


def _non_text(workbook: openpyxl.Workbook) -> int:
    summary = workbook["概要"]
    label = cell_with(workbook, "概要", "スタンプ・画像など")
    return int(summary.cell(label.row, 2).value)


async def test_xlsx_keeps_formula_text_as_text(xlsx: Path) -> None:
    workbook = openpyxl.load_workbook(xlsx)
    try:
        cells = [cell_with(workbook, "生データ", FORMULA)]
        cells += [
            cell
            for row in workbook["FAQに追加"].iter_rows()
            for cell in row
            if isinstance(cell.value, str) and cell.value.startswith(("=", "-", "+", "@"))
        ]
        assert len(cells) > 1  # the gaps list shows formula-like visitor text ("-5 degrees")
        for cell in cells:
            assert cell.data_type == "s"  # a string, not a formula ("f")
            assert cell.quotePrefix  # and stays text when someone edits it
        assert cell_with(workbook, "生データ", THAI).data_type == "s"
    finally:
        workbook.close()


async def test_xlsx_raw_sheet_cap_is_stated(seeded: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "capped.xlsx"
    await build_report(seeded.store, ReportRequest((FAIR,)), out, fmt="xlsx", raw_cap=10, lang="en")
    workbook = openpyxl.load_workbook(out, read_only=True)
    try:
        rows = list(workbook["Raw"].values)
        assert len(rows) == 12
        assert f"Newest 10 of {seeded.current:,} rows" in rows[0][0]
        times = [row[1] for row in rows[2:]]
        assert times == sorted(times, reverse=True)  # newest first
    finally:
        workbook.close()


async def test_csv_has_bom_every_row_and_neutralised_formulas(
    seeded: Seeded, tmp_path: Path
) -> None:
    out = tmp_path / "raw.csv"
    await build_report(seeded.store, ReportRequest((FAIR,)), out, fmt="csv", lang="en")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    assert header[1] == "Time (Asia/Singapore)"
    assert len(body) == seeded.current
    texts = {row[header.index("Question (personal data removed)")] for row in body}
    assert "'" + FORMULA in texts and FORMULA not in texts
    assert THAI in texts
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_html_is_self_contained_and_escapes_visitor_text(
    seeded: Seeded, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / "report.html"
    await build_report(seeded.store, ReportRequest((FAIR,)), out, fmt="html", lang=lang)  # type: ignore[arg-type]
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page  # the visitor's script is text, and we ship none
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert SCRIPT not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)  # no fetches
    assert "<link" not in page and "@import" not in page
    assert page.count("<svg") >= 3 and "@page" in page
    expected = (
        ("来場者問い合わせレポート", "交通・アクセス")
        if lang == "ja"
        else ("Visitor inquiry report", "Transport &amp; access")
    )
    assert all(word in page for word in expected)
