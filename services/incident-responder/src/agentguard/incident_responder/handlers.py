"""Incident-responder subscriber: violations in, incidents out."""

from faststream.nats import NatsMessage
from pydantic import ValidationError
from structlog.typing import FilteringBoundLogger

from agentguard.contracts import ErrorCode, Severity, ViolationDetected
from agentguard.contracts.subjects import VIOLATIONS_ALL, incident_subject
from agentguard.incident_responder.core import incident_for
from agentguard.shared.broker import EventSink
from agentguard.shared.errors import DecodeError
from agentguard.shared.rejects import reject

__all__ = ["WORKER", "IncidentHandlers"]

WORKER = "incident-responder"


class IncidentHandlers:
    """Incident-responder's handler with injected sink."""

    def __init__(
        self,
        *,
        sink: EventSink,
        log: FilteringBoundLogger,
        producer: str,
        min_severity: Severity,
    ) -> None:
        self._sink = sink
        self._log = log
        self._producer = producer
        self._min_severity = min_severity

    async def on_violation(self, msg: NatsMessage) -> None:
        """Open an incident when warranted; nak on publish failure so nothing is lost."""
        payload: bytes = msg.body
        try:
            violation = ViolationDetected.model_validate_json(payload)
        except ValidationError:
            await reject(
                DecodeError(ErrorCode.INVALID_ENVELOPE, "not a ViolationDetected event"),
                payload=payload,
                subject=VIOLATIONS_ALL,
                worker=WORKER,
                producer=self._producer,
                sink=self._sink,
                log=self._log,
            )
            await msg.reject()
            return
        incident = incident_for(violation, min_severity=self._min_severity, producer=self._producer)
        if incident is not None:
            try:
                await self._sink.publish(
                    incident_subject(incident.severity, incident.identity.tenant_id),
                    incident,
                    incident.message_id,
                )
            except Exception as exc:  # noqa: BLE001 - redelivery retries; dedupe keeps it single
                self._log.error("incident_publish_failed", error=type(exc).__name__)
                await msg.nack(delay=1.0)
                return
        await msg.ack()
        self._log.info(
            "violation_handled",
            event_id=violation.message_id,
            category=violation.finding.category.value,
            severity=violation.severity.value,
            incident_id=incident.incident_id if incident else None,
        )
