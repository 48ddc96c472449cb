"""Plain records storage hands out instead of ORM rows.

A row loaded in a session that has closed is a detached ORM object: setting
its attributes changes nothing in the database yet looks as if it did. The
conversation core keeps what it learns about a visitor (language, booth) in
the record it was given, so that record is a plain dataclass, and the
database changes only through `store.visitors.update`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.models import Visitor as VisitorRow


@dataclass(slots=True)
class Visitor:
    """A visitor as handlers see it: a copy of the row, theirs to change."""

    id: int
    platform: str
    key: str
    raw_id: str | None
    lang: str | None
    lang_chosen: bool
    fair_id: str | None
    booth_id: str | None
    active: bool
    notice_shown: bool
    staff_hold_until: datetime | None
    created_at: datetime
    last_seen: datetime

    @classmethod
    def of(cls, row: VisitorRow) -> Visitor:
        return cls(
            id=row.id,
            platform=row.platform,
            key=row.key,
            raw_id=row.raw_id,
            lang=row.lang,
            lang_chosen=row.lang_chosen,
            fair_id=row.fair_id,
            booth_id=row.booth_id,
            active=row.active,
            notice_shown=row.notice_shown,
            staff_hold_until=row.staff_hold_until,
            created_at=row.created_at,
            last_seen=row.last_seen,
        )
