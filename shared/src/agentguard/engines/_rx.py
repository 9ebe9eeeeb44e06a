"""Linear-time pattern helpers (RE2 only; Python's `re` never touches user input)."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import re2

__all__ = ["Rule", "RuleSet", "compile_rx", "iter_spans", "subject"]

_OPTIONS = re2.Options()
_OPTIONS.max_mem = 64 << 20


def compile_rx(pattern: str) -> "re2._Regexp[str]":
    """Compile with RE2 (linear time, no backtracking) and a generous DFA budget."""
    return re2.compile(pattern, _OPTIONS)


@lru_cache(maxsize=8)
def subject(text: str) -> str | bytes:
    """What to hand RE2: ASCII text as bytes (byte offsets are character offsets, and the
    wrapper skips its per-match offset translation), any other text as str."""
    return text.encode("ascii") if text.isascii() else text


def iter_spans(
    pattern: "re2._Regexp[str]", text: str, limit: int = 256
) -> Iterator[tuple[int, int]]:
    """Spans of non-overlapping matches, at most `limit` (bounds work on hostile input)."""
    for count, match in enumerate(pattern.finditer(subject(text))):
        if count >= limit:
            return
        yield match.start(), match.end()


@dataclass(frozen=True, slots=True)
class Rule:
    """One named pattern with what a match means."""

    name: str
    pattern: str
    score: float
    why: str


class RuleSet:
    """Many rules, one RE2::Set pass to learn which match, then spans for those only."""

    __slots__ = ("_compiled", "_groups", "_rules", "_set")

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = tuple(rules)
        self._set = re2.Set.SearchSet(_OPTIONS)
        for rule in self._rules:
            self._set.Add(rule.pattern)
        self._set.Compile()
        self._compiled = tuple(compile_rx(rule.pattern) for rule in self._rules)
        self._groups = tuple(1 if pattern.groups else 0 for pattern in self._compiled)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules, in the order they were added."""
        return self._rules

    def hits(self, text: str) -> list[int]:
        """Indices of rules that match somewhere in text (one linear pass)."""
        return sorted(self._set.Match(subject(text)) or ())

    def scan(self, text: str, limit: int = 16) -> list[tuple[Rule, int, int]]:
        """(rule, start, end) for every match of every matching rule, capped per rule.

        When a rule's pattern has a capturing group, the span is group 1's (the value, not
        its key name), else the whole match.
        """
        out: list[tuple[Rule, int, int]] = []
        for index in self.hits(text):
            rule = self._rules[index]
            pattern = self._compiled[index]
            group = self._groups[index]
            for count, match in enumerate(pattern.finditer(subject(text))):
                if count >= limit:
                    break
                start, end = match.span(group)
                if start >= 0:
                    out.append((rule, start, end))
        return out
