"""Bot API requests checked against the machine-readable spec (tests/specs/telegram-bot-api).

For each call: the method exists; its required parameters are present; it has
no parameter the spec does not list; object parameters (reply_markup,
reply_parameters, commands) have only known fields and their required ones,
recursively; every `callback_data` is at most 64 bytes; `text` is 1-4,096
characters.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from tests.telegram.emulator_request import ApiCall

SPEC = Path(__file__).resolve().parent.parent / "specs" / "telegram-bot-api" / "api.json"


@cache
def spec() -> dict[str, Any]:
    return json.loads(SPEC.read_text(encoding="utf-8"))


def object_problems(value: Any, types: list[str], where: str) -> list[str]:
    """What is wrong with `value` as one of the spec `types` ("Array of X" included)."""
    known = spec()["types"]
    arrays = [t.removeprefix("Array of ") for t in types if t.startswith("Array of ")]
    if arrays and isinstance(value, list):
        return [
            p
            for i, item in enumerate(value)
            for p in object_problems(item, arrays, f"{where}[{i}]")
        ]
    objects = [t for t in types if t in known and known[t].get("fields")]
    if not objects or not isinstance(value, dict):
        return []
    best: list[str] | None = None
    for name in objects:
        fields = {f["name"]: f for f in known[name]["fields"]}
        found = [f"{where}: unknown field {k!r} for {name}" for k in value if k not in fields]
        found += [
            f"{where}: {name} needs {k!r}"
            for k, f in fields.items()
            if f["required"] and k not in value
        ]
        for key, item in value.items():
            if key in fields:
                found += object_problems(item, fields[key]["types"], f"{where}.{key}")
        if best is None or len(found) < len(best):
            best = found
    return best or []


def callback_data(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["callback_data"]] if isinstance(value.get("callback_data"), str) else []
        return found + [d for item in value.values() for d in callback_data(item)]
    if isinstance(value, list):
        return [d for item in value for d in callback_data(item)]
    return []


def problems(call: ApiCall) -> list[str]:
    """Everything wrong with one call; empty when it matches the spec."""
    method = spec()["methods"].get(call.method)
    if method is None:
        return [f"{call.method}: no such Bot API method"]
    fields = {f["name"]: f for f in method.get("fields", [])}
    found = [f"{call.method}: unknown parameter {k!r}" for k in call.params if k not in fields]
    found += [
        f"{call.method}: missing required {k!r}"
        for k, f in fields.items()
        if f["required"] and k not in call.params
    ]
    for key, value in call.params.items():
        if key in fields:
            found += object_problems(value, fields[key]["types"], f"{call.method}.{key}")
    for data in callback_data(call.params):
        if len(data.encode()) > 64:
            found.append(f"{call.method}: callback_data {data!r} is over 64 bytes")
    text = call.params.get("text")
    if isinstance(text, str) and not 1 <= len(text) <= 4096:
        found.append(f"{call.method}: text of {len(text)} characters (1-4096 allowed)")
    return found


def check(calls: list[ApiCall]) -> list[str]:
    return [p for call in calls for p in problems(call)]
