"""Streamed outputs, canary tokens and redaction modes on the wire.

A platform sends a model's output chunk by chunk (`OutputChunk`, one request-reply per chunk
on `output_stream_subject(stream_id)`) and gets a `ChunkVerdict` for each: the text it may
deliver now, and whether to stop. Prompt-guard issues canaries (`IssueCanary` →
`CanaryIssued`) and keeps them in the `KV_CANARIES` bucket, where the output-checker finds
them by tenant and session.
"""

import hashlib
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, TypeAdapter

from agentguard.contracts.enums import RedactionMode
from agentguard.contracts.envelope import Envelope, Id
from agentguard.contracts.messages import (
    MAX_TEXT_CHARS,
    ErrorReply,
    Finding,
    Identity,
    PolicyHints,
)
from agentguard.contracts.subjects import subject_token

__all__ = [
    "CANARY_ISSUE",
    "CANARY_PREFIX",
    "CANARY_TTL_S",
    "KV_CANARIES",
    "KV_OUTPUT_STREAMS",
    "MAX_CHUNK_CHARS",
    "OUTPUT_STREAM_ALL",
    "OUTPUT_STREAM_PREFIX",
    "QUEUE_OUTPUT_STREAM",
    "CanaryIssued",
    "ChunkAction",
    "ChunkVerdict",
    "IssueCanary",
    "OutputChunk",
    "RedactionMode",
    "canary_key",
    "output_stream_subject",
    "parse_canary_reply",
    "parse_chunk_reply",
]

# Request-reply: a platform asks prompt-guard for a canary.
CANARY_ISSUE = "security.canary.issue"
# Request-reply per chunk; the last token is the stream id (so a deployment can partition).
OUTPUT_STREAM_PREFIX = "security.check.output.stream"
OUTPUT_STREAM_ALL = f"{OUTPUT_STREAM_PREFIX}.*"
QUEUE_OUTPUT_STREAM = "output-checker-stream"

# NATS KV bucket of issued canaries: key = canary_key(tenant, session), value = JSON list.
KV_CANARIES = "AGENTGUARD_CANARIES"
CANARY_TTL_S = 24 * 3600
# NATS KV bucket of live stream windows when replicas share them (encrypted values).
KV_OUTPUT_STREAMS = "AGENTGUARD_OUTPUT_STREAMS"
CANARY_PREFIX = "agc-"

MAX_CHUNK_CHARS = 64_000


def output_stream_subject(stream_id: str) -> str:
    """Subject of one stream's chunks."""
    return f"{OUTPUT_STREAM_PREFIX}.{subject_token(stream_id)}"


def canary_key(tenant_id: str, session_id: str) -> str:
    """KV key of a session's canaries (a digest: any Id is safe, tenants never collide)."""
    return hashlib.sha256(f"{tenant_id}\x00{session_id}".encode()).hexdigest()


class ChunkAction(StrEnum):
    """What the platform does with a chunk."""

    PASS = "pass"  # noqa: S105 - an action name, not a password; deliver `emit` as is
    REDACT = "redact"  # deliver `emit`; it has placeholders in place of leaked values
    STOP = "stop"  # a blocking leak: deliver nothing more and end the stream
    HOLD = "hold"  # arrived early (sequence gap): kept until the missing chunks arrive
    DUPLICATE = "duplicate"  # already processed (redelivery): nothing new to deliver


class IssueCanary(Envelope):
    """Ask prompt-guard for a canary token to embed in a session's system prompt."""

    kind: Literal["issue_canary"] = Field(default="issue_canary", description="Type tag.")
    identity: Identity = Field(description="Tenant and session the canary is for.")


class CanaryIssued(Envelope):
    """A canary issued for a session; any output containing it is a critical leak."""

    kind: Literal["canary_issued"] = Field(default="canary_issued", description="Type tag.")
    request_id: Id = Field(description="message_id of the IssueCanary request.")
    session_id: Id = Field(description="Session the canary belongs to.")
    canary: str = Field(min_length=8, max_length=128, description="The token to embed.")
    expires_at: AwareDatetime = Field(description="When the mesh forgets it (UTC).")


class OutputChunk(Envelope):
    """One chunk of a streamed model output."""

    kind: Literal["output_chunk"] = Field(default="output_chunk", description="Type tag.")
    stream_id: Id = Field(description="The stream (one model response) this chunk belongs to.")
    seq: int = Field(ge=0, le=1_000_000, description="Position in the stream, from 0.")
    text: str = Field(max_length=MAX_CHUNK_CHARS, description="The chunk's text.")
    final: bool = Field(default=False, description="Last chunk: release everything held.")
    identity: Identity = Field(default_factory=Identity, description="Who it is for.")
    system_prompt: str | None = Field(
        default=None,
        max_length=MAX_TEXT_CHARS,
        description="The system prompt (first chunk only is enough), for leak detection.",
    )
    canaries: tuple[str, ...] = Field(
        default=(), description="Extra canaries; the session's issued ones are looked up."
    )
    destination: Literal["user", "tool"] = Field(
        default="user", description="Where the output goes; tool calls get command checks."
    )
    redaction: RedactionMode | None = Field(
        default=None, description="Redaction mode; default: the worker's setting."
    )
    policy: PolicyHints = Field(default_factory=PolicyHints, description="Policy hints.")


class ChunkVerdict(Envelope):
    """The answer to one chunk: what to deliver now, or stop."""

    kind: Literal["chunk_verdict"] = Field(default="chunk_verdict", description="Type tag.")
    request_id: Id = Field(description="message_id of the OutputChunk this answers.")
    stream_id: Id = Field(description="The stream.")
    seq: int = Field(ge=0, description="The chunk's sequence number.")
    action: ChunkAction = Field(description="pass, redact, stop, hold or duplicate.")
    emit: str = Field(
        default="", description="Text to deliver now (redacted); may cover held chunks."
    )
    emit_offset: int = Field(
        default=0, ge=0, description="Offset in the whole original output where `emit` starts."
    )
    released_through: int = Field(
        default=-1, ge=-1, description="Highest seq whose text is fully consumed (-1: none)."
    )
    held_chars: int = Field(
        default=0, ge=0, description="Characters kept back until the next chunk decides them."
    )
    findings: tuple[Finding, ...] = Field(
        default=(), description="New findings; offsets index the whole original output."
    )
    reasons: tuple[str, ...] = Field(default=(), description="Short human-readable reasons.")
    vault: str | None = Field(
        default=None,
        description="Reversible mode: encrypted originals of the placeholders in emit.",
    )
    closed: bool = Field(default=False, description="The stream is finished or stopped.")
    latency_ms: float = Field(ge=0.0, description="Time spent on this chunk in the mesh.")


ChunkReply = Annotated[ChunkVerdict | ErrorReply, Field(discriminator="kind")]
CanaryReply = Annotated[CanaryIssued | ErrorReply, Field(discriminator="kind")]
_CHUNK_ADAPTER: TypeAdapter[ChunkVerdict | ErrorReply] = TypeAdapter(ChunkReply)
_CANARY_ADAPTER: TypeAdapter[CanaryIssued | ErrorReply] = TypeAdapter(CanaryReply)


def parse_chunk_reply(data: bytes | str) -> ChunkVerdict | ErrorReply:
    """Decode the mesh's answer to an OutputChunk."""
    return _CHUNK_ADAPTER.validate_json(data)


def parse_canary_reply(data: bytes | str) -> CanaryIssued | ErrorReply:
    """Decode the mesh's answer to an IssueCanary."""
    return _CANARY_ADAPTER.validate_json(data)
