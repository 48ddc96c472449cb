"""Group commit: concurrent events share one INSERT, finished events one commit.

Under load many webhooks arrive together; each waits for the next group write
instead of opening its own transaction. Events finished since the last write
are marked done in the same commit. While events wait to be stored, `quiet` is
clear: processing defers to acknowledging (bot.inbox.workers).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from bot.inbox import retries
from storage import Store
from storage.errors import is_refused
from storage.inbox import Event

log = logging.getLogger(__name__)

Stored = tuple[int | None, bool]  # row id (None: seen before), held by this instance
GROUP_LIMIT = 500  # events written by one group INSERT at most
# Decides, for a group, which events this instance holds (a holder name) and
# which it leaves pending (None); given whether each must be held.
Holders = Callable[[list[bool]], list[str | None]]


class GroupWriter:
    def __init__(self, store: Store, holders: Holders) -> None:
        self.store = store
        self.holders = holders
        # A waiting event says whether it must be held (a request processes it).
        self.waiting: list[tuple[Event, bool, asyncio.Future[Stored]]] = []
        self.finishing: list[tuple[int, asyncio.Future[None]]] = []
        self.task: asyncio.Task[None] | None = None
        self.quiet = asyncio.Event()
        self.quiet.set()
        # Told of every event that arrives to be stored (bot.inbox.admission holds
        # processing back while they keep coming); bot.inbox.core wires it.
        self.arrived: Callable[[], object] = lambda: None

    async def put(self, event: Event, *, held: bool = False) -> Stored:
        """Store one event with the next group; its row id and whether this instance holds it."""
        self.arrived()
        done: asyncio.Future[Stored] = asyncio.get_running_loop().create_future()
        self.waiting.append((event, held, done))
        self.quiet.clear()
        self._start()
        return await done

    def mark_done(self, row_id: int) -> asyncio.Future[None]:
        """Queue a finished event for the next group write; the future says it is written."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.finishing.append((row_id, done))
        self._start()
        return done

    def _start(self) -> None:
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._write_groups())

    async def _write_groups(self) -> None:
        try:
            while self.waiting or self.finishing:
                await asyncio.sleep(0)  # let the requests that arrived together join
                group, self.waiting = self.waiting[:GROUP_LIMIT], self.waiting[GROUP_LIMIT:]
                finished, self.finishing = self.finishing, []
                holders = self.holders([held for _, held, _ in group])
                futures = [future for *_, future in group] + [future for _, future in finished]
                try:
                    row_ids = await self.store.inbox.record(
                        [event for event, _, _ in group],
                        holders=holders,
                        finished=[row_id for row_id, _ in finished],
                    )
                except Exception as exc:
                    if is_refused(exc):  # one bad event must not sink its whole group
                        await self._write_apart(group, holders, finished)
                        continue
                    for future in futures:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                finally:
                    if not self.waiting:
                        self.quiet.set()
                for (*_, future), row_id, holder in zip(group, row_ids, holders, strict=True):
                    if not future.done():
                        future.set_result((row_id, holder is not None))
                for _, future in finished:
                    if not future.done():
                        future.set_result(None)
        finally:
            self.quiet.set()

    async def _write_apart(
        self,
        group: list[tuple[Event, bool, asyncio.Future[Stored]]],
        holders: list[str | None],
        finished: list[tuple[int, asyncio.Future[None]]],
    ) -> None:
        """A group the database refused, written event by event: the refused ones are
        dead-lettered (and answered as not to be processed), the others stored as usual."""
        for (event, _, future), holder in zip(group, holders, strict=True):
            try:
                [row_id] = await self.store.inbox.record([event], holders=[holder])
            except Exception as exc:
                if not is_refused(exc):
                    _settle(future, error=exc)
                    continue
                try:
                    await retries.dead_letter(self.store, event, exc)
                except Exception as again:
                    _settle(future, error=again)
                    continue
                _settle(future, result=(None, False))
            else:
                _settle(future, result=(row_id, holder is not None))
        if finished:
            try:
                await self.store.inbox.record([], finished=[row_id for row_id, _ in finished])
            except Exception as exc:
                for _, done in finished:
                    _settle(done, error=exc)
            else:
                for _, done in finished:
                    _settle(done, result=None)


def _settle(
    future: asyncio.Future[Any], *, result: Any = None, error: BaseException | None = None
) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
