"""Fairs and booths: admin forms, booth links, QR codes and the printable poster."""

from __future__ import annotations

import httpx

from tests.dashboard.conftest import HTML, Login, post_form, runtime_of


async def test_admin_creates_and_edits_fairs_and_booths(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    admin = await login("admin")
    store = runtime_of(app_client).store
    created = await post_form(
        admin, "/staff/fairs", "/staff/fairs", id="jtf-2026-bkk", name="JTF Bangkok",
        country="th", city="Bangkok", start_date="2026-03-01", end_date="2026-03-03",
    )  # fmt: skip
    assert created.status_code == 303 and created.headers["location"] == "/staff/fairs/jtf-2026-bkk"
    fair = await store.fairs.get_fair("jtf-2026-bkk")
    assert fair is not None and fair.country == "TH" and str(fair.end_date) == "2026-03-03"
    bad = await post_form(
        admin, "/staff/fairs", "/staff/fairs", id="x2", name="X", start_date="2026-03-03",
        end_date="2026-03-01",
    )  # fmt: skip
    assert bad.status_code == 303 and await store.fairs.get_fair("x2") is None
    assert "last day is before the first" in (await admin.get("/staff/fairs", headers=HTML)).text
    booth = await post_form(
        admin, "/staff/fairs/jtf-2026-bkk/booths", "/staff/fairs/jtf-2026-bkk", id="hyogo",
        name="Hyogo booth", prefecture="Hyogo", email="kobe@example.jp",
    )  # fmt: skip
    assert booth.status_code == 303
    saved = await store.fairs.get_booth("jtf-2026-bkk", "hyogo")
    assert saved is not None and saved.prefecture == "JP-28"
    edited = await post_form(
        admin, "/staff/fairs/jtf-2026-bkk/booths/hyogo", "/staff/fairs/jtf-2026-bkk/booths/hyogo",
        name="Hyogo & Kobe", prefecture="JP-28", email="",
    )  # fmt: skip
    assert edited.status_code == 303
    saved = await store.fairs.get_booth("jtf-2026-bkk", "hyogo")
    assert saved is not None and saved.name == "Hyogo & Kobe" and saved.email is None
    renamed = await post_form(
        admin, "/staff/fairs/jtf-2026-bkk", "/staff/fairs/jtf-2026-bkk", name="JTF BKK",
        country="TH",
    )  # fmt: skip
    assert renamed.status_code == 303
    assert (await store.fairs.get_fair("jtf-2026-bkk")).name == "JTF BKK"  # type: ignore[union-attr]


async def test_booth_page_shows_links_and_poster(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    staff = await login("staff", fair="demo-fair")
    page = await staff.get("/staff/fairs/demo-fair/booths/hyogo", headers=HTML)
    assert page.status_code == 200
    assert "兵庫県" in page.text and "Hyogo" in page.text
    assert "http://127.0.0.1:8000/?fair=demo-fair&amp;booth=hyogo" in page.text
    assert 'id="public-url-warning"' in page.text  # that link only works on this computer
    assert 'id="edit-booth"' not in page.text  # staff print posters; admins edit booths
    base = "/staff/fairs/demo-fair/booths/hyogo"
    png = await staff.get(f"{base}/poster.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    pdf = await staff.get(f"{base}/poster.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    svg = await staff.get(f"{base}/poster.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    qr = await staff.get(f"{base}/qr/web.png")
    assert qr.content.startswith(b"\x89PNG")
    assert (await staff.get(f"{base}/qr/line.svg")).status_code == 404  # LINE not configured
    assert (await staff.get(f"{base}/poster.gif")).status_code == 404


async def test_staff_cannot_create_fairs(app_client: httpx.AsyncClient, login: Login) -> None:
    staff = await login("staff", fair="demo-fair")
    response = await post_form(staff, "/staff/fairs", "/staff/fairs", id="mine", name="Mine")
    assert response.status_code == 403
    assert await runtime_of(app_client).store.fairs.get_fair("mine") is None
