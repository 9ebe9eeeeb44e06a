"""What a worker does with a payload it cannot accept: typed reply, dead letter, log."""

import functools
from collections.abc import Awaitable, Callable

from faststream.nats import NatsMessage
from structlog.typing import FilteringBoundLogger

from agentguard.contracts import ErrorCode, ErrorReply
from agentguard.contracts.subjects import dlq_subject
from agentguard.shared.broker import EventSink, dead_letter
from agentguard.shared.codec import encode
from agentguard.shared.errors import DecodeError

__all__ = ["Rejecter", "reject", "reply_guard"]

Handler = Callable[[NatsMessage], Awaitable[bytes]]


async def _dead_letter(
    error: DecodeError,
    *,
    payload: bytes,
    subject: str,
    worker: str,
    producer: str,
    sink: EventSink,
    log: FilteringBoundLogger,
) -> tuple[bool, str]:
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
        return False, record.correlation_id
    return True, record.correlation_id


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
    _, correlation_id = await _dead_letter(
        error,
        payload=payload,
        subject=subject,
        worker=worker,
        producer=producer,
        sink=sink,
        log=log,
    )
    return ErrorReply(
        producer=producer,
        request_id=error.request_id,
        code=error.code,
        reason=error.reason,
        correlation_id=correlation_id,
    )


class Rejecter:
    """reject() bound to one worker, with the canonical log line of a rejected message."""

    def __init__(
        self, *, worker: str, producer: str, sink: EventSink, log: FilteringBoundLogger
    ) -> None:
        self._worker = worker
        self._producer = producer
        self._sink = sink
        self._log = log

    async def error(self, err: DecodeError, payload: bytes, subject: str) -> ErrorReply:
        """Dead-letter payload, log it (size and code only), return the typed reply."""
        reply = await reject(
            err,
            payload=payload,
            subject=subject,
            worker=self._worker,
            producer=self._producer,
            sink=self._sink,
            log=self._log,
        )
        self._log.warning(
            "message_rejected",
            subject=subject,
            code=err.code.value,
            request_id=err.request_id,
            payload_len=len(payload),
        )
        return reply

    async def poison(self, err: DecodeError, msg: NatsMessage, subject: str) -> None:
        """A JetStream message that can never be processed: terminate it once it is
        dead-lettered; if the dead letter could not be written, redeliver it later instead,
        so that nothing is lost."""
        payload: bytes = msg.body
        stored, _ = await _dead_letter(
            err,
            payload=payload,
            subject=subject,
            worker=self._worker,
            producer=self._producer,
            sink=self._sink,
            log=self._log,
        )
        self._log.warning(
            "message_dead_lettered" if stored else "message_poison_retry",
            subject=subject,
            code=err.code.value,
            payload_len=len(payload),
        )
        if stored:
            await msg.reject()
        else:
            await msg.nack(delay=5.0)

    async def reply(self, err: DecodeError, payload: bytes, subject: str) -> bytes:
        """Like error(), encoded for a request-reply answer."""
        return encode(await self.error(err, payload, subject))


def reply_guard(handler: Handler, *, log: FilteringBoundLogger, producer: str) -> Handler:
    """Wrap a request-reply handler so that a bug answers INTERNAL instead of silence.

    FastStream swallows a handler's exception and sends no reply, so the caller would wait
    for its timeout; this answers at once with a typed error (which platforms treat as a
    block) and logs the exception's type only, since its message may quote the request.
    """

    @functools.wraps(handler)
    async def guarded(msg: NatsMessage) -> bytes:
        try:
            return await handler(msg)
        except Exception as exc:
            log.error("handler_failed", handler=handler.__name__, error=type(exc).__name__)
            reply = ErrorReply(
                producer=producer,
                code=ErrorCode.INTERNAL,
                reason="internal error: the request was not judged; treat it as blocked",
            )
            return encode(reply)

    return guarded
