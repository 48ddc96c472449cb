"""Shared fixtures: the real conversation core on the real SQLite store and dev KB."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator

import pytest

from faq.live import LiveEngine
from handlers.conversation import Conversation
from handlers.deps import Deps, HandoverNotice
from handlers.messages import Incoming
from storage import Store
from tests.conftest import DEV_KB

_ids = itertools.count(1)


class RecordingNotifier:
    """Keeps what staff would have been shown."""

    def __init__(self) -> None:
        self.notices: list[HandoverNotice] = []

    async def notify(self, notice: HandoverNotice) -> None:
        self.notices.append(notice)


@pytest.fixture
async def bot(sqlite_store: Store) -> AsyncIterator[tuple[Conversation, RecordingNotifier]]:
    await sqlite_store.fairs.add_fair("jtf", "Japan Travel Fair", country="TH")
    await sqlite_store.fairs.add_booth("jtf", "hyogo", prefecture="JP-28", name="Hyogo")
    notifier = RecordingNotifier()
    deps = Deps(
        store=sqlite_store,
        engines=LiveEngine(DEV_KB),
        secret="s",
        max_chars=2000,
        notifiers=[notifier],
    )
    yield Conversation(deps), notifier


def said(
    text: str = "", *, user: str = "u1", platform: str = "telegram", **values: object
) -> Incoming:
    return Incoming(
        platform=platform,
        user_id=user,
        chat_id=user,
        event_id=f"ev-{next(_ids)}",
        text=text,
        **values,
    )  # type: ignore[arg-type]
