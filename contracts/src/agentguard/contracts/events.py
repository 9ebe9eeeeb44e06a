"""Events the mesh publishes on JetStream. None carries raw prompt or secret text."""

from typing import Literal

from pydantic import Field

from agentguard.contracts.enums import (
    Category,
    CheckKind,
    Decision,
    ErrorCode,
    Provenance,
    Severity,
)
from agentguard.contracts.envelope import Envelope, Id
from agentguard.contracts.messages import Finding, Identity, IncompleteCheck, PolicyHints

__all__ = [
    "DeadLetter",
    "IncidentOpened",
    "VerdictIssued",
    "ViolationDetected",
]


class VerdictIssued(Envelope):
    """A verdict was issued (every verdict, allow included)."""

    kind: Literal["verdict_issued"] = Field(default="verdict_issued", description="Type tag.")
    request_id: Id = Field(description="The judged request's message_id.")
    check: CheckKind = Field(description="input or output.")
    provenance: Provenance | None = Field(default=None, description="Provenance of an input.")
    identity: Identity = Field(description="Who sent it.")
    decision: Decision = Field(description="The decision.")
    risk: float = Field(ge=0.0, le=1.0, description="Overall risk score.")
    findings: tuple[Finding, ...] = Field(default=(), description="Findings (no raw text).")
    incomplete: tuple[IncompleteCheck, ...] = Field(default=(), description="Unfinished checks.")
    text_length: int = Field(ge=0, description="Length of the judged text in characters.")
    text_digest: str = Field(description="Keyed hash (HMAC-SHA256, hex) of the judged text.")
    latency_ms: float = Field(ge=0.0, description="Time to verdict.")
    policy: PolicyHints = Field(
        default_factory=PolicyHints,
        description="The caller's policy hints (skipped checks, threshold, fail-open), audited.",
    )


class ViolationDetected(Envelope):
    """One finding that made a verdict block or sanitize."""

    kind: Literal["violation_detected"] = Field(
        default="violation_detected", description="Type tag."
    )
    request_id: Id = Field(description="The judged request's message_id.")
    verdict_event_id: Id = Field(description="message_id of the VerdictIssued event.")
    check: CheckKind = Field(description="input or output.")
    identity: Identity = Field(description="Who sent it.")
    decision: Decision = Field(description="The verdict's decision.")
    finding: Finding = Field(description="The finding.")
    severity: Severity = Field(description="Severity of this violation on its own.")


class IncidentOpened(Envelope):
    """The incident responder opened an incident."""

    kind: Literal["incident_opened"] = Field(default="incident_opened", description="Type tag.")
    incident_id: Id = Field(description="Stable incident id.")
    severity: Severity = Field(description="Severity.")
    identity: Identity = Field(description="Whom the incident is about.")
    rule: str = Field(description="Rule that opened it.")
    summary: str = Field(max_length=500, description="Human-readable summary, no raw text.")
    categories: tuple[Category, ...] = Field(description="Categories of the violations.")
    event_ids: tuple[Id, ...] = Field(description="Violation events grouped in this incident.")


class DeadLetter(Envelope):
    """A message a worker could not process; kept so nothing is lost."""

    kind: Literal["dead_letter"] = Field(default="dead_letter", description="Type tag.")
    worker: str = Field(description="Worker that rejected it.")
    subject: str = Field(description="Subject it arrived on.")
    code: ErrorCode = Field(description="Typed reason.")
    reason: str = Field(max_length=1000, description="Human-readable reason.")
    payload_length: int = Field(ge=0, description="Size of the payload in bytes.")
    payload_digest: str = Field(description="SHA-256 of the payload (hex).")
    payload_b64: str | None = Field(
        default=None,
        description="The payload (base64) for replay, when small enough; DLQ access is restricted.",
    )
