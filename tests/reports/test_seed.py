"""The demo seeder: plausible proportions, the storage path's rows, repeatable runs."""

from __future__ import annotations

import re
from collections import Counter

from faq.model import KnowledgeBase
from reports.seed import normalize, seed
from storage import Store
from storage.inquiries import NewInquiry
from tests.reports.conftest import FAIR, OTHER_COUNTRY, add_fairs, stored_rows


async def test_seeded_inquiries_look_like_a_fair(store: Store, kb: KnowledgeBase) -> None:
    await add_fairs(store)
    result = await seed(store, FAIR, 3000, kb=kb, random_seed=1)
    thai = await seed(store, OTHER_COUNTRY, 1000, kb=kb, random_seed=2)
    assert (result.inquiries, thai.inquiries) == (3000, 1000)
    rows = await stored_rows(store)
    singapore = [r for r in rows if r["fair_id"] == FAIR]
    share = Counter(r["outcome"] for r in singapore)
    assert 0.45 < share["answered"] / 3000 < 0.65
    assert all(share[o] for o in ("suggested", "handed_over", "out_of_scope", "non_text"))
    langs = Counter(r["lang"] for r in singapore)
    assert langs.most_common(1)[0][0] == "en" and langs["zh"] > langs["th"]
    assert (
        Counter(r["lang"] for r in rows if r["fair_id"] == OTHER_COUNTRY).most_common(1)[0][0]
        == "th"
    )
    assert {r["platform"] for r in singapore} == {"web", "telegram", "line"}
    assert {r["booth_id"] for r in singapore} == {"hyogo", "kyoto", "info"}
    assert all(r["prefecture"] in {"JP-28", "JP-26", "JP"} for r in singapore)
    local_hours = Counter((r["created_at"].hour + 8) % 24 for r in singapore)
    assert set(local_hours) <= set(range(10, 21))  # the fair's opening hours, Singapore time
    answered = [r for r in singapore if r["outcome"] == "answered"]
    assert all(kb.get(r["faq_id"]) for r in answered)
    assert any(r["feedback"] == "up" for r in answered) and any(
        r["feedback"] == "down" for r in answered
    )
    assert any(r["staff_answer"] for r in singapore if r["outcome"] == "handed_over")
    asking = len({r["visitor_id"] for r in singapore})
    assert 0.8 * result.visitors < asking <= result.visitors  # a few only said hello
    assert all(r["normalized"] == normalize(r["text"]) for r in singapore if r["kind"] == "text")


async def test_seeded_questions_are_labelled_with_the_language_they_are_in(
    store: Store, kb: KnowledgeBase
) -> None:
    """An English phrasing is logged as English, never as the visitor's usual language."""
    await add_fairs(store)
    await seed(store, FAIR, 2000, kb=kb, random_seed=3)
    rows = [r for r in await stored_rows(store) if r["kind"] == "text"]
    english = {q for entry in kb for q in entry.questions.get("en", ())}
    scripts = {"th": "\u0e00-\u0e7f", "zh": "\u4e00-\u9fff", "ja": "\u3040-\u30ff\u4e00-\u9fff",
               "km": "\u1780-\u17ff"}  # fmt: skip
    for row in rows:
        text, lang = row["text"], row["lang"]
        if lang in scripts:
            assert re.search(f"[{scripts[lang]}]", text), (lang, text)
        if lang != "en":
            assert text.removesuffix(" please") not in english, (lang, text)
    assert {r["lang"] for r in rows} >= {"en", "zh", "ms"}


async def test_log_many_stores_what_log_stores(store: Store) -> None:
    await add_fairs(store)
    new = NewInquiry(
        platform="web",
        event_id="e-1",
        lang="th",
        text="ไปเกียวโตยังไง",
        outcome="answered",
        fair_id=FAIR,
        booth_id="kyoto",
        faq_id="x",
    )
    twin = NewInquiry(**{**new.__dict__, "event_id": "e-2"})
    await store.inquiries.log(new)
    assert await store.inquiries.log_many([twin, new]) == 1  # the redelivered event is skipped
    one, two = await stored_rows(store)
    assert {k: v for k, v in one.items() if k != "created_at"} == {
        k: v for k, v in two.items() if k != "created_at"
    }


async def test_seeding_twice_adds_twice(store: Store, kb: KnowledgeBase) -> None:
    await add_fairs(store)
    await seed(store, FAIR, 200, kb=kb, random_seed=5)
    again = await seed(store, FAIR, 200, kb=kb, random_seed=5)
    assert again.inquiries == 200
    rows = await stored_rows(store)
    assert len(rows) == 400
    first, second = sorted(r["text"] for r in rows[:200]), sorted(r["text"] for r in rows[200:])
    assert first == second  # same random seed, same questions
