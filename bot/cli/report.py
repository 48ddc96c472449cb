"""`fairbot report ...`: a fair's inquiry report as xlsx/html/csv, and e-mailing it to booths.

`fairbot report --fair F --format xlsx --out F.xlsx` writes a report;
`fairbot report send --fair F [--dry-run]` e-mails each booth's contact its own.
The group's callback is the report command itself (`invoke_without_command`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.cli.common import console, fail, open_store, parse_date, run, settings
from bot.config import Settings
from faq.model import KnowledgeBase
from faq.prefectures import resolve_prefecture
from reports.build import (
    FORMATS,
    REPORT_CONNECTIONS,
    ReportRequest,
    build_comparison,
    build_report,
)
from reports.mail import Outgoing, SmtpConfig, prepare, send
from reports.xlsx import RAW_CAP

log = logging.getLogger(__name__)

report_app = typer.Typer(
    help="Inquiry reports for prefectures: xlsx, print-ready html, raw csv; e-mail to booths.",
    invoke_without_command=True,
    no_args_is_help=False,
)


class RichProgress:
    """The report's steps and raw-row count as a rich progress display."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("starting", total=None)

    def step(self, name: str) -> None:
        self.progress.update(self.task, description=name)

    def rows(self, total: int) -> None:
        self.progress.update(self.task, description="raw rows", total=total, completed=0)

    def advance(self, done: int) -> None:
        self.progress.advance(self.task, done)


def load_kb_quietly(config: Settings) -> KnowledgeBase | None:
    """The KB gives FAQ entries readable titles; a report is still useful without it."""
    from faq.loader import load_kb

    try:
        return load_kb(config.live_kb_path())  # the KB the server answers from
    except (OSError, ValueError) as exc:
        log.warning("knowledge base not loaded (%s): FAQ titles left out", exc)
        return None


def prefecture_code(value: str | None) -> str | None:
    if value is None:
        return None
    if value.upper() == "JP":
        return "JP"
    code = resolve_prefecture(value)
    if code is None:
        raise fail(f"--prefecture {value!r}: use JP-01 … JP-47, a name such as Hyogo, or JP")
    return code


@report_app.callback()
def report(
    ctx: typer.Context,
    fair: Annotated[list[str] | None, typer.Option(help="Fair id (repeat for several).")] = None,
    prefecture: Annotated[
        str | None, typer.Option(help="Only this prefecture (JP-28, Hyogo).")
    ] = None,
    by: Annotated[
        Literal["booth", "topic", "fair"],
        typer.Option(
            help="booth: the booth's prefecture; topic: the prefecture asked about;"
            " fair: the fairs (markets) side by side (repeat --fair)."
        ),
    ] = "booth",
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (local).")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (local).")
    ] = None,
    fmt: Annotated[
        Literal["xlsx", "html", "csv"], typer.Option("--format", help="xlsx, html or csv.")
    ] = "xlsx",
    out: Annotated[Path | None, typer.Option(help="File to write.")] = None,
    lang: Annotated[
        Literal["ja", "en"], typer.Option(help="The report's language (xlsx, html, csv headers).")
    ] = "ja",
    raw_rows: Annotated[
        int, typer.Option(min=0, help="Newest rows in the xlsx raw sheet.")
    ] = RAW_CAP,
) -> None:
    """Write a fair's inquiry report (or run `report send`)."""
    if ctx.invoked_subcommand is not None:
        return
    if not fair:
        raise fail("--fair is required (see `fairbot fair list`)")
    if out is None:
        raise fail(f"--out is required, e.g. --out {fair[0]}.{fmt}")
    assert fmt in FORMATS
    if by == "fair" and (len(fair) < 2 or fmt == "csv"):
        raise fail("--by fair compares fairs: give two or more --fair, --format xlsx or html")
    request = ReportRequest(
        fair_ids=tuple(fair),
        prefecture=prefecture_code(prefecture),
        by="booth" if by == "fair" else by,
        date_from=parse_date(date_from, "--from"),
        date_to=parse_date(date_to, "--to"),
    )
    if request.date_from and request.date_to and request.date_to < request.date_from:
        raise fail("--to is before --from")
    config = settings()
    kb = load_kb_quietly(config)

    async def go() -> None:
        async with open_store(config, connections=REPORT_CONNECTIONS) as store:
            columns = (
                TextColumn("{task.description:>16}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
            )
            if by == "fair":
                with console.status("comparing fairs"):
                    await build_comparison(store, request, out, fmt=fmt, lang=lang, kb=kb)
                return
            with Progress(*columns, console=console, transient=True) as bar:
                await build_report(
                    store,
                    request,
                    out,
                    fmt=fmt,
                    lang=lang,
                    kb=kb,
                    progress=RichProgress(bar),
                    raw_cap=raw_rows,
                )

    run(go())
    console.print(f"wrote {out}", highlight=False)


def smtp_config(config: Settings) -> SmtpConfig:
    if not config.smtp_host:
        raise fail("SMTP_HOST is not set: configure SMTP_* or use --dry-run")
    return SmtpConfig(
        host=config.smtp_host,
        port=config.smtp_port,
        username=config.smtp_username,
        password=config.smtp_password.get_secret_value() if config.smtp_password else None,
        starttls=config.smtp_starttls,
        sender=config.smtp_from,
    )


@report_app.command("send")
def report_send(
    fair: Annotated[str, typer.Option(help="Fair id.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would be sent.")] = False,
) -> None:
    """E-mail each booth's contact its report (xlsx + printable html)."""
    config = settings()
    smtp = None if dry_run else smtp_config(config)
    kb = load_kb_quietly(config)

    async def go() -> tuple[list[Outgoing], int]:
        async with open_store(config, connections=REPORT_CONNECTIONS) as store:
            with console.status("building reports"):
                messages = await prepare(store, fair, sender=config.smtp_from, kb=kb)
            return messages, (await send(smtp, messages) if smtp is not None else 0)

    messages, sent = run(go())
    table = Table("booth", "to", "questions", "attachments", "subject")
    for item in messages:
        table.add_row(
            item.booth_id, item.to, f"{item.questions:,}", ", ".join(item.attachments), item.subject
        )
    console.print(table)
    if dry_run:
        console.print(f"dry run: {len(messages)} message(s) would be sent", highlight=False)
    else:
        console.print(f"sent {sent} message(s)", highlight=False)
