"""`fairbot inquiries list`: the logged questions, newest first."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

import typer
from rich.table import Table

from bot.cli.common import console, fail, print_json, with_store
from storage import Store
from storage.models import Inquiry

inquiries_app = typer.Typer(help="Logged visitor questions.", no_args_is_help=True)
_RELATIVE = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """`30m`, `2h`, `7d`, `1w`, a date (YYYY-MM-DD) or an ISO timestamp (UTC if no zone)."""
    now = now or datetime.now(UTC)
    relative = _RELATIVE.match(value.strip())
    if relative:
        return now - timedelta(**{_UNITS[relative.group(2)]: int(relative.group(1))})
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise fail(
                f"--since {value!r}: use 30m, 2h, 7d, 1w, YYYY-MM-DD or an ISO time"
            ) from None
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def as_row(inquiry: Inquiry) -> dict[str, Any]:
    return {
        "id": str(inquiry.id),
        "time": inquiry.created_at.isoformat(),
        "fair": inquiry.fair_id,
        "booth": inquiry.booth_id,
        "platform": inquiry.platform,
        "lang": inquiry.lang,
        "text": inquiry.text,
        "faq_id": inquiry.faq_id,
        "score": inquiry.score,
        "type": inquiry.type,
        "prefecture": inquiry.topic_prefecture,
        "booth_prefecture": inquiry.prefecture,
        "outcome": inquiry.outcome,
        "kind": inquiry.kind,
        "feedback": inquiry.feedback,
        "staff_answer": inquiry.staff_answer,
    }


@inquiries_app.command("list")
def inquiries_list(
    fair: Annotated[str | None, typer.Option(help="Only this fair.")] = None,
    booth: Annotated[str | None, typer.Option(help="Only this booth.")] = None,
    since: Annotated[str | None, typer.Option(help="30m, 2h, 7d, YYYY-MM-DD or ISO time.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000, help="At most this many.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON.")] = False,
) -> None:
    """List logged questions, newest first."""
    since_at = parse_since(since) if since else None

    async def go(store: Store) -> list[Inquiry]:
        return await store.inquiries.list(fair_id=fair, booth_id=booth, since=since_at, limit=limit)

    rows = [as_row(i) for i in with_store(go)]
    if as_json:
        print_json(rows)
        return
    table = Table("time", "fair/booth", "via", "lang", "type", "outcome", "question")
    for row in rows:
        table.add_row(
            row["time"][:19].replace("T", " "),
            f"{row['fair'] or '-'}/{row['booth'] or '-'}",
            row["platform"],
            row["lang"],
            row["type"],
            row["outcome"],
            row["text"],
        )
    console.print(table)
    console.print(f"{len(rows)} question(s)", style="dim")
