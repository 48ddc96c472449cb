"""Fairs and their booths."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from storage.base import NotFound, Repository
from storage.models import Booth, Fair

# Fair and booth ids: short slugs, safe in URLs and in Telegram deep-link payloads.
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class Fairs(Repository):
    async def add_fair(
        self,
        fair_id: str,
        name: str,
        *,
        country: str | None = None,
        city: str | None = None,
        start_date: date | None = None,
        end_date: date | None = None,
        staff_chat_id: str | None = None,
    ) -> Fair:
        fair = Fair(
            id=fair_id,
            name=name,
            country=country,
            city=city,
            start_date=start_date,
            end_date=end_date,
            staff_chat_id=staff_chat_id,
        )
        return await self.add_unique(fair, f"fair {fair_id!r} already exists")

    async def update_fair(self, fair_id: str, **values: object) -> Fair:
        async with self.sessions() as session:
            fair = await session.get(Fair, fair_id)
            if fair is None:
                raise NotFound(f"no fair {fair_id!r}")
            for key, value in values.items():
                setattr(fair, key, value)
            await session.commit()
            return fair

    async def get_fair(self, fair_id: str) -> Fair | None:
        async with self.sessions() as session:
            return await session.get(Fair, fair_id)

    async def list_fairs(self) -> list[Fair]:
        async with self.sessions() as session:
            result = await session.scalars(select(Fair).order_by(Fair.start_date, Fair.id))
            return list(result)

    async def add_booth(
        self,
        fair_id: str,
        booth_id: str,
        *,
        prefecture: str,
        name: str,
        email: str | None = None,
        staff_chat_id: str | None = None,
    ) -> Booth:
        if await self.get_fair(fair_id) is None:
            raise NotFound(f"no fair {fair_id!r}: add it first with `fairbot fair add`")
        booth = Booth(
            fair_id=fair_id,
            id=booth_id,
            prefecture=prefecture,
            name=name,
            email=email,
            staff_chat_id=staff_chat_id,
        )
        return await self.add_unique(
            booth, f"booth {booth_id!r} already exists at fair {fair_id!r}"
        )

    async def update_booth(self, fair_id: str, booth_id: str, **values: object) -> Booth:
        async with self.sessions() as session:
            booth = await session.get(Booth, (fair_id, booth_id))
            if booth is None:
                raise NotFound(f"no booth {booth_id!r} at fair {fair_id!r}")
            for key, value in values.items():
                setattr(booth, key, value)
            await session.commit()
            return booth

    async def get_booth(self, fair_id: str, booth_id: str) -> Booth | None:
        async with self.sessions() as session:
            return await session.get(Booth, (fair_id, booth_id))

    async def list_booths(self, fair_id: str | None = None) -> list[Booth]:
        query = select(Booth).order_by(Booth.fair_id, Booth.id)
        if fair_id is not None:
            query = query.where(Booth.fair_id == fair_id)
        async with self.sessions() as session:
            return list(await session.scalars(query))
