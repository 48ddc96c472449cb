"""Who this server process is, for the inbox: a name kept across restarts, locked while alive.

Inbox rows record the instance processing them. An instance killed mid-burst
and started again must take its own unfinished rows back at once, but must not
touch another live instance's: so the name lives in the instance's own spool
directory (FAIRBOT_SPOOL_DIR, one per instance) and a lock on that directory
proves the previous holder of the name is gone.
"""

from __future__ import annotations

import fcntl
import os
import socket
import uuid
from pathlib import Path
from typing import IO

from bot.config import ConfigError

NAME_FILE = "instance-id"
LOCK_FILE = "instance.lock"


def new_name() -> str:
    """A fresh instance name: the host (for people reading the table) and a random part."""
    return f"{socket.gethostname()[:60]}-{uuid.uuid4().hex[:12]}"


class InstanceLock:
    """The instance's name and the open, locked file that reserves it."""

    def __init__(self, name: str, handle: IO[str]) -> None:
        self.name = name
        self.handle = handle

    @classmethod
    def acquire(cls, directory: Path) -> InstanceLock:
        """Lock `directory` for this process and read (or create) the name kept there.

        A second process given the same directory is refused with a one-line
        ConfigError: two instances sharing a spool and a name would each take the
        other's work for its own.
        """
        try:
            directory.mkdir(parents=True, exist_ok=True)
            handle = (directory / LOCK_FILE).open("a+", encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"FAIRBOT_SPOOL_DIR {directory} is not usable: {exc}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner = handle.read().strip() or "another process"
            handle.close()
            raise ConfigError(
                f"FAIRBOT_SPOOL_DIR {directory} is in use by {owner}; "
                "give each fairbot serve process its own"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        name_file = directory / NAME_FILE
        name = name_file.read_text(encoding="utf-8").strip() if name_file.exists() else ""
        if not name:
            name = new_name()
            name_file.write_text(name + "\n", encoding="utf-8")
        return cls(name, handle)

    def release(self) -> None:
        self.handle.close()  # closing drops the lock
