"""Incident-responder's pure logic: group violations per actor, grade, open, escalate, enforce.

State is one record per actor (the user, else the IP, session or API key of the identity),
updated with compare-and-set by the handler, so several responder replicas, concurrently
handled batches and redelivered events converge on the same incidents. A transition's events
and enforcement ride in the record's outbox and go out only after the record is saved, so a
writer that loses the race announces nothing. Every published id is derived from the
incident and the transition, so a repeated delivery is dropped by JetStream's duplicate
window.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from agentguard.contracts import Category, Identity, IncidentOpened, Severity, ViolationDetected
from agentguard.contracts.enforcement import (
    EnforcementAction,
    EnforcementEntry,
    IncidentCommandResult,
    IncidentEscalated,
    IncidentStatus,
    IncidentStatusChanged,
    TargetKind,
    key_token,
    targets_of,
)
from agentguard.contracts.subjects import incident_subject
from agentguard.incident_responder.rules import Attempt, TenantPolicy, grade, match_rule

__all__ = [
    "ActorState",
    "IncidentRecord",
    "Outbox",
    "Outcome",
    "Pending",
    "actor_key",
    "actor_of",
    "change_status",
    "incident_index_key",
    "observe",
]

_NAMESPACE = uuid.UUID("6f1c2a8e-4c1b-4e8e-9a51-3c2d9b7e0a11")
_SEEN_CAP = 512
_ATTEMPTS_CAP = 500  # also the largest escalation count (rules.Escalation)
_EVENT_IDS_CAP = 50

IncidentEvent = IncidentOpened | IncidentEscalated | IncidentStatusChanged


def _uid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, ":".join(parts)))


class IncidentRecord(BaseModel):
    """An actor's current incident, as kept in the state bucket."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    incident_id: str
    severity: Severity
    status: IncidentStatus = IncidentStatus.OPEN
    rule: str
    identity: Identity
    opened_at: AwareDatetime
    last_at: float = Field(description="Event time of the latest grouped violation (epoch s).")
    attempts: int = Field(ge=1, description="Distinct requests grouped.")
    categories: tuple[Category, ...]
    event_ids: tuple[str, ...]


class Pending(BaseModel):
    """An incident event saved with the transition that made it, not yet published."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    subject: str
    event: Annotated[IncidentEvent, Field(discriminator="kind")]


class Outbox(BaseModel):
    """What a saved transition still has to publish and enforce."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    events: tuple[Pending, ...] = ()
    enforcement: tuple[EnforcementEntry, ...] = ()
    opened: tuple[str, ...] = Field(default=(), description="Opened incidents to index.")

    def then(self, later: "Outbox | None") -> "Outbox":
        """This outbox followed by a later one (a state is never saved over undelivered work)."""
        if later is None:
            return self
        return Outbox(
            events=self.events + later.events,
            enforcement=self.enforcement + later.enforcement,
            opened=self.opened + later.opened,
        )


class ActorState(BaseModel):
    """Everything remembered about one actor."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    attempts: tuple[Attempt, ...] = ()
    seen: tuple[str, ...] = Field(default=(), description="Processed violation ids (bounded).")
    incident: IncidentRecord | None = None
    outbox: Outbox | None = Field(default=None, description="Saved, not yet delivered.")


def _queue(state: ActorState, later: Outbox | None) -> Outbox | None:
    return state.outbox.then(later) if state.outbox is not None else later


@dataclass(frozen=True, slots=True)
class Outcome:
    """What observing one violation leads to."""

    state: ActorState
    duplicate: bool = False
    severity: Severity | None = None
    events: list[tuple[str, IncidentEvent]] = field(default_factory=list)
    enforcement: list[EnforcementEntry] = field(default_factory=list)
    opened: str | None = None


def actor_of(identity: Identity) -> tuple[TargetKind, str]:
    """Whom violations are grouped under: user, else IP, session, API key, else the tenant."""
    return targets_of(identity)[0]


def actor_key(identity: Identity) -> str:
    """Key of the actor's state in INCIDENT_STATE_BUCKET."""
    kind, value = actor_of(identity)
    return f"act.{key_token(identity.tenant_id)}.{kind.value}.{key_token(value)}"


def incident_index_key(incident_id: str) -> str:
    """Key mapping an incident id to its actor's state key."""
    return f"inc.{key_token(incident_id)}"


def _summary(rec: IncidentRecord, why: str) -> str:
    cats = ",".join(c.value for c in rec.categories)
    return f"{rec.severity.value} {cats} by {actor_of(rec.identity)[0].value}: {why}"[:500]


def _enforce(
    policy: TenantPolicy, rec: IncidentRecord, producer: str, now: datetime
) -> list[EnforcementEntry]:
    kind, value = actor_of(rec.identity)
    if kind is TargetKind.TENANT:
        return []  # never lock out a whole tenant automatically
    out: list[EnforcementEntry] = []
    plan = (
        (EnforcementAction.BLOCK, policy.block_at, policy.block_ttl_s),
        (EnforcementAction.STRICT, policy.strict_at, policy.strict_ttl_s),
    )
    for action, at, ttl in plan:
        if at is not None and rec.severity.rank >= at.rank:
            out.append(
                EnforcementEntry(
                    action=action,
                    tenant_id=rec.identity.tenant_id,
                    target=kind,
                    value=value,
                    reason=f"{rec.severity.value} incident ({rec.rule})"[:300],
                    incident_id=rec.incident_id,
                    created_by=producer,
                    created_at=now,
                    expires_at=now + timedelta(seconds=ttl),
                )
            )
    return out


def observe(
    state: ActorState,
    violation: ViolationDetected,
    policy: TenantPolicy,
    *,
    producer: str,
    now: datetime,
) -> Outcome:
    """Fold one violation into its actor's state: grade, group, open or escalate, enforce."""
    if violation.message_id in state.seen:
        return Outcome(state=state, duplicate=True)
    at = violation.occurred_at.timestamp()
    new_request = all(a.request_id != violation.request_id for a in state.attempts)
    attempt = Attempt(request_id=violation.request_id, category=violation.finding.category, at=at)
    known = any(
        a.request_id == attempt.request_id and a.category is attempt.category
        for a in state.attempts
    )
    recent = state.attempts if known else (*state.attempts, attempt)
    # Bounded, so a flood cannot grow the record past the bucket's message size.
    history = tuple(a for a in recent if a.at >= at - policy.horizon_s)[-_ATTEMPTS_CAP:]
    rule = match_rule(violation, policy.rules)
    severity, why = grade(violation, rule, history)
    seen = (*state.seen, violation.message_id)[-_SEEN_CAP:]

    rec = state.incident
    if rec is not None and (
        rec.status is IncidentStatus.RESOLVED or at - rec.last_at > policy.group_window_s
    ):
        rec = None  # a quiet spell ends the grouping; the next violation opens a new incident
    events: list[tuple[str, IncidentEvent]] = []
    opened: str | None = None
    escalated = False
    if rec is None:
        if severity.rank >= policy.open_at.rank:
            rec = IncidentRecord(
                incident_id=_uid("incident", violation.message_id),
                severity=severity,
                rule=why,
                identity=violation.identity,
                opened_at=violation.occurred_at,
                last_at=at,
                attempts=1,
                categories=(violation.finding.category,),
                event_ids=(violation.message_id,),
            )
            opened = rec.incident_id
            events.append(
                (
                    incident_subject(rec.severity, rec.identity.tenant_id),
                    IncidentOpened(
                        message_id=_uid(rec.incident_id, "opened"),
                        correlation_id=violation.correlation_id,
                        producer=producer,
                        incident_id=rec.incident_id,
                        severity=rec.severity,
                        identity=rec.identity,
                        rule=why,
                        summary=_summary(rec, why),
                        categories=rec.categories,
                        event_ids=rec.event_ids,
                    ),
                )
            )
    else:
        previous = rec.severity
        cats = rec.categories
        if violation.finding.category not in cats:
            cats = (*cats, violation.finding.category)
        rec = rec.model_copy(
            update={
                "last_at": max(rec.last_at, at),
                "attempts": rec.attempts + (1 if new_request else 0),
                "categories": cats,
                "event_ids": (*rec.event_ids, violation.message_id)[-_EVENT_IDS_CAP:],
            }
        )
        if severity.rank > previous.rank:
            escalated = True
            rec = rec.model_copy(update={"severity": severity, "rule": why})
            events.append(
                (
                    incident_subject(severity, rec.identity.tenant_id),
                    IncidentEscalated(
                        message_id=_uid(rec.incident_id, "escalated", severity.value),
                        correlation_id=violation.correlation_id,
                        producer=producer,
                        incident_id=rec.incident_id,
                        severity=severity,
                        previous_severity=previous,
                        identity=rec.identity,
                        rule=why,
                        summary=_summary(rec, why),
                        categories=rec.categories,
                        attempts=rec.attempts,
                        event_ids=(violation.message_id,),
                    ),
                )
            )
    # Enforcement follows transitions only, so grouped follow-ups never extend a block.
    enforcement = _enforce(policy, rec, producer, now) if rec and (opened or escalated) else []
    new = None
    if events or enforcement:
        new = Outbox(
            events=tuple(Pending(subject=s, event=e) for s, e in events),
            enforcement=tuple(enforcement),
            opened=(opened,) if opened else (),
        )
    return Outcome(
        state=ActorState(attempts=history, seen=seen, incident=rec, outbox=_queue(state, new)),
        severity=severity,
        events=events,
        enforcement=enforcement,
        opened=opened,
    )


def change_status(
    state: ActorState,
    incident_id: str,
    status: IncidentStatus,
    *,
    by: str,
    note: str,
    producer: str,
) -> tuple[ActorState, IncidentStatusChanged | None, IncidentCommandResult]:
    """Acknowledge or resolve the actor's incident; idempotent."""
    rec = state.incident
    if rec is None or rec.incident_id != incident_id:
        result = IncidentCommandResult(
            producer=producer, incident_id=incident_id, ok=False, detail="not open"
        )
        return state, None, result
    ok = IncidentCommandResult(producer=producer, incident_id=incident_id, ok=True, status=status)
    if rec.status is status:
        return state, None, ok
    event = IncidentStatusChanged(
        message_id=_uid(incident_id, "status", status.value),
        producer=producer,
        incident_id=incident_id,
        status=status,
        severity=rec.severity,
        identity=rec.identity,
        by=by,
        note=note,
    )
    keep = None if status is IncidentStatus.RESOLVED else rec.model_copy(update={"status": status})
    subject = incident_subject(event.severity, event.identity.tenant_id)
    outbox = _queue(state, Outbox(events=(Pending(subject=subject, event=event),)))
    return state.model_copy(update={"incident": keep, "outbox": outbox}), event, ok
