"""Audit-sink subscriber: events are acked only once on disk and under a signed checkpoint.

One pull batch is one write and one fsync (group commit). Acks wait in `_pending` until the
next checkpoint is on disk, which happens when `checkpoint_interval_s` has passed, when
`checkpoint_max_unsigned` records wait, or at shutdown. Any disk failure naks everything
not yet covered and re-reads the log, so nothing acked is ever missing from it.
"""

import asyncio
import hashlib
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any, Protocol

from faststream import Context
from faststream.nats.message import NatsBatchMessage
from pydantic import ValidationError
from structlog.typing import FilteringBoundLogger

from agentguard.audit_sink.core import audit_fields
from agentguard.audit_sink.errors import AuditError
from agentguard.audit_sink.store import Recovery
from agentguard.contracts import ErrorCode
from agentguard.contracts.envelope import utc_now
from agentguard.contracts.subjects import dlq_subject
from agentguard.shared.broker import EventSink, dead_letter
from agentguard.shared.events import security_event_adapter

__all__ = ["WORKER", "AuditLogPort", "AuditSinkHandlers", "Delivery"]

WORKER = "audit-sink"


class Delivery(Protocol):
    """One JetStream delivery (nats-py's Msg satisfies it)."""

    subject: str
    data: bytes

    async def ack(self) -> None:
        """Acknowledge."""

    async def nak(self, delay: float | None = None) -> None:
        """Ask for redelivery."""

    async def term(self) -> None:
        """Never redeliver."""


class AuditLogPort(Protocol):
    """What the handler needs of the log (SegmentedAuditLog in production)."""

    @property
    def unsigned(self) -> int:
        """Records written since the last checkpoint."""

    @property
    def count(self) -> int:
        """Distinct events recorded."""

    def append(self, items: Sequence[tuple[str, dict[str, Any]]]) -> int:
        """Write and fsync the new records; returns how many were new."""

    def checkpoint(self, *, heartbeat: bool = False) -> bool:
        """Sign and fsync the chain head."""

    def recover(self) -> Recovery:
        """Re-read the log from disk, cutting the unsigned tail."""


def _reason(exc: ValidationError) -> str:
    # Locations and error types only: pydantic's messages can echo the input.
    parts = [
        f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['type']}"
        for err in exc.errors(include_input=False, include_url=False)[:5]
    ]
    return ("not a security event: " + "; ".join(parts))[:1000]


class AuditSinkHandlers:
    """Audit-sink's handler, with injected log, event sink, clocks and logger."""

    def __init__(
        self,
        *,
        store: AuditLogPort,
        sink: EventSink,
        log: FilteringBoundLogger,
        producer: str,
        digest_key: bytes,
        checkpoint_interval_s: float = 1.0,
        checkpoint_max_unsigned: int = 4096,
        heartbeat_s: float = 600.0,
        nak_delay_s: float = 2.0,
        clock: Callable[[], datetime] = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._sink = sink
        self._log = log
        self._producer = producer
        self._digest_key = digest_key
        self._interval = checkpoint_interval_s
        self._max_unsigned = checkpoint_max_unsigned
        self._heartbeat = heartbeat_s
        self._nak_delay = nak_delay_s
        self._clock = clock
        self._monotonic = monotonic
        self._lock = asyncio.Lock()
        self._pending: list[Delivery] = []
        self._oldest: float | None = None
        self._last_checkpoint = monotonic()
        self._broken = False

    @property
    def pending(self) -> int:
        """Deliveries waiting for a checkpoint before their ack."""
        return len(self._pending)

    async def on_batch(self, message: Annotated[NatsBatchMessage, Context("message")]) -> None:
        """FastStream entry point: one pull batch."""
        await self.handle(message.raw_message)

    async def handle(self, deliveries: Sequence[Delivery]) -> None:
        """Record a batch: decode, dead-letter poison, write with one fsync, maybe checkpoint."""
        started = time.perf_counter()
        async with self._lock:
            if self._broken and not await self._recover():
                await self._nak(deliveries)
                return
            items: list[tuple[str, dict[str, Any]]] = []
            accepted: list[Delivery] = []
            dead = 0
            for delivery in deliveries:
                try:
                    event = security_event_adapter.validate_json(delivery.data)
                except ValidationError as exc:
                    await self._dead_letter(delivery, _reason(exc))
                    dead += 1
                    continue
                fields = audit_fields(event, recorded_at=self._clock(), digest_key=self._digest_key)
                items.append((event.message_id, fields))
                accepted.append(delivery)
            try:
                written = await asyncio.to_thread(self._store.append, items)
            except (OSError, AuditError) as exc:
                await self._fail("append", exc, accepted)
                return
            if accepted:
                self._pending.extend(accepted)
                self._oldest = self._oldest or self._monotonic()
            acked = await self._checkpoint_if_due()
            self._log.info(
                "batch_recorded",
                size=len(deliveries),
                written=written,
                duplicates=len(accepted) - written,
                dead_lettered=dead,
                acked=acked,
                pending=len(self._pending),
                total=self._store.count,
                latency_ms=round((time.perf_counter() - started) * 1000, 2),
            )

    async def tick(self) -> None:
        """Called periodically: checkpoint when due, and a heartbeat checkpoint when idle."""
        async with self._lock:
            if self._broken:
                return
            if await self._checkpoint_if_due():
                return
            if self._monotonic() - self._last_checkpoint >= self._heartbeat:
                await self._checkpoint(heartbeat=True)

    async def flush(self) -> int:
        """Checkpoint now and ack everything waiting (at shutdown)."""
        async with self._lock:
            if self._broken:
                return 0
            return await self._checkpoint()

    def _due(self) -> bool:
        if not self._pending:
            return False
        if len(self._pending) >= self._max_unsigned or self._store.unsigned >= self._max_unsigned:
            return True
        return self._oldest is not None and self._monotonic() - self._oldest >= self._interval

    async def _checkpoint_if_due(self) -> int:
        return await self._checkpoint() if self._due() else 0

    async def _checkpoint(self, *, heartbeat: bool = False) -> int:
        try:
            await asyncio.to_thread(self._store.checkpoint, heartbeat=heartbeat)
        except (OSError, AuditError) as exc:
            await self._fail("checkpoint", exc, [])
            return 0
        self._last_checkpoint = self._monotonic()
        pending, self._pending, self._oldest = self._pending, [], None
        for delivery in pending:
            try:
                await delivery.ack()
            except Exception as exc:  # any failure: a lost ack only means a redelivery
                self._log.warning("ack_failed", error=type(exc).__name__)
        return len(pending)

    async def _fail(self, stage: str, exc: Exception, batch: Sequence[Delivery]) -> None:
        # Whatever is not under a checkpoint goes back to JetStream; recovery then cuts the
        # unsigned tail, so the redelivered events are written again, once.
        self._log.error("audit_write_failed", stage=stage, error=type(exc).__name__)
        waiting, self._pending, self._oldest = [*self._pending, *batch], [], None
        await self._nak(waiting)
        self._broken = True
        await self._recover()

    async def _recover(self) -> bool:
        try:
            found = await asyncio.to_thread(self._store.recover)
        except (OSError, AuditError) as exc:
            self._log.error("audit_recover_failed", error=type(exc).__name__)
            return False
        self._broken = False
        self._log.warning(
            "audit_log_recovered", records=found.records, dropped_unsigned=found.dropped_unsigned
        )
        return True

    async def _nak(self, deliveries: Sequence[Delivery]) -> None:
        for delivery in deliveries:
            try:
                await delivery.nak(delay=self._nak_delay)
            except Exception as exc:  # any failure: ack_wait redelivers it anyway
                self._log.warning("nak_failed", error=type(exc).__name__)

    async def _dead_letter(self, delivery: Delivery, reason: str) -> None:
        record = dead_letter(
            worker=WORKER,
            subject=delivery.subject,
            payload=delivery.data,
            code=ErrorCode.INVALID_ENVELOPE,
            reason=reason,
            producer=self._producer,
        )
        # A redelivered poison message gets the same id, so the DLQ stream dedupes it.
        msg_id = f"dlq-{WORKER}-{hashlib.sha256(delivery.data).hexdigest()[:40]}"
        record = record.model_copy(update={"message_id": msg_id})
        try:
            await self._sink.publish(dlq_subject(WORKER), record, msg_id)
        except Exception as exc:  # any failure: keep it in JetStream, try again
            self._log.error("dead_letter_failed", error=type(exc).__name__)
            await self._nak([delivery])
            return
        await delivery.term()
        self._log.warning(
            "event_dead_lettered", payload_len=len(delivery.data), digest=record.payload_digest
        )
