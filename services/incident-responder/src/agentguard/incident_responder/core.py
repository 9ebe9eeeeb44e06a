"""Incident-responder's pure logic: which violations open an incident."""

import uuid

from agentguard.contracts import IncidentOpened, Severity, ViolationDetected

__all__ = ["incident_for"]

_NAMESPACE = uuid.UUID("6f1c2a8e-4c1b-4e8e-9a51-3c2d9b7e0a11")


def incident_for(
    violation: ViolationDetected, *, min_severity: Severity, producer: str
) -> IncidentOpened | None:
    """An incident for a violation at or above min_severity, with an id derived from it.

    The id is a UUID5 of the violation's id, so a redelivered violation produces the same
    incident id and JetStream's duplicate window drops the second publish.
    """
    if violation.severity.rank < min_severity.rank:
        return None
    finding = violation.finding
    return IncidentOpened(
        message_id=str(uuid.uuid5(_NAMESPACE, violation.message_id)),
        correlation_id=violation.correlation_id,
        producer=producer,
        incident_id=str(uuid.uuid5(_NAMESPACE, "incident:" + violation.message_id)),
        severity=violation.severity,
        identity=violation.identity,
        rule="single_violation_at_or_above_threshold",
        summary=(
            f"{violation.check.value} {finding.category.value}/{finding.type} "
            f"(score {finding.score:.2f}, decision {violation.decision.value})"
        ),
        categories=(finding.category,),
        event_ids=(violation.message_id,),
    )
