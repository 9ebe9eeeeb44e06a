"""Prompt injection and jailbreak detection: rules on every view, then the classifier.

Views of one input: the normalized text, its leetspeak-folded form, every decoded payload
(base64, hex, URL-encoding, spaced-out letters) and the rot13 of the whole text. Rules run
on all of them; the classifier runs on the normalized text and on decoded payloads. Text
from a tool result or a retrieved document is additionally checked by the indirect-injection
rules and judged by the classifier's indirect head.
"""

from collections.abc import Iterable, Sequence
from functools import cache

from agentguard.contracts import Category, Finding, Provenance
from agentguard.engines._findings import finding
from agentguard.engines._rx import Rule, RuleSet
from agentguard.engines.classifier import (
    DIRECT_HEADS,
    INDIRECT_WINDOW,
    SUPPORT_LINE,
    WINDOW,
    Head,
    calibrated,
    load_heads,
    scored_windows,
    with_threshold,
)
from agentguard.engines.decode import (
    GLUED_RUNS,
    View,
    decoded_views,
    deglued_view,
    despaced_view,
    leet_view,
    rot13_view,
)
from agentguard.engines.gibberish import ascii_words, gibberish_suffix, vocabulary_bytes
from agentguard.engines.injection_rules import INDIRECT_RULES, RULE_CATEGORY, RULES
from agentguard.engines.normalize import Normalized

__all__ = ["INDIRECT", "classifier_findings", "rule_findings"]

INDIRECT = frozenset({Provenance.TOOL_RESULT, Provenance.RETRIEVED_DOCUMENT})
_DIRECT_SET = RuleSet(RULES)
_INDIRECT_SET = RuleSet(RULES + INDIRECT_RULES)
_SUPPORT_BOOST = 0.5 - SUPPORT_LINE  # weak rule + classifier agreement: band to block line
_MIN_FLOOR = 0.05
_SUFFIX_SCORE = 0.8


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


def rule_findings(norm: Normalized, provenance: Provenance, views: Sequence[View]) -> list[Finding]:
    """Rule hits on the normalized text, its leet view and decoded views (one per rule)."""
    rules = _INDIRECT_SET if provenance in INDIRECT else _DIRECT_SET
    found: dict[str, Finding] = {}
    # a Finding is built only for a rule not found yet (the first hit per rule is kept)
    for rule, start, end in rules.scan(norm.text, limit=1):
        if rule.name not in found:
            found[rule.name] = _rule_finding(rule, norm.span(start, end), "rule", "")
    # The leetspeak view, when the decode triggers made one (letters and digits mixed
    # inside words), is scanned here with spans into the original text; a text whose only
    # foldable characters are standalone numbers ("2024", "3/5") has no view and no pass.
    leet = next((view for view in views if view.kind == "leetspeak"), None)
    if leet is not None and leet.text != norm.text.lower():
        for rule, start, end in rules.scan(leet.text, limit=1):
            # structural rules (floods) judge the text's shape; folding digits to letters
            # would turn `[1 0 0 1 …]` into one
            if rule.name not in found and not rule.structural:
                note = " (leetspeak folded)"
                found[rule.name] = _rule_finding(rule, norm.span(start, end), "rule", note)
    if provenance not in INDIRECT:  # documents end in code and data far more often
        suffix = _suffix(norm, views, leet)
        if suffix is not None:
            found["gibberish_suffix"] = suffix
    for view in views:
        if view is leet:
            continue
        for rule, _start, _end in rules.scan(view.text, limit=1):
            if rule.name not in found:
                note = f" (after {view.kind} decoding)"
                found[rule.name] = _rule_finding(rule, (view.start, view.end), "decode", note)
    return list(found.values())


def _suffix(norm: Normalized, views: Sequence[View], leet: View | None) -> Finding | None:
    """An optimised suffix at the end of the text, else at the end of a decoded payload
    (read as the text itself is read); not in the leetspeak view, whose digit folding
    turns ordinary code into token soup, nor in a spaced text's glued runs split apart,
    which does the same to identifiers (`PutBucketLifecycleConfiguration` in a JSON log)."""
    suffix = gibberish_suffix(norm.text)
    if suffix is not None:
        return _suffix_finding(norm.span(*suffix), "rule", "")
    for view in views:
        if view is not leet and view.kind != GLUED_RUNS and gibberish_suffix(view.text) is not None:
            note = f" (after {view.kind} decoding)"
            return _suffix_finding((view.start, view.end), "decode", note)
    return None


def _suffix_finding(span: tuple[int, int], layer: str, note: str) -> Finding:
    return finding(
        "injection.gibberish_suffix",
        Category.JAILBREAK,
        "GIBBERISH_SUFFIX",
        span,
        _SUFFIX_SCORE,
        f"ends in a token-soup suffix of the kind optimisation attacks (GCG) append{note}",
        layer=layer,
    )


_HEAD_CATEGORY = {"jailbreak": Category.JAILBREAK}
# the classifier's score on a spaced text's glued runs split apart counts from here up
GLUED_RUNS_LINE = 0.9


_NamedHeads = tuple[tuple[tuple[str, Head], ...], tuple[Head, ...]]
# (indirect?, threshold) -> the loaded artifact and its heads for that case; rebuilt when
# the artifact is reloaded (a new dict from load_heads), so it is never stale
_HEADS: dict[tuple[bool, float | None], tuple[dict[str, Head], _NamedHeads]] = {}


def _heads(indirect: bool, threshold: float | None) -> _NamedHeads:
    """The heads that judge this provenance, with a tenant's threshold applied, built once."""
    loaded = load_heads()
    cached = _HEADS.get((indirect, threshold))
    if cached is not None and cached[0] is loaded:
        return cached[1]
    names = ("indirect",) if indirect else DIRECT_HEADS
    named = tuple((name, loaded[name]) for name in names if name in loaded)
    if threshold is not None:
        named = tuple((n, with_threshold(h, threshold)) for n, h in named)
    built = (named, tuple(h for _n, h in named))
    if len(_HEADS) >= 64:  # tenants' thresholds are few; bound it anyway
        _HEADS.clear()
    _HEADS[(indirect, threshold)] = (loaded, built)
    return built


def classifier_findings(
    norm: Normalized,
    provenance: Provenance,
    views: Iterable[View],
    rules_found: list[Finding],
    *,
    threshold: float | None = None,
    block_threshold: float = 0.5,
) -> list[Finding]:
    """The linear classifier's judgement, boosted when a weak rule agrees.

    User text is scored by the injection and jailbreak heads, text from tools and
    documents by the indirect head; the best head over the text and its decoded views wins.
    A score is reported only if a weak rule's support could lift it to `block_threshold`:
    lower scores on plain questions are noise in a verdict.
    """
    heads, models = _heads(provenance in INDIRECT, threshold)
    if not heads:
        return []
    window = INDIRECT_WINDOW if provenance in INDIRECT else WINDOW
    best, best_head = -1.0, heads[0][0]
    best_view: View | None = None
    window_span = (0, len(norm.text))  # best window in the best view, mapped once at the end
    for view in [None, *views]:
        text = norm.text if view is None else view.text
        floor = 0.0
        if view is not None and view.kind == GLUED_RUNS:
            # code and tool names split apart read like requests ("call get user by id
            # now"): that view counts only where it leaves no doubt, and only when the
            # text as written already leans that way (half an attack is still spaced)
            if best < SUPPORT_LINE:
                continue
            floor = GLUED_RUNS_LINE
        scored = scored_windows(models, text, window)
        for (name, head), (probability, start, end) in zip(heads, scored, strict=True):
            score = calibrated(head, probability)
            if score <= best or score < floor:
                continue
            best, best_head, best_view, window_span = score, name, view, (start, end)
    if best < max(block_threshold - _SUPPORT_BOOST, _MIN_FLOOR):
        return []
    if best_view is None:
        span, layer, note = norm.span(*window_span), "classifier", ""
    else:
        # leet and rot13 views are character-aligned with the normalized text, so their
        # best window maps back to the original as precisely as the text's own
        aligned = best_view.start == 0 and len(best_view.text) == len(norm.text)
        span = norm.span(*window_span) if aligned else (best_view.start, best_view.end)
        layer, note = "decode", f" after {best_view.kind} decoding"
    weak = [f for f in rules_found if f.score < 0.8]
    if weak:
        best = min(1.0, best + _SUPPORT_BOOST)
        note += f", supported by rule {weak[0].type.lower()}"
    category = _HEAD_CATEGORY.get(best_head, Category.INJECTION)
    if any(f.category is Category.JAILBREAK for f in rules_found):
        category = Category.JAILBREAK
    reason = f"{best_head} head p={best:.2f}{note}"
    return [
        finding(
            f"injection.classifier.{best_head}",
            category,
            "CLASSIFIER",
            span,
            best,
            reason,
            layer=layer,
        )
    ]


@cache
def _leet_words() -> frozenset[bytes]:
    """The words a leetspeak-folded token must become for the folded view to be worth its
    passes: ordinary prompt words (the classifier's) and every word the rules spell
    (persona names such as `STAN` among them)."""
    spelled: set[bytes] = set()
    for rule in (*RULES, *INDIRECT_RULES):
        # an escape's letter (`\b`, `\s`) is dropped: it would glue onto the next word
        head, *escaped = rule.pattern.split("\\")
        spelled.update(ascii_words(" ".join([head, *(piece[1:] for piece in escaped)])))
    return vocabulary_bytes() | spelled


def all_views(norm: Normalized) -> list[View]:
    """Decoded payloads plus whole-text rot13, leetspeak, de-spaced and de-glued views when
    they apply."""
    leet = leet_view(norm, _leet_words())
    extra = (rot13_view(norm), leet, despaced_view(norm), deglued_view(norm))
    return [*decoded_views(norm), *(view for view in extra if view is not None)]
