"""Messages for visitors (bot replies and staff answers) and staff handovers."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update

from storage.base import Repository
from storage.models import Handover, Inquiry, OutboxMessage, utcnow


class Outbox(Repository):
    async def add(
        self, visitor_id: int, text: str, *, source: str, inquiry_id: int | None = None
    ) -> int:
        async with self.sessions() as session:
            message = OutboxMessage(
                visitor_id=visitor_id, text=text, source=source, inquiry_id=inquiry_id
            )
            session.add(message)
            await session.commit()
            return message.id

    async def add_answer(
        self, visitor_id: int, texts: Sequence[str], *, inquiry_id: int | None
    ) -> bool:
        """Post the bot's answer to an inquiry, all its messages at once, and only once.

        For an answer its request could not carry (bot.web.poll.Replayer): the
        replay may run again after an outage, even after this write went through
        (its acknowledgement lost), so a second call finds the answer and adds
        nothing. False when the outbox held it already. The inquiry row is locked
        first (PostgreSQL; SQLite has one writer anyway), so two writers of one
        answer take turns instead of both finding none.
        """
        async with self.sessions() as session:
            if inquiry_id is not None:
                await session.execute(
                    select(Inquiry.id).where(Inquiry.id == inquiry_id).with_for_update()
                )
                posted = await session.scalar(
                    select(OutboxMessage.id)
                    .where(
                        OutboxMessage.visitor_id == visitor_id,  # ix_outbox_visitor
                        OutboxMessage.inquiry_id == inquiry_id,
                        OutboxMessage.source == "bot",
                    )
                    .limit(1)
                )
                if posted is not None:
                    await session.commit()
                    return False
            session.add_all(
                OutboxMessage(visitor_id=visitor_id, text=text, source="bot", inquiry_id=inquiry_id)
                for text in texts
            )
            await session.commit()
            return True

    async def since(
        self, visitor_id: int, after_id: int = 0, *, source: str | None = None
    ) -> list[OutboxMessage]:
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.visitor_id == visitor_id, OutboxMessage.id > after_id)
            .order_by(OutboxMessage.id)
        )
        if source is not None:
            query = query.where(OutboxMessage.source == source)
        async with self.sessions() as session:
            return list(await session.scalars(query))


class Handovers(Repository):
    async def open(
        self,
        visitor_id: int,
        *,
        inquiry_id: int | None,
        fair_id: str | None,
        booth_id: str | None,
    ) -> int:
        async with self.sessions() as session:
            handover = Handover(
                visitor_id=visitor_id, inquiry_id=inquiry_id, fair_id=fair_id, booth_id=booth_id
            )
            session.add(handover)
            await session.commit()
            return handover.id

    async def of_inquiry(self, inquiry_id: int) -> int | None:
        """The handover a question opened, if any (a replayed event must not open a second)."""
        async with self.sessions() as session:
            return await session.scalar(
                select(Handover.id).where(Handover.inquiry_id == inquiry_id).limit(1)
            )

    async def posted(self, handover_id: int, staff_chat_id: str, staff_message_id: str) -> None:
        """Remember where the handover was posted, so a staff reply finds its visitor."""
        await self._set(handover_id, staff_chat_id=staff_chat_id, staff_message_id=staff_message_id)

    async def by_post(self, staff_chat_id: str, staff_message_id: str) -> Handover | None:
        async with self.sessions() as session:
            return await session.scalar(
                select(Handover).where(
                    Handover.staff_chat_id == staff_chat_id,
                    Handover.staff_message_id == staff_message_id,
                )
            )

    async def get(self, handover_id: int) -> Handover | None:
        async with self.sessions() as session:
            return await session.get(Handover, handover_id)

    async def close(self, handover_id: int, status: str = "closed") -> None:
        await self._set(handover_id, status=status, closed_at=utcnow())

    async def open_list(self, fair_id: str | None = None, limit: int = 100) -> list[Handover]:
        query = (
            select(Handover)
            .where(Handover.status == "open")
            .order_by(Handover.id.desc())
            .limit(limit)
        )
        if fair_id is not None:
            query = query.where(Handover.fair_id == fair_id)
        async with self.sessions() as session:
            return list(await session.scalars(query))

    async def _set(self, handover_id: int, **values: object) -> None:
        async with self.sessions() as session:
            await session.execute(
                update(Handover).where(Handover.id == handover_id).values(**values)
            )
            await session.commit()
