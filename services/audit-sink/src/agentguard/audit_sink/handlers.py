"""Audit-sink subscriber: every security event, acked only once it is on disk."""

from faststream.nats import NatsMessage
from pydantic import ValidationError
from structlog.typing import FilteringBoundLogger

from agentguard.audit_sink.core import record_body
from agentguard.audit_sink.store import JsonlAuditStore
from agentguard.contracts import ErrorCode
from agentguard.contracts.subjects import EVENTS_ALL
from agentguard.shared.broker import EventSink
from agentguard.shared.errors import DecodeError
from agentguard.shared.events import security_event_adapter
from agentguard.shared.rejects import reject

__all__ = ["WORKER", "AuditSinkHandlers"]

WORKER = "audit-sink"


class AuditSinkHandlers:
    """Audit-sink's handler with injected store and sink."""

    def __init__(
        self, *, store: JsonlAuditStore, sink: EventSink, log: FilteringBoundLogger, producer: str
    ) -> None:
        self._store = store
        self._sink = sink
        self._log = log
        self._producer = producer

    async def on_event(self, msg: NatsMessage) -> None:
        """Record one event; poison goes to the dead-letter stream, then is terminated."""
        payload: bytes = msg.body
        try:
            event = security_event_adapter.validate_json(payload)
        except ValidationError:
            await reject(
                DecodeError(ErrorCode.INVALID_ENVELOPE, "not a security event"),
                payload=payload,
                subject=EVENTS_ALL,
                worker=WORKER,
                producer=self._producer,
                sink=self._sink,
                log=self._log,
            )
            await msg.reject()
            self._log.warning("event_dead_lettered", payload_len=len(payload))
            return
        written = self._store.append(event.message_id, record_body(event))
        await msg.ack()
        self._log.info(
            "event_recorded",
            event_id=event.message_id,
            kind=event.kind,
            duplicate=not written,
            total=self._store.count,
        )
