"""The engines' public surface: what each worker runs and how findings become a decision."""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from agentguard.contracts import (
    Category,
    CheckTiming,
    Decision,
    Finding,
    IncompleteCheck,
    PolicyHints,
    Provenance,
)
from agentguard.engines import rules

__all__ = [
    "EnginePolicy",
    "detect_pii",
    "detect_secrets",
    "EngineResult",
    "ScanResult",
    "decide",
    "prompt_checks",
    "redact",
    "scan_input",
    "validator_checks",
]

# Categories whose findings are removed from the text rather than blocking it.
REDACTABLE = frozenset({Category.PII, Category.SECRET})


@dataclass(frozen=True, slots=True)
class EnginePolicy:
    """Thresholds and switches for one request (tenant defaults + request hints)."""

    block_threshold: float = 0.5
    max_chars: int = 32_000
    fail_open: bool = False
    skip_checks: frozenset[str] = frozenset()
    banned_terms: tuple[str, ...] = ()
    strict: bool = False

    @classmethod
    def from_hints(cls, hints: PolicyHints, base: "EnginePolicy | None" = None) -> "EnginePolicy":
        """Apply a request's hints on top of the tenant's base policy."""
        base = base or cls()
        threshold = hints.block_threshold if hints.block_threshold is not None else base.block_threshold
        if hints.strict or base.strict:
            threshold = min(threshold, 0.35)
        return cls(
            block_threshold=threshold,
            max_chars=base.max_chars,
            fail_open=hints.fail_open or base.fail_open,
            skip_checks=base.skip_checks | frozenset(hints.skip_checks),
            banned_terms=base.banned_terms,
            strict=hints.strict or base.strict,
        )


@dataclass(frozen=True, slots=True)
class EngineResult:
    """Findings of one group of checks, with per-check timings."""

    findings: tuple[Finding, ...] = ()
    timings: tuple[CheckTiming, ...] = ()


@dataclass(frozen=True, slots=True)
class ScanResult:
    """A full offline verdict."""

    decision: Decision
    risk: float
    reasons: tuple[str, ...]
    findings: tuple[Finding, ...]
    timings: tuple[CheckTiming, ...] = field(default=())
    sanitized_text: str | None = None


Check = Callable[[str, EnginePolicy], list[Finding]]


def _run(checks: Iterable[tuple[str, Check]], text: str, policy: EnginePolicy) -> EngineResult:
    findings: list[Finding] = []
    timings: list[CheckTiming] = []
    for name, check in checks:
        if name in policy.skip_checks:
            continue
        started = time.perf_counter()
        findings.extend(check(text, policy))
        timings.append(
            CheckTiming(check=name, duration_ms=(time.perf_counter() - started) * 1000.0)
        )
    return EngineResult(findings=tuple(findings), timings=tuple(timings))


def validator_checks(text: str, policy: EnginePolicy) -> EngineResult:
    """Input validation, content filter, PII and secrets (the validator's share)."""
    return _run(rules.VALIDATOR_CHECKS, text, policy)


def prompt_checks(text: str, provenance: Provenance, policy: EnginePolicy) -> EngineResult:
    """Prompt-injection and jailbreak detection (prompt-guard's share)."""
    del provenance  # indirect-injection rules arrive with the engines issue
    return _run(rules.PROMPT_CHECKS, text, policy)


def decide(
    findings: Iterable[Finding],
    policy: EnginePolicy,
    incomplete: Iterable[IncompleteCheck] = (),
) -> tuple[Decision, float, tuple[str, ...]]:
    """Combine findings into a decision, a risk score and readable reasons."""
    found = list(findings)
    missing = list(incomplete)
    risk = max((f.score for f in found), default=0.0)
    reasons: list[str] = []
    blocking = [
        f for f in found if f.category not in REDACTABLE and f.score >= policy.block_threshold
    ]
    for f in blocking:
        reasons.append(f"{f.category.value}/{f.type} ({f.detector}, {f.score:.2f})")
    if missing and not policy.fail_open:
        reasons.extend(f"{m.check} did not finish: {m.reason.value}" for m in missing)
        return Decision.BLOCK, max(risk, 1.0 if not found else risk), tuple(reasons)
    if blocking:
        return Decision.BLOCK, risk, tuple(reasons)
    if any(f.category in REDACTABLE for f in found):
        redacted = sorted({f"{f.category.value}/{f.type}" for f in found if f.category in REDACTABLE})
        return Decision.SANITIZE, risk, tuple(f"redacted {r}" for r in redacted)
    return Decision.ALLOW, risk, tuple(reasons)


def redact(text: str, findings: Iterable[Finding]) -> str:
    """Replace redactable spans by typed placeholders, stable within the text."""
    spans = sorted(
        {(f.start, f.end, f.type) for f in findings if f.category in REDACTABLE},
        key=lambda s: (s[0], -s[1]),
    )
    out: list[str] = []
    cursor = 0
    numbering: dict[tuple[str, str], int] = {}
    per_type: dict[str, int] = {}
    for start, end, kind in spans:
        if start < cursor:
            continue
        out.append(text[cursor:start])
        key = (kind, text[start:end])
        if key not in numbering:
            per_type[kind] = per_type.get(kind, 0) + 1
            numbering[key] = per_type[kind]
        out.append(f"[{kind}_{numbering[key]}]")
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def scan_input(
    text: str, provenance: Provenance = Provenance.USER, policy: EnginePolicy | None = None
) -> ScanResult:
    """Everything the mesh runs on an input, in-process (the offline scan)."""
    policy = policy or EnginePolicy()
    first = validator_checks(text, policy)
    second = prompt_checks(text, provenance, policy)
    findings = first.findings + second.findings
    decision, risk, reasons = decide(findings, policy)
    sanitized = redact(text, findings) if decision is Decision.SANITIZE else None
    return ScanResult(
        decision=decision,
        risk=risk,
        reasons=reasons,
        findings=findings,
        timings=first.timings + second.timings,
        sanitized_text=sanitized,
    )


def detect_pii(text: str) -> list[Finding]:
    """PII findings (typed, with spans into text); used on inputs and outputs alike."""
    return rules.pii(text, EnginePolicy())


def detect_secrets(text: str) -> list[Finding]:
    """Credential findings (typed, spans, digest; never the value); inputs and outputs."""
    return rules.secrets(text, EnginePolicy())
