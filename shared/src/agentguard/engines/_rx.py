"""Linear-time pattern helpers (RE2 only; Python's `re` never touches user input).

Hot paths call the compiled RE2 object underneath the `re2` wrapper directly when the
subject is ASCII bytes: same matches, same iteration rule as `re2._Regexp.finditer`, but
no generator of `_Match` objects and no per-call offset bookkeeping (about a microsecond
per call, and a scan makes a few dozen of them). Non-ASCII text goes through the wrapper,
which maps byte offsets back to character offsets.
"""

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import re2

__all__ = [
    "Rule",
    "RuleSet",
    "compile_rx",
    "first_span",
    "iter_group_spans",
    "iter_spans",
    "prime",
    "search_short",
    "subject",
]

_OPTIONS = re2.Options()
_OPTIONS.max_mem = 64 << 20
_UNANCHORED = re2._Anchor.UNANCHORED  # the wrapper's own anchor constant
_NO_MATCH = -1
_VERIFIED_LIMIT = 1 << 16


def compile_rx(pattern: str) -> "re2._Regexp[str]":
    """Compile with RE2 (linear time, no backtracking) and a generous DFA budget."""
    return re2.compile(pattern, _OPTIONS)


@lru_cache(maxsize=8)
def subject(text: str) -> str | bytes:
    """What to hand RE2: ASCII text as bytes (byte offsets are character offsets, and the
    wrapper skips its per-match offset translation), any other text as str."""
    return text.encode("ascii") if text.isascii() else text


def _raw_spans(
    pattern: "re2._Regexp[str]", data: bytes, limit: int
) -> Iterator[list[tuple[int, int]]]:
    """Group spans of successive matches in ASCII bytes, as `re2._Regexp.finditer` steps."""
    match = pattern._regexp.Match  # the compiled RE2 under the wrapper
    pos, endpos = 0, len(data)
    for _ in range(limit):
        spans = match(_UNANCHORED, data, pos, endpos)
        end = spans[0][1]
        if spans[0][0] == _NO_MATCH:
            return
        yield spans
        if pos == endpos:
            return
        pos = pos + 1 if pos == end else end


def iter_spans(
    pattern: "re2._Regexp[str]", text: str, limit: int = 256
) -> Iterator[tuple[int, int]]:
    """Spans of non-overlapping matches, at most `limit` (bounds work on hostile input)."""
    data = subject(text)
    if isinstance(data, bytes):
        for spans in _raw_spans(pattern, data, limit):
            yield spans[0]
        return
    for count, match in enumerate(pattern.finditer(data)):
        if count >= limit:
            return
        yield match.start(), match.end()


def iter_group_spans(
    pattern: "re2._Regexp[str]", text: str, limit: int = 256
) -> Iterator[list[tuple[int, int]]]:
    """Every group's span (index 0 = whole match) of successive matches, at most `limit`:
    `[m.span(g) for g in range(groups + 1)]` for each `m` of `pattern.finditer(text)`."""
    data = subject(text)
    if isinstance(data, bytes):
        yield from _raw_spans(pattern, data, limit)
        return
    groups = range(pattern.groups + 1)
    for count, match in enumerate(pattern.finditer(data)):
        if count >= limit:
            return
        yield [match.span(group) for group in groups]


def search_short(pattern: "re2._Regexp[str]", text: str) -> bool:
    """Does `pattern` match somewhere in `text`? For short texts that are not worth a
    place in the `subject` cache (a context window around a candidate)."""
    if text.isascii():
        data = text.encode("ascii")
        start: int = pattern._regexp.Match(_UNANCHORED, data, 0, len(data))[0][0]
        return start != _NO_MATCH
    return pattern.search(text) is not None


def first_span(pattern: "re2._Regexp[str]", text: str) -> tuple[int, int] | None:
    """Span of the first match, or None (`pattern.search` without the match object)."""
    data = subject(text) if len(text) > 64 else text  # short values: skip the cache
    if isinstance(data, str) and data.isascii():
        data = data.encode("ascii")
    if isinstance(data, bytes):
        start, end = pattern._regexp.Match(_UNANCHORED, data, 0, len(data))[0]
        return None if start == _NO_MATCH else (start, end)
    match = pattern.search(data)
    return None if match is None else (match.start(), match.end())


_MEMBERS: list["RuleSet"] = []
_COMBINED: list["re2.Set"] = []  # the combined set, once built
_PRIMED: dict[str, tuple[int, ...]] = {}  # text -> indices matched in the combined set
_PRIMED_LIMIT = 4
_LOCK = threading.Lock()  # the output-checker runs engines on worker threads


@dataclass(frozen=True, slots=True)
class Rule:
    """One named pattern with what a match means.

    `verify`, when set, is asked about each match's text: RE2 finds cheap candidates
    (it has no backreferences), the check confirms what a pattern cannot say, such as
    "the same token again and again". It must run in time linear in the match.
    `structural` rules judge the text's shape, not its words, so they are not run on views
    that rewrite characters (leetspeak folding turns `[1 0 0 1 …]` into a flood)."""

    name: str
    pattern: str
    score: float
    why: str
    verify: Callable[[str], bool] | None = None
    structural: bool = False


class RuleSet:
    """Many rules, one RE2::Set pass to learn which match, then spans for those only.

    Every rule set also joins one combined RE2::Set (built on first use): `prime(text)`
    runs it once, and afterwards every member's `hits(text)` is read from that one pass
    instead of its own. The full battery primes the input and its normalized text, so
    the web, PII, decode, injection and secrets prefilters cost one pass, not five.
    """

    __slots__ = ("_by_global", "_compiled", "_groups", "_locals", "_rules", "_set")

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = tuple(rules)
        self._set = re2.Set.SearchSet(_OPTIONS)
        for rule in self._rules:
            self._set.Add(rule.pattern)
        self._set.Compile()
        self._compiled = tuple(compile_rx(rule.pattern) for rule in self._rules)
        self._groups = tuple(1 if pattern.groups else 0 for pattern in self._compiled)
        self._by_global: dict[int, tuple[int, ...]] | None = None  # set by _combined()
        # combined-set answer -> this set's sorted local indices (a handful of distinct
        # answers recur: most texts match nothing or the same few patterns)
        self._locals: dict[tuple[int, ...], tuple[int, ...]] = {}
        with _LOCK:
            if not _COMBINED:  # a set made after the combined one was built keeps its own pass
                _MEMBERS.append(self)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules, in the order they were added."""
        return self._rules

    def hits(self, text: str) -> list[int]:
        """Indices of rules that match somewhere in text (one linear pass, or none when
        `prime(text)` already ran the combined set)."""
        if self._by_global is not None:
            matched = _PRIMED.get(text)
            if matched is not None:
                return list(self._local_hits(matched))
        return sorted(self._set.Match(subject(text)) or ())

    def _local_hits(self, matched: tuple[int, ...]) -> tuple[int, ...]:
        """This set's rule indices among the combined set's `matched` indices, sorted."""
        found = self._locals.get(matched)
        if found is None:
            by_global = self._by_global or {}
            found = tuple(sorted(local for g in matched for local in by_global.get(g, ())))
            if len(self._locals) >= 1024:
                self._locals.clear()
            self._locals[matched] = found
        return found

    def primed_hits(self, text: str) -> list[int] | None:
        """`hits(text)` when `prime(text)` already answered it, else None (no pass run)."""
        if self._by_global is None:
            return None
        matched = _PRIMED.get(text)
        if matched is None:
            return None
        return list(self._local_hits(matched))

    def scan(self, text: str, limit: int = 16) -> list[tuple[Rule, int, int]]:
        """(rule, start, end) for every match of every matching rule, capped per rule.

        When a rule's pattern has a capturing group, the span is group 1's (the value, not
        its key name), else the whole match.
        """
        out: list[tuple[Rule, int, int]] = []
        hits = self.hits(text)
        if not hits:
            return out
        data = subject(text)
        for index in hits:
            rule = self._rules[index]
            pattern = self._compiled[index]
            group = self._groups[index]
            verify = rule.verify
            # A verified rule's candidates are rare and cheap to reject, and a cap would let
            # decoy candidates hide the real one; matches never overlap, so all of them
            # together still cost time linear in the text.
            cap = limit if verify is None else max(limit, _VERIFIED_LIMIT)
            if isinstance(data, bytes):
                for spans in _raw_spans(pattern, data, cap):
                    start, end = spans[group]
                    if start >= 0 and (verify is None or verify(text[start:end])):
                        out.append((rule, start, end))
                continue
            for count, match in enumerate(pattern.finditer(data)):
                if count >= cap:
                    break
                start, end = match.span(group)
                if start >= 0 and (verify is None or verify(text[start:end])):
                    out.append((rule, start, end))
        return out


def _combined() -> "re2.Set":
    """One RE2::Set of every distinct pattern of every rule set created so far."""
    if _COMBINED:
        return _COMBINED[0]
    with _LOCK:
        if not _COMBINED:
            _build_combined()
    return _COMBINED[0]


def _build_combined() -> None:
    combined = re2.Set.SearchSet(_OPTIONS)
    ids: dict[str, int] = {}
    for member in _MEMBERS:
        by_global: dict[int, list[int]] = {}
        for local, rule in enumerate(member.rules):
            if rule.pattern not in ids:
                ids[rule.pattern] = combined.Add(rule.pattern)
            by_global.setdefault(ids[rule.pattern], []).append(local)
        member._by_global = {g: tuple(v) for g, v in by_global.items()}
    combined.Compile()
    _COMBINED.append(combined)


def prime(text: str) -> None:
    """Run every rule set's prefilter over `text` in one pass; `hits(text)` then reuses it.

    Rule sets created after the first call keep their own pass. Remembers the last few
    texts only (the input and its normalized view of the current scan)."""
    if text in _PRIMED:
        return
    matched = tuple(_combined().Match(subject(text)) or ())
    with _LOCK:
        while len(_PRIMED) >= _PRIMED_LIMIT:
            del _PRIMED[next(iter(_PRIMED))]
        _PRIMED[text] = matched
