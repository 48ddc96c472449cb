"""Staff accounts for the dashboard: who may log in, with which role and scope.

Only password hashes are stored; hashing itself lives with the dashboard
(`bot.dashboard.security`) so this package stays free of crypto choices.
"""

from __future__ import annotations

from sqlalchemy import func, select, update

from storage.base import NotFound, Repository, rowcount
from storage.models import StaffAccount

ROLES = ("admin", "staff", "viewer")


class StaffAccounts(Repository):
    async def add(
        self,
        username: str,
        password_hash: str,
        *,
        role: str,
        fair_id: str | None = None,
        prefecture: str | None = None,
    ) -> StaffAccount:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
        account = StaffAccount(
            username=username,
            password_hash=password_hash,
            role=role,
            fair_id=fair_id,
            prefecture=prefecture,
            active=True,
        )
        return await self.add_unique(account, f"staff account {username!r} already exists")

    async def get(self, account_id: int) -> StaffAccount | None:
        async with self.sessions() as session:
            return await session.get(StaffAccount, account_id)

    async def by_username(self, username: str) -> StaffAccount | None:
        async with self.sessions() as session:
            return await session.scalar(
                select(StaffAccount).where(StaffAccount.username == username)
            )

    async def list(self) -> list[StaffAccount]:
        async with self.sessions() as session:
            query = select(StaffAccount).order_by(StaffAccount.role, StaffAccount.username)
            return list(await session.scalars(query))

    async def count_active_admins(self) -> int:
        async with self.sessions() as session:
            total = await session.scalar(
                select(func.count())
                .select_from(StaffAccount)
                .where(StaffAccount.role == "admin", StaffAccount.active.is_(True))
            )
            return int(total or 0)

    async def update(self, account_id: int, **values: object) -> None:
        """Change password hash, role, scope or the active flag."""
        async with self.sessions() as session:
            result = await session.execute(
                update(StaffAccount).where(StaffAccount.id == account_id).values(**values)
            )
            await session.commit()
        if not rowcount(result):
            raise NotFound(f"no staff account {account_id}")
