"""`fairbot fair ...` and `fairbot booth ...`: set up fairs, booths and their links."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.table import Table

from bot.cli.common import (
    console,
    errors,
    fail,
    print_json,
    run,
    settings,
    with_store,
)
from bot.fair_fields import FairLabels, booth_fields, check_id, fair_fields
from bot.links import booth_links, public_url_warning
from storage import Store

fair_app = typer.Typer(help="Travel fairs: add and list them.", no_args_is_help=True)
booth_app = typer.Typer(
    help="Booths at a fair: add, list, and print their links.", no_args_is_help=True
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


T = TypeVar("T")
CLI_LABELS = FairLabels(country="--country", start="--start", end="--end")


def checked(check: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run one of bot.fair_fields' checks; a refusal is one clear line, not a traceback."""
    try:
        return check(*args, **kwargs)
    except ValueError as exc:
        raise fail(str(exc)) from None


@fair_app.command("add")
def fair_add(
    fair_id: Annotated[str, typer.Argument(metavar="ID", help="Slug, e.g. jtf-2026-sg.")],
    name: Annotated[str, typer.Option(help="Display name.")],
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2, e.g. SG.")] = None,
    city: Annotated[str | None, typer.Option(help="City, e.g. Singapore.")] = None,
    start: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD.")] = None,
    staff_chat: Annotated[str | None, typer.Option(help="Telegram staff group chat id.")] = None,
) -> None:
    """Add a fair."""
    checked(check_id, fair_id, "fair")
    fields = checked(
        fair_fields,
        name=name,
        country=country,
        city=city,
        start=start,
        end=end,
        staff_chat_id=staff_chat,
        labels=CLI_LABELS,
    )

    async def go(store: Store) -> None:
        await store.fairs.add_fair(fair_id, **fields)

    with_store(go)
    console.print(f"added fair [bold]{fair_id}[/]", highlight=False)


@fair_app.command("list")
def fair_list(as_json: JsonFlag = False) -> None:
    """List fairs."""
    fairs = with_store(lambda store: store.fairs.list_fairs())
    rows = [
        {
            "id": f.id,
            "name": f.name,
            "country": f.country,
            "city": f.city,
            "start": f.start_date,
            "end": f.end_date,
            "staff_chat": f.staff_chat_id,
        }
        for f in fairs
    ]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "name", "country", "city", "dates")
    for row in rows:
        dates = f"{row['start'] or ''} – {row['end'] or ''}" if row["start"] else ""
        table.add_row(
            str(row["id"]),
            str(row["name"]),
            str(row["country"] or ""),
            str(row["city"] or ""),
            dates,
        )
    console.print(table)


@booth_app.command("add")
def booth_add(
    booth_id: Annotated[str, typer.Argument(metavar="ID", help="Slug, unique within the fair.")],
    fair: Annotated[str, typer.Option(help="Fair id.")],
    prefecture: Annotated[str, typer.Option(help="ISO 3166-2:JP code (JP-28) or English name.")],
    name: Annotated[str, typer.Option(help="Display name, e.g. Hyogo Prefecture.")],
    email: Annotated[str | None, typer.Option(help="Contact address for reports.")] = None,
    staff_chat: Annotated[str | None, typer.Option(help="Telegram staff group chat id.")] = None,
) -> None:
    """Add a booth to a fair."""
    checked(check_id, booth_id, "booth")
    fields = checked(
        booth_fields,
        name=name,
        prefecture=prefecture,
        email=email,
        staff_chat_id=staff_chat,
        prefix="--",
    )
    code = fields["prefecture"]

    async def go(store: Store) -> None:
        await store.fairs.add_booth(fair, booth_id, **fields)

    with_store(go)
    console.print(f"added booth [bold]{booth_id}[/] ({code}) to fair {fair}", highlight=False)


@booth_app.command("list")
def booth_list(
    fair: Annotated[str | None, typer.Option(help="Only this fair's booths.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """List booths."""
    booths = with_store(lambda store: store.fairs.list_booths(fair))
    rows = [
        {
            "id": b.id,
            "fair": b.fair_id,
            "prefecture": b.prefecture,
            "name": b.name,
            "email": b.email,
            "staff_chat": b.staff_chat_id,
        }
        for b in booths
    ]
    if as_json:
        print_json(rows)
        return
    table = Table("fair", "id", "prefecture", "name", "email")
    for row in rows:
        table.add_row(row["fair"], row["id"], row["prefecture"], row["name"], row["email"] or "")
    console.print(table)


@booth_app.command("link")
def booth_link(
    fair: Annotated[str, typer.Option(help="Fair id.")],
    booth: Annotated[str, typer.Option(help="Booth id.")],
    as_json: JsonFlag = False,
) -> None:
    """Print the booth's web chat, Telegram and LINE links (for QR codes and posters)."""
    config = settings()

    async def go(store: Store) -> dict[str, str | None]:
        found = await store.fairs.get_booth(fair, booth)
        if found is None:
            raise fail(f"no booth {booth!r} at fair {fair!r} (see `fairbot booth list`)")
        return await booth_links(config, found)

    links = with_store(go)
    warning = public_url_warning(config)
    if warning:
        errors.print(f"[bold yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    if as_json:
        print_json(links)
        return
    for platform, url in links.items():
        console.print(f"{platform:9} {url or '(channel not configured)'}", highlight=False)


__all__ = ["booth_app", "fair_app", "run"]
