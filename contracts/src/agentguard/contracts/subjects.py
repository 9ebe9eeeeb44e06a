"""Every NATS subject, queue group, stream and durable name of the mesh.

Services import these constants; no service spells a subject as a literal.
"""

import base64
import re
from dataclasses import dataclass

from agentguard.contracts.enums import Category, Decision, Severity

__all__ = [
    "CHECK_INPUT",
    "CHECK_OUTPUT",
    "DLQ_ALL",
    "DURABLE_AUDIT",
    "DURABLE_INCIDENTS",
    "EVENTS_ALL",
    "INCIDENTS_ALL",
    "PROMPT_GUARD_ANALYZE",
    "QUEUE_OUTPUT_CHECKER",
    "QUEUE_PROMPT_GUARD",
    "QUEUE_VALIDATOR",
    "STREAMS",
    "STREAM_DLQ",
    "STREAM_EVENTS",
    "STREAM_INCIDENTS",
    "VERDICTS_ALL",
    "VIOLATIONS_ALL",
    "StreamSpec",
    "dlq_subject",
    "incident_subject",
    "subject_token",
    "verdict_subject",
    "violation_subject",
]

# Request-reply entry points for agent platforms.
CHECK_INPUT = "security.check"
CHECK_OUTPUT = "security.check.output"

# Inside the mesh: the validator fans the input out to prompt-guard.
PROMPT_GUARD_ANALYZE = "security.internal.prompt_guard.analyze"

QUEUE_VALIDATOR = "validator"
QUEUE_PROMPT_GUARD = "prompt-guard"
QUEUE_OUTPUT_CHECKER = "output-checker"

EVENTS_ALL = "security.events.>"
VERDICTS_ALL = "security.events.verdict.>"
VIOLATIONS_ALL = "security.events.violation.>"
INCIDENTS_ALL = "security.incidents.>"
DLQ_ALL = "security.dlq.>"

STREAM_EVENTS = "SECURITY_EVENTS"
STREAM_INCIDENTS = "SECURITY_INCIDENTS"
STREAM_DLQ = "SECURITY_DLQ"

DURABLE_AUDIT = "audit-sink"
DURABLE_INCIDENTS = "incident-responder"

_PLAIN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def subject_token(value: str) -> str:
    """One subject token (or KV key token) for value, injective across all values.

    Plain when it is already a safe token; otherwise '=' + base64url, so that tenants
    'acme.corp' and 'acme_corp' can never share a subject (plain tokens never start with '=').
    """
    if _PLAIN.fullmatch(value):
        return value
    return "=" + base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")


def verdict_subject(decision: Decision) -> str:
    """Subject of a VerdictIssued event."""
    return f"security.events.verdict.{decision.value}"


def violation_subject(category: Category) -> str:
    """Subject of a ViolationDetected event."""
    return f"security.events.violation.{category.value}"


def incident_subject(severity: Severity, tenant_id: str) -> str:
    """Subject of an incident: platforms filter by severity and tenant."""
    return f"security.incidents.{severity.value}.{subject_token(tenant_id)}"


def dlq_subject(worker: str) -> str:
    """Subject of a worker's dead letters."""
    return f"security.dlq.{subject_token(worker)}"


@dataclass(frozen=True, slots=True)
class StreamSpec:
    """What a JetStream stream must look like; workers create or update it at start."""

    name: str
    subjects: tuple[str, ...]
    description: str
    max_age_s: float
    duplicate_window_s: float
    deny_delete: bool = False
    deny_purge: bool = False


STREAMS: tuple[StreamSpec, ...] = (
    StreamSpec(
        name=STREAM_EVENTS,
        subjects=(EVENTS_ALL,),
        description="Every verdict and violation; consumed by audit-sink and incident-responder.",
        max_age_s=7 * 24 * 3600,
        duplicate_window_s=120,
        # Audit evidence: no API call may delete or purge an event before max_age (docs/audit.md).
        deny_delete=True,
        deny_purge=True,
    ),
    StreamSpec(
        name=STREAM_INCIDENTS,
        subjects=(INCIDENTS_ALL,),
        description="Incidents for platforms, by severity and tenant.",
        max_age_s=30 * 24 * 3600,
        duplicate_window_s=120,
    ),
    StreamSpec(
        name=STREAM_DLQ,
        subjects=(DLQ_ALL,),
        description="Messages a worker rejected, with the reason.",
        max_age_s=14 * 24 * 3600,
        duplicate_window_s=120,
    ),
)
