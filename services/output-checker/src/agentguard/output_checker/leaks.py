"""System-prompt and canary leaks in an output (pure functions, spans of the original).

Prompt leaks are measured on word n-grams ("shingles") of the normalized texts: reformatting
(lists, quotes, markdown, case, Unicode tricks) does not change the words, and a shared topic
rarely yields runs of n identical words, unlike a bag-of-words overlap. Canaries are matched
on a letters-and-digits skeleton (so spacing, zero-width characters and homoglyphs do not
hide them), reversed, ROT13'd, and inside base64 or hex runs.
"""

import base64
import binascii
import codecs
from dataclasses import dataclass
from functools import lru_cache

import re2

from agentguard.contracts import Category, Finding
from agentguard.output_checker.textview import Normalizer, TextViews, View, fold, skeleton

__all__ = ["PromptIndex", "canary_leaks", "prompt_leaks"]

# RE2 (linear time) on model output; Unicode classes because RE2's \w is ASCII only.
# RE2 has no lookahead, so list ordinals are dropped after matching (see _is_ordinal).
_WORD = re2.compile(r"[\pL\pN\pM_]+")
_ENCODED = re2.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")
_MIN_CANARY_SKELETON = 8
_MIN_CANARY_BODY = 16
_MAX_REGIONS = 8
_MAX_DECODE_CANDIDATES = 64


def _is_ordinal(word: str) -> bool:
    # Numbers of one or two digits are list ordinals ("1.", "2)"), not prompt words.
    return len(word) <= 2 and word.isascii() and word.isdigit()


def _words(text: str) -> list[str]:
    """Words of a folded text; list ordinals ('1.', '2)') are skipped."""
    return [w for w in _WORD.findall(text) if not _is_ordinal(w)]


def _word_spans(text: str) -> list[tuple[int, int]]:
    """View spans of the same words as `_words`, in the same order."""
    return [m.span() for m in _WORD.finditer(text) if not _is_ordinal(m.group())]


@dataclass(frozen=True, slots=True)
class PromptIndex:
    """A system prompt's word n-grams, built once per prompt and reused per output/chunk."""

    n: int
    word_count: int
    shingles: dict[tuple[str, ...], tuple[int, ...]]

    @classmethod
    def build(cls, prompt: str, normalizer: Normalizer, n: int = 5) -> "PromptIndex":
        """Index prompt's n-grams (positions of each)."""
        words = _words(fold(prompt, normalizer).text)
        shingles: dict[tuple[str, ...], list[int]] = {}
        for i in range(len(words) - n + 1):
            shingles.setdefault(tuple(words[i : i + n]), []).append(i)
        return cls(n=n, word_count=len(words), shingles={k: tuple(v) for k, v in shingles.items()})


def prompt_leaks(
    output: str | TextViews,
    index: PromptIndex,
    normalizer: Normalizer,
    *,
    min_words: int = 12,
) -> list[Finding]:
    """Findings for regions of output that reproduce runs of the system prompt.

    A leak needs at least `min_words` prompt words (or the whole prompt, if shorter) covered
    by shared n-grams. Score grows with the share of the prompt reproduced.
    """
    if not index.shingles:
        return []
    view = _views(output, normalizer).folded
    words = _words(view.text)
    n = index.n
    covered_prompt: set[int] = set()
    covered_out: set[int] = set()
    shingles = index.shingles
    for i in range(len(words) - n + 1):
        positions = shingles.get(tuple(words[i : i + n]))
        if positions is None:
            continue
        covered_out.update(range(i, i + n))
        for p in positions:
            covered_prompt.update(range(p, p + n))
    needed = min(min_words, index.word_count)
    if len(covered_prompt) < needed:
        return []
    share = len(covered_prompt) / index.word_count
    score = min(1.0, 0.7 + 0.3 * share)
    kind = "SYSTEM_PROMPT_VERBATIM" if share >= 0.9 else "SYSTEM_PROMPT_OVERLAP"
    findings: list[Finding] = []
    spans = _word_spans(view.text)
    for first, last in _regions(sorted(covered_out), gap=n)[:_MAX_REGIONS]:
        start, end = view.span(spans[first][0], spans[last][1])
        findings.append(
            Finding(
                detector="output.prompt_leak",
                category=Category.PROMPT_LEAK,
                type=kind,
                start=start,
                end=end,
                score=score,
                reason=f"{len(covered_prompt)}/{index.word_count} prompt words in shared {n}-grams",
            )
        )
    return findings


def _views(output: str | TextViews, normalizer: Normalizer) -> TextViews:
    return output if isinstance(output, TextViews) else TextViews(output, normalizer)


def _regions(positions: list[int], gap: int) -> list[tuple[int, int]]:
    regions: list[tuple[int, int]] = []
    for pos in positions:
        if regions and pos - regions[-1][1] <= gap:
            regions[-1] = (regions[-1][0], pos)
        else:
            regions.append((pos, pos))
    return regions


def _rot13(text: str) -> str:
    return codecs.encode(text, "rot13")


def _decodings(candidate: str) -> list[str]:
    """Plausible decodings of a base64/base64url/hex run (one level)."""
    out: list[bytes] = []
    compact = candidate.rstrip("=")
    if len(compact) % 2 == 0 and all(c in "0123456789abcdefABCDEF" for c in compact):
        out.append(bytes.fromhex(compact))
    padded = compact + "=" * (-len(compact) % 4)
    for decoder in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            out.append(decoder(padded))
        except (binascii.Error, ValueError):
            continue
    return [raw.decode("utf-8", "ignore") for raw in out]


def _finding(start: int, end: int, kind: str, reason: str) -> Finding:
    return Finding(
        detector="output.canary",
        category=Category.CANARY,
        type=kind,
        start=start,
        end=end,
        score=1.0,
        reason=reason,
    )


def _plausibly_encoded(run: str) -> bool:
    """Base64 and hex runs have digits or mixed case; long plain words have neither."""
    return any(c.isdigit() for c in run) or (
        any(c.isupper() for c in run[1:]) and not run.isupper()
    )


def _decoded_runs(views: TextViews) -> list[tuple[int, int, str]]:
    """Base64/hex runs (two levels deep) as skeletons, with spans in the cased view."""
    # Encodings are case-sensitive: look for runs in the normalized, not case-folded, text.
    normalizer = views.normalizer
    runs: list[tuple[int, int, str]] = []
    candidates = (m for m in _ENCODED.finditer(views.cased.text) if _plausibly_encoded(m.group()))
    for _, m in zip(range(_MAX_DECODE_CANDIDATES), candidates, strict=False):
        for text in _decodings(m.group()):
            inner = skeleton(fold(text, normalizer)).text
            for nested in _ENCODED.findall(text)[:4]:
                inner += "".join(skeleton(fold(t, normalizer)).text for t in _decodings(nested))
            runs.append((m.start(), m.end(), inner))
    return runs


@lru_cache(maxsize=4096)
def _needles(canary: str, normalizer: Normalizer) -> tuple[str, str, str]:
    """(folded canary, its skeleton, the skeleton of its random body) of one canary."""
    folded = fold(canary, normalizer).text
    target = skeleton(fold(canary, normalizer)).text
    # The random body alone identifies the canary when a model drops the fixed prefix.
    body = skeleton(fold(canary.rsplit("-", 1)[-1], normalizer)).text
    return folded, target, body if len(body) >= _MIN_CANARY_BODY else target


def _match_skeleton(target: str, body: str, skel: View) -> Finding | None:
    variants = (
        (target, "canary found (normalized)"),
        (body, "canary body found (normalized)"),
        (target[::-1], "canary found reversed"),
        (body[::-1], "canary body found reversed"),
        (_rot13(target), "canary found ROT13-encoded"),
    )
    for needle, reason in variants:
        at = skel.text.find(needle)
        if at >= 0:
            start, end = skel.span(at, at + len(needle))
            return _finding(start, end, "CANARY_TOKEN", reason)
    return None


def canary_leaks(
    output: str | TextViews, canaries: tuple[str, ...], normalizer: Normalizer
) -> list[Finding]:
    """Any issued canary in the output, plain or obfuscated, is a critical leak."""
    targets = sorted({c for c in canaries if c})
    if not targets:
        return []
    views = _views(output, normalizer)
    findings: list[Finding] = []
    runs: list[tuple[int, int, str]] | None = None
    for canary in targets:
        folded, target, body = _needles(canary, normalizer)
        if len(target) < _MIN_CANARY_SKELETON:
            # Too short for skeleton matching without false alarms: exact, case-folded only.
            at = views.folded.text.find(folded)
            if at >= 0:
                start, end = views.folded.span(at, at + len(folded))
                findings.append(_finding(start, end, "CANARY_TOKEN", "canary found verbatim"))
            continue
        found = _match_skeleton(target, body, views.skeleton)
        if found is not None:
            findings.append(found)
            continue
        runs = _decoded_runs(views) if runs is None else runs
        for run_start, run_end, inner in runs:
            if body in inner or body[::-1] in inner:
                start, end = views.cased.span(run_start, run_end)
                findings.append(_finding(start, end, "CANARY_ENCODED", "canary inside encoded run"))
                break
    return findings
