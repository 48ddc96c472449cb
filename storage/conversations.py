"""Conversations: a visitor's exchange at a booth, as booth staff work it.

One row per visitor and booth, moved through `ConversationState`:
bot → waiting for staff → staff replied → closed, and reopened (back to
waiting, same row) by the visitor's next handover. Live pages poll
`changed_since`, so every server process sharing the database sees a change
whichever process made it.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from storage.base import AnySelect, NotFound, Repository, rowcount
from storage.conversation_models import (
    OPEN_STATES,
    Conversation,
    ConversationState,
)
from storage.models import Inquiry, OutboxMessage, utcnow

MAX_CONTEXT = 5  # questions kept as the lead-in to one handover


@dataclass(frozen=True)
class InboxFilter:
    """What one inbox view shows; None means "any"."""

    fair_id: str | None = None
    booth_id: str | None = None
    prefecture: str | None = None
    lang: str | None = None
    states: tuple[ConversationState, ...] = ()  # empty: every state

    def apply(self, query: AnySelect, *, with_state: bool = True) -> AnySelect:
        scope = {
            Conversation.fair_id: self.fair_id,
            Conversation.booth_id: self.booth_id,
            Conversation.prefecture: self.prefecture,
            Conversation.lang: self.lang,
        }
        for column, value in scope.items():
            if value is not None:
                query = query.where(column == value)
        if with_state and self.states:
            query = query.where(Conversation.state.in_([s.value for s in self.states]))
        return query


@dataclass(frozen=True)
class Handover:
    """What a handover records on the conversation."""

    visitor_id: int
    platform: str
    lang: str
    reason: str
    context: Sequence[int] = ()
    request_id: int | None = None
    fair_id: str | None = None
    booth_id: str | None = None
    prefecture: str | None = None


def merged(before: Iterable[Any], new: Iterable[int]) -> list[int]:
    """Context ids in order, each once, the newest `MAX_CONTEXT` kept."""
    out: list[int] = []
    for item in (*before, *new):
        if isinstance(item, int) and item not in out:
            out.append(item)
    return out[-MAX_CONTEXT:]


class Conversations(Repository):
    async def current(
        self, visitor_id: int, fair_id: str | None, booth_id: str | None
    ) -> Conversation | None:
        """The visitor's conversation at that booth, whatever its state."""
        query = (
            select(Conversation)
            .where(Conversation.visitor_id == visitor_id)
            .where(Conversation.fair_id.is_not_distinct_from(fair_id))
            .where(Conversation.booth_id.is_not_distinct_from(booth_id))
            .order_by(Conversation.id.desc())
            .limit(1)
        )
        async with self.sessions() as session:
            return await session.scalar(query)

    async def latest_open(self, visitor_id: int) -> Conversation | None:
        """The visitor's most recently changed open conversation (any booth)."""
        query = (
            select(Conversation)
            .where(Conversation.visitor_id == visitor_id)
            .where(Conversation.state.in_([s.value for s in OPEN_STATES]))
            .order_by(Conversation.updated_at.desc(), Conversation.id.desc())
            .limit(1)
        )
        async with self.sessions() as session:
            return await session.scalar(query)

    async def hand_over(self, handover: Handover) -> tuple[Conversation, bool]:
        """Mark the conversation waiting for staff (creating or reopening it).

        Returns the row and whether it was reopened from closed. While it is
        already waiting, the new lead-in questions are added to the old ones
        and the waiting time keeps counting from the first request.
        """
        found = await self.current(handover.visitor_id, handover.fair_id, handover.booth_id)
        return await self.hand_over_found(handover, found)

    async def hand_over_found(
        self, handover: Handover, found: Conversation | None
    ) -> tuple[Conversation, bool]:
        """`hand_over` for a caller that has just read the `current` conversation."""
        now = utcnow()
        async with self.sessions() as session:
            if found is None:
                row = Conversation(
                    visitor_id=handover.visitor_id,
                    fair_id=handover.fair_id,
                    booth_id=handover.booth_id,
                    prefecture=handover.prefecture,
                    platform=handover.platform,
                    lang=handover.lang,
                    state=ConversationState.WAITING.value,
                    reason=handover.reason,
                    context=merged((), handover.context),
                    request_id=handover.request_id,
                    waiting_since=now,
                    created_at=now,
                    updated_at=now,
                )
                session.add(row)
                await session.commit()
                return row, False
            reopened = found.state == ConversationState.CLOSED.value
            waiting = found.state == ConversationState.WAITING.value
            values: dict[str, Any] = {
                "state": ConversationState.WAITING.value,
                "lang": handover.lang,
                "reason": handover.reason,
                "context": merged(found.context if waiting else (), handover.context),
                "request_id": handover.request_id
                if handover.request_id is not None or not waiting
                else found.request_id,
                "waiting_since": found.waiting_since if waiting else now,
                "updated_at": now,
                "closed_at": None,
            }
            if reopened:
                values["assignee"] = None
            await session.execute(
                update(Conversation).where(Conversation.id == found.id).values(**values)
            )
            await session.commit()
        for key, value in values.items():
            setattr(found, key, value)
        return found, reopened

    async def get(self, conversation_id: int) -> Conversation | None:
        async with self.sessions() as session:
            return await session.get(Conversation, conversation_id)

    async def _set(self, conversation_id: int, **values: Any) -> None:
        values.setdefault("updated_at", utcnow())
        async with self.sessions() as session:
            result = await session.execute(
                update(Conversation).where(Conversation.id == conversation_id).values(**values)
            )
            await session.commit()
        if not rowcount(result):
            raise NotFound(f"no conversation {conversation_id}")

    async def staff_replied(self, conversation_id: int, assignee: str | None = None) -> None:
        """A person answered: no longer waiting; whoever answered takes it if nobody had."""
        found = await self.get(conversation_id)
        if found is None:
            raise NotFound(f"no conversation {conversation_id}")
        values: dict[str, Any] = {"state": ConversationState.REPLIED.value, "waiting_since": None}
        if found.assignee is None and assignee is not None:
            values["assignee"] = assignee
        await self._set(conversation_id, **values)

    async def close(self, conversation_id: int) -> None:
        now = utcnow()
        await self._set(
            conversation_id,
            state=ConversationState.CLOSED.value,
            waiting_since=None,
            closed_at=now,
            updated_at=now,
        )

    async def reopen(self, conversation_id: int) -> None:
        """Staff reopened a closed conversation: it waits for staff again."""
        now = utcnow()
        await self._set(
            conversation_id,
            state=ConversationState.WAITING.value,
            waiting_since=now,
            closed_at=None,
            updated_at=now,
        )

    async def to_bot(self, conversation_id: int) -> None:
        """Staff handed the visitor back to the bot: nobody needs staff now."""
        await self._set(conversation_id, state=ConversationState.BOT.value, waiting_since=None)

    async def assign(self, conversation_id: int, assignee: str | None) -> None:
        await self._set(conversation_id, assignee=assignee)

    async def touch(self, conversation_id: int) -> None:
        """Something new happened in it (a visitor message): live pages redraw the card."""
        await self._set(conversation_id)

    async def list(self, where: InboxFilter, *, limit: int = 100) -> list[Conversation]:
        """Longest-waiting first among the waiting, then most recently changed."""
        waiting_first = (Conversation.state != ConversationState.WAITING.value).label("w")
        query = where.apply(select(Conversation)).order_by(
            waiting_first, Conversation.waiting_since, Conversation.updated_at.desc()
        )
        async with self.sessions() as session:
            return list(await session.scalars(query.limit(limit)))

    async def changed_since(
        self, where: InboxFilter, since: datetime, *, limit: int = 100
    ) -> builtins.list[Conversation]:
        """Conversations changed at or after `since`, oldest change first (live streams)."""
        query = (
            where.apply(select(Conversation), with_state=False)
            .where(Conversation.updated_at >= since)
            .order_by(Conversation.updated_at, Conversation.id)
            .limit(limit)
        )
        async with self.sessions() as session:
            return list(await session.scalars(query))

    async def counts(self, where: InboxFilter) -> dict[ConversationState, int]:
        """Conversations per state under the filter (ignoring its state): the nav counts."""
        query = where.apply(
            select(Conversation.state, func.count()).group_by(Conversation.state),
            with_state=False,
        )
        async with self.sessions() as session:
            rows = (await session.execute(query)).all()
        found = {state: count for state, count in rows}
        return {state: int(found.get(state.value, 0)) for state in ConversationState}

    async def questions_since(
        self, visitor_id: int, since: datetime | None, *, limit: int = 20
    ) -> builtins.list[Inquiry]:
        """The visitor's logged messages after `since`, oldest first (lead-in candidates)."""
        query = select(Inquiry).where(Inquiry.visitor_id == visitor_id)
        if since is not None:
            query = query.where(Inquiry.created_at >= since)
        query = query.order_by(Inquiry.id.desc()).limit(limit)
        async with self.sessions() as session:
            return list(reversed(list(await session.scalars(query))))

    async def inquiries(self, ids: Iterable[int]) -> dict[int, Inquiry]:
        wanted = sorted({i for i in ids if isinstance(i, int)})
        if not wanted:
            return {}
        async with self.sessions() as session:
            found = await session.scalars(select(Inquiry).where(Inquiry.id.in_(wanted)))
            return {row.id: row for row in found}

    async def history(
        self, visitor_id: int, *, limit: int = 12
    ) -> tuple[builtins.list[Inquiry], builtins.list[OutboxMessage]]:
        """The visitor's newest messages and the staff answers among them (both oldest first)."""
        async with self.sessions() as session:
            asked = list(
                await session.scalars(
                    select(Inquiry)
                    .where(Inquiry.visitor_id == visitor_id)
                    .order_by(Inquiry.id.desc())
                    .limit(limit)
                )
            )
            staff = list(
                await session.scalars(
                    select(OutboxMessage)
                    .where(OutboxMessage.visitor_id == visitor_id, OutboxMessage.source == "staff")
                    .order_by(OutboxMessage.id.desc())
                    .limit(limit)
                )
            )
        return list(reversed(asked)), list(reversed(staff))


__all__ = ["MAX_CONTEXT", "Conversations", "Handover", "InboxFilter"]
