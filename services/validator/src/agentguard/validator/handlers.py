"""Validator subscribers: decode, fan out to prompt-guard, judge, reply, record."""

import asyncio
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Protocol

from faststream.nats import NatsMessage
from structlog.typing import FilteringBoundLogger

from agentguard.contracts import (
    AnalysisResult,
    CheckInput,
    CheckKind,
    IncompleteCheck,
    IncompleteReason,
    Verdict,
)
from agentguard.contracts.enforcement import EnforcementEntry
from agentguard.contracts.subjects import CHECK_INPUT
from agentguard.engines import EnginePolicy, EngineResult
from agentguard.shared.broker import EventSink, publish_all
from agentguard.shared.codec import decode, encode
from agentguard.shared.digest import keyed_digest
from agentguard.shared.errors import DecodeError
from agentguard.shared.peers import PeerError
from agentguard.shared.rejects import Rejecter
from agentguard.shared.tasks import TaskTracker
from agentguard.shared.verdicts import build_events
from agentguard.validator.core import judge, local_checks, policy_for
from agentguard.validator.enforcement import (
    Gate,
    RateWindow,
    blocked_verdict,
    debug_fields,
    gate_for,
    rate_limited_verdict,
    rate_windows,
    strict_policy,
)
from agentguard.validator.settings import ValidatorSettings

__all__ = ["WORKER", "AnalysisPort", "CounterPort", "EnforcementView", "ValidatorHandlers"]

WORKER = "validator"


class AnalysisPort(Protocol):
    """A peer that analyses a CheckInput payload (prompt-guard)."""

    async def analyze(self, payload: bytes, timeout_s: float) -> AnalysisResult:
        """Return the peer's findings or raise PeerError."""


class EnforcementView(Protocol):
    """Current enforcement entries by key (a KV-watched cache in production)."""

    @property
    def entries(self) -> Mapping[str, EnforcementEntry]:
        """Entries by enforcement_key; expired ones may linger, readers check expiry."""


class CounterPort(Protocol):
    """Shared counters, one per rate-limit window, common to every replica."""

    async def incr(self, subject: str, timeout_s: float) -> int:
        """Add one and return the new total; raise on failure."""


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
        enforcement: EnforcementView | None = None,
        counter: CounterPort | None = None,
    ) -> None:
        self._settings = settings
        self._enforcement = enforcement
        self._counter = counter
        self._prompt_guard = prompt_guard
        self._sink = sink
        self._tasks = tasks
        self._log = log
        self._producer = producer
        self._digest_key = settings.digest_key.get_secret_value().encode()
        self._rejecter = Rejecter(worker=WORKER, producer=producer, sink=sink, log=log)
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
            return await self._rejecter.reply(err, payload, CHECK_INPUT)

        gate = Gate()
        if self._enforcement is not None:
            gate = gate_for(request.identity, self._enforcement.entries, datetime.now(UTC))
        deadline_s = (request.deadline_ms or self._settings.default_deadline_ms) / 1000.0
        if gate.block is not None:
            verdict = blocked_verdict(
                request, gate.block, producer=self._producer, latency_ms=_ms_since(started)
            )
            return self._finish(request, verdict, gate, [], "blocked")
        limited, rate_missing = await self._rate_limit(request, deadline_s, started)
        if limited is not None:
            window, count = limited
            verdict = rate_limited_verdict(
                request, window, count, producer=self._producer, latency_ms=_ms_since(started)
            )
            return self._finish(request, verdict, gate, [], "rate_limited")

        policy = policy_for(request, self._base_policy)
        if gate.strict is not None:
            policy = strict_policy(policy, self._settings.strict_threshold)
            # prompt-guard reads the hints from the payload, so it must see strict mode too.
            hints = request.policy.model_copy(update={"strict": True, "skip_checks": ()})
            payload = encode(request.model_copy(update={"policy": hints}))
        local, remote, incomplete = await self._gather(
            request, payload, policy, deadline_s, started
        )
        incomplete.extend(rate_missing)
        verdict = judge(
            request,
            policy=policy,
            local=local,
            remote=remote,
            incomplete=incomplete,
            producer=self._producer,
            latency_ms=_ms_since(started),
        )
        if gate.debug:
            self._log.info("check_debug", **debug_fields(request, verdict, policy))
        return self._finish(request, verdict, gate, incomplete, "strict" if gate.strict else None)

    def _finish(
        self,
        request: CheckInput,
        verdict: Verdict,
        gate: Gate,
        incomplete: list[IncompleteCheck],
        enforcement: str | None,
    ) -> bytes:
        digest = keyed_digest(self._digest_key, request.text)  # once: event and log line
        events = build_events(
            verdict,
            check=CheckKind.INPUT,
            identity=request.identity,
            text=request.text,
            digest_key=self._digest_key,
            provenance=request.provenance,
            policy=request.policy,
            text_digest=digest,
        )
        self._tasks.spawn(publish_all(self._sink, events, self._log))
        self._log.info(
            "check_handled",
            request_id=request.message_id,
            correlation_id=request.correlation_id,
            tenant_id=request.identity.tenant_id,
            text_len=len(request.text),
            text_digest=digest[:16],
            decision=verdict.decision.value,
            risk=round(verdict.risk, 3),
            findings=len(verdict.findings),
            incomplete=[f"{i.check}:{i.reason.value}" for i in incomplete],
            enforcement=enforcement,
            debug=gate.debug,
            latency_ms=round(verdict.latency_ms, 3),
        )
        return encode(verdict)

    async def _rate_limit(
        self, request: CheckInput, deadline_s: float, started: float
    ) -> tuple[tuple[RateWindow, int] | None, list[IncompleteCheck]]:
        """Count this check in every shared window; the first window over its limit wins."""
        windows = rate_windows(request.identity, self._settings.rate_limits, time.time())
        if not windows or self._counter is None:
            return None, []
        remaining = deadline_s - (time.perf_counter() - started)
        budget = max(min(self._settings.rate_limit_timeout_ms / 1000.0, remaining), 0.001)
        counts = await asyncio.gather(
            *(self._counter.incr(w.subject, budget) for w in windows), return_exceptions=True
        )
        missing: list[IncompleteCheck] = []
        for window, count in zip(windows, counts, strict=True):
            if isinstance(count, BaseException):
                self._log.warning(
                    "rate_limit_unavailable", scope=window.scope.value, error=type(count).__name__
                )
                if not self._settings.rate_limit_fail_open:
                    missing.append(
                        IncompleteCheck(
                            check="rate_limit",
                            reason=IncompleteReason.ERROR,
                            detail=f"{window.scope.value} counter unavailable",
                        )
                    )
            elif count > window.limit:
                return (window, count), []
        return None, missing

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
                        check="prompt_guard",
                        reason=IncompleteReason.ERROR,
                        detail=type(exc).__name__,
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


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0
