"""One language per report (issue 15): `--lang en` is English throughout, `--lang ja`
Japanese; visitor text stays as asked. And an empty scope says "no questions yet"
instead of drawing degenerate charts, in every format."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

from faq.model import KnowledgeBase
from reports.build import ReportRequest, build_report
from tests.reports.conftest import FAIR, Seeded

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
VISITOR_SHEETS = {"Raw", "Top questions", "Add to FAQ", "生データ", "よくある質問", "FAQに追加"}


def strings(path: Path, *, headers_only: set[str]) -> list[str]:
    """Every string cell; in sheets holding visitor text, only the header rows."""
    workbook = openpyxl.load_workbook(path)
    try:
        found = []
        for sheet in workbook.worksheets:
            limit = None
            if sheet.title in headers_only:
                limit = 2 if sheet.title in {"Raw", "生データ"} else 1
            for row in sheet.iter_rows(max_row=limit):
                found += [c.value for c in row if isinstance(c.value, str)]
        return [sheet.title for sheet in workbook.worksheets] + found
    finally:
        workbook.close()


def chart_texts(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return " ".join(
            archive.read(name).decode() for name in archive.namelist() if "charts/chart" in name
        )


async def test_english_workbook_has_no_japanese_but_what_visitors_typed(
    seeded_sqlite: Seeded, kb: KnowledgeBase, tmp_path: Path
) -> None:
    out = tmp_path / "en.xlsx"
    request = ReportRequest((FAIR,), prefecture="JP-28")
    await build_report(seeded_sqlite.store, request, out, fmt="xlsx", kb=kb, lang="en")
    texts = strings(out, headers_only=VISITOR_SHEETS)
    japanese = [text for text in texts if JAPANESE.search(text)]
    assert not japanese, japanese[:5]
    assert "Hyogo" in " ".join(texts) and "Travel concerns" in texts
    assert not JAPANESE.search(chart_texts(out))
    raw = openpyxl.load_workbook(out, read_only=True)
    try:
        values = [v for row in raw["Raw"].iter_rows(min_row=3, values_only=True) for v in row]
        assert "Transport & access" in values and "Web chat" in values  # coded → words
    finally:
        raw.close()


async def test_japanese_workbook_is_japanese_throughout(
    seeded_sqlite: Seeded, kb: KnowledgeBase, tmp_path: Path
) -> None:
    out = tmp_path / "ja.xlsx"
    await build_report(seeded_sqlite.store, ReportRequest((FAIR,)), out, fmt="xlsx", kb=kb)
    texts = strings(out, headers_only=VISITOR_SHEETS)
    workbook = openpyxl.load_workbook(out, read_only=True)
    try:
        assert all(JAPANESE.search(name) for name in workbook.sheetnames)
    finally:
        workbook.close()
    english_headings = {"Count", "Share", "Summary", "Travel concerns", "Questions", "Language"}
    assert not english_headings & set(texts)
    assert "旅行の懸念事項" in texts and "件数" in texts
    charts = chart_texts(out)
    assert "問い合わせの種類" in charts and "Inquiry types" not in charts


async def test_html_and_csv_follow_the_language(seeded_sqlite: Seeded, tmp_path: Path) -> None:
    pages = {}
    for lang in ("ja", "en"):
        out = tmp_path / f"{lang}.html"
        await build_report(seeded_sqlite.store, ReportRequest((FAIR,)), out, fmt="html", lang=lang)
        pages[lang] = out.read_text(encoding="utf-8")
    assert "旅行の懸念事項" in pages["ja"] and "Travel concerns" not in pages["ja"]
    assert "Travel concerns" in pages["en"] and "旅行の懸念事項" not in pages["en"]
    assert "Questions to add to your FAQ" in pages["en"]
    out = tmp_path / "en.csv"
    await build_report(seeded_sqlite.store, ReportRequest((FAIR,)), out, fmt="csv", lang="en")
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert "Travel concerns" in header and not JAPANESE.search(header)


async def test_empty_scope_says_no_questions_yet_in_every_format(
    seeded_sqlite: Seeded, kb: KnowledgeBase, tmp_path: Path
) -> None:
    store = seeded_sqlite.store
    await store.fairs.add_fair(
        "jtf-2027-sg", "Japan Travel Fair 2027", country="SG", start_date=date(2027, 5, 7)
    )
    request = ReportRequest(("jtf-2027-sg",))
    xlsx = tmp_path / "empty.xlsx"
    await build_report(store, request, xlsx, fmt="xlsx", kb=kb, lang="en")
    workbook = openpyxl.load_workbook(xlsx)
    try:
        summary = workbook["Summary"]
        assert summary._charts == []  # no degenerate chart
        values = [c.value for row in summary.iter_rows() for c in row if c.value]
        assert any(str(v).startswith("No questions yet") for v in values)
        gaps = [c.value for row in workbook["Add to FAQ"].iter_rows() for c in row if c.value]
        assert any(str(v).startswith("No questions yet") for v in gaps)
    finally:
        workbook.close()
    html = tmp_path / "empty.html"
    await build_report(store, request, html, fmt="html", lang="ja")
    page = html.read_text(encoding="utf-8")
    assert 'id="no-questions"' in page and "まだ質問はありません" in page
    assert "<svg" not in page
    csv = tmp_path / "empty.csv"
    await build_report(store, request, csv, fmt="csv", lang="en")
    assert len(csv.read_text(encoding="utf-8-sig").splitlines()) == 1  # the header only
