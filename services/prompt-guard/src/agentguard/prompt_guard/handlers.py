"""Prompt-guard subscriber: decode, analyse, reply."""

import time

from faststream.nats import NatsMessage
from structlog.typing import FilteringBoundLogger

from agentguard.contracts import CheckInput
from agentguard.contracts.subjects import PROMPT_GUARD_ANALYZE
from agentguard.engines import EnginePolicy
from agentguard.prompt_guard.core import analyze
from agentguard.prompt_guard.settings import PromptGuardSettings
from agentguard.shared.broker import EventSink
from agentguard.shared.codec import decode, encode
from agentguard.shared.errors import DecodeError
from agentguard.shared.rejects import reject

__all__ = ["WORKER", "PromptGuardHandlers"]

WORKER = "prompt-guard"


class PromptGuardHandlers:
    """Prompt-guard's handlers with injected ports."""

    def __init__(
        self,
        *,
        settings: PromptGuardSettings,
        sink: EventSink,
        log: FilteringBoundLogger,
        producer: str,
    ) -> None:
        self._settings = settings
        self._sink = sink
        self._log = log
        self._producer = producer
        self._base = EnginePolicy(
            block_threshold=settings.block_threshold, max_chars=settings.max_chars
        )

    async def on_analyze(self, msg: NatsMessage) -> bytes:
        """Answer a CheckInput with an AnalysisResult (or a typed ErrorReply)."""
        started = time.perf_counter()
        payload: bytes = msg.body
        try:
            request = decode(payload, CheckInput, max_bytes=self._settings.max_payload_bytes)
        except DecodeError as err:
            reply = await reject(
                err,
                payload=payload,
                subject=PROMPT_GUARD_ANALYZE,
                worker=WORKER,
                producer=self._producer,
                sink=self._sink,
                log=self._log,
            )
            self._log.warning("analyze_rejected", code=err.code.value, payload_len=len(payload))
            return encode(reply)
        result = analyze(request, self._base, self._producer)
        self._log.info(
            "analyze_handled",
            request_id=request.message_id,
            correlation_id=request.correlation_id,
            text_len=len(request.text),
            provenance=request.provenance.value,
            findings=len(result.findings),
            latency_ms=round((time.perf_counter() - started) * 1000, 3),
        )
        return encode(result)
