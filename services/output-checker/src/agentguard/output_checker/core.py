"""Output-checker's pure logic: leaks of the system prompt, canaries, credentials, PII."""

import time
from collections.abc import Callable

from agentguard.contracts import (
    Category,
    CheckOutput,
    CheckTiming,
    Decision,
    Finding,
    IncompleteCheck,
    Verdict,
)
from agentguard.engines import EnginePolicy, decide, detect_pii, detect_secrets, redact
from agentguard.shared.verdicts import build_verdict

__all__ = ["canary_leaks", "judge_output", "prompt_leaks"]

_SHINGLE = 8


def _words(text: str) -> list[tuple[str, int, int]]:
    words: list[tuple[str, int, int]] = []
    start = -1
    for i, ch in enumerate(text + " "):
        if ch.isalnum():
            if start < 0:
                start = i
        elif start >= 0:
            words.append((text[start:i].casefold(), start, i))
            start = -1
    return words


def prompt_leaks(output: str, system_prompt: str | None) -> list[Finding]:
    """Runs of 8+ consecutive words of the system prompt reproduced in the output."""
    if not system_prompt:
        return []
    ref = [w for w, _, _ in _words(system_prompt)]
    shingles = {tuple(ref[i : i + _SHINGLE]) for i in range(len(ref) - _SHINGLE + 1)}
    if not shingles:
        return []
    out = _words(output)
    hits = [
        i for i in range(len(out) - _SHINGLE + 1)
        if tuple(w for w, _, _ in out[i : i + _SHINGLE]) in shingles
    ]
    if not hits:
        return []
    covered = len(hits) + _SHINGLE - 1
    score = min(1.0, 0.6 + covered / max(len(ref), 1))
    return [
        Finding(
            detector="output.prompt_leak",
            category=Category.PROMPT_LEAK,
            type="SYSTEM_PROMPT_OVERLAP",
            start=out[hits[0]][1],
            end=out[hits[-1] + _SHINGLE - 1][2],
            score=score,
            reason=f"{len(hits)} shared {_SHINGLE}-word runs",
        )
    ]


def canary_leaks(output: str, canaries: tuple[str, ...]) -> list[Finding]:
    """Any issued canary token appearing in the output is a critical leak."""
    findings = []
    for token in canaries:
        at = output.find(token) if token else -1
        if at >= 0:
            findings.append(
                Finding(
                    detector="output.canary",
                    category=Category.CANARY,
                    type="CANARY_TOKEN",
                    start=at,
                    end=at + len(token),
                    score=1.0,
                    reason="issued canary token found in output",
                )
            )
    return findings


def judge_output(
    request: CheckOutput, policy: EnginePolicy, producer: str, started: float
) -> Verdict:
    """Run every output check and decide."""
    checks: list[tuple[str, Callable[[], list[Finding]]]] = [
        ("canary", lambda: canary_leaks(request.text, request.canaries)),
        ("prompt_leak", lambda: prompt_leaks(request.text, request.system_prompt)),
        ("secrets", lambda: detect_secrets(request.text)),
        ("pii", lambda: detect_pii(request.text)),
    ]
    findings: list[Finding] = []
    timings: list[CheckTiming] = []
    for name, check in checks:
        if name in policy.skip_checks:
            continue
        t0 = time.perf_counter()
        findings.extend(check())
        timings.append(CheckTiming(check=name, duration_ms=(time.perf_counter() - t0) * 1000))
    incomplete: list[IncompleteCheck] = []
    decision, risk, reasons = decide(findings, policy, incomplete)
    if decision is Decision.SANITIZE and any(f.category is Category.SECRET for f in findings):
        reasons = (*reasons, "credentials are redacted, never passed through")
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
        sanitized_text=redact(request.text, findings) if decision is Decision.SANITIZE else None,
        latency_ms=(time.perf_counter() - started) * 1000,
    )
