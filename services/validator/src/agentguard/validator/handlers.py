"""Validator subscribers: decode, fan out to prompt-guard, judge, reply, record."""

import asyncio
import time
from typing import Protocol

from faststream.nats import NatsMessage
from structlog.typing import FilteringBoundLogger

from agentguard.contracts import (
    AnalysisResult,
    CheckInput,
    CheckKind,
    IncompleteCheck,
    IncompleteReason,
)
from agentguard.contracts.subjects import CHECK_INPUT
from agentguard.engines import EnginePolicy, EngineResult
from agentguard.shared.broker import EventSink, publish_all
from agentguard.shared.codec import decode, encode
from agentguard.shared.digest import keyed_digest
from agentguard.shared.errors import DecodeError
from agentguard.shared.peers import PeerError
from agentguard.shared.rejects import reject
from agentguard.shared.tasks import TaskTracker
from agentguard.shared.verdicts import build_events
from agentguard.validator.core import judge, local_checks, policy_for
from agentguard.validator.settings import ValidatorSettings

__all__ = ["WORKER", "AnalysisPort", "ValidatorHandlers"]

WORKER = "validator"


class AnalysisPort(Protocol):
    """A peer that analyses a CheckInput payload (prompt-guard)."""

    async def analyze(self, payload: bytes, timeout_s: float) -> AnalysisResult:
        """Return the peer's findings or raise PeerError."""


class ValidatorHandlers:
    """The validator's message handlers, with their I/O ports injected."""

    def __init__(
        self,
        *,
        settings: ValidatorSettings,
        prompt_guard: AnalysisPort,
        sink: EventSink,
        tasks: TaskTracker,
        log: FilteringBoundLogger,
        producer: str,
    ) -> None:
        self._settings = settings
        self._prompt_guard = prompt_guard
        self._sink = sink
        self._tasks = tasks
        self._log = log
        self._producer = producer
        self._digest_key = settings.digest_key.get_secret_value().encode()
        self._base_policy = EnginePolicy(
            block_threshold=settings.block_threshold,
            max_chars=settings.max_chars,
            fail_open=settings.fail_open,
        )

    async def on_check(self, msg: NatsMessage) -> bytes:
        """Answer one CheckInput with a Verdict (or a typed ErrorReply)."""
        started = time.perf_counter()
        payload: bytes = msg.body
        try:
            request = decode(payload, CheckInput, max_bytes=self._settings.max_payload_bytes)
        except DecodeError as err:
            reply = await reject(
                err,
                payload=payload,
                subject=CHECK_INPUT,
                worker=WORKER,
                producer=self._producer,
                sink=self._sink,
                log=self._log,
            )
            self._log.warning(
                "check_rejected",
                code=err.code.value,
                payload_len=len(payload),
                request_id=err.request_id,
                latency_ms=round((time.perf_counter() - started) * 1000, 3),
            )
            return encode(reply)

        policy = policy_for(request, self._base_policy)
        deadline_s = (request.deadline_ms or self._settings.default_deadline_ms) / 1000.0
        local, remote, incomplete = await self._gather(request, payload, policy, deadline_s, started)
        latency_ms = (time.perf_counter() - started) * 1000.0
        verdict = judge(
            request,
            policy=policy,
            local=local,
            remote=remote,
            incomplete=incomplete,
            producer=self._producer,
            latency_ms=latency_ms,
        )
        events = build_events(
            verdict,
            check=CheckKind.INPUT,
            identity=request.identity,
            text=request.text,
            digest_key=self._digest_key,
            provenance=request.provenance,
        )
        self._tasks.spawn(publish_all(self._sink, events, self._log))
        self._log.info(
            "check_handled",
            request_id=request.message_id,
            correlation_id=request.correlation_id,
            tenant_id=request.identity.tenant_id,
            text_len=len(request.text),
            text_digest=keyed_digest(self._digest_key, request.text)[:16],
            decision=verdict.decision.value,
            risk=round(verdict.risk, 3),
            findings=len(verdict.findings),
            incomplete=[f"{i.check}:{i.reason.value}" for i in incomplete],
            latency_ms=round(latency_ms, 3),
        )
        return encode(verdict)

    async def _gather(
        self,
        request: CheckInput,
        payload: bytes,
        policy: EnginePolicy,
        deadline_s: float,
        started: float,
    ) -> tuple[EngineResult | None, AnalysisResult | None, list[IncompleteCheck]]:
        remaining = max(deadline_s - (time.perf_counter() - started), 0.001)
        remote_task = asyncio.ensure_future(self._prompt_guard.analyze(payload, remaining))
        # Engines are CPU-bound: a thread keeps the loop responsive and lets the deadline win.
        local_task = asyncio.ensure_future(asyncio.to_thread(local_checks, request, policy))
        remaining = max(deadline_s - (time.perf_counter() - started), 0.001)
        await asyncio.wait({remote_task, local_task}, timeout=remaining)
        incomplete: list[IncompleteCheck] = []
        local: EngineResult | None = None
        remote: AnalysisResult | None = None
        if local_task.done() and local_task.exception() is None:
            local = local_task.result()
        else:
            reason = IncompleteReason.ERROR if local_task.done() else IncompleteReason.TIMEOUT
            incomplete.append(IncompleteCheck(check="validator", reason=reason))
            local_task.cancel()
        if remote_task.done():
            exc = remote_task.exception()
            if exc is None:
                remote = remote_task.result()
            elif isinstance(exc, PeerError):
                incomplete.append(
                    IncompleteCheck(check="prompt_guard", reason=exc.reason, detail=exc.detail)
                )
            else:
                incomplete.append(
                    IncompleteCheck(
                        check="prompt_guard", reason=IncompleteReason.ERROR, detail=type(exc).__name__
                    )
                )
        else:
            remote_task.cancel()
            incomplete.append(
                IncompleteCheck(
                    check="prompt_guard",
                    reason=IncompleteReason.TIMEOUT,
                    detail=f"no answer within {deadline_s * 1000:.0f} ms deadline",
                )
            )
        return local, remote, incomplete
