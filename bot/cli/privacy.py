"""`fairbot privacy purge`: the retention period, applied."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from bot.cli.common import console, print_json, with_store
from storage import Store

privacy_app = typer.Typer(help="Visitors' data: retention and deletion.", no_args_is_help=True)


@privacy_app.command("purge")
def purge(
    older_than: Annotated[int, typer.Option(min=1, help="Age in days; older data is erased.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON.")] = False,
) -> None:
    """Erase question texts, raw platform ids, messages and inbox events older than N days.

    Anonymous counts (type, language, time, outcome) stay for the reports.
    """
    cut_off = datetime.now(UTC) - timedelta(days=older_than)

    async def go(store: Store) -> dict[str, int]:
        return await store.retention.purge(cut_off)

    counts = with_store(go)
    if as_json:
        print_json(counts)
        return
    for name, count in counts.items():
        console.print(f"{name.replace('_', ' ')}: {count}", highlight=False)
