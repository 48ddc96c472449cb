"""A stand-in LINE Messaging API: a real HTTP server on 127.0.0.1 for the real SDK to call.

Every request is checked against LINE's `messaging-api.yml` (path, method,
headers, JSON body, with discriminators resolved: see openapi_check); a
departure is answered 400 the way LINE does and recorded in `violations`,
which the fixture turns into a test failure. Its own 2xx answers are checked
against the spec's response schemas too, so what the SDK parses is realistic.

It behaves as LINE does where fairbot depends on it: a reply token works once
(and tokens in `expired` never), a push retry key is accepted once (a repeat
gets 409 and is not delivered), and `fail()` injects 5xx answers, optionally
after delivering, the case that makes retry keys necessary.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.line.openapi_check import OpenApiSpec


@dataclass
class Call:
    """One request the stub received."""

    operation: str
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    status: int = 0


@dataclass
class Delivery:
    """A message that reached a LINE user (by reply or by push)."""

    via: str  # "reply" or "push"
    to: str  # the push target, or the reply token
    message: dict[str, Any]


@dataclass
class Fault:
    status: int
    deliver: bool  # do the work, then answer `status` anyway (the client cannot tell)


@dataclass
class LineStub:
    token: str
    spec: OpenApiSpec = field(default_factory=lambda: OpenApiSpec.load("messaging-api"))
    calls: list[Call] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    delivered: list[Delivery] = field(default_factory=list)
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    expired: set[str] = field(default_factory=set)
    bot_info: dict[str, Any] = field(
        default_factory=lambda: {
            "userId": "U" + "b" * 32,
            "basicId": "@fairbot",
            "displayName": "Fairbot",
            "chatMode": "bot",
            "markAsReadMode": "auto",
        }
    )
    url: str = ""
    _used_tokens: set[str] = field(default_factory=set)
    _retry_keys: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    _faults: dict[str, list[Fault]] = field(default_factory=dict)
    _runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        return self.url

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def fail(self, operation: str, status: int = 500, *, times: int = 1, deliver: bool = False):
        """Answer the next `times` calls of `operation` with `status`."""
        self._faults.setdefault(operation, []).extend([Fault(status, deliver)] * times)

    def calls_to(self, operation: str) -> list[Call]:
        return [c for c in self.calls if c.operation == operation]

    def texts(self, via: str | None = None) -> list[str]:
        """Texts of the delivered messages, in order."""
        return [d.message.get("text", "") for d in self.delivered if via is None or d.via == via]

    async def _handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        op, errors = self.spec.check_request(
            request.method, request.path, dict(request.query), dict(request.headers), raw
        )
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        name = op.operation_id if op else f"{request.method} {request.path}"
        call = Call(name, request.method, request.path, dict(request.headers), body)
        self.calls.append(call)
        if errors:
            self.violations.extend(errors)
            details = [{"message": e} for e in errors]
            return self._answer(
                call, 400, {"message": "The request body has errors", "details": details}
            )
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return self._answer(call, 401, {"message": "Authentication failed"})
        handler = getattr(self, f"_op_{name}", None)
        if handler is None:
            self.violations.append(f"{name}: the stub does not implement this operation")
            return self._answer(call, 501, {"message": f"{name} not implemented in the stub"})
        faults = self._faults.get(name)
        fault = faults.pop(0) if faults else None
        if fault is not None and not fault.deliver:
            return self._answer(call, fault.status, {"message": "An internal error occurred"})
        status, payload, headers = handler(request, body)
        if fault is not None:
            return self._answer(call, fault.status, {"message": "An internal error occurred"})
        return self._answer(call, status, payload, headers)

    def _answer(
        self, call: Call, status: int, payload: Any, headers: dict[str, str] | None = None
    ) -> web.Response:
        call.status = status
        found = self.spec.find(call.method, call.path)
        if found is not None and str(status) in found[0].responses:
            self.violations.extend(
                f"stub: {e}" for e in self.spec.check_response(found[0], status, payload)
            )
        extra = {"X-Line-Request-Id": str(uuid.uuid4()), **(headers or {})}
        return web.json_response(payload, status=status, headers=extra)

    def _deliver(self, via: str, to: str, messages: list[dict[str, Any]]) -> list[dict[str, str]]:
        sent = []
        for message in messages:
            self.delivered.append(Delivery(via, to, message))
            sent.append({"id": str(uuid.uuid4().int)[:18], "quoteToken": uuid.uuid4().hex})
        return sent

    def _op_replyMessage(self, request: web.Request, body: dict[str, Any]):
        token = body["replyToken"]
        if token in self.expired or token in self._used_tokens:
            return 400, {"message": "Invalid reply token"}, None
        self._used_tokens.add(token)
        return 200, {"sentMessages": self._deliver("reply", token, body["messages"])}, None

    def _op_pushMessage(self, request: web.Request, body: dict[str, Any]):
        key = request.headers.get("X-Line-Retry-Key")
        if key is not None and key in self._retry_keys:
            payload = {
                "message": "The retry key is already accepted",
                "sentMessages": self._retry_keys[key],
            }
            return 409, payload, {"X-Line-Accepted-Request-Id": str(uuid.uuid4())}
        sent = self._deliver("push", body["to"], body["messages"])
        if key is not None:
            self._retry_keys[key] = sent
        return 200, {"sentMessages": sent}, None

    def _op_getProfile(self, request: web.Request, body: Any):
        user_id = request.match_info["tail"].rsplit("/", 1)[-1]
        profile = self.profiles.get(user_id)
        if profile is None:
            return 404, {"message": "Not found"}, None
        return 200, {"userId": user_id, "displayName": "Visitor", **profile}, None

    def _op_getBotInfo(self, request: web.Request, body: Any):
        return 200, dict(self.bot_info), None


@contextlib.contextmanager
def serving_in_thread(stub: LineStub) -> Iterator[LineStub]:
    """Run the stub on a loop of its own, for code under test that runs its own loop (the CLI)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="line-stub", daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(stub.start(), loop).result(10)
        yield stub
    finally:
        asyncio.run_coroutine_threadsafe(stub.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
