"""The admin page for incoming events: counts, reasons, retry; admins only."""

from __future__ import annotations

import httpx

from tests.dashboard.conftest import HTML, Login, csrf_of, runtime_of


async def test_admin_sees_failures_and_retries_them(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    store = runtime_of(app_client).store
    [row] = await store.inbox.put_many([("line", "bad-profile", {"x": 1})], holder="gone")
    assert row is not None
    await store.inbox_failures.dead(row, "ValidationError: profile could not be parsed")
    admin = await login("admin")
    page = await admin.get("/staff/incoming", headers=HTML)
    assert page.status_code == 200
    assert "ValidationError: profile could not be parsed" in page.text and "dead 1" in page.text
    retried = await admin.post(
        "/staff/incoming/retry", data={"csrf": csrf_of(page.text), "id": str(row)}
    )
    assert retried.status_code == 303
    assert (await store.inbox_failures.status()).counts["dead"] == 0
    staff = await login("staff", fair="demo-fair")
    assert (await staff.get("/staff/incoming", headers=HTML)).status_code == 403
    forged = await admin.post("/staff/incoming/retry", data={"all": "1", "csrf": "forged"})
    assert forged.status_code == 403
