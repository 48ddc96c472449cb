"""The reports page: charts for the chosen fair and prefecture, downloads in three formats."""

from __future__ import annotations

import httpx

from tests.dashboard.conftest import HTML, Login, ask


async def test_admin_sees_charts_and_downloads_every_format(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    await ask(app_client, "how do I get to Kyoto from the airport", fair="demo-fair", booth="kyoto")
    await ask(app_client, "zzqx blorp", session="s2", fair="demo-fair", booth="hyogo")
    long = "Is it safe to take my grandmother's wheelchair on the ferry to Awaji? " * 12
    await ask(app_client, long.strip(), session="s3", fair="demo-fair", booth="hyogo")
    admin = await login("admin")
    page = await admin.get("/staff/reports", params={"fair": "demo-fair", "lang": "en"},
                           headers=HTML)  # fmt: skip
    assert page.status_code == 200
    assert page.text.count("<svg") >= 4  # types, concerns, languages, hours
    assert 'id="concerns"' in page.text and "Safety &amp; security" in page.text
    gaps = page.text.split('id="gaps"', 1)[1]
    assert "zzqx blorp" not in gaps  # noise is not a question to add to the FAQ
    # the long question is folded, with a way to read it all
    assert '<details class="long-text">' in gaps and "Show all" in gaps
    assert long.strip().replace("'", "&#39;") in gaps
    query = {"fair": "demo-fair", "prefecture": "JP-26", "lang": "en"}
    xlsx = await admin.get("/staff/reports/download.xlsx", params=query)
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert "attachment" in xlsx.headers["content-disposition"]
    html = await admin.get("/staff/reports/download.html", params=query)
    assert html.status_code == 200 and "<svg" in html.text
    assert "script-src" not in html.headers["content-security-policy"]
    assert "zzqx blorp" not in html.text  # JP-28's question is not in JP-26's report
    csv = await admin.get("/staff/reports/download.csv", params=query)
    assert csv.status_code == 200 and "Kyoto from the airport" in csv.text
    assert (await admin.get("/staff/reports/download.pdf")).status_code == 404


async def test_viewer_pinned_to_their_fair_and_prefecture(
    app_client: httpx.AsyncClient, login: Login, other_fair: str
) -> None:
    await ask(app_client, "zzqx osaka thing", fair=other_fair, booth="osaka")
    viewer = await login("viewer", fair="demo-fair", prefecture="JP-27")
    page = await viewer.get("/staff/reports", headers=HTML)
    assert page.status_code == 200 and "zzqx osaka thing" not in page.text
    assert (await viewer.get(f"/staff/reports?fair={other_fair}")).status_code == 403
    assert (await viewer.get("/staff/reports?prefecture=JP-28")).status_code == 403
    assert (await viewer.get("/staff/reports?prefecture=JP-27")).status_code == 200


async def test_empty_report_says_no_questions_yet(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    viewer = await login("viewer", fair="demo-fair", prefecture="JP-27")
    page = await viewer.get("/staff/reports", params={"lang": "ja"}, headers=HTML)
    assert page.status_code == 200
    assert 'id="no-questions"' in page.text and "まだ質問はありません" in page.text
    assert "<svg" not in page.text  # no chart with axes running -0.06 … 0.06


async def test_fairs_compared_side_by_side(
    app_client: httpx.AsyncClient, login: Login, other_fair: str
) -> None:
    await ask(app_client, "how do I get to Kyoto from the airport", fair="demo-fair", booth="kyoto")
    await ask(app_client, "is Osaka safe at night?", session="s9", fair=other_fair, booth="osaka")
    admin = await login("admin")
    page = await admin.get("/staff/reports", params={"lang": "en"}, headers=HTML)
    assert 'id="compare"' in page.text
    query = [("fair", "demo-fair"), ("fair", other_fair), ("lang", "en")]
    html = await admin.get("/staff/reports/compare.html", params=query)
    assert html.status_code == 200 and "Fair and market comparison" in html.text
    assert "Thailand" in html.text and "<script" not in html.text
    xlsx = await admin.get("/staff/reports/compare.xlsx", params=query)
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    one = await admin.get("/staff/reports/compare.html", params=[("fair", "demo-fair")])
    assert one.status_code == 400
    pinned = await login("viewer", fair="demo-fair", prefecture="JP-27")
    assert (await pinned.get("/staff/reports/compare.html", params=query)).status_code == 403
