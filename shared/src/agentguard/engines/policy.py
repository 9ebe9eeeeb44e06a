"""Per-request engine policy: tenant defaults plus request hints."""

from dataclasses import dataclass, replace

from agentguard.contracts import Finding, PolicyHints
from agentguard.engines.redact import RedactMode

__all__ = ["EnginePolicy"]


@dataclass(frozen=True, slots=True)
class EnginePolicy:
    """Thresholds, switches, allowlists and banned terms for one request.

    Attributes:
        block_threshold: non-redactable findings at or above this score block.
        max_chars: inputs longer than this are blocked (LENGTH) and only this prefix is scanned.
        fail_open: allow when a check could not finish.
        skip_checks: check names to skip (`length`, `control`, `sqli`, `xss`, `shell`,
            `banned`, `pii`, `secrets`, `injection`, `classifier`).
        banned_terms: tenant-banned words/phrases (matched on normalized, leet-folded words).
        strict: lower thresholds.
        allowlist: values that never produce a finding (e.g. a tenant's public support email,
            a known test key); compared case-insensitively with the matched text.
        disabled_detectors: detector names or prefixes to drop (e.g. `pii.phone`,
            `injection.role_hijack`).
        classifier_threshold: overrides the shipped classifier's decision threshold.
        redaction: `placeholder`, `mask` or `hash` for sanitized text.
        entropy_secrets: also report random-looking strings with no credential key nearby.
    """

    block_threshold: float = 0.5
    max_chars: int = 32_000
    fail_open: bool = False
    skip_checks: frozenset[str] = frozenset()
    banned_terms: tuple[str, ...] = ()
    strict: bool = False
    allowlist: tuple[str, ...] = ()
    disabled_detectors: frozenset[str] = frozenset()
    classifier_threshold: float | None = None
    redaction: RedactMode = "placeholder"
    entropy_secrets: bool = False

    @classmethod
    def from_hints(cls, hints: PolicyHints, base: "EnginePolicy | None" = None) -> "EnginePolicy":
        """Apply a request's hints on top of the tenant's base policy."""
        base = base or cls()
        threshold = (
            hints.block_threshold if hints.block_threshold is not None else base.block_threshold
        )
        if hints.strict or base.strict:
            threshold = min(threshold, 0.35)
        return replace(
            base,
            block_threshold=threshold,
            fail_open=hints.fail_open or base.fail_open,
            skip_checks=base.skip_checks | frozenset(hints.skip_checks),
            strict=hints.strict or base.strict,
        )

    def keeps(self, found: Finding, text: str) -> bool:
        """False when the tenant disabled the detector or allowlisted the matched value."""
        if any(found.detector.startswith(prefix) for prefix in self.disabled_detectors):
            return False
        if self.allowlist and found.end > found.start:
            value = text[found.start : found.end].strip().lower()
            return not any(value == item.strip().lower() for item in self.allowlist)
        return True
