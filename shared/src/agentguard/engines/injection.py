"""Prompt injection and jailbreak detection: rules on every view, then the classifier.

Views of one input: the normalized text, its leetspeak-folded form, every decoded payload
(base64, hex, URL-encoding, spaced-out letters) and the rot13 of the whole text. Rules run
on all of them; the classifier runs on the normalized text and on decoded payloads. Text
from a tool result or a retrieved document is additionally checked by the indirect-injection
rules and judged by the classifier's indirect head.
"""

from collections.abc import Iterable

from agentguard.contracts import Category, Finding, Provenance
from agentguard.engines._findings import finding
from agentguard.engines._rx import Rule, RuleSet
from agentguard.engines.classifier import (
    INDIRECT_WINDOW,
    WINDOW,
    calibrated,
    load_heads,
    raw_score,
)
from agentguard.engines.decode import (
    View,
    decoded_views,
    despaced_view,
    leet_view,
    rot13_view,
)
from agentguard.engines.injection_rules import INDIRECT_RULES, RULE_CATEGORY, RULES
from agentguard.engines.normalize import Normalized

__all__ = ["INDIRECT", "classifier_findings", "rule_findings"]

INDIRECT = frozenset({Provenance.TOOL_RESULT, Provenance.RETRIEVED_DOCUMENT})
_DIRECT_SET = RuleSet(RULES)
_INDIRECT_SET = RuleSet(RULES + INDIRECT_RULES)
_REPORT_FLOOR = 0.3  # classifier scores below this are not worth a finding
_SUPPORT_BOOST = 0.15  # weak rule + classifier agreement


def _category(rule: Rule) -> Category:
    return RULE_CATEGORY.get(rule.name, Category.INJECTION)


def _rule_finding(rule: Rule, span: tuple[int, int], layer: str, note: str) -> Finding:
    return finding(
        f"injection.{rule.name}",
        _category(rule),
        rule.name.upper(),
        span,
        rule.score,
        rule.why + note,
        layer=layer,
    )


def rule_findings(norm: Normalized, provenance: Provenance, views: Iterable[View]) -> list[Finding]:
    """Rule hits on the normalized text, its leet view and decoded views (one per rule)."""
    rules = _INDIRECT_SET if provenance in INDIRECT else _DIRECT_SET
    found: dict[str, Finding] = {}
    for rule, start, end in rules.scan(norm.text, limit=2):
        found.setdefault(rule.name, _rule_finding(rule, norm.span(start, end), "rule", ""))
    if norm.leet != norm.text.lower():
        for rule, start, end in rules.scan(norm.leet, limit=1):
            found.setdefault(
                rule.name, _rule_finding(rule, norm.span(start, end), "rule", " (leetspeak folded)")
            )
    for view in views:
        for rule, _start, _end in rules.scan(view.text, limit=1):
            if rule.name not in found:
                note = f" (after {view.kind} decoding)"
                found[rule.name] = _rule_finding(rule, (view.start, view.end), "decode", note)
    return list(found.values())


def classifier_findings(
    norm: Normalized,
    provenance: Provenance,
    views: Iterable[View],
    rules_found: list[Finding],
    threshold: float | None = None,
) -> list[Finding]:
    """The linear classifier's judgement (direct or indirect head), boosted by weak rules."""
    heads = load_heads()
    name = "indirect" if provenance in INDIRECT and "indirect" in heads else "direct"
    head = heads.get(name)
    if head is None:
        return []
    if threshold is not None:
        head = type(head)(weights=head.weights, bias=head.bias, threshold=threshold)
    window = INDIRECT_WINDOW if name == "indirect" else WINDOW
    best = calibrated(head, raw_score(head, norm.text, window))
    span, layer, note = (0, len(norm.original)), "classifier", ""
    for view in views:
        score = calibrated(head, raw_score(head, view.text, window))
        if score > best:
            best, span, layer, note = (
                score,
                (view.start, view.end),
                "decode",
                f" after {view.kind} decoding",
            )
    if best < _REPORT_FLOOR:
        return []
    weak = [f for f in rules_found if f.score < 0.8]
    if weak:
        best = min(1.0, best + _SUPPORT_BOOST)
        note += f", supported by rule {weak[0].type.lower()}"
    jailbreak = any(f.category is Category.JAILBREAK for f in rules_found)
    category = Category.JAILBREAK if jailbreak else Category.INJECTION
    reason = f"{name} head p={best:.2f}{note}"
    return [
        finding(
            f"injection.classifier.{name}", category, "CLASSIFIER", span, best, reason, layer=layer
        )
    ]


def all_views(norm: Normalized) -> list[View]:
    """Decoded payloads plus whole-text rot13, leetspeak and de-spaced views when they apply."""
    extra = (rot13_view(norm), leet_view(norm), despaced_view(norm))
    return [*decoded_views(norm), *(view for view in extra if view is not None)]
