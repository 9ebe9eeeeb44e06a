"""Output-checker's pure logic: every leak check on one text, and the verdict on a whole output."""

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from agentguard.contracts import (
    CheckOutput,
    CheckTiming,
    Decision,
    Finding,
    IncompleteCheck,
    Verdict,
)
from agentguard.contracts.streaming import RedactionMode
from agentguard.engines import EnginePolicy, decide, detect_pii, detect_secrets
from agentguard.output_checker.leaks import PromptIndex, canary_leaks, prompt_leaks
from agentguard.output_checker.redaction import REDACTABLE, Numbering, redact_findings
from agentguard.output_checker.textview import Normalizer, TextViews
from agentguard.output_checker.toolcheck import dangerous_commands, unlisted_urls
from agentguard.shared.keystore import KeyStore
from agentguard.shared.verdicts import build_verdict

__all__ = ["IndexCache", "OutputRules", "inspect_output", "judge_output"]


@dataclass(frozen=True, slots=True)
class OutputRules:
    """The deployment's knobs for output checks (built once in app.py from settings)."""

    normalizer: Normalizer
    digest_key: bytes
    tool_allowlist: tuple[str, ...] = ()
    ngram: int = 5
    min_leak_words: int = 12
    redaction_mode: RedactionMode = RedactionMode.PLACEHOLDER
    keystore: KeyStore | None = None


class IndexCache:
    """System-prompt indexes by prompt digest, so a prompt is indexed once, not per call."""

    def __init__(self, rules: OutputRules, size: int = 256, max_chars: int = 4_000_000) -> None:
        self._rules = rules
        self._size = size
        # Bounded by total prompt size too: an index costs ~50 bytes per prompt character, so
        # a count bound alone would let a few huge prompts exhaust the replica's memory.
        self._max_chars = max_chars
        self._chars = 0
        self._items: OrderedDict[str, tuple[PromptIndex, int]] = OrderedDict()

    @staticmethod
    def digest(prompt: str) -> str:
        """The cache key of a prompt (SHA-256, hex)."""
        return hashlib.sha256(prompt.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, prompt: str | None) -> PromptIndex | None:
        """The index of prompt (None when there is no prompt)."""
        if not prompt:
            return None
        key = self.digest(prompt)
        found = self.lookup(key)
        if found is None:
            found = PromptIndex.build(prompt, self._rules.normalizer, self._rules.ngram)
            if len(prompt) <= self._max_chars:
                self._items[key] = (found, len(prompt))
                self._chars += len(prompt)
                while len(self._items) > self._size or self._chars > self._max_chars:
                    _, (_, chars) = self._items.popitem(last=False)
                    self._chars -= chars
        return found

    def lookup(self, digest: str) -> PromptIndex | None:
        """An index already built for the prompt with this digest."""
        item = self._items.get(digest)
        if item is None:
            return None
        self._items.move_to_end(digest)
        return item[0]

    @property
    def cached_chars(self) -> int:
        """Total characters of the prompts whose indexes are cached."""
        return self._chars


def _both_views(detector: Callable[[str], list[Finding]], views: TextViews) -> list[Finding]:
    """Run a detector on the text and, if folding changed it, on the folded view too.

    A key split by zero-width characters or written with look-alike letters only matches
    on the folded view; its spans are mapped back to the original.
    """
    text = views.original
    found = detector(text)
    folded, offsets = views.cased.text, views.cased.offsets
    if folded == text:
        return found
    by_span = {(f.start, f.end): i for i, f in enumerate(found)}
    for f in detector(folded):
        start = offsets[f.start]
        end = offsets[f.end - 1] + 1 if f.end > f.start else start
        mapped = f.model_copy(update={"start": start, "end": end, "layer": "normalize"})
        same = by_span.get((start, end))
        if same is not None:
            # The folded view often recognises the specific type the raw view saw as generic.
            if found[same].type.startswith("GENERIC") and not f.type.startswith("GENERIC"):
                found[same] = mapped
            continue
        if not any(s <= start and end <= e for s, e in by_span):
            by_span[(start, end)] = len(found)
            found.append(mapped)
    return found


def inspect_output(
    text: str,
    *,
    rules: OutputRules,
    index: PromptIndex | None,
    canaries: tuple[str, ...],
    destination: str,
    skip: frozenset[str] = frozenset(),
) -> tuple[list[Finding], list[CheckTiming]]:
    """Every output check on text; findings index text."""
    norm = rules.normalizer
    views = TextViews(text, norm)
    checks: list[tuple[str, Callable[[], list[Finding]]]] = [
        ("canary", lambda: canary_leaks(views, canaries, norm)),
        (
            "prompt_leak",
            lambda: (
                prompt_leaks(views, index, norm, min_words=rules.min_leak_words)
                if index is not None
                else []
            ),
        ),
        ("secrets", lambda: _both_views(detect_secrets, views)),
        ("pii", lambda: _both_views(detect_pii, views)),
    ]
    if destination == "tool":
        checks.append(("command", lambda: dangerous_commands(text)))
        checks.append(("url", lambda: unlisted_urls(text, rules.tool_allowlist)))
    findings: list[Finding] = []
    timings: list[CheckTiming] = []
    for name, check in checks:
        # Canaries are never skippable: a request must not switch off its own tripwire.
        if name in skip and name != "canary":
            continue
        t0 = time.perf_counter()
        findings.extend(check())
        timings.append(CheckTiming(check=name, duration_ms=(time.perf_counter() - t0) * 1000))
    return findings, timings


def judge_output(
    request: CheckOutput,
    policy: EnginePolicy,
    producer: str,
    started: float,
    *,
    rules: OutputRules,
    index: PromptIndex | None,
    canaries: tuple[str, ...] = (),
    incomplete: tuple[IncompleteCheck, ...] = (),
) -> Verdict:
    """Run every output check on a whole output and decide (allow, sanitize or block).

    `canaries` are the session's issued canaries (looked up by the handler) on top of the
    request's own; `incomplete` reports a lookup that failed, which blocks unless fail-open.
    """
    findings, timings = inspect_output(
        request.text,
        rules=rules,
        index=index,
        canaries=(*request.canaries, *canaries),
        destination=request.destination,
        skip=policy.skip_checks,
    )
    decision, risk, reasons = decide(findings, policy, incomplete)
    sanitized: str | None = None
    vault: str | None = None
    if decision is Decision.SANITIZE:
        mode = request.redaction or rules.redaction_mode
        if mode is RedactionMode.REVERSIBLE and rules.keystore is None:
            # No key store to encrypt with: fall back to plain placeholders, never to clear text.
            mode = RedactionMode.PLACEHOLDER
        redaction = redact_findings(
            request.text,
            findings,
            mode=mode,
            digest_key=rules.digest_key,
            numbering=Numbering(),
            keystore=rules.keystore,
        )
        sanitized, vault = redaction.text, redaction.vault
        if any(f.category in REDACTABLE for f in findings):
            reasons = (*reasons, "credentials and PII are redacted, never passed through")
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
        latency_ms=(time.perf_counter() - started) * 1000,
        vault=vault,
    )
