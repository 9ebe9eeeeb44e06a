"""The engines' public surface: what each worker runs and how findings become a decision."""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from agentguard.contracts import (
    CheckTiming,
    Decision,
    Finding,
    IncompleteCheck,
    Provenance,
)
from agentguard.engines import injection, validator
from agentguard.engines._rx import prime, well_formed
from agentguard.engines.decode import View
from agentguard.engines.normalize import Normalized, normalize
from agentguard.engines.pii import detect_pii as _detect_pii
from agentguard.engines.policy import EnginePolicy
from agentguard.engines.redact import REDACTABLE, redact
from agentguard.engines.secrets import detect_secrets as _detect_secrets

__all__ = [
    "EngineResult",
    "ScanResult",
    "blocking",
    "decide",
    "detect_pii",
    "detect_secrets",
    "prompt_checks",
    "scan_input",
    "validator_checks",
]

HARD_LIMIT = 1_000_000  # never scan more than the contract's ceiling
Durations = tuple[tuple[str, float], ...]  # (check name, wall time in ms)


_CHECK_TIMING = CheckTiming.__pydantic_validator__.validate_python  # = CheckTiming(**d)


def _timings(durations: Durations) -> tuple[CheckTiming, ...]:
    return tuple(_CHECK_TIMING({"check": name, "duration_ms": ms}) for name, ms in durations)


@dataclass(frozen=True, slots=True)
class EngineResult:
    """Findings of one group of checks, with per-check timings.

    Durations are kept as plain pairs; `timings` builds the contract's `CheckTiming`
    models when asked (a verdict needs them, the offline scan and the eval do not, and
    ten pydantic models cost more than some of the checks they time)."""

    findings: tuple[Finding, ...] = ()
    durations: Durations = ()

    @property
    def timings(self) -> tuple[CheckTiming, ...]:
        """Per-check wall times, as the contract's models."""
        return _timings(self.durations)


@dataclass(frozen=True, slots=True)
class ScanResult:
    """A full offline verdict."""

    decision: Decision
    risk: float
    reasons: tuple[str, ...]
    findings: tuple[Finding, ...]
    durations: Durations = field(default=())
    sanitized_text: str | None = None

    @property
    def timings(self) -> tuple[CheckTiming, ...]:
        """Per-check wall times, as the contract's models (built on access)."""
        return _timings(self.durations)


Check = Callable[..., list[Finding]]
_Out = tuple[list[Finding], list[tuple[str, float]]]  # findings and durations, appended to


@lru_cache(maxsize=4)
def _normalized(text: str) -> Normalized:
    # validator and prompt checks share one normalization in the offline scan, and the
    # combined prefilters answer every detector's prefilter
    norm = normalize(text)
    if norm.text == text:
        prime(text)
    else:  # PII and secrets read the raw text, everything else the normalized one
        prime(text, "raw")
        prime(norm.text, "normalized")
    return norm


def _scope(text: str, policy: EnginePolicy) -> str:
    return text[: min(policy.max_chars, HARD_LIMIT)]


def _run(
    checks: Iterable[tuple[str, Check]],
    args: tuple[object, ...],
    text: str,
    policy: EnginePolicy,
    out: _Out,
) -> None:
    """Run `checks` on `args`, appending to `out`'s findings and (name, ms) durations."""
    findings, durations = out
    skip = policy.skip_checks
    filtered = bool(policy.disabled_detectors or policy.allowlist)  # else keeps() is True
    clock = time.perf_counter
    # one clock reading per check: the end of one check is the start of the next
    last = clock()
    for name, check in checks:
        if name in skip:
            continue
        found = check(*args)
        if filtered:
            findings.extend(f for f in found if policy.keeps(f, text))
        else:
            findings.extend(found)
        now = clock()
        durations.append((name, (now - last) * 1000.0))
        last = now


def _result(out: _Out) -> EngineResult:
    return EngineResult(findings=tuple(out[0]), durations=tuple(out[1]))


# Module-level checks over (text, scoped text, normalized view, policy): a scan builds no
# closures for them.
_VALIDATOR_CHECKS: tuple[tuple[str, Check], ...] = (
    ("length", lambda text, _s, _n, policy: validator.length(text, policy.max_chars)),
    ("control", lambda _t, _s, norm, _p: validator.hidden_chars(norm)),
    ("sqli", lambda _t, _s, norm, _p: validator.sqli(norm)),
    ("xss", lambda _t, _s, norm, _p: validator.xss(norm)),
    ("shell", lambda _t, _s, norm, _p: validator.shell(norm)),
    ("banned", lambda _t, _s, norm, policy: validator.banned_terms(norm, policy.banned_terms)),
    ("pii", lambda _t, scoped, _n, _p: _detect_pii(scoped)),
    (
        "secrets",
        lambda _t, scoped, _n, policy: _detect_secrets(scoped, entropy=policy.entropy_secrets),
    ),
)


def _validator(text: str, policy: EnginePolicy, out: _Out) -> None:
    scoped = _scope(text, policy)
    _run(_VALIDATOR_CHECKS, (text, scoped, _normalized(scoped), policy), text, policy, out)


def validator_checks(text: str, policy: EnginePolicy) -> EngineResult:
    """Size, hidden characters, SQLi, XSS, shell commands, banned terms, PII and secrets."""
    out: _Out = ([], [])
    _validator(well_formed(text), policy, out)
    return _result(out)


def _rule_check(
    norm: Normalized,
    provenance: Provenance,
    views: list[View],
    rules: list[Finding],
    _policy: EnginePolicy,
) -> list[Finding]:
    # the classifier check reads the rule findings (a weak rule supports its score)
    rules.extend(injection.rule_findings(norm, provenance, views))
    return rules


def _classifier_check(
    norm: Normalized,
    provenance: Provenance,
    views: list[View],
    rules: list[Finding],
    policy: EnginePolicy,
) -> list[Finding]:
    return injection.classifier_findings(
        norm,
        provenance,
        views,
        rules,
        threshold=policy.classifier_threshold,
        block_threshold=policy.block_threshold,
    )


_PROMPT_CHECKS: tuple[tuple[str, Check], ...] = (
    ("injection", _rule_check),
    ("classifier", _classifier_check),
)


def _prompt(
    text: str,
    provenance: Provenance,
    policy: EnginePolicy,
    out: _Out,
) -> None:
    norm = _normalized(_scope(text, policy))
    rules: list[Finding] = []
    args = (norm, provenance, injection.all_views(norm), rules, policy)
    _run(_PROMPT_CHECKS, args, text, policy, out)


def prompt_checks(text: str, provenance: Provenance, policy: EnginePolicy) -> EngineResult:
    """Injection/jailbreak rules on every view, then the classifier (direct or indirect)."""
    out: _Out = ([], [])
    _prompt(well_formed(text), provenance, policy, out)
    return _result(out)


def blocking(findings: Iterable[Finding], policy: EnginePolicy) -> list[Finding]:
    """The findings that block under `policy` (redactable kinds never do: they sanitize)."""
    return [
        f for f in findings if f.category not in REDACTABLE and f.score >= policy.block_threshold
    ]


def decide(
    findings: Iterable[Finding],
    policy: EnginePolicy,
    incomplete: Iterable[IncompleteCheck] = (),
) -> tuple[Decision, float, tuple[str, ...]]:
    """Combine findings into a decision, a risk score and readable reasons."""
    found = list(findings)
    missing = list(incomplete)
    if not found and not missing:  # the common clean input: what the full path returns
        return Decision.ALLOW, 0.0, ()
    risk = max((f.score for f in found), default=0.0)
    reasons: list[str] = []
    blockers = blocking(found, policy)
    for f in sorted(blockers, key=lambda f: -f.score)[:8]:
        reasons.append(f"{f.category.value}/{f.type} ({f.detector}, {f.layer}, {f.score:.2f})")
    if missing and not policy.fail_open:
        reasons.extend(f"{m.check} did not finish: {m.reason.value}" for m in missing)
        return Decision.BLOCK, max(risk, 1.0 if not found else risk), tuple(reasons)
    if blockers:
        return Decision.BLOCK, risk, tuple(reasons)
    if any(f.category in REDACTABLE for f in found):
        kinds = sorted({f"{f.category.value}/{f.type}" for f in found if f.category in REDACTABLE})
        return Decision.SANITIZE, risk, tuple(f"redacted {k}" for k in kinds)
    return Decision.ALLOW, risk, tuple(reasons)


def scan_input(
    text: str, provenance: Provenance = Provenance.USER, policy: EnginePolicy | None = None
) -> ScanResult:
    """Everything the mesh runs on an input, in-process (the offline scan)."""
    policy = policy or EnginePolicy()
    text = well_formed(text)
    found: list[Finding] = []
    durations: list[tuple[str, float]] = []
    # both groups append to the same lists: no per-group result objects to merge
    _validator(text, policy, (found, durations))
    _prompt(text, provenance, policy, (found, durations))
    findings = tuple(found)
    decision, risk, reasons = decide(findings, policy)
    sanitized = None
    if decision is Decision.SANITIZE:
        sanitized = redact(text, findings, policy.redaction)
    return ScanResult(
        decision=decision,
        risk=risk,
        reasons=reasons,
        findings=findings,
        durations=tuple(durations),
        sanitized_text=sanitized,
    )


def detect_pii(text: str) -> list[Finding]:
    """PII findings (typed, with spans into text); used on inputs and outputs alike."""
    scoped = well_formed(text[:HARD_LIMIT])
    prime(scoped, "raw")  # one pass of the raw part for PII and secrets, not one per set
    return _detect_pii(scoped)


def detect_secrets(text: str, *, entropy: bool = False) -> list[Finding]:
    """Credential findings (typed, spans, digest; never the value); inputs and outputs.

    `entropy=True` adds standalone high-entropy strings (off by default, see docs)."""
    scoped = well_formed(text[:HARD_LIMIT])
    prime(scoped, "raw")
    return _detect_secrets(scoped, entropy=entropy)
