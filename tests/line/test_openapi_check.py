"""The spec checker the stub relies on: discriminators resolved, LINE's limits applied."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft4Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4

from tests.line import events
from tests.line.openapi_check import SPECS, OpenApiSpec

TEXT_WITHOUT_TEXT = {"to": events.user(), "messages": [{"type": "text"}]}


@pytest.fixture(scope="module")
def spec() -> OpenApiSpec:
    return OpenApiSpec.load("messaging-api")


def test_a_plain_validator_lets_a_text_message_without_text_through() -> None:
    """Why the checker exists: without discriminator resolution this passes."""
    import yaml

    document = yaml.safe_load((SPECS / "messaging-api.yml").read_text(encoding="utf-8"))
    registry = Registry().with_resource("urn:plain", DRAFT4.create_resource(document))
    schema = {"$ref": "urn:plain#/components/schemas/PushMessageRequest"}
    assert Draft4Validator(schema, registry=registry).is_valid(TEXT_WITHOUT_TEXT)


def test_discriminator_sends_a_text_message_to_text_message_schema(spec: OpenApiSpec) -> None:
    assert spec.schema_errors("PushMessageRequest", TEXT_WITHOUT_TEXT) == [
        "messages/0: 'text' is a required property"
    ]


def test_unmapped_discriminator_value_is_refused(spec: OpenApiSpec) -> None:
    body = {"to": events.user(), "messages": [{"type": "txt", "text": "hi"}]}
    (error,) = spec.schema_errors("PushMessageRequest", body)
    assert error.startswith("messages/0: type 'txt' is not one of")


def test_nested_discriminator_checks_the_postback_action(spec: OpenApiSpec) -> None:
    """Action -> PostbackAction: `data` over 300 characters is caught two levels down."""
    item = {"type": "action", "action": {"type": "postback", "label": "Go", "data": "x" * 301}}
    body = {
        "to": events.user(),
        "messages": [{"type": "text", "text": "hi", "quickReply": {"items": [item]}}],
    }
    (error,) = spec.schema_errors("PushMessageRequest", body)
    assert error.startswith("messages/0/quickReply/items/0/action/data:")


@pytest.mark.parametrize(
    ("message", "fragment"),
    [
        ({"type": "text", "text": "x" * 5001}, "messages/0/text"),
        ({"type": "text", "text": ""}, "messages/0/text"),
        (
            {
                "type": "text",
                "text": "hi",
                "quickReply": {
                    "items": [
                        {
                            "type": "action",
                            "action": {"type": "postback", "label": "x" * 21, "data": "d"},
                        }
                    ]
                },
            },
            "action/label",
        ),
        (
            {
                "type": "text",
                "text": "hi",
                "quickReply": {
                    "items": [
                        {
                            "type": "action",
                            "action": {"type": "postback", "label": "a", "data": "d"},
                        }
                    ]
                    * 14
                },
            },
            "quickReply/items",
        ),
    ],
)
def test_documented_limits_are_enforced(spec: OpenApiSpec, message: dict, fragment: str) -> None:
    errors = spec.schema_errors("PushMessageRequest", {"to": events.user(), "messages": [message]})
    assert errors and all(fragment in e for e in errors)


def test_valid_push_request_conforms(spec: OpenApiSpec) -> None:
    body = json.dumps({"to": events.user(), "messages": [{"type": "text", "text": "hi"}]}).encode()
    headers = {
        "Authorization": "Bearer t",
        "Content-Type": "application/json",
        "X-Line-Retry-Key": "123e4567-e89b-12d3-a456-426614174000",
    }
    op, errors = spec.check_request("POST", "/v2/bot/message/push", {}, headers, body)
    assert op is not None and op.operation_id == "pushMessage"
    assert errors == []


@pytest.mark.parametrize(
    ("method", "path", "headers", "body", "expected"),
    [
        ("POST", "/v2/bot/message/pushh", {}, b"", "no such operation"),
        ("GET", "/v2/bot/info", {}, b"", "Bearer"),
        ("POST", "/v2/bot/message/push", {"X-Line-Retry-Key": "nope"}, b"{}", "is not a 'uuid'"),
        ("POST", "/v2/bot/message/push", {}, b"", "request body is required"),
        ("POST", "/v2/bot/message/push", {"Content-Type": "text/plain"}, b"x", "Content-Type"),
        ("POST", "/v2/bot/message/push", {}, b"{not json", "not JSON"),
    ],
)
def test_request_departures_are_named(
    spec: OpenApiSpec, method: str, path: str, headers: dict, body: bytes, expected: str
) -> None:
    headers = {"Authorization": "Bearer t", "Content-Type": "application/json", **headers}
    if path.endswith("/info"):
        headers.pop("Authorization")
    _, errors = spec.check_request(method, path, {}, headers, body)
    assert any(expected in e for e in errors), errors


def test_templated_path_finds_its_operation(spec: OpenApiSpec) -> None:
    found = spec.find("GET", f"/v2/bot/profile/{events.user()}")
    assert found is not None
    assert found[0].operation_id == "getProfile"
    assert found[1] == {"userId": events.user()}


@pytest.mark.parametrize(
    "name", sorted(p.stem for p in events.PAYLOADS.glob("*.json") if p.stem != "unknown-event")
)
def test_recorded_payloads_conform_to_the_webhook_spec(name: str) -> None:
    assert OpenApiSpec.load("webhook").schema_errors("CallbackRequest", events.recorded(name)) == []


def test_the_unknown_event_payload_is_not_in_the_spec() -> None:
    errors = OpenApiSpec.load("webhook").schema_errors(
        "CallbackRequest", events.recorded("unknown-event")
    )
    assert any("somethingNew" in e for e in errors)


def test_factory_bodies_conform_to_the_webhook_spec() -> None:
    body = events.delivery(
        events.text("hi"),
        events.sticker(),
        events.postback("lang:th"),
        events.follow(),
        events.unfollow(),
        events.text("again", redelivery=True),
    )
    assert OpenApiSpec.load("webhook").schema_errors("CallbackRequest", body) == []
