"""The one test-only piece between PTB and the `telegram-test-api` emulator.

`EmulatorRequest` is PTB's own `HTTPXRequest` (real HTTP to the emulator) that
records every Bot API call for the spec check and patches the emulator's
known divergences from Telegram in the *responses* only, so production code
never sees them:

- dates in milliseconds (bot messages): divided by 1,000;
- `getMe` without `is_bot`: set to true;
- callback queries without `chat_instance`: a fixed one is added;
- `getUpdates` ignores `offset` and `timeout` (it marks updates read and
  answers at once): an empty answer is delayed briefly, like a long poll,
  instead of letting PTB spin; offsets need no fix since nothing repeats.

The emulator also sends no secret header to webhooks; the webhook tests post
to the app themselves, so that needs no fix here.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from telegram.request import HTTPXRequest, RequestData

MILLISECONDS = 10**11  # a "date" above this is not seconds since 1970 (that is year 5138)
EMPTY_POLL_DELAY = 0.05


@dataclass(frozen=True)
class ApiCall:
    method: str
    params: dict[str, Any]


@dataclass
class Recorder:
    """Every Bot API call the bot made, in order."""

    calls: list[ApiCall] = field(default_factory=list)

    def methods(self) -> list[str]:
        return [call.method for call in self.calls]


def fix_dates(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: (
                item // 1000
                if key == "date" and isinstance(item, int) and item > MILLISECONDS
                else fix_dates(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [fix_dates(item) for item in value]
    return value


def fix_response(method: str, body: dict[str, Any]) -> dict[str, Any]:
    """The emulator's answer as Telegram would have given it."""
    body = fix_dates(body)
    result = body.get("result")
    if method == "getMe" and isinstance(result, dict):
        result.setdefault("is_bot", True)
    if method == "getUpdates" and isinstance(result, list):
        for update in result:
            query = update.get("callback_query")
            if isinstance(query, dict):
                query.setdefault("chat_instance", "emulator")
    return body


class EmulatorRequest(HTTPXRequest):
    def __init__(self, recorder: Recorder, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.recorder = recorder

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data is not None else {}
        self.recorder.calls.append(ApiCall(name, params))
        code, payload = await super().do_request(url, method, request_data, *args, **kwargs)
        try:
            body = json.loads(payload)
        except ValueError:
            return code, payload
        if not isinstance(body, dict):
            return code, payload
        body = fix_response(name, body)
        if name == "getUpdates" and body.get("result") == []:
            await asyncio.sleep(EMPTY_POLL_DELAY)
        return code, json.dumps(body).encode()
