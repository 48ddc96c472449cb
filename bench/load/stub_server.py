"""The LINE Messaging API stub (tests.line.stub) as a process of its own, for load runs.

`python -m bench.load.stub_server --token T` starts the stub on 127.0.0.1 (an
ephemeral port), prints `READY <url>` on stdout and serves until stdin closes
or it is terminated. Running it apart from the loader keeps its OpenAPI checks
from stealing the loader's event loop, so ack latencies measure the server.

Besides the Messaging API it answers `GET /_bench/calls`: one compact row per
replyMessage / pushMessage call (status, reply token or push target, retry
key, messages), which is how the harness counts replies per event, and the
number of spec violations (a fairbot request LINE would refuse).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import Any

from aiohttp import web

from tests.line.stub import LineStub

log = logging.getLogger(__name__)

COUNTED = ("replyMessage", "pushMessage")


def summary(stub: LineStub) -> dict[str, Any]:
    """What the harness needs from the stub, without headers and bodies it does not."""
    rows = []
    for call in stub.calls:
        if call.operation not in COUNTED or not isinstance(call.body, dict):
            continue
        rows.append(
            {
                "op": call.operation,
                "status": call.status,
                "token": call.body.get("replyToken"),
                "to": call.body.get("to"),
                "key": call.headers.get("X-Line-Retry-Key"),
                "messages": len(call.body.get("messages") or []),
            }
        )
    operations: dict[str, int] = {}
    for call in stub.calls:
        operations[call.operation] = operations.get(call.operation, 0) + 1
    return {"calls": rows, "operations": operations, "violations": stub.violations[:20]}


async def serve(token: str, latency: float = 0.0) -> None:
    stub = LineStub(token)

    async def answer(request: web.Request) -> web.StreamResponse:
        if latency > 0:  # the real API is 100-300 ms away from the region's servers
            await asyncio.sleep(latency)
        return await stub._handle(request)

    async def calls(_request: web.Request) -> web.Response:
        return web.json_response(summary(stub))

    app = web.Application(client_max_size=4 * 1024 * 1024)
    app.router.add_get("/_bench/calls", calls)
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    sys.stdout.write(f"READY http://{host}:{port}\n")
    sys.stdout.flush()
    try:
        # the parent holds our stdin: when it goes (even by kill -9), so do we
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    finally:
        await runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load.stub_server")
    parser.add_argument("--token", required=True, help="the channel access token to accept")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(serve(args.token, args.latency))


if __name__ == "__main__":
    main()
