"""Pure assembly of verdicts and the events that record them (no I/O)."""

from collections.abc import Iterable

from agentguard.contracts import (
    Category,
    CheckKind,
    CheckTiming,
    Decision,
    Finding,
    Identity,
    IncompleteCheck,
    PolicyHints,
    Provenance,
    Severity,
    Verdict,
    VerdictIssued,
    ViolationDetected,
)
from agentguard.contracts.subjects import verdict_subject, violation_subject
from agentguard.shared.digest import keyed_digest

__all__ = ["EventBatch", "build_events", "build_verdict", "severity_of"]

EventBatch = list[tuple[str, VerdictIssued | ViolationDetected]]

_CRITICAL = frozenset({Category.CANARY, Category.PROMPT_LEAK})
_HIGH = frozenset(
    {Category.INJECTION, Category.JAILBREAK, Category.COMMAND, Category.SQLI, Category.XSS}
)
_MEDIUM = frozenset(
    {Category.BLOCKED_IDENTITY, Category.RATE_LIMIT, Category.INVISIBLE, Category.ENCODING}
)


def severity_of(finding: Finding, check: CheckKind) -> Severity:
    """Severity of one finding on its own; history-based escalation is the responder's job."""
    if finding.category in _CRITICAL:
        return Severity.CRITICAL
    if finding.category is Category.SECRET:
        # A credential leaving the model is a breach; one typed by a user is a mistake.
        return Severity.CRITICAL if check is CheckKind.OUTPUT else Severity.MEDIUM
    if finding.category in _HIGH:
        return Severity.HIGH if finding.score >= 0.8 else Severity.MEDIUM
    if finding.category in _MEDIUM:
        return Severity.MEDIUM
    return Severity.LOW


def build_verdict(
    *,
    request_id: str,
    correlation_id: str,
    producer: str,
    decision: Decision,
    risk: float,
    reasons: Iterable[str],
    findings: Iterable[Finding],
    timings: Iterable[CheckTiming],
    incomplete: Iterable[IncompleteCheck],
    sanitized_text: str | None,
    latency_ms: float,
    vault: str | None = None,
) -> Verdict:
    """The reply to a check request."""
    return Verdict(
        correlation_id=correlation_id,
        producer=producer,
        request_id=request_id,
        decision=decision,
        allowed=decision is not Decision.BLOCK,
        risk=min(max(risk, 0.0), 1.0),
        reasons=tuple(reasons),
        findings=tuple(findings),
        timings=tuple(timings),
        incomplete=tuple(incomplete),
        sanitized_text=sanitized_text if decision is Decision.SANITIZE else None,
        vault=vault if decision is Decision.SANITIZE else None,
        latency_ms=max(latency_ms, 0.0),
    )


def build_events(
    verdict: Verdict,
    *,
    check: CheckKind,
    identity: Identity,
    text: str,
    digest_key: bytes,
    provenance: Provenance | None = None,
    policy: PolicyHints | None = None,
    text_digest: str | None = None,
) -> EventBatch:
    """One VerdictIssued per verdict and one ViolationDetected per finding that mattered."""
    issued = VerdictIssued(
        correlation_id=verdict.correlation_id,
        producer=verdict.producer,
        request_id=verdict.request_id,
        check=check,
        provenance=provenance,
        identity=identity,
        decision=verdict.decision,
        risk=verdict.risk,
        findings=verdict.findings,
        incomplete=verdict.incomplete,
        text_length=len(text),
        text_digest=text_digest or keyed_digest(digest_key, text),
        latency_ms=verdict.latency_ms,
        policy=policy or PolicyHints(),
    )
    events: EventBatch = [(verdict_subject(verdict.decision), issued)]
    if verdict.decision is Decision.ALLOW:
        return events
    for finding in verdict.findings:
        events.append(
            (
                violation_subject(finding.category),
                ViolationDetected(
                    correlation_id=verdict.correlation_id,
                    producer=verdict.producer,
                    request_id=verdict.request_id,
                    verdict_event_id=issued.message_id,
                    check=check,
                    identity=identity,
                    decision=verdict.decision,
                    finding=finding,
                    severity=severity_of(finding, check),
                ),
            )
        )
    return events
