"""The codec rejects bad payloads with typed errors and never echoes their content."""

import json

import pytest

from agentguard.contracts import CheckInput, CheckOutput, ErrorCode
from agentguard.shared.codec import decode, encode
from agentguard.shared.errors import DecodeError

SECRET_TEXT = "my password is hunter2-very-secret"


def _payload(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_round_trip() -> None:
    request = CheckInput(text="hello")
    assert decode(encode(request), CheckInput, max_bytes=10_000) == request


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (b"{not json", ErrorCode.MALFORMED_JSON),
        (b"\xff\xfe", ErrorCode.MALFORMED_JSON),
        (b"[1, 2]", ErrorCode.MALFORMED_JSON),
        (_payload(text="x", schema_version="9.9"), ErrorCode.UNSUPPORTED_SCHEMA_VERSION),
        (_payload(text="x", kind="check_output"), ErrorCode.UNKNOWN_KIND),
        (_payload(txt="x"), ErrorCode.INVALID_ENVELOPE),
        (_payload(text="x", provenance="satellite"), ErrorCode.INVALID_ENVELOPE),
        (_payload(text="x", surprise=1), ErrorCode.INVALID_ENVELOPE),
    ],
)
def test_typed_errors(payload: bytes, code: ErrorCode) -> None:
    with pytest.raises(DecodeError) as info:
        decode(payload, CheckInput, max_bytes=10_000)
    assert info.value.code is code
    assert info.value.reason


def test_oversize_is_rejected_before_parsing() -> None:
    with pytest.raises(DecodeError) as info:
        decode(b"x" * 101, CheckInput, max_bytes=100)
    assert info.value.code is ErrorCode.PAYLOAD_TOO_LARGE


def test_error_reason_never_contains_the_text() -> None:
    bad = _payload(text=SECRET_TEXT, deadline_ms=SECRET_TEXT, message_id="req-1")
    with pytest.raises(DecodeError) as info:
        decode(bad, CheckInput, max_bytes=10_000)
    assert SECRET_TEXT not in info.value.reason
    assert "deadline_ms" in info.value.reason
    assert info.value.request_id == "req-1"


def test_kind_is_checked_per_model() -> None:
    payload = encode(CheckInput(text="x"))
    with pytest.raises(DecodeError) as info:
        decode(payload, CheckOutput, max_bytes=10_000)
    assert info.value.code is ErrorCode.UNKNOWN_KIND


@pytest.mark.parametrize(
    "payload",
    [
        _payload(text="x", kind=SECRET_TEXT),
        _payload(text="x", schema_version=SECRET_TEXT),
        _payload(text="x", **{SECRET_TEXT: 1}),
        _payload(text="x", deadline_ms="x", message_id=SECRET_TEXT),
    ],
    ids=["kind", "version", "extra-key", "message-id"],
)
def test_no_client_value_is_echoed(payload: bytes) -> None:
    with pytest.raises(DecodeError) as info:
        decode(payload, CheckInput, max_bytes=10_000)
    assert SECRET_TEXT not in info.value.reason
    assert SECRET_TEXT not in str(info.value.request_id)
