"""The dashboard in a real browser against a real server: each role, live feed, reply, FAQ.

Debian's chromium (installed by .ci/run) drives uvicorn serving `create_app` on a
free port. A visitor uses the real web chat page while booth staff watch the feed,
reply from the inbox and turn the answer into an FAQ entry the bot then uses.
Screenshots of the feed and the booth poster are written to docs/ for the README.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from bot.app import create_app
from tests.conftest import make_settings, screenshot_dir
from tests.dashboard.conftest import ADMIN_PASSWORD, PASSWORD, XSS

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
QUESTION = "zzqx Where can I rent a vlorp kayak near the booth?"
ANSWER = "Kayaks are rented at the harbour office, 5 minutes from the station."
TIMEOUT = 15_000  # ms: generous for a loaded CI machine; the feed polls every second


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """uvicorn in a thread, started with a bounded wait and stopped via should_exit."""

    def __init__(self, app: Any, port: int) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                lifespan="on", timeout_graceful_shutdown=2)  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does)")
    port = free_port()
    settings = make_settings(
        tmp_path_factory.mktemp("browser"), FAIRBOT_ADMIN_PASSWORD=ADMIN_PASSWORD,
        FAIRBOT_PORT=port, FAIRBOT_HOST="127.0.0.1",
    )  # fmt: skip
    with Server(create_app(settings), port) as running:
        yield running


@pytest.fixture(scope="module")
def browser(server: Server) -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def pages(browser: Any, server: Server) -> Iterator[Any]:
    """`pages()` → a page in a fresh context (own cookies); dialogs are recorded as XSS."""
    contexts: list[Any] = []
    dialogs: list[str] = []

    def new_page() -> Any:
        context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 860})
        context.set_default_timeout(TIMEOUT)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        return page

    yield new_page
    for context in contexts:
        context.close()
    assert dialogs == [], f"a script ran from visitor text: {dialogs}"


def log_in(page: Any, username: str, password: str) -> None:
    page.goto("/staff/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def add_account(page: Any, username: str, role: str, **scope: str) -> None:
    page.goto("/staff/accounts")
    form = page.locator("#new-account")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("select[name=role]").select_option(role)
    if "fair" in scope:
        form.locator("select[name=fair]").select_option(scope["fair"])
    if "prefecture" in scope:
        form.locator("select[name=prefecture]").select_option(scope["prefecture"])
    form.locator("button[type=submit]").click()
    page.wait_for_selector(f".flash:has-text('Added the account {username}')")


def visitor_asks(chat: Any, text: str) -> None:
    chat.fill("#text", text)
    chat.press("#text", "Enter")


def test_every_role_on_the_real_pages(pages: Any, tmp_path: Path) -> None:
    admin = pages()
    log_in(admin, "admin", ADMIN_PASSWORD)
    assert admin.url.endswith("/staff/feed")
    add_account(admin, "booth1", "staff", fair="demo-fair")
    add_account(admin, "hyogo", "viewer", prefecture="JP-28")

    # Booth staff watch the live feed while a visitor asks in the web chat.
    staff = pages()
    log_in(staff, "booth1", PASSWORD)
    staff.wait_for_selector("#live-state[data-state=live]")
    chat = pages()
    chat.goto("/?fair=demo-fair&booth=hyogo")
    chat.wait_for_selector(".msg.bot")
    visitor_asks(chat, "How do I get to Kyoto from the airport?")
    staff.locator("#feed tr.outcome-answered", has_text="Kyoto from the airport").wait_for()
    visitor_asks(chat, f"zzqx {XSS[0]} {XSS[1]}")
    visitor_asks(chat, QUESTION)
    staff.locator("#feed tr", has_text="vlorp kayak").wait_for()
    escaped = staff.locator("#feed tr", has_text="<script>alert(1)</script>")
    escaped.wait_for()  # shown as text, not run
    assert staff.locator("#feed img[src=x]").count() == 0
    shots = screenshot_dir(tmp_path)
    staff.screenshot(path=str(shots / "dashboard-feed.png"), full_page=False)

    # The reply from the inbox reaches that web chat session, announced as a person.
    staff.goto("/staff/inbox")
    card = staff.locator("li.conversation", has_text="vlorp kayak")
    card.locator("textarea[name=text]").fill(ANSWER)
    card.get_by_role("button", name="Send reply").click()
    staff.wait_for_selector(".flash:has-text('Reply sent to the visitor')")
    chat.locator(".msg.staff", has_text="harbour office").wait_for()
    chat.locator(".msg.joined").wait_for()
    question = staff.locator("li.conversation ol.questions li", has_text="vlorp kayak")
    question.get_by_role("link", name="Add to FAQ").click()

    # "Add to FAQ" from the card: the next identical question is answered.
    form = staff.locator("#add-entry")
    form.locator("input[name=new_id]").fill("kayak-rental")
    form.locator("select[name=type]").select_option("experiences")
    form.locator("textarea[name=answer_en]").fill(ANSWER)
    form.locator("button[type=submit]").click()
    staff.wait_for_selector(".flash:has-text('Added the new FAQ entry kayak-rental')")
    # (another visitor: the first is on a staff hold, so the bot leaves them to staff)
    other = pages()
    other.goto("/?fair=demo-fair&booth=hyogo")
    other.wait_for_selector(".msg.bot")
    visitor_asks(other, QUESTION)
    other.locator(".msg.bot", has_text="harbour office").wait_for()

    # The prefecture viewer lands on their reports and nothing else.
    viewer = pages()
    log_in(viewer, "hyogo", PASSWORD)
    assert viewer.url.endswith("/staff/reports")
    viewer.wait_for_selector("figure.chart svg")
    assert "vlorp kayak" in viewer.content()
    response = viewer.goto("/staff/feed")
    assert response is not None and response.status == 403
    response = viewer.goto("/staff/reports?prefecture=JP-26")
    assert response is not None and response.status == 403

    # The booth page and its poster, for the README.
    admin.goto("/staff/fairs/demo-fair/booths/hyogo")
    admin.wait_for_function("document.getElementById('poster').naturalWidth > 0")
    admin.screenshot(path=str(shots / "dashboard-poster.png"), full_page=True)
