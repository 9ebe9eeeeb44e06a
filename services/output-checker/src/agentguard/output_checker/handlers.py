"""Output-checker subscribers: whole outputs and streamed chunks; decode, judge, reply, record."""

import asyncio
import threading
import time

from faststream.nats import NatsMessage
from pydantic import BaseModel
from structlog.typing import FilteringBoundLogger

from agentguard.contracts import (
    CheckKind,
    CheckOutput,
    Decision,
    Identity,
    IncompleteCheck,
    IncompleteReason,
    PolicyHints,
    Verdict,
)
from agentguard.contracts.streaming import (
    OUTPUT_STREAM_ALL,
    ChunkAction,
    ChunkVerdict,
    OutputChunk,
    RedactionMode,
)
from agentguard.contracts.subjects import CHECK_OUTPUT
from agentguard.engines import EnginePolicy, decide
from agentguard.output_checker.canarystore import CanaryStore
from agentguard.output_checker.core import IndexCache, OutputRules, judge_output
from agentguard.output_checker.settings import OutputCheckerSettings
from agentguard.output_checker.stream import (
    ChunkOutcome,
    StreamLimits,
    StreamState,
    StreamTable,
    process_chunk,
)
from agentguard.output_checker.streamstore import MemoryStreamStore, StreamStore
from agentguard.shared.broker import EventSink, publish_all
from agentguard.shared.codec import decode, encode
from agentguard.shared.digest import keyed_digest
from agentguard.shared.errors import DecodeError
from agentguard.shared.rejects import Rejecter
from agentguard.shared.tasks import TaskTracker
from agentguard.shared.verdicts import build_events, build_verdict

__all__ = ["WORKER", "OutputCheckerHandlers"]

WORKER = "output-checker"
_SAVE_ATTEMPTS = 3


class OutputCheckerHandlers:
    """Output-checker's handlers with injected ports (events, canary store, clock-free core)."""

    def __init__(
        self,
        *,
        settings: OutputCheckerSettings,
        sink: EventSink,
        tasks: TaskTracker,
        log: FilteringBoundLogger,
        producer: str,
        rules: OutputRules,
        canaries: CanaryStore,
        streams: StreamStore | None = None,
        indexes: IndexCache | None = None,
    ) -> None:
        self._settings = settings
        self._sink = sink
        self._tasks = tasks
        self._log = log
        self._producer = producer
        self._rules = rules
        self._canaries = canaries
        self._indexes = indexes or IndexCache(rules)
        self._streams = streams or MemoryStreamStore(
            StreamTable(idle_s=settings.stream_idle_s, max_streams=settings.stream_max)
        )
        self._limits = StreamLimits(
            window=settings.stream_window_chars, holdback=settings.stream_holdback_chars
        )
        self._digest_key = settings.digest_key.get_secret_value().encode()
        self._index_lock = threading.Lock()
        self._rejecter = Rejecter(worker=WORKER, producer=producer, sink=sink, log=log)
        self._base = EnginePolicy(
            block_threshold=settings.block_threshold, max_chars=settings.max_chars
        )

    async def _session_canaries(
        self, tenant_id: str, session_id: str | None
    ) -> tuple[tuple[str, ...], tuple[IncompleteCheck, ...]]:
        if session_id is None:
            return (), ()
        try:
            return await self._canaries.lookup(tenant_id, session_id), ()
        except Exception as exc:  # any store failure fails the check closed
            self._log.warning("canary_lookup_failed", error=type(exc).__name__)
            return (), (
                IncompleteCheck(
                    check="canary",
                    reason=IncompleteReason.TIMEOUT
                    if isinstance(exc, TimeoutError)
                    else IncompleteReason.ERROR,
                    detail="session canaries could not be read",
                ),
            )

    def _timed_out(
        self, request: CheckOutput, policy: EnginePolicy, started: float, deadline_s: float
    ) -> Verdict:
        """The fail-closed (or, if the policy says so, fail-open) verdict of a late check."""
        missing = (
            IncompleteCheck(
                check="output_checks",
                reason=IncompleteReason.TIMEOUT,
                detail=f"not finished within {deadline_s * 1000:.0f} ms deadline",
            ),
        )
        decision, risk, reasons = decide((), policy, missing)
        return build_verdict(
            request_id=request.message_id,
            correlation_id=request.correlation_id,
            producer=self._producer,
            decision=decision,
            risk=risk,
            reasons=reasons,
            findings=(),
            timings=(),
            incomplete=missing,
            sanitized_text=None,
            latency_ms=(time.perf_counter() - started) * 1000,
        )

    def _publish(
        self,
        verdict: Verdict,
        identity: Identity,
        text: str,
        policy: PolicyHints,
        text_digest: str | None = None,
    ) -> None:
        events: list[tuple[str, BaseModel]] = list(
            build_events(
                verdict,
                check=CheckKind.OUTPUT,
                identity=identity,
                text=text,
                digest_key=self._digest_key,
                policy=policy,
                text_digest=text_digest,
            )
        )
        self._tasks.spawn(publish_all(self._sink, events, self._log))

    async def on_check(self, msg: NatsMessage) -> bytes:
        """Answer a CheckOutput with a Verdict (or a typed ErrorReply)."""
        started = time.perf_counter()
        payload: bytes = msg.body
        try:
            request = decode(payload, CheckOutput, max_bytes=self._settings.max_payload_bytes)
        except DecodeError as err:
            return await self._rejecter.reply(err, payload, CHECK_OUTPUT)
        policy = EnginePolicy.from_hints(request.policy, self._base)
        issued, incomplete = await self._session_canaries(
            request.identity.tenant_id, request.identity.session_id
        )
        deadline_s = (request.deadline_ms or self._settings.default_deadline_ms) / 1000.0

        def _judge() -> Verdict:
            with self._index_lock:
                index = self._indexes.get(request.system_prompt)
            return judge_output(
                request,
                policy,
                self._producer,
                started,
                rules=self._rules,
                index=index,
                canaries=issued,
                incomplete=incomplete,
            )

        remaining = max(deadline_s - (time.perf_counter() - started), 0.001)
        try:
            # A thread keeps the loop (and the stream subscriber) responsive; the deadline wins.
            verdict = await asyncio.wait_for(asyncio.to_thread(_judge), timeout=remaining)
        except TimeoutError:
            verdict = self._timed_out(request, policy, started, deadline_s)
        digest = keyed_digest(self._digest_key, request.text)  # once: event and log line
        self._publish(verdict, request.identity, request.text, request.policy, digest)
        self._log.info(
            "check_handled",
            request_id=request.message_id,
            correlation_id=request.correlation_id,
            tenant_id=request.identity.tenant_id,
            text_len=len(request.text),
            text_digest=digest[:16],
            decision=verdict.decision.value,
            findings=len(verdict.findings),
            latency_ms=round(verdict.latency_ms, 3),
        )
        return encode(verdict)

    async def _new_state(self, chunk: OutputChunk) -> tuple[StreamState, ChunkOutcome | None]:
        """A stream's state on its first chunk (whatever its seq); stopped if canaries failed."""
        policy = EnginePolicy.from_hints(chunk.policy, self._base)
        issued, incomplete = await self._session_canaries(
            chunk.identity.tenant_id, chunk.identity.session_id
        )
        mode = chunk.redaction or self._settings.redaction_mode
        if mode is RedactionMode.REVERSIBLE and self._rules.keystore is None:
            mode = RedactionMode.PLACEHOLDER
        state = StreamState(
            stream_id=chunk.stream_id,
            policy=policy,
            index=None,
            canaries=tuple(dict.fromkeys((*chunk.canaries, *issued))),
            destination=chunk.destination,
            redaction=mode,
            hints=chunk.policy,
        )
        if incomplete and not policy.fail_open:
            state.stopped = state.closed = True
            return state, ChunkOutcome(
                action=ChunkAction.STOP,
                reasons=tuple(f"{i.check} did not finish: {i.reason.value}" for i in incomplete),
                closed=True,
            )
        return state, None

    async def _advance(self, chunk: OutputChunk) -> tuple[StreamState | None, ChunkOutcome, bool]:
        """Load, process and save the chunk's stream; redo on a concurrent write.

        Returns the state, the outcome and whether this chunk closed the stream.
        """
        tenant = chunk.identity.tenant_id
        for _ in range(_SAVE_ATTEMPTS):
            state, revision = await self._streams.load(tenant, chunk.stream_id)
            early = None
            if state is None:
                state, early = await self._new_state(chunk)
            if chunk.system_prompt and state.prompt_digest is None:
                state.prompt_digest = await self._streams.remember_prompt(chunk.system_prompt)
                state.index = self._indexes.get(chunk.system_prompt)
            if chunk.canaries:
                state.canaries = tuple(dict.fromkeys((*state.canaries, *chunk.canaries)))
            was_closed = state.closed
            outcome = early or process_chunk(
                state, chunk.seq, chunk.text, chunk.final, rules=self._rules, limits=self._limits
            )
            if await self._streams.save(tenant, chunk.stream_id, state, revision):
                return state, outcome, state.closed and (early is not None or not was_closed)
        return (
            None,
            ChunkOutcome(
                action=ChunkAction.STOP, reasons=("stream state kept changing concurrently",)
            ),
            False,
        )

    async def on_chunk(self, msg: NatsMessage) -> bytes:
        """Answer an OutputChunk with a ChunkVerdict (or a typed ErrorReply)."""
        started = time.perf_counter()
        payload: bytes = msg.body
        try:
            chunk = decode(payload, OutputChunk, max_bytes=self._settings.max_payload_bytes)
        except DecodeError as err:
            return await self._rejecter.reply(err, payload, OUTPUT_STREAM_ALL)
        try:
            state, outcome, closing = await self._advance(chunk)
        except Exception as exc:  # a window that cannot be read or written fails closed
            self._log.error("stream_state_failed", error=type(exc).__name__)
            state, closing = None, False
            outcome = ChunkOutcome(
                action=ChunkAction.STOP, reasons=("stream state unavailable",), closed=True
            )
        latency_ms = (time.perf_counter() - started) * 1000
        reply = ChunkVerdict(
            correlation_id=chunk.correlation_id,
            producer=self._producer,
            request_id=chunk.message_id,
            stream_id=chunk.stream_id,
            seq=chunk.seq,
            action=outcome.action,
            emit=outcome.emit,
            emit_offset=outcome.emit_offset,
            released_through=outcome.released_through,
            held_chars=outcome.held_chars,
            findings=outcome.findings,
            reasons=outcome.reasons,
            vault=outcome.vault,
            closed=outcome.closed,
            latency_ms=latency_ms,
        )
        if state is not None and closing:
            self._record_stream(chunk, state, outcome, latency_ms)
        self._log.info(
            "chunk_handled",
            request_id=chunk.message_id,
            correlation_id=chunk.correlation_id,
            tenant_id=chunk.identity.tenant_id,
            stream_digest=keyed_digest(self._digest_key, chunk.stream_id)[:16],
            seq=chunk.seq,
            text_len=len(chunk.text),
            action=outcome.action.value,
            findings=len(outcome.findings),
            latency_ms=round(latency_ms, 3),
        )
        return encode(reply)

    def _record_stream(
        self, chunk: OutputChunk, state: StreamState, outcome: ChunkOutcome, latency_ms: float
    ) -> None:
        """One VerdictIssued (and violations) per stream, when it closes or stops."""
        if state.stopped:
            decision = Decision.BLOCK
        elif state.redacted:
            decision = Decision.SANITIZE
        else:
            decision = Decision.ALLOW
        verdict = build_verdict(
            request_id=chunk.message_id,
            correlation_id=chunk.correlation_id,
            producer=self._producer,
            decision=decision,
            risk=max((f.score for f in state.findings), default=0.0),
            reasons=outcome.reasons,
            findings=state.findings,
            timings=(),
            incomplete=(),
            sanitized_text=None,
            latency_ms=latency_ms,
        )
        # Streams keep no full copy of the output: length and digest cover the last window.
        self._publish(verdict, chunk.identity, outcome.scanned, chunk.policy)
