"""Turn raw NATS payloads into contract messages, or a typed DecodeError.

Error texts never echo the payload: pydantic's messages are rebuilt without input values
so a rejected prompt cannot reach a reply, a log or a dead letter's reason.
"""

import json
from typing import Any, TypeVar

import re2
from pydantic import BaseModel, ValidationError

from agentguard.contracts import SCHEMA_VERSION, ErrorCode
from agentguard.shared.errors import DecodeError

__all__ = ["decode", "encode"]

M = TypeVar("M", bound=BaseModel)

_ID = re2.compile(r"[A-Za-z0-9_.:@/+=-]{1,128}")


def encode(message: BaseModel) -> bytes:
    """Serialize a contract message for the wire."""
    return message.model_dump_json().encode()


def _kind_of(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("kind")
    default = field.default if field is not None else None
    return default if isinstance(default, str) else None


def _summarize(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_input=False, include_url=False)[:5]:
        # An unknown key's name is client data too: name its place, not the key.
        path: list[object] = list(err["loc"])
        if err["type"] == "extra_forbidden" and path:
            path[-1] = "<extra field>"
        loc = ".".join(str(p) for p in path) or "<root>"
        parts.append(f"{loc}: {err['msg']}")
    more = exc.error_count() - len(parts)
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def decode(payload: bytes, model: type[M], *, max_bytes: int) -> M:
    """Decode and validate payload as model, enforcing size, version and kind."""
    if len(payload) > max_bytes:
        raise DecodeError(
            ErrorCode.PAYLOAD_TOO_LARGE, f"payload is {len(payload)} bytes, limit {max_bytes}"
        )
    try:
        raw: Any = json.loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DecodeError(
            ErrorCode.MALFORMED_JSON, f"not valid JSON: {type(exc).__name__}"
        ) from None
    if not isinstance(raw, dict):
        raise DecodeError(ErrorCode.MALFORMED_JSON, "top-level JSON value must be an object")
    message_id = raw.get("message_id")
    # Only a well-formed id is echoed: a client could put prompt text in any field.
    request_id = message_id if isinstance(message_id, str) and _ID.fullmatch(message_id) else None
    version = raw.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise DecodeError(
            ErrorCode.UNSUPPORTED_SCHEMA_VERSION,
            f"schema_version is not {SCHEMA_VERSION!r}",
            request_id,
        )
    expected = _kind_of(model)
    kind = raw.get("kind", expected)
    if expected is not None and kind != expected:
        raise DecodeError(
            ErrorCode.UNKNOWN_KIND,
            f"kind is not accepted here (expected {expected!r})",
            request_id,
        )
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise DecodeError(ErrorCode.INVALID_ENVELOPE, _summarize(exc), request_id) from None
