"""Check requests and payloads against LINE's own OpenAPI documents, discriminators included.

General OpenAPI validators skip `discriminator`: with them a `{"type": "text"}`
message without `text` passes, because `Message` alone only requires `type`.
Here a schema with a discriminator dispatches on the property's value to the
mapped schema (Message -> TextMessage, Action -> PostbackAction, Event ->
MessageEvent, ...), and an unmapped value is an error. The mapped schemas
inherit through `allOf: [$ref: Base]`; those references are rewritten to a copy
of the base without its discriminator, so dispatch does not loop.

A few limits LINE documents but the spec does not state (text length, quick
reply label length) are added as `LIMITS`, so the stub refuses what LINE would.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft4Validator, FormatChecker, ValidationError, validators
from referencing import Registry
from referencing.jsonschema import DRAFT4

SPECS = Path(__file__).resolve().parent.parent / "specs" / "line-openapi"
SCHEMAS = "#/components/schemas/"

# Documented at developers.line.biz but absent from messaging-api.yml.
LIMITS: dict[str, dict[str, Any]] = {
    # "Max character limit: 5000" for a text message.
    "TextMessage": {"properties": {"text": {"minLength": 1, "maxLength": 5000}}},
    # Quick reply buttons: type "action", an action with a 1-20 character label.
    "QuickReplyItem": {
        "required": ["type", "action"],
        "properties": {
            "type": {"enum": ["action"]},
            "action": {
                "required": ["label"],
                "properties": {"label": {"minLength": 1, "maxLength": 20}},
            },
        },
    },
    # displayText "Max character limit: 300".
    "PostbackAction": {"properties": {"displayText": {"minLength": 1, "maxLength": 300}}},
}


def _discriminator(
    validator: Any, value: Mapping[str, Any], instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """Validate `instance` against the schema its discriminator value maps to."""
    if not validator.is_type(instance, "object"):
        return
    name = value["propertyName"]
    mapping = value.get("mapping", {})
    kind = instance.get(name)
    if kind not in mapping:
        yield ValidationError(f"{name} {kind!r} is not one of {sorted(mapping)}")
        return
    yield from validator.descend(instance, {"$ref": mapping[kind]})


def _shorten(line: str, limit: int = 300) -> str:
    return line if len(line) <= limit else line[: limit - 1] + "…"


OpenApiValidator = validators.extend(Draft4Validator, {"discriminator": _discriminator})


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for child in node.values():
            yield from _walk(child)
    elif isinstance(node, list):
        for child in node:
            yield from _walk(child)


def prepare(document: dict[str, Any], limits: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """A copy of an OpenAPI 3.0 document that a draft-4 validator reads as the spec means."""
    document = copy.deepcopy(document)
    schemas: dict[str, Any] = document["components"]["schemas"]
    based = {name for name, schema in schemas.items() if "discriminator" in schema}
    for node in list(_walk(schemas)):
        if node.get("nullable") is True and isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        for item in node.get("allOf", []) if isinstance(node.get("allOf"), list) else []:
            ref = item.get("$ref", "") if isinstance(item, dict) else ""
            if ref.startswith(SCHEMAS) and ref[len(SCHEMAS) :] in based:
                item["$ref"] = ref + "__base"
    for name in based:
        schemas[name + "__base"] = {k: v for k, v in schemas[name].items() if k != "discriminator"}
    for name, extra in limits.items():
        schemas[name] = {"allOf": [schemas[name], extra]}
    return document


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    operation_id: str
    pattern: re.Pattern[str]
    parameters: tuple[dict[str, Any], ...]
    body: dict[str, Any] | None  # the requestBody object
    responses: dict[str, Any]
    secured: bool


class OpenApiSpec:
    """One OpenAPI document: find operations, check requests, responses and schemas."""

    def __init__(self, document: dict[str, Any], uri: str, limits: Mapping[str, Any]) -> None:
        self.document = prepare(document, limits)
        self.uri = uri
        self.registry: Registry[Any] = Registry().with_resource(
            uri, DRAFT4.create_resource(self.document)
        )
        self.operations = list(self._operations())

    @classmethod
    @functools.cache
    def load(cls, name: str) -> OpenApiSpec:
        """`messaging-api` or `webhook`, from tests/specs/line-openapi."""
        document = yaml.safe_load((SPECS / f"{name}.yml").read_text(encoding="utf-8"))
        return cls(document, f"urn:line:{name}", LIMITS if name == "messaging-api" else {})

    def _operations(self) -> Iterator[Operation]:
        default_security = bool(self.document.get("security"))
        for template, item in self.document["paths"].items():
            shared = item.get("parameters", [])
            regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
            for method, op in item.items():
                if method not in {"get", "post", "put", "delete", "patch"}:
                    continue
                security = op.get("security")
                yield Operation(
                    method=method.upper(),
                    template=template,
                    operation_id=op.get("operationId", f"{method} {template}"),
                    pattern=re.compile(f"^{regex}$"),
                    parameters=tuple(shared) + tuple(op.get("parameters", [])),
                    body=op.get("requestBody"),
                    responses=op.get("responses", {}),
                    secured=default_security if security is None else bool(security),
                )

    def validator(self, schema: Mapping[str, Any]) -> Any:
        return OpenApiValidator(schema, registry=self.registry, format_checker=FormatChecker())

    def schema_errors(self, schema: str | Mapping[str, Any], instance: Any) -> list[str]:
        """Errors of `instance` against a component (by name) or an inline schema."""
        if isinstance(schema, str):
            schema = {"$ref": f"{self.uri}{SCHEMAS}{schema}"}
        elif "$ref" in schema and str(schema["$ref"]).startswith("#"):
            schema = {"$ref": f"{self.uri}{schema['$ref']}"}
        errors = sorted(self.validator(schema).iter_errors(instance), key=lambda e: list(e.path))
        # A discriminated base is checked directly and again through its mapped schema's allOf.
        lines = (f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors)
        return [_shorten(line) for line in dict.fromkeys(lines)]

    def find(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """The operation for a request; templated paths match after literal ones."""
        matches = []
        for op in self.operations:
            found = op.pattern.match(path)
            if found and op.method == method.upper():
                matches.append((op.template.count("{"), op, found.groupdict()))
        if not matches:
            return None
        _, op, params = min(matches, key=lambda m: m[0])
        return op, params

    def check_request(
        self,
        method: str,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        body: bytes,
    ) -> tuple[Operation | None, list[str]]:
        """Every way this request departs from the spec (empty list: it conforms)."""
        found = self.find(method, path)
        if found is None:
            return None, [f"{method} {path}: no such operation in the spec"]
        op, path_params = found
        lowered = {k.lower(): v for k, v in headers.items()}
        errors: list[str] = []
        if op.secured and not lowered.get("authorization", "").startswith("Bearer "):
            errors.append("Authorization: a Bearer channel access token is required")
        sources = {"path": path_params, "query": dict(query), "header": lowered}
        for param in op.parameters:
            where = param["in"]
            key = param["name"].lower() if where == "header" else param["name"]
            value = sources.get(where, {}).get(key)
            if value is None:
                if param.get("required"):
                    errors.append(f"{where} parameter {param['name']} is required")
                continue
            schema = param.get("schema", {})
            if schema.get("type") == "integer" and re.fullmatch(r"-?\d+", value):
                value = int(value)
            errors += [f"{where} {param['name']}: {e}" for e in self.schema_errors(schema, value)]
        errors += self._check_body(op, lowered.get("content-type", ""), body)
        return op, [f"{op.operation_id}: {e}" for e in errors]

    def _check_body(self, op: Operation, content_type: str, body: bytes) -> list[str]:
        if op.body is None:
            return [] if not body else ["this operation takes no request body"]
        if not body:
            return ["a request body is required"] if op.body.get("required") else []
        media = content_type.split(";")[0].strip().lower()
        content = op.body.get("content", {})
        if media not in content:
            return [f"Content-Type {media!r} is not one of {sorted(content)}"]
        if "json" not in media:
            return []
        try:
            instance = json.loads(body)
        except ValueError as exc:
            return [f"body is not JSON: {exc}"]
        return [f"body {e}" for e in self.schema_errors(content[media]["schema"], instance)]

    def check_response(self, op: Operation, status: int, body: Any) -> list[str]:
        """Errors of a response the stub is about to send (so its answers stay realistic)."""
        response = op.responses.get(str(status)) or op.responses.get("default")
        if response is None:
            return [f"{op.operation_id}: status {status} is not documented"]
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            return []
        return [f"{op.operation_id} response {e}" for e in self.schema_errors(schema, body)]
