"""One slash-command parser for every channel."""

from __future__ import annotations

import pytest

from handlers.commands import Command, parse_command


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/lang th", Command("lang", "th")),
        ("/Start anRmLXNnL2h5b2dv", Command("start", "anRmLXNnL2h5b2dv")),
        ("/stats@FairJapanBot", Command("stats", "", "FairJapanBot")),
        ("/lang@FairJapanBot  th \n", Command("lang", "th", "FairJapanBot")),
        ("/human?", Command("human", "?")),
        ("/human", Command("human")),
    ],
)
def test_commands_are_parsed(text: str, expected: Command) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize("text", ["", "hello /lang th", "/ hello", "/ขอ", "//x", "/1abc", None])
def test_other_text_is_not_a_command(text: str | None) -> None:
    assert parse_command(text) is None
