"""The open-loop loader: signed LINE deliveries and web chat messages at a target rate.

Open loop: delivery i is due at start + i * batch / rate whatever the servers
do, so a slow server shows up as latency and as lag behind the schedule, not
as a politely lower rate. At most `max_in_flight` requests are outstanding;
when that cap holds a delivery back, the lag is recorded.

A failed delivery (connection refused or reset, a timeout, any non-200) is
redelivered as LINE redelivers: same events and event ids, `isRedelivery`
set, after a back-off, to the next instance; a web chat message is resent
with the same client id. With `duplicate`, every acknowledged delivery is sent
once more a moment later (to another instance when there are several): the
"every event delivered twice" fault.

The client is aiohttp, not httpx: on this 2-core machine httpx's connection
pool tops out near 200 requests/s at 16 connections and 70 at 256 (client and
a trivial server in one process), far below the rates measured here; aiohttp
does 2,000-8,000 in the same test (docs/reliability.md).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp

from bench.load.payloads import (
    LineEvent,
    WebMessage,
    line_body,
    line_event,
    line_user,
    load_questions,
    web_message,
)

log = logging.getLogger(__name__)

RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)  # ~31 s of redelivery, then given up
RESENT = {"line": "line_redeliveries", "web": "web_resends"}  # what a resend is counted as


@dataclass
class LoadPlan:
    targets: list[str]  # server base URLs; deliveries go round-robin
    rate: float  # LINE events a second
    duration: float  # seconds of sending
    batch: int = 1  # events per LINE delivery (LINE sends 1..100)
    web_rate: float = 0.0  # web chat messages a second, on top
    duplicate: bool = False
    visitors: int = 5000
    secret: str = ""
    max_in_flight: int = 256
    timeout: float = 10.0
    retry_delays: tuple[float, ...] = RETRY_DELAYS
    seed: int = 8


@dataclass
class LoadResult:
    line_events: dict[str, LineEvent] = field(default_factory=dict)
    web_messages: dict[str, WebMessage] = field(default_factory=dict)
    acked: set[str] = field(default_factory=set)
    web_replies: Counter[str] = field(default_factory=Counter)  # answers received
    web_fresh: Counter[str] = field(default_factory=Counter)  # ... not flagged duplicate
    latencies: list[float] = field(default_factory=list)  # LINE, every 200, seconds
    web_latencies: list[float] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    timeline: list[tuple[float, int, bool]] = field(default_factory=list)  # (t, events, ok)
    max_lag: float = 0.0
    started: float = 0.0
    sending_done: float = 0.0
    finished: float = 0.0

    @property
    def sending_seconds(self) -> float:
        return max(self.sending_done - self.started, 1e-9)


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


class Loader:
    def __init__(self, plan: LoadPlan) -> None:
        self.plan = plan
        self.result = LoadResult()
        self.random = random.Random(plan.seed)
        self.questions = load_questions()
        self.slots = asyncio.Semaphore(plan.max_in_flight)
        self.tasks: set[asyncio.Task[None]] = set()
        self.client: aiohttp.ClientSession | None = None

    def target(self, index: int) -> str:
        return self.plan.targets[index % len(self.plan.targets)]

    def spawn(self, coroutine: object) -> None:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def run(self) -> LoadResult:
        plan = self.plan
        connector = aiohttp.TCPConnector(limit=plan.max_in_flight)
        timeout = aiohttp.ClientTimeout(total=plan.timeout)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as client:
            self.client = client
            self.result.started = time.monotonic()
            await asyncio.gather(self._line_schedule(), self._web_schedule())
            self.result.sending_done = time.monotonic()
            while self.tasks:  # redeliveries and duplicates still under way
                await asyncio.gather(*list(self.tasks))  # a bug in the loader stops the run
            self.result.finished = time.monotonic()
        return self.result

    async def _pace(self, due: float) -> None:
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        await self.slots.acquire()
        self.result.max_lag = max(self.result.max_lag, time.monotonic() - due)

    async def _line_schedule(self) -> None:
        plan = self.plan
        if plan.rate <= 0:
            return
        interval = plan.batch / plan.rate
        deliveries = int(plan.rate * plan.duration / plan.batch)
        start = self.result.started
        for i in range(deliveries):
            await self._pace(start + i * interval)
            events = [
                line_event(
                    line_user(self.random.randrange(plan.visitors)),
                    self.random.choice(self.questions),
                )
                for _ in range(plan.batch)
            ]
            for event in events:
                self.result.line_events[event.event_id] = event
            self.spawn(self._deliver_line(events, i, attempt=0, copy=False))

    async def _web_schedule(self) -> None:
        plan = self.plan
        if plan.web_rate <= 0:
            return
        interval = 1 / plan.web_rate
        start = self.result.started
        for i in range(int(plan.web_rate * plan.duration)):
            await self._pace(start + i * interval)
            session = f"load-web-{self.random.randrange(plan.visitors)}"
            message = web_message(session, self.random.choice(self.questions))
            self.result.web_messages[message.event_id] = message
            self.spawn(self._deliver_web(message, i, attempt=0, copy=False))

    async def _post(self, url: str, **kwargs: object) -> tuple[Answer | None, float]:
        """One request under an in-flight slot (already taken); the answer or None."""
        assert self.client is not None
        began = time.monotonic()
        try:
            async with self.client.post(url, **kwargs) as response:
                answer = Answer(response.status, await response.read())
        except (aiohttp.ClientError, TimeoutError) as exc:
            self.result.errors[type(exc).__name__] += 1
            answer = None
        finally:
            self.slots.release()
        return answer, time.monotonic() - began

    async def _deliver_line(
        self, events: list[LineEvent], target: int, *, attempt: int, copy: bool
    ) -> None:
        """Send one delivery; redeliver on failure (next instance); send a copy if asked."""
        plan, result = self.plan, self.result
        raw, signature = line_body(events, plan.secret, redelivery=attempt > 0 or copy)
        headers = {"Content-Type": "application/json", "X-Line-Signature": signature}
        result.counts["line_requests"] += 1
        response, took = await self._post(
            f"{self.target(target)}/line/webhook", data=raw, headers=headers
        )
        ok = response is not None and response.status == 200
        result.timeline.append((time.monotonic() - result.started, len(events), ok))
        if ok:
            result.latencies.append(took)
            result.acked.update(e.event_id for e in events)
            self._copy_if_asked(
                "line", copy, lambda: self._deliver_line(events, target + 1, attempt=0, copy=True)
            )
            return
        await self._failed(
            "line",
            response,
            attempt,
            resend=lambda: self._deliver_line(events, target + 1, attempt=attempt + 1, copy=copy),
        )

    async def _deliver_web(
        self, message: WebMessage, target: int, *, attempt: int, copy: bool
    ) -> None:
        result = self.result
        result.counts["web_requests"] += 1
        url = f"{self.target(target)}/api/chat"
        response, took = await self._post(url, json=message.to_json())
        if response is not None and response.status in (200, 202):
            result.web_latencies.append(took)
            result.acked.add(message.event_id)
        if response is not None and response.status == 202:
            # Kept, answer to follow through /api/messages (the page does not resend):
            # the outcome counts that answer from the outbox.
            result.counts["web_queued"] += 1
            return
        if response is not None and response.status == 200:
            body = json.loads(response.body)
            if body.get("reply"):
                result.web_replies[message.event_id] += 1
                if not body.get("duplicate"):  # processed afresh (not a rebuilt answer)
                    result.web_fresh[message.event_id] += 1
            self._copy_if_asked(
                "web", copy, lambda: self._deliver_web(message, target + 1, attempt=0, copy=True)
            )
            return
        await self._failed(
            "web",
            response,
            attempt,
            resend=lambda: self._deliver_web(message, target + 1, attempt=attempt + 1, copy=copy),
        )

    def _copy_if_asked(
        self, kind: str, copy: bool, send_copy: Callable[[], Awaitable[None]]
    ) -> None:
        """In a duplicate-delivery run, send an acknowledged original again, elsewhere."""
        if self.plan.duplicate and not copy:
            self.result.counts[f"{kind}_duplicates_sent"] += 1
            self.spawn(self._again(send_copy))

    async def _failed(
        self,
        kind: str,
        response: Answer | None,
        attempt: int,
        *,
        resend: Callable[[], Awaitable[None]],
    ) -> None:
        """Count a failed delivery; after the back-off, resend it (to the next instance)."""
        plan, result = self.plan, self.result
        if response is not None:
            prefix = "" if kind == "line" else f"{kind} "
            result.errors[f"{prefix}HTTP {response.status}"] += 1
        result.counts[f"{kind}_failed"] += 1
        if attempt >= len(plan.retry_delays):
            result.counts[f"{kind}_given_up"] += 1
            return
        await asyncio.sleep(plan.retry_delays[attempt])
        await self.slots.acquire()
        result.counts[RESENT[kind]] += 1
        await resend()

    async def _again(self, send: Callable[[], Awaitable[None]]) -> None:
        """A duplicate delivery, a moment after the first was acknowledged."""
        await asyncio.sleep(self.random.uniform(0.05, 1.0))
        await self.slots.acquire()
        await send()
