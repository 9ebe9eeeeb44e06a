"""Enforcement and incident-lifecycle contract: blocks, modes, rate counters, incident events.

Everything a platform, the CLI or a worker needs to read or write enforcement state is
named here: KV bucket names and key layout, the rate-counter stream, the control subjects,
the entry stored per block or mode, and the events and commands of an incident's life.
Nothing in this module does I/O.
"""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, TypeAdapter

from agentguard.contracts.enums import Category, Severity
from agentguard.contracts.envelope import Envelope, FrozenModel, Id
from agentguard.contracts.events import IncidentOpened
from agentguard.contracts.messages import Identity
from agentguard.contracts.subjects import subject_token

__all__ = [
    "DURABLE_ALERTS",
    "ENFORCEMENT_BUCKET",
    "INCIDENT_ACKNOWLEDGE",
    "INCIDENT_RESOLVE",
    "INCIDENT_STATE_BUCKET",
    "QUEUE_INCIDENT_CONTROL",
    "RATE_MAX_WINDOW_S",
    "RATE_STREAM",
    "RATE_SUBJECTS",
    "AcknowledgeIncident",
    "EnforcementAction",
    "EnforcementEntry",
    "IncidentCommandResult",
    "IncidentEscalated",
    "IncidentEvent",
    "IncidentStatus",
    "IncidentStatusChanged",
    "ResolveIncident",
    "TargetKind",
    "enforcement_key",
    "incident_event_adapter",
    "key_token",
    "parse_incident_event",
    "rate_subject",
    "targets_of",
]

# KV bucket of blocks, strict modes and debug switches; every validator replica watches it.
ENFORCEMENT_BUCKET = "AGENTGUARD_ENFORCEMENT"
# KV bucket of the incident-responder's per-actor history and open incidents (CAS-updated).
INCIDENT_STATE_BUCKET = "AGENTGUARD_INCIDENTS"
# JetStream counter stream (ADR-49, Nats-Incr) shared by every validator for rate limits.
RATE_STREAM = "AGENTGUARD_RATE"
RATE_SUBJECTS = "agentguard.rate.>"
# Counter streams refuse per-message TTLs; the stream's max_age retires old windows instead,
# so no window may be longer than this.
RATE_MAX_WINDOW_S = 3600

# Request-reply commands served by the incident-responder (queue group).
INCIDENT_ACKNOWLEDGE = "security.control.incident.acknowledge"
INCIDENT_RESOLVE = "security.control.incident.resolve"
QUEUE_INCIDENT_CONTROL = "incident-responder"
# Durable consumer on the incident stream that delivers alerts to webhook and log sinks.
DURABLE_ALERTS = "incident-alerts"


class TargetKind(StrEnum):
    """What an enforcement entry applies to: one identity field, or a whole tenant."""

    USER = "user"
    SESSION = "session"
    IP = "ip"
    API_KEY = "api_key"
    TENANT = "tenant"


class EnforcementAction(StrEnum):
    """What an enforcement entry does while it lives."""

    BLOCK = "block"
    STRICT = "strict"
    DEBUG = "debug"


class IncidentStatus(StrEnum):
    """Lifecycle of an incident."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


def key_token(value: str) -> str:
    """One KV-key or subject token for value, injective (see `subjects.subject_token`)."""
    return subject_token(value)


def enforcement_key(
    action: EnforcementAction, tenant_id: str, kind: TargetKind, value: str = "_"
) -> str:
    """Key of an entry in ENFORCEMENT_BUCKET: <action>.<tenant>.<kind>.<value>."""
    return f"{action.value}.{key_token(tenant_id)}.{kind.value}.{key_token(value)}"


def targets_of(identity: Identity) -> tuple[tuple[TargetKind, str], ...]:
    """Every (kind, value) an enforcement entry could match for this identity."""
    found: list[tuple[TargetKind, str]] = []
    if identity.user_id:
        found.append((TargetKind.USER, identity.user_id))
    if identity.session_id:
        found.append((TargetKind.SESSION, identity.session_id))
    if identity.client_ip is not None:
        found.append((TargetKind.IP, str(identity.client_ip)))
    if identity.api_key_id:
        found.append((TargetKind.API_KEY, identity.api_key_id))
    found.append((TargetKind.TENANT, "_"))
    return tuple(found)


def rate_subject(scope: TargetKind, tenant_id: str, value: str, window_s: int, index: int) -> str:
    """Counter subject of one rate-limit window in RATE_STREAM."""
    return (
        f"agentguard.rate.{scope.value}.{key_token(tenant_id)}.{key_token(value)}"
        f".{window_s}.{index}"
    )


class EnforcementEntry(FrozenModel):
    """Value stored under enforcement_key(...): a block, strict mode or debug switch."""

    action: EnforcementAction = Field(description="block, strict or debug.")
    tenant_id: Id = Field(description="Tenant the entry applies in.")
    target: TargetKind = Field(description="Which identity field it matches.")
    value: str = Field(
        max_length=128, description="The matched value (user id, IP, key id; '_' for tenant)."
    )
    reason: str = Field(default="", max_length=300, description="Why, for operators; no raw text.")
    incident_id: Id | None = Field(default=None, description="Incident that caused it, if any.")
    created_by: str = Field(max_length=128, description="Worker or operator that wrote it.")
    created_at: AwareDatetime = Field(description="When it was written (UTC).")
    expires_at: AwareDatetime = Field(
        description="When it stops applying; readers enforce it, the KV TTL then removes it."
    )

    @property
    def key(self) -> str:
        """Its key in ENFORCEMENT_BUCKET."""
        return enforcement_key(self.action, self.tenant_id, self.target, self.value)

    def active(self, now: datetime) -> bool:
        """Whether it applies at now."""
        return now < self.expires_at


class IncidentEscalated(Envelope):
    """An open incident reached a higher severity (grouped violations kept coming)."""

    kind: Literal["incident_escalated"] = Field(default="incident_escalated", description="Tag.")
    incident_id: Id = Field(description="The incident's stable id.")
    severity: Severity = Field(description="New severity.")
    previous_severity: Severity = Field(description="Severity before this escalation.")
    identity: Identity = Field(description="Whom the incident is about.")
    rule: str = Field(max_length=200, description="Rule that escalated it.")
    summary: str = Field(max_length=500, description="Human-readable summary, no raw text.")
    categories: tuple[Category, ...] = Field(description="Categories grouped so far.")
    attempts: int = Field(ge=1, description="Distinct requests grouped in the incident.")
    event_ids: tuple[Id, ...] = Field(description="Violation events that caused the escalation.")


class IncidentStatusChanged(Envelope):
    """An operator acknowledged or resolved an incident."""

    kind: Literal["incident_status_changed"] = Field(
        default="incident_status_changed", description="Tag."
    )
    incident_id: Id = Field(description="The incident's stable id.")
    status: IncidentStatus = Field(description="New status.")
    severity: Severity = Field(description="Severity at the time of the change.")
    identity: Identity = Field(description="Whom the incident is about.")
    by: str = Field(max_length=128, description="Who changed it.")
    note: str = Field(default="", max_length=500, description="Operator's note.")


IncidentEvent = Annotated[
    IncidentOpened | IncidentEscalated | IncidentStatusChanged, Field(discriminator="kind")
]
incident_event_adapter: TypeAdapter[IncidentOpened | IncidentEscalated | IncidentStatusChanged] = (
    TypeAdapter(IncidentEvent)
)


def parse_incident_event(
    data: bytes | str,
) -> IncidentOpened | IncidentEscalated | IncidentStatusChanged:
    """Decode any message of the incident stream."""
    return incident_event_adapter.validate_json(data)


class AcknowledgeIncident(Envelope):
    """Command: an operator has seen the incident (it stays open and keeps grouping)."""

    kind: Literal["acknowledge_incident"] = Field(
        default="acknowledge_incident", description="Tag."
    )
    incident_id: Id = Field(description="Incident to acknowledge.")
    by: str = Field(max_length=128, description="Operator.")
    note: str = Field(default="", max_length=500, description="Note.")


class ResolveIncident(Envelope):
    """Command: close the incident; later violations open a new one. Blocks stay until TTL."""

    kind: Literal["resolve_incident"] = Field(default="resolve_incident", description="Tag.")
    incident_id: Id = Field(description="Incident to resolve.")
    by: str = Field(max_length=128, description="Operator.")
    note: str = Field(default="", max_length=500, description="Note.")


class IncidentCommandResult(Envelope):
    """The responder's reply to an acknowledge or resolve command."""

    kind: Literal["incident_command_result"] = Field(
        default="incident_command_result", description="Tag."
    )
    incident_id: Id = Field(description="The incident.")
    ok: bool = Field(description="Whether the change was applied (or already in place).")
    status: IncidentStatus | None = Field(default=None, description="Status after the command.")
    detail: str = Field(default="", max_length=300, description="Why not, when ok is false.")
