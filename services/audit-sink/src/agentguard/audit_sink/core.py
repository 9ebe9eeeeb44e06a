"""Audit-sink's pure logic: what an audit record holds (never raw text)."""

from typing import Any

from agentguard.contracts import VerdictIssued, ViolationDetected

__all__ = ["record_body"]


def record_body(event: VerdictIssued | ViolationDetected) -> dict[str, Any]:
    """The event as a JSON-ready dict; events carry digests and lengths, not text."""
    return event.model_dump(mode="json")
