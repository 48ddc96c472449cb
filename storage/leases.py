"""Leases: at most one holder per name across every process on the database."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, or_, select, update

from storage.base import Repository, rowcount
from storage.models import Lease, utcnow


class Leases(Repository):
    async def acquire(self, name: str, holder: str, ttl: timedelta) -> bool:
        """Take or renew the lease; False while another holder's lease is unexpired.

        One UPDATE or one INSERT decides, so two processes racing cannot both win.
        """
        now = utcnow()
        async with self.sessions() as session:
            renewed = await session.execute(
                update(Lease)
                .where(Lease.name == name, or_(Lease.holder == holder, Lease.expires_at < now))
                .values(holder=holder, expires_at=now + ttl)
            )
            if rowcount(renewed) == 1:
                await session.commit()
                return True
            inserted = await session.execute(
                self.insert(Lease)
                .values(name=name, holder=holder, expires_at=now + ttl)
                .on_conflict_do_nothing(index_elements=["name"])
            )
            await session.commit()
            return rowcount(inserted) == 1

    async def release(self, name: str, holder: str) -> None:
        async with self.sessions() as session:
            await session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))
            await session.commit()

    async def live_holders(self, prefix: str) -> list[str]:
        """Holders of the unexpired leases whose name starts with `prefix`."""
        async with self.sessions() as session:
            rows = await session.scalars(
                select(Lease.holder).where(
                    Lease.name.startswith(prefix, autoescape=True), Lease.expires_at >= utcnow()
                )
            )
            return list(rows)
