"""Regenerate the report images in docs/ (run by hand: `.venv/bin/python scripts/report_docs.py`).

Seeds three fairs (Jakarta, Bangkok, Manila) into a throw-away SQLite database
with the sample KB, then writes:

- docs/report-xlsx-summary-1.png, -2.png: the Japanese workbook's two summary
  pages as LibreOffice prints them (soffice --convert-to pdf, then pdftoppm);
- docs/report-markets.png: the market comparison (`--by fair`) in chromium;
- docs/poster-ja-th.png: a Bangkok booth poster, Japanese and Thai.

Needs LibreOffice (`apt-get install libreoffice-calc-nogui`), poppler-utils and
chromium; the test suite does not (it checks the page setup with openpyxl).
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from bot.dashboard.poster import poster_text, render_poster
from faq.loader import load_kb
from faq.sample import SAMPLE_KB
from reports.build import ReportRequest, build_comparison, build_report
from reports.seed import seed
from storage import Store, upgrade

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FAIRS = (
    ("jtf-2026-jkt", "Japan Travel Fair Jakarta 2026", "ID", date(2026, 2, 20)),
    ("jtf-2026-bkk", "Japan Travel Fair Bangkok 2026", "TH", date(2026, 2, 13)),
    ("jtf-2026-mnl", "Japan Travel Fair Manila 2026", "PH", date(2026, 3, 6)),
)
BOOTHS = (("hyogo", "JP-28", "Hyogo Prefecture"), ("kyoto", "JP-26", "Kyoto"))


async def build(folder: Path) -> tuple[Path, Path]:
    store = Store.from_url(f"sqlite+aiosqlite:///{folder / 'docs.db'}")
    kb = load_kb(SAMPLE_KB)
    try:
        await upgrade(store.engine)
        for index, (fair_id, name, country, start) in enumerate(FAIRS):
            end = date(start.year, start.month, start.day + 2)
            await store.fairs.add_fair(fair_id, name, country=country, start_date=start,
                                       end_date=end)  # fmt: skip
            for booth_id, prefecture, booth_name in BOOTHS:
                await store.fairs.add_booth(fair_id, booth_id, prefecture=prefecture,
                                            name=booth_name)  # fmt: skip
            await seed(store, fair_id, 4000, kb=kb, random_seed=index + 1)
        xlsx = folder / "summary-ja.xlsx"
        await build_report(store, ReportRequest(("jtf-2026-bkk",)), xlsx, kb=kb, lang="ja")
        markets = folder / "markets.html"
        request = ReportRequest(tuple(fair[0] for fair in FAIRS))
        await build_comparison(store, request, markets, fmt="html", kb=kb, lang="en")
        return xlsx, markets
    finally:
        await store.close()


def libreoffice_pages(xlsx: Path, folder: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is needed: apt-get install libreoffice-calc-nogui")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                    str(xlsx)], check=True, capture_output=True)  # fmt: skip
    pdf = folder / f"{xlsx.stem}.pdf"
    prefix = folder / "summary"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(pdf), str(prefix)],
                   check=True)  # fmt: skip
    for page in (1, 2):
        (found,) = folder.glob(f"summary-*{page}.png")
        shutil.copy(found, DOCS / f"report-xlsx-summary-{page}.png")


async def screenshot(page_file: Path) -> None:
    from playwright.async_api import async_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--headless", "--disable-gpu"]
        )
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 1400})
            await page.goto(page_file.as_uri())
            await page.screenshot(path=str(DOCS / "report-markets.png"), full_page=False)
        finally:
            await browser.close()


def poster() -> None:
    words = poster_text("JP-28", "Hyogo Prefecture", "Japan Travel Fair Bangkok 2026",
                        country="TH")  # fmt: skip
    links = {"web": "https://fairbot.example.org/?fair=jtf-2026-bkk&booth=hyogo",
             "line": "https://line.me/R/oaMessage/%40fairbot/?Hello"}  # fmt: skip
    out = DOCS / "poster-ja-th.png"
    out.write_bytes(render_poster(words, links, "png"))
    from PIL import Image

    image = Image.open(out)
    image.thumbnail((900, 1300))
    image.save(out, optimize=True)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="fairbot-docs-") as name:
        folder = Path(name)
        xlsx, markets = asyncio.run(build(folder))
        libreoffice_pages(xlsx, folder)
        asyncio.run(screenshot(markets))
    poster()


if __name__ == "__main__":
    main()
