"""`fairbot demo seed`: synthetic inquiries for demos, reports and benchmarks."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bot.cli.common import console, open_store, run, settings
from reports.seed import seed

demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)


@demo_app.command("seed")
def demo_seed(
    fair: Annotated[str, typer.Option(help="Fair id (add it and its booths first).")],
    inquiries: Annotated[int, typer.Option(min=1, max=10_000_000, help="How many.")] = 1000,
    kb: Annotated[
        Path | None,
        typer.Option(help="KB for question texts (default: the live KB the server loads)."),
    ] = None,
    random_seed: Annotated[int | None, typer.Option("--seed", help="Repeatable run.")] = None,
) -> None:
    """Add realistic synthetic inquiries to a fair, through the normal storage path."""
    from faq.loader import load_kb

    config = settings()
    # The KB the server answers from, unless one is named; a broken one is a clean error.
    knowledge = run(asyncio.to_thread(load_kb, kb or config.live_kb_path()))

    async def go() -> tuple[int, int]:
        async with open_store(config) as store:
            columns = (
                TextColumn("seeding"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
            )
            with Progress(*columns, console=console) as bar:
                task = bar.add_task("seed", total=inquiries)
                result = await seed(
                    store,
                    fair,
                    inquiries,
                    kb=knowledge,
                    random_seed=random_seed,
                    progress=lambda n: bar.advance(task, n),
                )
            return result.inquiries, result.visitors

    stored, visitors = run(go())
    console.print(
        f"seeded {stored:,} inquiries from {visitors:,} visitors into {fair}", highlight=False
    )
