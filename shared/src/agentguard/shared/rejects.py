"""What a worker does with a payload it cannot accept: typed reply, dead letter, log."""

from structlog.typing import FilteringBoundLogger

from agentguard.contracts import ErrorReply
from agentguard.contracts.subjects import dlq_subject
from agentguard.shared.broker import EventSink, dead_letter
from agentguard.shared.errors import DecodeError

__all__ = ["reject"]


async def reject(
    error: DecodeError,
    *,
    payload: bytes,
    subject: str,
    worker: str,
    producer: str,
    sink: EventSink,
    log: FilteringBoundLogger,
) -> ErrorReply:
    """Dead-letter the payload and return the typed error reply for the caller."""
    record = dead_letter(
        worker=worker,
        subject=subject,
        payload=payload,
        code=error.code,
        reason=error.reason,
        producer=producer,
    )
    try:
        await sink.publish(dlq_subject(worker), record, record.message_id)
    except Exception as exc:
        log.error("dead_letter_failed", error=type(exc).__name__, code=error.code.value)
    return ErrorReply(
        producer=producer,
        request_id=error.request_id,
        code=error.code,
        reason=error.reason,
        correlation_id=record.correlation_id,
    )
