"""`fairbot faq check`: run visitor questions through the FAQ engine, before a fair.

Thin by design: faq.check decides what each line means; this module reads input,
prints JSON lines or a table, and turns KB errors into one line per issue on stderr
with exit code 2 (the contract in tests/specs/faq-format.md).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from faq.check import check_lines, summarize
from faq.engine import Engine
from faq.loader import KBError, kb_files, load_kb

app = typer.Typer(
    help="FAQ knowledge base tools: check what the bot would answer, reload it live.",
    no_args_is_help=True,
)


@app.callback()
def _faq() -> None:
    """FAQ knowledge base tools."""


def _default_kb() -> Path:
    """The KB the server would load (Settings.live_kb_path): the same answers as the live bot."""
    from bot.cli.common import settings

    return settings().live_kb_path()


@app.command("check")
def check(
    kb: Annotated[
        Path | None,
        typer.Option(
            "--kb",
            help="KB file or folder (default: the live KB the server loads, see README).",
            show_default=False,
        ),
    ] = None,
    questions: Annotated[
        Path | None,
        typer.Option("--questions", help="One question a line (default: standard input)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
) -> None:
    """Print, for each question, the entry the bot would answer with (or none)."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    path = kb or _default_kb()
    try:
        engine = Engine(load_kb(path))
    except KBError as exc:
        for issue in exc.issues:
            err.print(str(issue), markup=False)
        raise typer.Exit(2) from None
    try:
        source = questions.read_text(encoding="utf-8-sig") if questions else sys.stdin.read()
    except OSError as exc:
        err.print(f"error: cannot read {questions}: {exc.strerror}", markup=False)
        raise typer.Exit(2) from None
    results = check_lines(engine, source.splitlines())
    if as_json:
        for result in results:
            typer.echo(json.dumps(result, ensure_ascii=False))
        return
    rows = list(results)
    table = Table(title=f"faq check: {path}", show_lines=False)
    for column in ("question", "answer", "score", "lang", "type", "prefecture", "suggestions"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(
            r["question"],
            r["faq_id"] or "—",
            f"{r['score']:.2f}",
            r["lang"],
            r["type"],
            r["prefecture"] or "—",
            ", ".join(r["suggestions"][:3]),
        )
    out = Console(highlight=False, soft_wrap=False, width=max(100, Console().width))
    out.print(table)
    counts = summarize(rows)
    out.print(
        f"{counts['questions']} questions: {counts['answered']} answered, "
        f"{counts['suggested']} with suggestions only, {counts['handover']} for staff",
        markup=False,
    )


@app.command("reload")
def reload() -> None:
    """Validate the served KB and make every running server reload it (within seconds).

    Servers watch the KB files; this checks them first, so a broken file is
    reported here (file, row, field) instead of in a server log, then touches
    them. Sending SIGHUP to a server reloads it at once.
    """
    from bot.cli.common import settings

    config = settings()
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    path = config.live_kb_path()
    try:
        kb = load_kb(path)
    except KBError as exc:
        for issue in exc.issues:
            err.print(str(issue), markup=False)
        err.print(f"error: {path} has {len(exc.issues)} error(s); the servers keep the old KB")
        raise typer.Exit(2) from None
    for file in kb_files(path):
        os.utime(file)
    typer.echo(f"{path}: {len(kb)} entries valid; running servers reload within a few seconds")
