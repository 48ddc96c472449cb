"""`fairbot fair ...` and `fairbot booth ...`: set up fairs, booths and their links."""

from __future__ import annotations

import re
from typing import Annotated

import typer
from rich.table import Table

from bot.cli.common import (
    console,
    errors,
    fail,
    parse_date,
    print_json,
    run,
    settings,
    with_store,
)
from bot.links import booth_links, public_url_warning
from faq.prefectures import resolve_prefecture
from storage import Store
from storage.fairs import SLUG

fair_app = typer.Typer(help="Travel fairs: add and list them.", no_args_is_help=True)
booth_app = typer.Typer(
    help="Booths at a fair: add, list, and print their links.", no_args_is_help=True
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


def check_slug(value: str, what: str) -> str:
    if not SLUG.match(value):
        raise fail(
            f"{what} id {value!r}: use 1-40 of a-z, 0-9, '-' and '_', starting with a"
            " letter or digit"
        )
    return value


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
    check_slug(fair_id, "fair")
    if country is not None and not re.fullmatch(r"[A-Za-z]{2}", country):
        raise fail(f"--country {country!r}: use a two-letter code such as SG or TH")
    start_date, end_date = parse_date(start, "--start"), parse_date(end, "--end")
    if start_date and end_date and end_date < start_date:
        raise fail("--end is before --start")

    async def go(store: Store) -> None:
        await store.fairs.add_fair(
            fair_id,
            name,
            country=country.upper() if country else None,
            city=city,
            start_date=start_date,
            end_date=end_date,
            staff_chat_id=staff_chat,
        )

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
        table.add_row(row["id"], row["name"], row["country"] or "", row["city"] or "", dates)
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
    check_slug(booth_id, "booth")
    code = "JP" if prefecture.upper() == "JP" else resolve_prefecture(prefecture)
    if code is None:
        raise fail(
            f"--prefecture {prefecture!r}: not a prefecture (use JP-01 … JP-47, a name"
            " such as Hyogo, or JP for all Japan)"
        )
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise fail(f"--email {email!r} is not an e-mail address")

    async def go(store: Store) -> None:
        await store.fairs.add_booth(
            fair, booth_id, prefecture=code, name=name, email=email, staff_chat_id=staff_chat
        )

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
