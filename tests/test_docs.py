"""Docs cannot drift: the README's tables list every setting with its default and
every CLI command with every option, and nothing that no longer exists."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from typer.main import get_command

from bot.cli import app
from bot.config import settings_table

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\|(.+)\|\s*$")


def table_rows(text: str, header: str) -> list[list[str]]:
    """The cells of each row of the markdown table whose header row starts with `header`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2 :]:  # past the header and its |---| line
        match = ROW.match(line)
        if match is None:
            break
        # A `\|` inside a cell (`--format xlsx\|html`) is not a cell border.
        cells = re.split(r"(?<!\\)\|", match.group(1))
        rows.append([cell.strip() for cell in cells])
    return rows


def readme_settings(text: str = README) -> dict[str, str]:
    """Variable -> default cell, as written (backticks removed)."""
    return {
        row[0].strip("`"): row[1].strip("`") for row in table_rows(text, "| variable | default |")
    }


def readme_commands(text: str = README) -> list[str]:
    """The command cell of each row of the commands table."""
    return [row[0] for row in table_rows(text, "| command | what it does |")]


def leaf_commands(command: Any, prefix: str = "fairbot") -> dict[str, Any]:
    """`fairbot fair add` -> its click command, for every command a user can run."""
    found: dict[str, Any] = {}
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        return {prefix: command}
    if getattr(command, "invoke_without_command", False) and prefix != "fairbot":
        found[prefix] = command
    for name, sub in subcommands.items():
        found.update(leaf_commands(sub, f"{prefix} {name}"))
    return found


def option_flags(command: Any) -> list[str]:
    """The long flag of each visible option (`--fair`), `--help` aside."""
    flags = []
    for param in command.params:
        # Typer's own click: compare the kind by name, not by class.
        if param.param_type_name == "option" and not getattr(param, "hidden", False):
            longs = [o for o in param.opts if o.startswith("--")]
            flags.append(longs[0] if longs else param.opts[0])
    return [flag for flag in flags if flag != "--help"]


def command_drift(text: str = README) -> list[str]:
    problems = []
    cells = readme_commands(text)
    commands = leaf_commands(get_command(app))
    for path, command in commands.items():
        mine = [cell for cell in cells if re.match(rf"`{re.escape(path)}(?: |`)", cell)]
        if not mine:
            problems.append(f"{path}: no row in the README's commands table")
            continue
        problems += [
            f"{path}: option {flag} missing from its README row"
            for flag in option_flags(command)
            if not any(re.search(rf"{re.escape(flag)}(?![\w-])", cell) for cell in mine)
        ]
    for cell in cells:
        named = re.match(r"`(fairbot(?: [a-z-]+)*)", cell)
        if named and not any(
            named.group(1) == path or named.group(1).startswith(path + " ") for path in commands
        ):
            problems.append(f"README lists {named.group(1)!r}, which is not a command")
    return problems


def settings_drift(text: str = README) -> list[str]:
    documented = readme_settings(text)
    problems = []
    for name, default, _ in settings_table():
        if name not in documented:
            problems.append(f"{name}: missing from the README's settings table")
        elif documented[name] != default:
            problems.append(f"{name}: README says {documented[name]!r}, the default is {default!r}")
    real = {name for name, _, _ in settings_table()}
    problems += [f"{name}: in the README but not a setting" for name in documented.keys() - real]
    return problems


def test_the_settings_table_matches_every_setting_and_default() -> None:
    assert settings_drift() == []


def test_the_commands_table_names_every_command_and_option() -> None:
    assert command_drift() == []


def test_drift_is_seen() -> None:
    """The checks above fail on a README that drifted (they are not vacuous)."""
    name, default, _ = settings_table()[0]
    changed = README.replace(f"| `{name}` | `{default}` |", f"| `{name}` | `something-else` |")
    assert changed != README and any(name in p for p in settings_drift(changed))
    dropped = README.replace("`fairbot chat [--lang L]", "`fairbot chat", 1)
    assert dropped != README and "fairbot chat: option --lang missing" in " ".join(
        command_drift(dropped)
    )
    assert any("fairbot nothing" in p for p in command_drift(
        README.replace("| `fairbot db upgrade` |", "| `fairbot nothing here` |")
    ))  # fmt: skip


def test_quick_start_is_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in section.splitlines() if line.startswith("make ")]
    assert commands == ["make run", "make test"]
