"""Audit-sink's pure logic: what an audit record holds, built from an explicit allow-list.

A record keeps what an auditor needs (who, when, which decision, which detectors fired and
where) and nothing that could reproduce the judged text: lengths, keyed digests (HMAC) and
finding metadata only. Fields are copied one by one rather than dumping the event, so a
field added to an event later never reaches the log without a decision here.
"""

from datetime import UTC, datetime
from typing import Any

from agentguard.contracts import (
    Finding,
    Identity,
    IncompleteCheck,
    VerdictIssued,
    ViolationDetected,
)
from agentguard.shared.digest import keyed_digest

__all__ = ["SecurityEventT", "audit_fields", "iso_utc"]

SecurityEventT = VerdictIssued | ViolationDetected


def iso_utc(moment: datetime) -> str:
    """Fixed-width UTC timestamp (microseconds, Z), so timestamps compare as strings."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _identity(identity: Identity, digest_key: bytes) -> dict[str, Any]:
    ip = identity.client_ip
    return {
        "tenant_id": identity.tenant_id,
        "user_id": identity.user_id,
        "session_id": identity.session_id,
        "api_key_id": identity.api_key_id,
        # An IP address is personal data: the log keeps a keyed digest that still correlates.
        "client_ip_digest": None if ip is None else keyed_digest(digest_key, str(ip)),
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "detector": finding.detector,
        "category": finding.category.value,
        "type": finding.type,
        "start": finding.start,
        "end": finding.end,
        "score": finding.score,
        "layer": finding.layer,
        "reason": finding.reason,
        "digest": finding.digest,
    }


def _incomplete(item: IncompleteCheck) -> dict[str, Any]:
    return {"check": item.check, "reason": item.reason.value, "detail": item.detail}


def _event(event: SecurityEventT, digest_key: bytes) -> dict[str, Any]:
    common: dict[str, Any] = {
        "message_id": event.message_id,
        "correlation_id": event.correlation_id,
        "schema_version": event.schema_version,
        "occurred_at": iso_utc(event.occurred_at),
        "producer": event.producer,
        "request_id": event.request_id,
        "check": event.check.value,
        "identity": _identity(event.identity, digest_key),
        "decision": event.decision.value,
    }
    if isinstance(event, VerdictIssued):
        return common | {
            "provenance": None if event.provenance is None else event.provenance.value,
            "risk": event.risk,
            "findings": [_finding(f) for f in event.findings],
            "incomplete": [_incomplete(i) for i in event.incomplete],
            "text_length": event.text_length,
            "text_digest": event.text_digest,
            "latency_ms": event.latency_ms,
            "policy": event.policy.model_dump(mode="json"),
        }
    return common | {
        "verdict_event_id": event.verdict_event_id,
        "finding": _finding(event.finding),
        "severity": event.severity.value,
    }


def _categories(event: SecurityEventT) -> list[str]:
    if isinstance(event, VerdictIssued):
        return sorted({f.category.value for f in event.findings})
    return [event.finding.category.value]


def audit_fields(
    event: SecurityEventT, *, recorded_at: datetime, digest_key: bytes
) -> dict[str, Any]:
    """The record of one event, without its seq (the log assigns it); event_id comes first.

    The top-level fields are what `agentguard audit query` filters on; "event" holds the
    allow-listed summary of the event itself.
    """
    return {
        "event_id": event.message_id,
        "kind": event.kind,
        "recorded_at": iso_utc(recorded_at),
        "occurred_at": iso_utc(event.occurred_at),
        "tenant_id": event.identity.tenant_id,
        "user_id": event.identity.user_id,
        "decision": event.decision.value,
        "categories": _categories(event),
        "event": _event(event, digest_key),
    }
