"""The conversation inbox and the visitor's web chat in a real browser, on a real server.

A Thai visitor asks three questions and then for a person; booth staff, watching the
inbox, see one live card with the three questions, reply, close it, and see it come back
when the visitor asks again. Greetings stay out; a Talk-to-staff tap shows its question.
The chat survives a dropped connection and a reload without network. Screenshots of the
inbox on a desktop and on a phone: `FAIRBOT_SCREENSHOTS=docs` writes them to docs/.
"""

from __future__ import annotations

import asyncio
import pathlib
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from storage import Store
from storage.outcomes import HandoverReason
from tests.conftest import screenshot_dir
from tests.dashboard.conftest import ADMIN_PASSWORD
from tests.dashboard.test_browser import Server, browser, log_in, pages, server, visitor_asks

__all__ = ["browser", "pages", "server"]  # the real-server fixtures, shared

pytestmark = pytest.mark.browser

THAI = ("ไปเกียวโตจากสนามบินยังไง", "ต้องใช้วีซ่าไปญี่ปุ่นไหม", "มารยาทในการแช่ออนเซ็น")
ASK_FOR_PERSON = "ขอคุยกับพนักงาน"  # asking for a person in Thai
PHONE = {"width": 390, "height": 844}
UNSURE = ("hot spring or beach", "temple or shrine", "rent a bike", "ramen")
# The card's reason line when the visitor asked for a person (/human, the button, in words).
ASKED = re.compile("|".join(re.escape(r.label.en) for r in HandoverReason if r.asks_for_person))


def store_count(server: Server, text: str) -> int:
    """How many inquiries hold exactly `text` (read straight from the server's database)."""
    url = server.server.config.app.state.settings.database_url

    async def count() -> int:
        store = Store.from_url(url)
        try:
            found = await store.inquiries.list(limit=1000)
            return sum(1 for i in found if i.text == text)
        finally:
            await store.close()

    with ThreadPoolExecutor(1) as thread:  # Playwright's sync API holds this thread's loop
        return thread.submit(asyncio.run, count()).result()


def bot_replies(chat: Any) -> int:
    return int(chat.locator(".msg.bot").count())


def ask_and_wait(chat: Any, text: str) -> None:
    before = bot_replies(chat)
    visitor_asks(chat, text)
    chat.wait_for_function(f"document.querySelectorAll('.msg.bot').length > {before}")


def open_chat(pages: Any, booth: str = "hyogo") -> Any:
    chat = pages()
    chat.goto(f"/?fair=demo-fair&booth={booth}")
    chat.wait_for_selector(".msg.bot")
    return chat


def no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_thai_visitor_to_staff_and_back(pages: Any) -> None:
    staff = pages()
    log_in(staff, "admin", ADMIN_PASSWORD)
    staff.goto("/staff/inbox")
    staff.wait_for_selector("#live-state[data-state=live]")

    chat = open_chat(pages)
    assert chat.locator("#booth-name").inner_text() == "Hyogo"
    assert "兵庫県" in chat.locator("#booth-prefecture").inner_text()
    chat.locator("#langs button[data-lang=th]").click()
    chat.wait_for_function("document.querySelectorAll('.msg.bot').length > 2")
    privacy = chat.locator(".msg.notice a", has_text="/privacy")
    assert privacy.get_attribute("href") == "/privacy"
    for text in THAI:
        ask_and_wait(chat, text)
        chat.wait_for_timeout(600)  # a visitor types; the rate limit is for floods
    ask_and_wait(chat, ASK_FOR_PERSON)

    # The card arrives without a reload, leading with the three questions, in order.
    card = staff.locator("li.conversation.state-waiting_for_staff", has_text=ASKED)
    card.wait_for()
    assert card.count() == 1
    questions = card.locator("ol.questions li").all_inner_texts()
    assert [q.split(" Add to FAQ")[0].strip() for q in questions] == list(THAI)
    assert card.locator(".meta .badge", has_text="th").count() == 1
    staff.wait_for_selector("#inbox-badge:not([hidden])")
    assert staff.locator("#inbox-badge").inner_text() == "1"
    card_id = card.get_attribute("id")

    card.locator("textarea[name=text]").fill("สวัสดีค่ะ เชิญที่บูธได้เลย")
    card.get_by_role("button", name="Send reply").click()
    staff.wait_for_selector(".flash:has-text('Reply sent to the visitor')")
    chat.locator(".msg.joined").wait_for()
    chat.locator(".msg.staff", has_text="เชิญที่บูธได้เลย").wait_for()

    staff.locator(f"#{card_id}").get_by_role("button", name="Close").click()
    staff.wait_for_selector(".flash:has-text('Conversation closed')")
    assert staff.locator(f"#{card_id}").count() == 0  # gone from the open list
    staff.wait_for_selector("#live-state[data-state=live]")

    ask_and_wait(chat, "How do I get to Kyoto from the airport?")  # the bot answers again...
    ask_and_wait(chat, ASK_FOR_PERSON)  # ...and asking for a person reopens it, live
    staff.locator(f"#{card_id}.state-waiting_for_staff").wait_for()
    staff.goto("/staff/inbox?state=closed")
    assert staff.locator(f"#{card_id}").count() == 0


def test_small_talk_stays_out_and_a_talk_to_staff_tap_shows_its_question(
    pages: Any, server: Server
) -> None:
    staff = pages()
    log_in(staff, "admin", ADMIN_PASSWORD)
    chat = open_chat(pages, "kyoto")
    for text in ("hello", "thank you!"):
        ask_and_wait(chat, text)
    staff.goto("/staff/inbox?fair=demo-fair&booth=kyoto")
    assert staff.locator("li.conversation").count() == 0  # small talk: nobody is waiting
    asked = ""
    for asked in UNSURE:  # the first the bot is unsure about offers "Talk to staff"
        ask_and_wait(chat, asked)
        if chat.get_by_role("button", name="Talk to staff").count():
            break
        chat.wait_for_timeout(600)
    chat.get_by_role("button", name="Talk to staff").click()
    chat.locator(".msg.me", has_text="Talk to staff").wait_for()
    card = staff.locator("li.conversation", has_text=ASKED)
    card.wait_for()  # live, no reload
    assert staff.locator("li.conversation").count() == 1
    lead = card.locator(".lead").inner_text()
    assert "[talk to staff]" not in lead and "hello" not in lead and "thank you" not in lead
    questions = card.locator("ol.questions li").all_inner_texts()
    assert questions[-1].startswith(asked)
    links = card.locator(".lead a").all_inner_texts()
    assert links == ["Add to FAQ"]  # for the question only, not for the tap


def test_questions_typed_offline_wait_and_go_out_once_after_a_reload(
    pages: Any, server: Server
) -> None:
    chat = open_chat(pages)
    chat.wait_for_function("document.documentElement.dataset.offlineReady === '1'")
    first = "How do I get to Kyoto from the airport?"
    second = "zzqx is there a vlorp ferry offline test"
    before = store_count(server, first), store_count(server, second)
    context = chat.context
    context.set_offline(True)
    visitor_asks(chat, first)
    visitor_asks(chat, second)
    chat.locator(".msg.me.pending").nth(1).wait_for()
    chat.wait_for_timeout(13_000)  # longer than the old retries (1.5 s + 4 s): still kept
    assert (store_count(server, first), store_count(server, second)) == before
    chat.reload()  # offline: the service worker serves the page, storage the messages
    chat.locator(".msg.me.pending", has_text="vlorp ferry").wait_for()
    assert chat.locator(".msg.me.pending").count() == 2
    context.set_offline(False)
    chat.wait_for_function("document.querySelectorAll('.msg.me.pending').length === 0")
    answer = chat.locator(".msg.me", has_text="Kyoto from the airport").locator(
        "xpath=following-sibling::li[1]"
    )
    answer.wait_for()
    assert "Kansai" in answer.inner_text()  # the answer sits under its question
    chat.locator(".msg.me", has_text="vlorp ferry").locator(
        "xpath=following-sibling::li[contains(@class,'bot')][1]"
    ).wait_for()
    chat.wait_for_timeout(3000)  # any late resend would have landed by now
    after = store_count(server, first), store_count(server, second)
    assert after == (before[0] + 1, before[1] + 1)  # each logged exactly once


def test_inbox_screenshots_and_every_staff_page_fits_a_phone(
    pages: Any, tmp_path: pathlib.Path
) -> None:
    # docs/ keeps the committed screenshots; FAIRBOT_SCREENSHOTS=docs refreshes them.
    shots = screenshot_dir(tmp_path)
    chat = open_chat(pages, "kyoto")
    ask_and_wait(chat, "Can I bring my zzqx drone to the temple garden?")
    ask_and_wait(chat, ASK_FOR_PERSON)
    thai = open_chat(pages, "hyogo")
    thai.locator("#langs button[data-lang=th]").click()
    thai.wait_for_function("document.querySelectorAll('.msg.bot').length > 2")
    for text in THAI:
        ask_and_wait(thai, text)
        thai.wait_for_timeout(600)
    ask_and_wait(thai, ASK_FOR_PERSON)
    staff = pages()
    log_in(staff, "admin", ADMIN_PASSWORD)
    staff.goto("/staff/replies")
    form = staff.locator("#new-reply")
    form.locator("input[name=title]").fill("Opening hours")
    form.locator("textarea[name=text_en]").fill("Our booth is open 10:00-18:00.")
    form.locator("textarea[name=text_th]").fill("บูธเปิด 10.00-18.00 น.")
    form.get_by_role("button", name="Save reply").click()
    staff.wait_for_selector(".flash:has-text('Saved the reply')")
    staff.goto("/staff/inbox")
    replied = staff.locator("li.conversation", has_text="drone to the temple")
    replied.locator("textarea[name=text]").fill("Drones need a permit; ask at gate 2.")
    replied.get_by_role("button", name="Send reply").click()
    staff.wait_for_selector(".flash:has-text('Reply sent')")
    staff.goto("/staff/inbox")
    staff.locator("li.conversation").first.wait_for()
    staff.locator("li.conversation details.history").first.evaluate("d => d.open = true")
    drone = staff.locator("li.conversation", has_text="drone to the temple")
    conversation_id = int(drone.get_attribute("data-id") or 0)
    add = drone.locator("ol.questions a").first.get_attribute("href") or ""
    question_id = int(add.rsplit("=", 1)[1])
    shots.mkdir(exist_ok=True)
    staff.screenshot(path=str(shots / "inbox-desktop.png"), full_page=False)
    staff.set_viewport_size(PHONE)
    for path in (
        "/staff/inbox", "/staff/inbox/declined", "/staff/feed", "/staff/replies",
        "/staff/faq", "/staff/fairs", "/staff/reports", "/staff/accounts",
        "/staff/fairs/demo-fair", "/staff/fairs/demo-fair/booths/kyoto",
        "/staff/inbox?state=closed", "/staff/faq/add?inquiry=" + str(question_id),
        "/staff/inbox/" + str(conversation_id) + "/kb?q=temple",
    ):  # fmt: skip
        staff.goto(path)
        staff.wait_for_load_state()
        assert no_horizontal_scroll(staff), path
    staff.goto("/staff/inbox")
    staff.locator("li.conversation").first.wait_for()
    staff.screenshot(path=str(shots / "inbox-phone.png"), full_page=False)
    assert (shots / "inbox-phone.png").stat().st_size > 10_000
    chat.set_viewport_size(PHONE)
    assert no_horizontal_scroll(chat)
