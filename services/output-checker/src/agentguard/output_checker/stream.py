"""Streamed outputs: per-chunk judgement over a sliding window (pure, no I/O).

Chunks are consumed strictly in sequence order: an early chunk is held until the gap is
filled, a repeated one is answered `duplicate` and never re-emitted. Each step scans the
last `window` released characters plus everything not yet released, so a key or canary
split across chunk boundaries is seen whole. Text is released only up to a word boundary at
least `holdback` characters before the end, so the head of a value that the next chunk
completes is still unreleased and can be redacted; a blocking leak stops the stream and
nothing held is ever released.
"""

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from agentguard.contracts import Decision, Finding, PolicyHints
from agentguard.contracts.streaming import ChunkAction, RedactionMode
from agentguard.engines import EnginePolicy, decide
from agentguard.output_checker.core import OutputRules, inspect_output
from agentguard.output_checker.leaks import PromptIndex
from agentguard.output_checker.redaction import REDACTABLE, Numbering, redact_findings

__all__ = ["ChunkOutcome", "StreamLimits", "StreamState", "StreamTable", "process_chunk"]

_MAX_KEPT_FINDINGS = 64


@dataclass(frozen=True, slots=True)
class StreamLimits:
    """Sizes of the sliding window and of the held tail."""

    window: int = 1024
    holdback: int = 32
    max_held: int = 4096
    max_pending: int = 64
    max_pending_chars: int = 262_144


@dataclass
class StreamState:
    """Everything known about one stream between chunks (see streamstore for where it lives)."""

    stream_id: str
    policy: EnginePolicy
    index: PromptIndex | None
    canaries: tuple[str, ...]
    destination: str
    redaction: RedactionMode
    hints: PolicyHints = field(default_factory=PolicyHints)
    prompt_digest: str | None = None
    next_seq: int = 0
    released: int = 0
    context: str = ""
    held: str = ""
    pending: dict[int, tuple[str, bool]] = field(default_factory=dict)
    numbering: Numbering = field(default_factory=Numbering)
    findings: list[Finding] = field(default_factory=list)
    redacted: int = 0
    stopped: bool = False
    closed: bool = False


@dataclass(frozen=True, slots=True)
class ChunkOutcome:
    """The answer to one chunk, before it is wrapped in a ChunkVerdict."""

    action: ChunkAction
    emit: str = ""
    emit_offset: int = 0
    released_through: int = -1
    held_chars: int = 0
    findings: tuple[Finding, ...] = ()
    reasons: tuple[str, ...] = ()
    vault: str | None = None
    closed: bool = False
    scanned: str = ""


def _outcome(
    state: StreamState,
    action: ChunkAction,
    *,
    reasons: tuple[str, ...] = (),
    findings: tuple[Finding, ...] = (),
    scanned: str = "",
) -> ChunkOutcome:
    return ChunkOutcome(
        action=action,
        emit_offset=state.released,
        released_through=state.next_seq - 1,
        held_chars=len(state.held) + sum(len(t) for t, _ in state.pending.values()),
        findings=findings,
        reasons=reasons,
        closed=state.closed,
        scanned=scanned,
    )


def _release_point(fresh: str, final: bool, limits: StreamLimits) -> int:
    if final:
        return len(fresh)
    limit = len(fresh) - limits.holdback
    if limit <= 0:
        return 0
    boundary = max(
        fresh.rfind(" ", 0, limit), fresh.rfind("\n", 0, limit), fresh.rfind("\t", 0, limit)
    )
    if boundary >= 0:
        return boundary + 1
    # One endless token: release beyond max_held rather than hold the stream forever.
    return max(0, len(fresh) - limits.max_held)


def process_chunk(
    state: StreamState,
    seq: int,
    text: str,
    final: bool,
    *,
    rules: OutputRules,
    limits: StreamLimits,
) -> ChunkOutcome:
    """Consume one chunk; mutate state; say what may be delivered now."""
    if state.closed:
        action = ChunkAction.STOP if state.stopped else ChunkAction.DUPLICATE
        return _outcome(state, action, reasons=("stream already closed",))
    if seq < state.next_seq or seq in state.pending:
        return _outcome(state, ChunkAction.DUPLICATE, reasons=(f"chunk {seq} already received",))
    if seq > state.next_seq:
        waiting = sum(len(t) for t, _ in state.pending.values()) + len(text)
        if len(state.pending) >= limits.max_pending or waiting > limits.max_pending_chars:
            # Fail closed: a gap that never fills must not pin unbounded memory.
            state.stopped = state.closed = True
            state.pending.clear()
            return _outcome(state, ChunkAction.STOP, reasons=("too many chunks out of order",))
        state.pending[seq] = (text, final)
        return _outcome(state, ChunkAction.HOLD, reasons=(f"waiting for chunk {state.next_seq}",))
    parts = [text]
    state.next_seq += 1
    while state.next_seq in state.pending:
        more, more_final = state.pending.pop(state.next_seq)
        parts.append(more)
        final = final or more_final
        state.next_seq += 1
    fresh = state.held + "".join(parts)
    base = len(state.context)
    scan = state.context + fresh
    origin = state.released - base  # offset of scan[0] in the whole output
    found, _ = inspect_output(
        scan,
        rules=rules,
        index=state.index,
        canaries=state.canaries,
        destination=state.destination,
        skip=state.policy.skip_checks,
    )
    new = [f for f in found if f.end > base]
    decision, _, reasons = decide(new, state.policy)
    absolute = [
        f.model_copy(update={"start": f.start + origin, "end": f.end + origin}) for f in new
    ]
    if decision is Decision.BLOCK:
        state.stopped = state.closed = True
        state.held = ""
        state.findings.extend(absolute[:_MAX_KEPT_FINDINGS])
        return _outcome(
            state, ChunkAction.STOP, findings=tuple(absolute), reasons=reasons, scanned=scan
        )
    redactable = sorted((f for f in new if f.category in REDACTABLE), key=lambda f: f.start)
    cut = _release_point(fresh, final, limits)
    moved = True
    while moved:  # never release the head of a value whose tail is still held
        moved = False
        for f in redactable:
            lo, hi = f.start - base, f.end - base
            if lo < cut < hi:
                cut, moved = max(lo, 0), True
    released = [f for f in redactable if f.start - base < cut]
    local = [
        f.model_copy(update={"start": max(f.start - base, 0), "end": min(f.end - base, cut)})
        for f in released
    ]
    redaction = redact_findings(
        fresh[:cut],
        local,
        mode=state.redaction,
        digest_key=rules.digest_key,
        numbering=state.numbering,
        keystore=rules.keystore,
    )
    emit_offset = state.released
    state.context = (state.context + fresh[:cut])[-limits.window :]
    state.held = fresh[cut:]
    state.released += cut
    state.redacted += redaction.replaced
    reported = tuple(
        f for f in absolute if f.category in REDACTABLE and f.start - origin - base < cut
    )
    state.findings.extend(reported[: max(0, _MAX_KEPT_FINDINGS - len(state.findings))])
    state.closed = final
    return ChunkOutcome(
        action=ChunkAction.REDACT if redaction.replaced else ChunkAction.PASS,
        emit=redaction.text,
        emit_offset=emit_offset,
        released_through=state.next_seq - 1,
        held_chars=len(state.held) + sum(len(t) for t, _ in state.pending.values()),
        findings=reported,
        reasons=tuple(f"redacted {f.category.value}/{f.type}" for f in reported),
        vault=redaction.vault,
        closed=final,
        scanned=scan,
    )


class StreamTable:
    """Live streams of this worker, evicted when idle or when there are too many."""

    def __init__(
        self,
        *,
        idle_s: float = 300.0,
        max_streams: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._idle_s = idle_s
        self._max = max_streams
        self._clock = clock
        self._items: OrderedDict[tuple[str, str], tuple[float, StreamState]] = OrderedDict()

    def get(self, key: tuple[str, str]) -> StreamState | None:
        """The live state of a stream, refreshed; None if unknown or expired."""
        self._evict()
        item = self._items.get(key)
        if item is None:
            return None
        self._items[key] = (self._clock(), item[1])
        self._items.move_to_end(key)
        return item[1]

    def add(self, key: tuple[str, str], state: StreamState) -> StreamState:
        """Register a new stream (or return the one a concurrent chunk registered first)."""
        existing = self.get(key)
        if existing is not None:
            return existing
        self._items[key] = (self._clock(), state)
        self._evict()
        return state

    def __len__(self) -> int:
        return len(self._items)

    def _evict(self) -> None:
        now = self._clock()
        while self._items:
            key, (touched, _) = next(iter(self._items.items()))
            if now - touched > self._idle_s or len(self._items) > self._max:
                del self._items[key]
            else:
                break
