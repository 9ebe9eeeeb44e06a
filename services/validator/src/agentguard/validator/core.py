"""The validator's pure logic: run its checks, merge prompt-guard's, decide."""

from collections.abc import Sequence

from agentguard.contracts import (
    AnalysisResult,
    CheckInput,
    Decision,
    IncompleteCheck,
    Verdict,
)
from agentguard.engines import EnginePolicy, EngineResult, decide, redact, validator_checks
from agentguard.shared.verdicts import build_verdict

__all__ = ["judge", "local_checks", "policy_for"]


def policy_for(request: CheckInput, base: EnginePolicy) -> EnginePolicy:
    """The effective policy: tenant defaults with the request's hints applied."""
    return EnginePolicy.from_hints(request.policy, base)


def local_checks(request: CheckInput, policy: EnginePolicy) -> EngineResult:
    """The validator's own share of the checks."""
    return validator_checks(request.text, policy)


def judge(
    request: CheckInput,
    *,
    policy: EnginePolicy,
    local: EngineResult | None,
    remote: AnalysisResult | None,
    incomplete: Sequence[IncompleteCheck],
    producer: str,
    latency_ms: float,
) -> Verdict:
    """Combine both halves into the verdict; missing halves count against the text."""
    findings = (local.findings if local else ()) + (remote.findings if remote else ())
    timings = (local.timings if local else ()) + (remote.timings if remote else ())
    decision, risk, reasons = decide(findings, policy, incomplete)
    sanitized = redact(request.text, findings) if decision is Decision.SANITIZE else None
    return build_verdict(
        request_id=request.message_id,
        correlation_id=request.correlation_id,
        producer=producer,
        decision=decision,
        risk=risk,
        reasons=reasons,
        findings=findings,
        timings=timings,
        incomplete=incomplete,
        sanitized_text=sanitized,
        latency_ms=latency_ms,
    )
