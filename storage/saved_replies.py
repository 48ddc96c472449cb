"""Saved replies: canned staff answers per fair or booth, in several languages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select, update

from storage.base import NotFound, Repository, rowcount
from storage.conversation_models import SavedReply
from storage.models import utcnow


class SavedReplies(Repository):
    async def add(
        self,
        fair_id: str,
        title: str,
        texts: dict[str, str],
        *,
        booth_id: str | None = None,
        prefecture: str | None = None,
        created_by: str | None = None,
    ) -> SavedReply:
        now = utcnow()
        row = SavedReply(
            fair_id=fair_id,
            booth_id=booth_id,
            prefecture=prefecture,
            title=title,
            texts=dict(texts),
            created_by=created_by,
            created_at=now,
            updated_at=now,
        )
        async with self.sessions() as session:
            session.add(row)
            await session.commit()
        return row

    async def get(self, reply_id: int) -> SavedReply | None:
        async with self.sessions() as session:
            return await session.get(SavedReply, reply_id)

    async def list(
        self,
        *,
        fair_id: str | None = None,
        booth_id: str | None = None,
        prefecture: str | None = None,
    ) -> list[SavedReply]:
        """A fair's replies (fair-wide ones and, with `booth_id`, that booth's), by title.

        `prefecture` keeps a prefecture-scoped account to fair-wide replies and its own.
        """
        query = select(SavedReply).order_by(SavedReply.title, SavedReply.id)
        if fair_id is not None:
            query = query.where(SavedReply.fair_id == fair_id)
        if booth_id is not None:
            query = query.where(or_(SavedReply.booth_id.is_(None), SavedReply.booth_id == booth_id))
        if prefecture is not None:
            query = query.where(
                or_(SavedReply.prefecture.is_(None), SavedReply.prefecture == prefecture)
            )
        async with self.sessions() as session:
            return list(await session.scalars(query))

    async def update(self, reply_id: int, **values: Any) -> None:
        values["updated_at"] = utcnow()
        async with self.sessions() as session:
            result = await session.execute(
                update(SavedReply).where(SavedReply.id == reply_id).values(**values)
            )
            await session.commit()
        if not rowcount(result):
            raise NotFound(f"no saved reply {reply_id}")

    async def delete(self, reply_id: int) -> None:
        async with self.sessions() as session:
            result = await session.execute(delete(SavedReply).where(SavedReply.id == reply_id))
            await session.commit()
        if not rowcount(result):
            raise NotFound(f"no saved reply {reply_id}")
