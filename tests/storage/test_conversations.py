"""Conversations and saved replies: the storage contract, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage import Store
from storage.base import NotFound
from storage.conversation_models import ConversationState
from storage.conversations import MAX_CONTEXT, Handover, InboxFilter
from storage.models import utcnow
from tests.storage.test_store import add_fair_with_booth, question

State = ConversationState


async def visitor(store: Store, key: str = "v1") -> int:
    row, _ = await store.visitors.touch("web", key, raw_id=key, lang="th")
    return row.id


def handover(visitor_id: int, **values: object) -> Handover:
    base: dict[str, object] = {
        "visitor_id": visitor_id,
        "platform": "web",
        "lang": "th",
        "reason": "requested",
        "fair_id": "jtf-sg",
        "booth_id": "hyogo",
        "prefecture": "JP-28",
    }
    base.update(values)
    return Handover(**base)  # type: ignore[arg-type]


class TestConversations:
    async def test_one_conversation_per_visitor_and_booth_through_its_states(
        self, store: Store
    ) -> None:
        await add_fair_with_booth(store)
        vid = await visitor(store)
        first, reopened = await store.conversations.hand_over(handover(vid, context=[1, 2]))
        assert first.state == State.WAITING and not reopened and first.waiting_since is not None
        again, reopened = await store.conversations.hand_over(handover(vid, context=[2, 3]))
        assert again.id == first.id and not reopened
        assert again.context == [1, 2, 3]  # merged while still waiting
        assert again.waiting_since == first.waiting_since  # waiting counts from the first ask
        await store.conversations.staff_replied(first.id, "booth1")
        replied = await store.conversations.get(first.id)
        assert replied is not None and replied.state == State.REPLIED
        assert replied.assignee == "booth1" and replied.waiting_since is None
        await store.conversations.close(first.id)
        closed = await store.conversations.get(first.id)
        assert closed is not None and closed.state == State.CLOSED and closed.closed_at
        assert await store.conversations.latest_open(vid) is None
        back, reopened = await store.conversations.hand_over(handover(vid, context=[7]))
        assert back.id == first.id and reopened and back.state == State.WAITING
        assert back.context == [7] and back.assignee is None and back.closed_at is None
        other_booth, _ = await store.conversations.hand_over(handover(vid, booth_id="kyoto"))
        assert other_booth.id != first.id
        assert (await store.conversations.current(vid, None, None)) is None

    async def test_context_keeps_the_newest_questions_once(self, store: Store) -> None:
        vid = await visitor(store)
        ids = list(range(1, MAX_CONTEXT + 4))
        row, _ = await store.conversations.hand_over(handover(vid, context=[*ids, 3]))
        assert row.context == ids[-MAX_CONTEXT:]
        stored = await store.conversations.get(row.id)
        assert stored is not None and stored.context == ids[-MAX_CONTEXT:]

    async def test_filters_counts_and_order(self, store: Store) -> None:
        a, b, c = [await visitor(store, k) for k in ("a", "b", "c")]
        first, _ = await store.conversations.hand_over(handover(a))
        second, _ = await store.conversations.hand_over(handover(b, lang="en"))
        third, _ = await store.conversations.hand_over(
            handover(c, fair_id="other", booth_id="osaka", prefecture="JP-27")
        )
        await store.conversations.staff_replied(second.id)
        waiting = await store.conversations.list(InboxFilter(states=(State.WAITING,)))
        assert [x.id for x in waiting] == [first.id, third.id]  # longest waiting first
        everything = await store.conversations.list(InboxFilter())
        assert [x.id for x in everything][:2] == [first.id, third.id]
        hyogo = InboxFilter(prefecture="JP-28")
        assert {x.id for x in await store.conversations.list(hyogo)} == {first.id, second.id}
        thai = InboxFilter(fair_id="jtf-sg", lang="th")
        assert [x.id for x in await store.conversations.list(thai)] == [first.id]
        counts = await store.conversations.counts(InboxFilter(fair_id="jtf-sg"))
        assert counts[State.WAITING] == 1 and counts[State.REPLIED] == 1
        assert counts[State.CLOSED] == 0 and counts[State.BOT] == 0
        assert (await store.conversations.counts(InboxFilter()))[State.WAITING] == 2

    async def test_changed_since_assign_and_release(self, store: Store) -> None:
        vid = await visitor(store)
        row, _ = await store.conversations.hand_over(handover(vid))
        mark = utcnow()
        assert await store.conversations.changed_since(InboxFilter(), mark + timedelta(1)) == []
        await store.conversations.assign(row.id, "booth2")
        changed = await store.conversations.changed_since(InboxFilter(), mark)
        assert [x.id for x in changed] == [row.id] and changed[0].assignee == "booth2"
        await store.conversations.to_bot(row.id)
        assert (await store.conversations.get(row.id)).state == State.BOT  # type: ignore[union-attr]
        with pytest.raises(NotFound):
            await store.conversations.close(row.id + 100)

    async def test_history_and_questions_come_from_the_visitors_rows(self, store: Store) -> None:
        vid = await visitor(store)
        other = await visitor(store, "other")
        ids = []
        for n in range(3):
            found, _ = await store.inquiries.log(question(f"e{n}", visitor_id=vid, text=f"q{n}"))
            ids.append(found)
        await store.inquiries.log(question("x", visitor_id=other, text="not theirs"))
        await store.outbox.add(vid, "staff says hi", source="staff")
        await store.outbox.add(vid, "bot replay", source="bot")
        asked, staff = await store.conversations.history(vid, limit=2)
        assert [i.text for i in asked] == ["q1", "q2"] and [m.text for m in staff] == [
            "staff says hi"
        ]
        recent = await store.conversations.questions_since(vid, None)
        assert [i.id for i in recent] == ids
        found = await store.conversations.inquiries([ids[0], ids[2], 999])
        assert set(found) == {ids[0], ids[2]}

    async def test_forgetting_the_visitor_removes_their_conversations(self, store: Store) -> None:
        vid = await visitor(store)
        row, _ = await store.conversations.hand_over(handover(vid))
        await store.visitors.forget(vid)
        assert await store.conversations.get(row.id) is None


class TestSavedReplies:
    async def test_crud_and_scope(self, store: Store) -> None:
        fair_wide = await store.saved_replies.add(
            "jtf-sg", "Opening hours", {"en": "10-18", "th": "10.00-18.00 น."}, created_by="a"
        )
        hyogo = await store.saved_replies.add(
            "jtf-sg", "Brochure", {"en": "Take one"}, booth_id="hyogo", prefecture="JP-28"
        )
        await store.saved_replies.add(
            "jtf-sg", "Kyoto map", {"en": "Map"}, booth_id="kyoto", prefecture="JP-26"
        )
        await store.saved_replies.add("other", "Elsewhere", {"en": "x"})
        titles = [r.title for r in await store.saved_replies.list(fair_id="jtf-sg")]
        assert titles == ["Brochure", "Kyoto map", "Opening hours"]
        booth = await store.saved_replies.list(fair_id="jtf-sg", booth_id="hyogo")
        assert [r.id for r in booth] == [hyogo.id, fair_wide.id]
        scoped = await store.saved_replies.list(fair_id="jtf-sg", prefecture="JP-28")
        assert {r.title for r in scoped} == {"Brochure", "Opening hours"}
        await store.saved_replies.update(fair_wide.id, texts={"en": "9-17"}, title="Hours")
        changed = await store.saved_replies.get(fair_wide.id)
        assert changed is not None and changed.texts == {"en": "9-17"} and changed.title == "Hours"
        await store.saved_replies.delete(hyogo.id)
        assert await store.saved_replies.get(hyogo.id) is None
        with pytest.raises(NotFound):
            await store.saved_replies.delete(hyogo.id)
