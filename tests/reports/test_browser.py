"""The HTML report rendered by a real browser (Debian's chromium via Playwright).

Also refreshes docs/report-screenshot.png for the README.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from faq.model import KnowledgeBase
from reports.build import ReportRequest, build_report
from tests.conftest import screenshot_dir
from tests.reports.conftest import FAIR, SCRIPT, Seeded

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed"),
]


async def test_html_report_in_a_real_browser(
    seeded_sqlite: Seeded, kb: KnowledgeBase, tmp_path: Path
) -> None:
    from playwright.async_api import async_playwright

    out = tmp_path / "report.html"
    await build_report(seeded_sqlite.store, ReportRequest((FAIR,)), out, fmt="html", kb=kb)
    requests: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 900, "height": 1200})
            page.on("request", lambda request: requests.append(request.url))
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: dialogs.append(dialog.message))
            await page.goto(out.as_uri())
            assert await page.title() == (
                "来場者問い合わせレポート – Japan Travel Fair 2025 SG – 全体"
            )
            assert await page.locator("h1").inner_text() == "来場者問い合わせレポート"
            assert await page.locator(".chart svg").count() >= 3
            box = await page.locator(".chart svg").first.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 100
            assert await page.get_by_text("交通・アクセス").count() >= 1
            assert await page.get_by_text(SCRIPT, exact=False).count() >= 1  # shown as text
            assert dialogs == []  # and never run
            # short columns never wrap one character per line, even on a narrow page
            await page.set_viewport_size({"width": 600, "height": 1200})
            lines = await page.eval_on_selector_all(
                "td.lang, td.nowrap, th.lang",
                """cells => cells.map(c => {
                    const range = document.createRange();
                    range.selectNodeContents(c);
                    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                    return [tops.size, c.textContent];
                })""",
            )
            assert len(lines) > 10
            for count, content in lines:
                assert count <= 1, content  # laid out on one line
            await page.set_viewport_size({"width": 900, "height": 1200})
            pdf = await page.pdf(format="A4")
            assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
            shot = screenshot_dir(tmp_path) / "report-screenshot.png"
            await page.screenshot(path=str(shot), full_page=False)
        finally:
            await browser.close()
    assert requests == [out.as_uri()]  # self-contained: nothing else fetched
    assert shot.stat().st_size > 20_000
