"""Calls made at the same moment share one batch: one transaction, a few statements.

Under load many events are handled at once, and each used to run its own
short transaction for the statements every event needs (touching the visitor,
logging the inquiry). On SQLite each statement is several hops to the driver's
thread and a trip through SQLAlchemy's execution machinery, which cost far more
than the row itself: the profile of `bench.load` put most of an instance's CPU
there. A `Coalescer` lets concurrent callers wait one loop turn and then runs
their requests together (`run_batch`, one multi-row statement each), so that
cost is paid per batch instead of per event. A caller alone gets a batch of
one, with no waiting beyond that turn.

A batch that fails other than by an outage (one row the database refuses) is
run again request by request, so only that request fails; an outage fails every
request of the batch, and each caller retries as it would have alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from storage.errors import is_unavailable

Request = TypeVar("Request")
Response = TypeVar("Response")

BATCH_LIMIT = 256  # requests in one batch at most (bounded statement size)


class Coalescer(Generic[Request, Response]):
    """Runs concurrent requests through `run_batch`, which answers them in order."""

    def __init__(
        self,
        run_batch: Callable[[list[Request]], Awaitable[list[Response]]],
        *,
        limit: int = BATCH_LIMIT,
    ) -> None:
        self.run_batch = run_batch
        self.limit = limit
        self.waiting: list[tuple[Request, asyncio.Future[Response]]] = []
        self.task: asyncio.Task[None] | None = None

    async def __call__(self, request: Request) -> Response:
        done: asyncio.Future[Response] = asyncio.get_running_loop().create_future()
        self.waiting.append((request, done))
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._run())
        return await done

    async def _run(self) -> None:
        while self.waiting:
            await asyncio.sleep(0)  # let the callers of this moment join
            batch, self.waiting = self.waiting[: self.limit], self.waiting[self.limit :]
            await self._answer(batch)

    async def _answer(self, batch: list[tuple[Request, asyncio.Future[Response]]]) -> None:
        try:
            responses = await self.run_batch([request for request, _ in batch])
        except Exception as exc:
            if len(batch) > 1 and not is_unavailable(exc):  # one bad row must not sink the rest
                for one in batch:
                    await self._answer([one])
                return
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        except BaseException:  # cancelled while writing: the callers must not hang
            for _, future in batch:
                future.cancel()
            raise
        for (_, future), response in zip(batch, responses, strict=True):
            if not future.done():
                future.set_result(response)
