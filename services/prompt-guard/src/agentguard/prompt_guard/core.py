"""Prompt-guard's pure logic: injection and jailbreak analysis of one input."""

from agentguard.contracts import AnalysisResult, CheckInput
from agentguard.engines import EnginePolicy, prompt_checks

__all__ = ["analyze"]


def analyze(request: CheckInput, base: EnginePolicy, producer: str) -> AnalysisResult:
    """Findings of the prompt checks on the request's text, judged by its provenance."""
    policy = EnginePolicy.from_hints(request.policy, base)
    result = prompt_checks(request.text, request.provenance, policy)
    return AnalysisResult(
        correlation_id=request.correlation_id,
        producer=producer,
        request_id=request.message_id,
        findings=result.findings,
        timings=result.timings,
    )
