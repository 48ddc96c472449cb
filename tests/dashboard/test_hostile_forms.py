"""Staff forms: bodies capped before parsing, odd tokens refused cleanly, argon2 off the loop."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.dashboard import security
from bot.dashboard.security import FORM_MAX_BYTES, LOGIN_MAX_BYTES, check_login, hash_password
from tests.dashboard.conftest import Login, csrf_of

MB = 1024 * 1024


async def chunks(total: int, size: int = MB) -> AsyncIterator[bytes]:
    """A body without a Content-Length: the cap must hold while reading."""
    sent = 0
    while sent < total:
        yield b"a" * min(size, total - sent)
        sent += size


BOUNDARY = "fairbotboundary"


async def multipart_fields(count: int, size: int) -> AsyncIterator[bytes]:
    for n in range(count):
        head = f'--{BOUNDARY}\r\ncontent-disposition: form-data; name="f{n}"\r\n\r\n'
        yield head.encode() + b"a" * size + b"\r\n"
    yield f"--{BOUNDARY}--\r\n".encode()


async def test_a_30mb_login_form_is_refused_before_parsing(app_client: httpx.AsyncClient) -> None:
    page = await app_client.get("/staff/login")
    big = {"username": "admin", "password": "x" * (30 * MB), "csrf": csrf_of(page.text)}
    response = await app_client.post("/staff/login", data=big)
    assert response.status_code == 413
    streamed = await app_client.post(
        "/staff/login",
        content=chunks(LOGIN_MAX_BYTES * 4, 4096),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert streamed.status_code in (400, 413)  # the part limit (4 KiB) may trip first


async def test_any_staff_form_is_capped_even_when_logged_in(login: Login) -> None:
    admin = await login("admin")
    token = csrf_of((await admin.get("/staff/faq", headers={"accept": "text/html"})).text)
    files = {"file": ("kb.yaml", b"a" * (FORM_MAX_BYTES + MB), "application/yaml")}
    assert (
        await admin.post("/staff/faq/upload", data={"csrf": token}, files=files)
    ).status_code == 413
    # Each field under the per-part limit, thirty of them: only a total cap stops this.
    streamed = await admin.post(
        "/staff/fairs",
        content=multipart_fields(30, MB - 1024),
        headers={
            "content-type": f"multipart/form-data; boundary={BOUNDARY}",
            "x-csrf-token": token,
        },
    )
    assert streamed.status_code == 413


async def test_login_refuses_file_parts_and_many_fields(app_client: httpx.AsyncClient) -> None:
    page = await app_client.get("/staff/login")
    token = csrf_of(page.text)
    files = {"file": ("a.txt", b"hello", "text/plain")}
    form = {"username": "admin", "password": "x", "csrf": token}
    assert (await app_client.post("/staff/login", data=form, files=files)).status_code == 400
    many = {**form, **{f"f{n}": "1" for n in range(50)}}
    assert (await app_client.post("/staff/login", data=many)).status_code == 400


@pytest.mark.parametrize("token", ["ü" * 43, "令牌", "\u0000"])
async def test_a_non_ascii_csrf_token_is_a_403_not_a_500(
    app_client: httpx.AsyncClient, token: str
) -> None:
    await app_client.get("/staff/login")
    form = {"username": "admin", "password": "admin-password-1", "csrf": token}
    assert (await app_client.post("/staff/login", data=form)).status_code == 403


async def test_argon2_runs_in_worker_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = security._hasher

    class Spy:
        def hash(self, password: str) -> str:
            seen.append(threading.current_thread().name)
            return real.hash(password)

        def verify(self, hashed: str, password: str) -> bool:
            seen.append(threading.current_thread().name)
            return real.verify(hashed, password)

    monkeypatch.setattr(security, "_hasher", Spy())
    hashed = await hash_password("correct horse")
    assert await check_login(hashed, "correct horse")
    assert not await check_login(None, "correct horse")
    assert len(seen) == 3 and threading.main_thread().name not in seen
