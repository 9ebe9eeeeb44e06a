"""Incident-responder subscribers: violations in; incidents, enforcement and alerts out."""

import asyncio
import contextlib
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime
from typing import Protocol

from faststream.nats import NatsMessage
from pydantic import ValidationError
from structlog.typing import FilteringBoundLogger

from agentguard.contracts import ErrorCode, Severity, ViolationDetected
from agentguard.contracts.enforcement import (
    AcknowledgeIncident,
    EnforcementEntry,
    IncidentCommandResult,
    IncidentStatus,
    ResolveIncident,
    parse_incident_event,
)
from agentguard.contracts.subjects import INCIDENTS_ALL, VIOLATIONS_ALL
from agentguard.incident_responder.alerts import AlertSink
from agentguard.incident_responder.core import (
    ActorState,
    actor_key,
    change_status,
    incident_index_key,
    observe,
)
from agentguard.incident_responder.errors import AlertDeliveryError, StateConflictError
from agentguard.incident_responder.rules import ResponderPolicy
from agentguard.shared.broker import EventSink
from agentguard.shared.codec import decode, encode
from agentguard.shared.errors import DecodeError
from agentguard.shared.rejects import Rejecter

__all__ = ["WORKER", "EnforcementPort", "IncidentHandlers", "StatePort"]

WORKER = "incident-responder"

_NOT_AN_EVENT = DecodeError(ErrorCode.INVALID_ENVELOPE, "not an accepted event")
_CAS_ATTEMPTS = 8
# Under JetStream's default 30 s ack wait, so a slow webhook retry loop is not redelivered.
_PROGRESS_EVERY_S = 10.0


async def _keep_alive(msg: NatsMessage, work: Coroutine[object, object, None]) -> None:
    """Run work, telling JetStream the message is in progress while it takes long."""
    task = asyncio.ensure_future(work)
    while True:
        done, _ = await asyncio.wait({task}, timeout=_PROGRESS_EVERY_S)
        if done:
            return task.result()
        await msg.in_progress()


class StatePort(Protocol):
    """Actor state with compare-and-set (KvStateStore in production)."""

    async def load(self, key: str) -> tuple[ActorState, int]:
        """State and revision (0 when absent)."""

    async def save(self, key: str, state: ActorState, revision: int) -> int:
        """Write if still at revision and return the new one, else raise StateConflictError."""

    async def put_index(self, index_key: str, actor_key: str) -> None:
        """Map an incident to its actor."""

    async def actor_for(self, index_key: str) -> str | None:
        """The actor of an incident."""


class EnforcementPort(Protocol):
    """Where blocks and strict modes are written (the enforcement KV bucket)."""

    async def put(self, entry: EnforcementEntry) -> int:
        """Store entry until it expires."""


class IncidentHandlers:
    """The responder's handlers with injected ports."""

    def __init__(
        self,
        *,
        sink: EventSink,
        state: StatePort,
        enforcement: EnforcementPort,
        alerts: Sequence[AlertSink],
        policy: ResponderPolicy,
        alert_min_severity: Severity,
        log: FilteringBoundLogger,
        producer: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sink = sink
        self._state = state
        self._enforcement = enforcement
        self._alerts = tuple(alerts)
        self._policy = policy
        self._alert_min = alert_min_severity
        self._log = log
        self._producer = producer
        self._rejecter = Rejecter(worker=WORKER, producer=producer, sink=sink, log=log)
        self._clock = clock

    async def on_violation(self, msg: NatsMessage) -> None:
        """Group the violation into its actor's incident; ack only once everything is stored."""
        payload: bytes = msg.body
        try:
            violation = ViolationDetected.model_validate_json(payload)
        except ValidationError:
            await self._rejecter.poison(_NOT_AN_EVENT, msg, VIOLATIONS_ALL)
            return
        key = actor_key(violation.identity)
        policy = self._policy.for_tenant(violation.identity.tenant_id)
        try:
            for _ in range(_CAS_ATTEMPTS):
                state, revision = await self._state.load(key)
                out = observe(state, violation, policy, producer=self._producer, now=self._clock())
                if out.duplicate:
                    # The run that saved it may have stopped before delivering its outbox.
                    await self._deliver(key, state, revision)
                    await msg.ack()
                    self._log.info("violation_duplicate", event_id=violation.message_id)
                    return
                try:
                    revision = await self._state.save(key, out.state, revision)
                except StateConflictError:
                    continue
                await self._deliver(key, out.state, revision)
                await msg.ack()
                rec = out.state.incident
                self._log.info(
                    "violation_handled",
                    event_id=violation.message_id,
                    tenant_id=violation.identity.tenant_id,
                    category=violation.finding.category.value,
                    severity=out.severity.value if out.severity else None,
                    incident_id=rec.incident_id if rec else None,
                    incident_severity=rec.severity.value if rec else None,
                    published=[e.kind for _, e in out.events],
                    enforced=[e.key for e in out.enforcement],
                )
                return
            self._log.warning("state_contention", key=key)
        except Exception as exc:
            # The type only: an exception message may quote data it failed on.
            self._log.error(
                "violation_failed", event_id=violation.message_id, error=type(exc).__name__
            )
        await msg.nack(delay=1.0)

    async def _deliver(self, key: str, state: ActorState, revision: int) -> None:
        """Publish and enforce a saved outbox, then clear it.

        Only saved transitions are announced, so a writer that lost the compare-and-set race
        announces nothing. Delivery may repeat (a crash before the clear, or another handler
        that loaded the same outbox); ids derived from the transition make JetStream drop the
        repeated publishes, and enforcement and index writes are idempotent.
        """
        box = state.outbox
        if box is None:
            return
        for pending in box.events:
            await self._sink.publish(pending.subject, pending.event, pending.event.message_id)
        for entry in box.enforcement:
            await self._enforcement.put(entry)
        for incident_id in box.opened:
            await self._state.put_index(incident_index_key(incident_id), key)
        # On a conflict a newer writer has seen this outbox and delivers (or delivered) it.
        with contextlib.suppress(StateConflictError):
            await self._state.save(key, state.model_copy(update={"outbox": None}), revision)

    async def on_acknowledge(self, msg: NatsMessage) -> bytes:
        """Command: acknowledge an incident."""
        return await self._command(msg, AcknowledgeIncident, IncidentStatus.ACKNOWLEDGED)

    async def on_resolve(self, msg: NatsMessage) -> bytes:
        """Command: resolve an incident."""
        return await self._command(msg, ResolveIncident, IncidentStatus.RESOLVED)

    async def _command(
        self,
        msg: NatsMessage,
        model: type[AcknowledgeIncident] | type[ResolveIncident],
        status: IncidentStatus,
    ) -> bytes:
        payload: bytes = msg.body
        try:
            cmd = decode(payload, model, max_bytes=64 * 1024)
        except DecodeError as err:
            return await self._rejecter.reply(err, payload, msg.raw_message.subject)
        key = await self._state.actor_for(incident_index_key(cmd.incident_id))
        if key is None:
            result = IncidentCommandResult(
                producer=self._producer, incident_id=cmd.incident_id, ok=False, detail="unknown"
            )
            return encode(result)
        for _ in range(_CAS_ATTEMPTS):
            state, revision = await self._state.load(key)
            new, event, result = change_status(
                state, cmd.incident_id, status, by=cmd.by, note=cmd.note, producer=self._producer
            )
            if event is not None:
                try:
                    revision = await self._state.save(key, new, revision)
                except StateConflictError:
                    continue
                await self._deliver(key, new, revision)
            self._log.info(
                "incident_command",
                incident_id=cmd.incident_id,
                status=status.value,
                ok=result.ok,
                by=cmd.by,
            )
            return encode(result)
        busy = IncidentCommandResult(
            producer=self._producer, incident_id=cmd.incident_id, ok=False, detail="contention"
        )
        return encode(busy)

    async def on_incident_event(self, msg: NatsMessage) -> None:
        """Alert every sink about incident events at or above the alert severity."""
        payload: bytes = msg.body
        try:
            event = parse_incident_event(payload)
        except ValidationError:
            await self._rejecter.poison(_NOT_AN_EVENT, msg, INCIDENTS_ALL)
            return
        if event.severity.rank < self._alert_min.rank:
            await msg.ack()
            return
        failed = False
        for sink in self._alerts:
            try:
                await _keep_alive(msg, sink.send(event))
            except AlertDeliveryError as err:
                failed = True
                self._log.error("alert_failed", sink=err.sink, attempts=err.attempts)
        if failed:
            # JetStream retries later; receivers deduplicate by event id.
            await msg.nack(delay=30.0)
        else:
            await msg.ack()
