"""`fairbot inbox status` and `fairbot inbox retry`: failed events, visible and actionable."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import console, fail, print_json, with_store
from storage import Store
from storage.inbox_failures import InboxStatus

inbox_app = typer.Typer(help="Incoming events: failures and retries.", no_args_is_help=True)


@inbox_app.command("status")
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON.")] = False,
) -> None:
    """Events by status, and why events failed (dead, or waiting for another try)."""

    async def go(store: Store) -> InboxStatus:
        return await store.inbox_failures.status()

    found = with_store(go)
    if as_json:
        print_json(found.as_json())
        return
    counts = ", ".join(f"{name} {count}" for name, count in found.counts.items())
    console.print(f"events: {counts}; retrying {found.retrying}", highlight=False)
    if not found.reasons:
        console.print("no failures", highlight=False)
    for reason in found.reasons:
        console.print(f"{reason.count:>6}  {reason.status:<8}  {reason.reason}", highlight=False)


@inbox_app.command("retry")
def retry(
    ids: Annotated[
        list[int] | None, typer.Argument(help="Event row ids (from the dashboard).")
    ] = None,
    retry_all: Annotated[bool, typer.Option("--all", help="Every dead or failed event.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON.")] = False,
) -> None:
    """Queue dead or failed events again with fresh tries; a running server picks them up."""
    if not ids and not retry_all:
        raise fail("name event ids, or use --all for every dead or failed event")

    async def go(store: Store) -> int:
        return await store.inbox_failures.retry(ids or ())

    count = with_store(go)
    if as_json:
        print_json({"retried": count})
        return
    console.print(f"{count} event(s) queued again", highlight=False)
