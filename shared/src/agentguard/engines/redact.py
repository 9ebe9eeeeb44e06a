"""Redaction operators for PII and secret spans: typed placeholders, mask, hash."""

import hashlib
from collections.abc import Iterable
from typing import Literal

from agentguard.contracts import Category, Finding

__all__ = ["REDACTABLE", "RedactMode", "redact"]

REDACTABLE = frozenset({Category.PII, Category.SECRET})
RedactMode = Literal["placeholder", "mask", "hash"]


def _spans(findings: Iterable[Finding]) -> list[tuple[int, int, str]]:
    """Redactable spans, longest first at equal starts, overlaps dropped."""
    spans = sorted(
        {
            (f.start, f.end, f.type)
            for f in findings
            if f.category in REDACTABLE and f.end > f.start
        },
        # The type breaks ties so that equal spans redact the same way on every run.
        key=lambda s: (s[0], -s[1], s[2]),
    )
    kept: list[tuple[int, int, str]] = []
    cursor = 0
    for start, end, kind in spans:
        if start >= cursor:
            kept.append((start, end, kind))
            cursor = end
    return kept


def redact(text: str, findings: Iterable[Finding], mode: RedactMode = "placeholder") -> str:
    """Replace PII/secret spans of `text`.

    `placeholder` gives typed, numbered placeholders (`[EMAIL_1]`), the same number for the
    same value within the text; `mask` replaces each character with `*` (keeping length);
    `hash` gives `[EMAIL:<sha256 prefix>]`, stable across texts.
    """
    out: list[str] = []
    cursor = 0
    numbering: dict[tuple[str, str], int] = {}
    per_type: dict[str, int] = {}
    for start, end, kind in _spans(findings):
        out.append(text[cursor:start])
        value = text[start:end]
        if mode == "mask":
            out.append("*" * len(value))
        elif mode == "hash":
            digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
            out.append(f"[{kind}:{digest[:12]}]")
        else:
            key = (kind, value)
            if key not in numbering:
                per_type[kind] = per_type.get(kind, 0) + 1
                numbering[key] = per_type[kind]
            out.append(f"[{kind}_{numbering[key]}]")
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
