"""`fairbot staff ...`: dashboard accounts from the command line.

Passwords come from standard input (`--password-stdin`) or a hidden prompt,
never from an argument, so they stay out of shell history and `ps`.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from bot.cli.common import console, fail, print_json, with_store
from bot.dashboard.auth import MIN_PASSWORD, create_account
from bot.dashboard.security import hash_password
from storage import Store

staff_app = typer.Typer(help="Staff dashboard accounts: add, list, reset.", no_args_is_help=True)

PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from the first line of stdin."),
]


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise fail("--password-stdin: standard input was empty")
        return password
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@staff_app.command("add")
def staff_add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="User name for logging in.")],
    role: Annotated[str, typer.Option(help="admin, staff (booth staff) or viewer (prefecture).")],
    fair: Annotated[str | None, typer.Option(help="Fair id (required for staff).")] = None,
    prefecture: Annotated[
        str | None, typer.Option(help="JP-01 … JP-47 or a name (required for viewers).")
    ] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Add a dashboard account."""
    password = read_password(password_stdin)

    async def go(store: Store) -> str:
        account = await create_account(
            store, name, password, role=role, fair_id=fair, prefecture=prefecture
        )
        return (
            f"{account.role}"
            + (f" · {account.fair_id}" if account.fair_id else "")
            + (f" · {account.prefecture}" if account.prefecture else "")
        )

    scope = with_store(go)
    console.print(f"added staff account [bold]{name}[/] ({scope})", highlight=False)


@staff_app.command("list")
def staff_list(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")] = False,
) -> None:
    """List dashboard accounts."""
    accounts = with_store(lambda store: store.staff.list())
    rows = [
        {"username": a.username, "role": a.role, "fair": a.fair_id, "prefecture": a.prefecture,
         "active": a.active}
        for a in accounts
    ]  # fmt: skip
    if as_json:
        print_json(rows)
        return
    table = Table("user", "role", "fair", "prefecture", "active")
    for row in rows:
        active = "yes" if row["active"] else "no"
        table.add_row(str(row["username"]), str(row["role"]), str(row["fair"] or ""),
                      str(row["prefecture"] or ""), active)  # fmt: skip
    console.print(table)


@staff_app.command("passwd")
def staff_passwd(
    name: Annotated[str, typer.Argument(metavar="NAME", help="User name.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a new password for an account (and re-enable it); its open sessions end."""
    password = read_password(password_stdin)
    if len(password) < MIN_PASSWORD:
        raise fail(f"the password must have at least {MIN_PASSWORD} characters")

    async def go(store: Store) -> None:
        account = await store.staff.by_username(name)
        if account is None:
            raise fail(f"no staff account {name!r} (see `fairbot staff list`)")
        password_hash = await hash_password(password)
        await store.staff.update(account.id, password_hash=password_hash, active=True)

    with_store(go)
    console.print(f"new password set for [bold]{name}[/]", highlight=False)


__all__ = ["staff_app"]
