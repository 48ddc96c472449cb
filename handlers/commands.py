"""The one slash-command parser every channel uses (Telegram, LINE, web, the terminal chat).

A command is `/name`, optionally `@botname` (Telegram groups), then arguments:
`/lang th`, `/start <booth token>`, `/stats@fairbot`. Names follow Telegram's rule
(a letter, then letters, digits or `_`, at most 32) and are lower-cased; anything
else starting with "/" ("/ hello", "/ขอ") is ordinary text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COMMAND = re.compile(
    r"/([A-Za-z][A-Za-z0-9_]{0,31})(?:@([A-Za-z0-9_]{1,64}))?(?=[^A-Za-z0-9_@]|$)(.*)", re.S
)


@dataclass(frozen=True)
class Command:
    """A parsed `/name@target args`; `target` is the bot it was addressed to, if any."""

    name: str
    args: str = ""
    target: str | None = None


def parse_command(text: str | None) -> Command | None:
    """The command at the very start of `text`, or None when it is not one."""
    found = COMMAND.fullmatch(text or "")
    if found is None:
        return None
    name, target, args = found.groups()
    return Command(name.lower(), args.strip(), target)
