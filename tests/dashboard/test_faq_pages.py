"""FAQ pages: search, test a question, upload with located errors, download, add to FAQ."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from faq import kb_edit
from faq.loader import load_kb, load_kb_bytes
from tests.dashboard.conftest import HTML, Login, ask, csrf_of, post_form, runtime_of

GOOD_YAML = """version: 1
entries:
  - id: onsen-etiquette
    type: experiences
    questions:
      en: ["Can I use an onsen with a tattoo?"]
    answer:
      en: "Many onsen refuse tattoos; look for tattoo-friendly ones or private baths."
"""
BAD_CSV = (
    "id,prefecture,type,lang,question,answer\n"
    "ok-entry,JP-28,food,en,What is Kobe beef?,A famous wagyu.\n"
    "bad-entry,JP-99,nonsense,en,Broken?,\n"
)


async def upload(client: httpx.AsyncClient, name: str, data: bytes) -> httpx.Response:
    token = csrf_of((await client.get("/staff/faq", headers=HTML)).text)
    return await client.post(
        "/staff/faq/upload", data={"csrf": token}, files={"file": (name, data)}
    )


async def test_search_and_test_a_question(app_client: httpx.AsyncClient, login: Login) -> None:
    staff = await login("staff", fair="demo-fair")
    kb = runtime_of(app_client).engines.engine.kb
    entry = kb.entries[0]
    found = (await staff.get("/staff/faq", params={"q": entry.id}, headers=HTML)).text
    assert f'id="entry-{entry.id}"' in found
    none = (await staff.get("/staff/faq", params={"q": "zzzz-nothing"}, headers=HTML)).text
    assert "No entries match." in none
    question = entry.questions["en"][0]
    tested = (await staff.get("/staff/faq", params={"test": question}, headers=HTML)).text
    assert 'class="decision">answer<' in tested
    rows = re.findall(r'<tr><td>(\d)</td><td><a href="/staff/faq\?q=([^"]+)"', tested)
    assert 1 <= len(rows) <= 5 and rows[0][1] == entry.id
    assert re.search(r'class="n">(0|1)\.\d{3}<', tested)


async def test_upload_errors_name_file_row_and_field(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    admin = await login("admin")
    before = runtime_of(app_client).engines.engine.kb
    response = await upload(admin, "prefs.csv", BAD_CSV.encode())
    assert response.status_code == 422
    page = response.text
    assert "<td>prefs.csv</td><td>3</td><td>prefecture</td>" in page
    assert "<td>prefs.csv</td><td>3</td><td>type</td>" in page
    assert "<td>prefs.csv</td><td>3</td><td>answer</td>" in page
    assert runtime_of(app_client).engines.engine.kb is before  # nothing changed


async def test_upload_replaces_the_live_kb_and_download_round_trips(
    app_client: httpx.AsyncClient, login: Login, settings: object
) -> None:
    admin = await login("admin")
    response = await upload(admin, "../../my kb.yaml", GOOD_YAML.encode())
    assert response.status_code == 303
    kb = runtime_of(app_client).engines.engine.kb
    assert [e.id for e in kb.entries] == ["onsen-etiquette"]
    kb_dir: Path = settings.kb_dir  # type: ignore[attr-defined]
    assert [p.name for p in kb_dir.iterdir() if p.is_file()] == ["my-kb.yaml"]
    assert settings.live_kb_path() == kb_dir  # type: ignore[attr-defined]
    assert [e.id for e in load_kb(kb_dir).entries] == ["onsen-etiquette"]
    reply = await ask(app_client, "Can I use an onsen with a tattoo?")
    assert reply["faq_id"] == "onsen-etiquette"
    download = await admin.get("/staff/faq/download")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    again = load_kb_bytes("kb.yaml", download.content)
    assert [e.id for e in again.entries] == ["onsen-etiquette"]


async def test_staff_cannot_upload(app_client: httpx.AsyncClient, login: Login) -> None:
    staff = await login("staff", fair="demo-fair")
    assert (await upload(staff, "kb.yaml", GOOD_YAML.encode())).status_code == 403


async def test_add_to_faq_as_new_entry_answers_the_next_identical_question(
    app_client: httpx.AsyncClient, login: Login, settings: object
) -> None:
    question = "Is there a quiet prayer room at Kansai airport terminal 2?"
    first = await ask(app_client, question, session="v1", fair="demo-fair", booth="hyogo")
    assert first["faq_id"] != "kix-t2-prayer-room"  # (the KB's names may still match an entry)
    staff = await login("staff", fair="demo-fair")
    inquiry_id = first["inquiry_id"]
    form = await staff.get(f"/staff/faq/add?inquiry={inquiry_id}", headers=HTML)
    assert form.status_code == 200 and question in form.text
    added = await post_form(
        staff, f"/staff/faq/add?inquiry={inquiry_id}", f"/staff/faq/add?inquiry={inquiry_id}",
        mode="entry", question=question, lang="en", new_id="kix-t2-prayer-room",
        type="muslim-friendly", prefecture="JP-27",
        answer_en="Terminal 2 has a prayer room next to the domestic gates.",
    )  # fmt: skip
    assert added.status_code == 303 and added.headers["location"] == "/staff/inbox"
    again = await ask(app_client, question, session="v2", fair="demo-fair", booth="hyogo")
    assert again["faq_id"] == "kix-t2-prayer-room"
    assert "prayer room next to the domestic gates" in again["reply"]
    written = load_kb(settings.kb_dir)  # type: ignore[attr-defined]
    assert written.get("kix-t2-prayer-room") is not None
    assert len(written) == len(runtime_of(app_client).engines.engine.kb)


async def test_add_to_faq_as_phrasing_and_duplicate_refused(
    app_client: httpx.AsyncClient, login: Login
) -> None:
    runtime = runtime_of(app_client)
    entry = runtime.engines.engine.kb.entries[0]
    question = "zzqx totally new wording for this"
    asked = await ask(app_client, question)
    admin = await login("admin")
    path = f"/staff/faq/add?inquiry={asked['inquiry_id']}"
    added = await post_form(
        admin, path, path, mode="phrasing", question=question, lang="en", entry_id=entry.id
    )
    assert added.status_code == 303
    updated = runtime.engines.engine.kb.get(entry.id)
    assert updated is not None and question in updated.questions["en"]
    again = await post_form(
        admin, path, path, mode="phrasing", question=question, lang="en", entry_id=entry.id
    )
    assert again.headers["location"] == path
    assert "already has that en phrasing" in (await admin.get(path, headers=HTML)).text
    missing = await post_form(
        admin, path, path, mode="phrasing", question=question, lang="en", entry_id="no-such"
    )
    assert missing.headers["location"] == path


def test_kb_edits_are_pure_and_validated() -> None:
    kb = load_kb_bytes("kb.yaml", GOOD_YAML.encode())
    changed = kb_edit.with_phrasing(kb, "onsen-etiquette", "th", "  ออนเซ็น   รอยสัก ")
    assert changed.get("onsen-etiquette").questions["th"] == ("ออนเซ็น รอยสัก",)  # type: ignore[union-attr]
    assert "th" not in kb.get("onsen-etiquette").questions  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="exists already"):
        kb_edit.with_entry(kb, kb.entries[0])
    with pytest.raises(ValueError, match="upload a"):
        kb_edit.safe_file_name("evil.exe")
    assert kb_edit.safe_file_name("/etc/../x y.CSV") == "x-y.CSV"
