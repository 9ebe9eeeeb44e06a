"""Baseline rule set (RE2, linear time). The engines issue replaces this with full detectors."""

from collections.abc import Callable
from typing import TYPE_CHECKING

import re2

from agentguard.contracts import Category, Finding

__all__ = ["PROMPT_CHECKS", "VALIDATOR_CHECKS", "pii", "secrets"]

if TYPE_CHECKING:
    from agentguard.engines.api import EnginePolicy

_INJECTION = re2.compile(
    r"(?i)\b(ignore|disregard|forget)\b.{0,40}\b(previous|prior|above|earlier|all)\b.{0,20}"
    r"\b(instructions?|directions?|prompts?|rules?|text)\b"
)
_EXTRACTION = re2.compile(r"(?i)\b(print|reveal|show|repeat)\b.{0,30}\bsystem prompt\b")
_CONTROL = re2.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re2.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}")
_AWS = re2.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b")


def _regex_check(
    pattern: "re2._Regexp[str]", detector: str, category: Category, kind: str, score: float
) -> "Callable[[str, EnginePolicy], list[Finding]]":
    def check(text: str, policy: "EnginePolicy") -> list[Finding]:
        del policy
        return [
            Finding(
                detector=detector,
                category=category,
                type=kind,
                start=m.start(),
                end=m.end(),
                score=score,
                reason=f"matched {detector}",
            )
            for m in pattern.finditer(text)
        ]

    return check


def _length(text: str, policy: "EnginePolicy") -> list[Finding]:
    if len(text) <= policy.max_chars:
        return []
    return [
        Finding(
            detector="validator.length",
            category=Category.LENGTH,
            type="TOO_LONG",
            start=policy.max_chars,
            end=len(text),
            score=1.0,
            reason=f"{len(text)} characters, limit {policy.max_chars}",
        )
    ]


pii = _regex_check(_EMAIL, "pii.email", Category.PII, "EMAIL", 0.9)
secrets = _regex_check(_AWS, "secrets.aws", Category.SECRET, "AWS_ACCESS_KEY", 0.95)

VALIDATOR_CHECKS: list[tuple[str, "Callable[[str, EnginePolicy], list[Finding]]"]] = [
    ("length", _length),
    ("control", _regex_check(_CONTROL, "validator.control", Category.CONTROL, "CONTROL_CHAR", 0.9)),
    ("pii", pii),
    ("secrets", secrets),
]

PROMPT_CHECKS: list[tuple[str, "Callable[[str, EnginePolicy], list[Finding]]"]] = [
    (
        "injection",
        _regex_check(_INJECTION, "injection.override", Category.INJECTION, "OVERRIDE", 0.9),
    ),
    (
        "extraction",
        _regex_check(_EXTRACTION, "injection.extraction", Category.INJECTION, "EXTRACTION", 0.85),
    ),
]
