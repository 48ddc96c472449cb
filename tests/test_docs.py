"""Docs cannot drift: every setting and every CLI command appears in the README."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.main import get_command

from bot.cli import app
from bot.config import settings_table

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def command_paths(command: object, prefix: str = "fairbot") -> list[str]:
    """`fairbot fair add`, `fairbot booth link`, ... for every leaf command."""
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        return [prefix]
    paths = []
    if getattr(command, "invoke_without_command", False) and prefix != "fairbot":
        paths.append(prefix)
    for name, sub in subcommands.items():
        paths += command_paths(sub, f"{prefix} {name}")
    return paths


def test_every_setting_is_in_the_readme_table() -> None:
    missing = [name for name, _, _ in settings_table() if f"| `{name}` |" not in README]
    assert not missing, f"README configuration table lacks {missing}"


def test_every_command_is_in_the_readme() -> None:
    paths = command_paths(get_command(app))
    assert "fairbot fair add" in paths and "fairbot faq check" in paths
    missing = [path for path in paths if f"`{path}" not in README]
    assert not missing, f"README lacks {missing}"


def test_quick_start_is_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in section.splitlines() if line.startswith("make ")]
    assert commands == ["make run", "make test"]


def test_typer_is_what_builds_the_cli() -> None:
    assert isinstance(app, typer.Typer)
