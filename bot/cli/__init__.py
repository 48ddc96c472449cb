"""The `fairbot` command: thin Typer commands over services the tests cover."""

from __future__ import annotations

import typer

from bot.cli import faq as faq_cli
from bot.cli.chat import chat
from bot.cli.demo import demo_app
from bot.cli.fairs import booth_app, fair_app
from bot.cli.inbox import inbox_app
from bot.cli.inquiries import inquiries_app
from bot.cli.privacy import privacy_app
from bot.cli.report import report_app
from bot.cli.serve import db_app, serve
from bot.cli.staff import staff_app

app = typer.Typer(
    name="fairbot",
    help="fairbot: multilingual FAQ chatbot for Japan travel-fair booths.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command()(serve)
app.command()(chat)
app.add_typer(db_app, name="db")
app.add_typer(fair_app, name="fair")
app.add_typer(booth_app, name="booth")
app.add_typer(inquiries_app, name="inquiries")
app.add_typer(report_app, name="report")
app.add_typer(demo_app, name="demo")
app.add_typer(faq_cli.app, name="faq")
app.add_typer(privacy_app, name="privacy")
app.add_typer(staff_app, name="staff")
app.add_typer(inbox_app, name="inbox")


def main() -> None:
    app()
