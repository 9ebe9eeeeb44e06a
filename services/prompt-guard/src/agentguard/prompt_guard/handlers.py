"""Prompt-guard subscribers: analyse inputs for the validator; issue canaries."""

import time
from datetime import timedelta

from faststream.nats import NatsMessage
from structlog.typing import FilteringBoundLogger

from agentguard.contracts import CheckInput, ErrorCode, ErrorReply, utc_now
from agentguard.contracts.streaming import CANARY_ISSUE, CanaryIssued, IssueCanary
from agentguard.contracts.subjects import PROMPT_GUARD_ANALYZE
from agentguard.engines import EnginePolicy
from agentguard.prompt_guard.canaries import CanaryWriter, new_canary
from agentguard.prompt_guard.core import analyze
from agentguard.prompt_guard.settings import PromptGuardSettings
from agentguard.shared.broker import EventSink
from agentguard.shared.codec import decode, encode
from agentguard.shared.errors import DecodeError
from agentguard.shared.rejects import Rejecter

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
        canaries: CanaryWriter | None = None,
    ) -> None:
        self._settings = settings
        self._canaries = canaries
        self._sink = sink
        self._log = log
        self._producer = producer
        self._rejecter = Rejecter(worker=WORKER, producer=producer, sink=sink, log=log)
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
            return await self._rejecter.reply(err, payload, PROMPT_GUARD_ANALYZE)
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

    async def on_issue_canary(self, msg: NatsMessage) -> bytes:
        """Answer an IssueCanary with a CanaryIssued (or a typed ErrorReply)."""
        started = time.perf_counter()
        payload: bytes = msg.body
        try:
            request = decode(payload, IssueCanary, max_bytes=self._settings.max_payload_bytes)
            if request.identity.session_id is None:
                raise DecodeError(
                    ErrorCode.INVALID_ENVELOPE,
                    "identity.session_id is required to issue a canary",
                    request.message_id,
                )
        except DecodeError as err:
            return await self._rejecter.reply(err, payload, CANARY_ISSUE)
        session_id = request.identity.session_id
        canary = new_canary()
        try:
            if self._canaries is None:
                raise RuntimeError("no canary store configured")
            await self._canaries.add(request.identity.tenant_id, session_id, canary)
        except Exception as exc:  # a canary the output-checker cannot find must not be handed out
            self._log.error("canary_store_failed", error=type(exc).__name__)
            return encode(
                ErrorReply(
                    producer=self._producer,
                    correlation_id=request.correlation_id,
                    request_id=request.message_id,
                    code=ErrorCode.INTERNAL,
                    reason="the canary could not be stored; try again",
                )
            )
        self._log.info(
            "canary_issued",
            request_id=request.message_id,
            correlation_id=request.correlation_id,
            tenant_id=request.identity.tenant_id,
            latency_ms=round((time.perf_counter() - started) * 1000, 3),
        )
        return encode(
            CanaryIssued(
                producer=self._producer,
                correlation_id=request.correlation_id,
                request_id=request.message_id,
                session_id=session_id,
                canary=canary,
                expires_at=utc_now() + timedelta(seconds=self._settings.canary_ttl_s),
            )
        )
