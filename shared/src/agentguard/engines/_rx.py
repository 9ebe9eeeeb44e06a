"""Linear-time pattern helpers (RE2, and Hyperscan for prefilters; Python's `re` never
touches user input).

Hot paths call the compiled RE2 object underneath the `re2` wrapper directly, on the
text's UTF-8 bytes: same matches, same iteration rule as `re2._Regexp.finditer`, but no
generator of `_Match` objects, no encoding of the whole text at every call and no
per-match offset bookkeeping in Python. ASCII byte offsets are character offsets; other
text maps them back through one table per text (`_utf8`).
"""

import contextlib
import threading
from collections.abc import Callable, Collection, Container, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import re2

try:
    from agentguard.engines._hs import HyperscanSet, build_hyperscan

    HYPERSCAN = True
except ImportError:  # a platform with no Hyperscan wheel: the prefilters are RE2 sets
    HYPERSCAN = False

__all__ = [
    "Bounded",
    "Reading",
    "Reads",
    "Rule",
    "RuleSet",
    "build_prefilters",
    "compile_rx",
    "first_span",
    "iter_group_spans",
    "iter_spans",
    "prime",
    "search_short",
    "subject",
    "well_formed",
    "widen",
    "windowed",
]

_OPTIONS = re2.Options()
_OPTIONS.max_mem = 64 << 20
_UNANCHORED = re2._Anchor.UNANCHORED  # the wrapper's own anchor constants
_ANCHOR_START = re2._Anchor.ANCHOR_START
_NO_MATCH = -1
_TWIN_OPTIONS = re2.Options()
_TWIN_OPTIONS.max_mem = 64 << 20
_TWIN_OPTIONS.never_capture = True  # a twin only says where a match may start
_TWIN_FROM = 16  # a counted repeat whose upper bound is this or more is opened in a twin
_TWIN_SEARCHES = 16  # twin searches per search for spans (see `_search`)
_VERIFIED_LIMIT = 1 << 16
_WIDEN_FROM = 8  # counted repeats of this size or more are widened in prefilters
_GROUP_SIZE = 20  # word-led patterns per RE2::Set in a prefilter
_CLASS_LED_GROUP_SIZE = 4  # class-led patterns per RE2::Set (see `_class_led`)
_GROUP_OPTIONS = re2.Options()
_GROUP_OPTIONS.max_mem = 16 << 20  # per group: DFA states for its patterns only


_SURROGATES = dict.fromkeys(range(0xD800, 0xE000), 0xFFFD)


def well_formed(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD, one for one (spans stay valid).

    A Python string may hold them (JSON escapes such as `\\ud800`, `surrogateescape`
    decoding); no UTF-8 encoder accepts them, and the `re2` wrapper's `sub` and `search`
    encode strictly."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.translate(_SURROGATES)
    return text


# Why twins. RE2 finds where an unanchored match starts by running the pattern backwards
# from its end, and that reverse DFA builds a new state at every byte of a counted repeat
# on text it has not seen: `ssh-rsa[^\n]{0,600}>>…authorized_keys` took 2-5 ms to
# report a 200-byte match (the forward pass over the same text, about 0.1 ms). The
# pattern's twin (`_twin_source`: each long counted repeat left open and lazy, no groups)
# matches wherever the pattern does and finds where in microseconds; at each place it
# starts, the pattern itself is tried anchored, which needs no reverse pass. The first
# place the pattern accepts is its leftmost match, with the groups an unanchored search
# gives.
_UNBUILT: Any = object()
# id of the RE2 object under a pattern `compile_rx` compiled -> (the pattern, kept so the
# id stays its own; its twin, None for no twin, or _UNBUILT)
_TWINS: dict[int, tuple["re2._Regexp[str]", Any]] = {}
_TWINS_LIMIT = 8192  # the engines compile a few hundred; past this, patterns get no twin


@lru_cache(maxsize=4096)  # the engines' patterns are a few hundred; bounded all the same
def compile_rx(pattern: str) -> "re2._Regexp[str]":
    """Compile with RE2 (linear time, no backtracking) and a generous DFA budget.

    One object per pattern: the prefilter's confirmation and the rule's scan for spans
    read the same text with the same pattern, and share the DFA states the first built."""
    compiled = re2.compile(pattern, _OPTIONS)
    if len(_TWINS) < _TWINS_LIMIT:
        _TWINS.setdefault(id(compiled._regexp), (compiled, _UNBUILT))
    return compiled


def _twin(pattern: "re2._Regexp[str]") -> Any:
    """The compiled twin of a pattern `compile_rx` compiled, or None (no long window, a
    twin RE2 refuses, or a pattern compiled elsewhere, perhaps with other options)."""
    entry = _TWINS.get(id(pattern._regexp))
    if entry is None:
        return None
    twin = entry[1]
    if twin is _UNBUILT:
        source = pattern.pattern
        opened = _twin_source(source)
        twin = None
        if opened != source:
            with contextlib.suppress(re2.error):  # too large once open: search as before
                twin = re2.compile(opened, _TWIN_OPTIONS)._regexp
        _TWINS[id(pattern._regexp)] = (entry[0], twin)
    return twin


def _twin_source(pattern: str) -> str:
    """`pattern` with each counted repeat of `_TWIN_FROM` or more (`{0,600}`, `{32}`,
    `{32,512}`) open and lazy (`*?`, `{32,}?`), or `pattern` itself when it has none.

    It matches wherever `pattern` does, so its leftmost match starts where the pattern's
    does; lazy, its forward pass stops at the first place a match can end, not at the end
    of a run of base64 or of a line."""

    def opened(low: int, high: int | None, end: int) -> str | None:
        if high is None or high < _TWIN_FROM:
            return None
        lazy = "" if pattern.startswith("?", end) else "?"  # `{0,30}?` is lazy already
        return {0: "*", 1: "+"}.get(low, f"{{{low},}}") + lazy

    return _rewrite_repeats(pattern, opened)


def _rewrite_repeats(pattern: str, rewrite: Callable[[int, int | None, int], str | None]) -> str:
    """`pattern` with each counted repeat (`{low,high}`, ending at `end`) replaced by
    `rewrite(low, high, end)`, or kept where that is None; a pattern with quoted text
    (`\\Q…\\E`, where braces are text) is left whole."""
    if "\\Q" in pattern:
        return pattern
    out: list[str] = []
    at, size = 0, len(pattern)
    while at < size:
        if pattern[at] == "{" and (repeat := _repeat_at(pattern, at)) is not None:
            low, high, end = repeat
            replaced = rewrite(low, high, end)
            if replaced is not None:
                out.append(replaced)
                at = end
                continue
        else:
            end = _piece_end(pattern, at)
        out.append(pattern[at:end])
        at = end
    return "".join(out)


def _search(
    pattern: Any, twin: Any, data: bytes, pos: int, endpos: int, *, budget: int
) -> tuple[Any, int]:
    """Group spans of the leftmost match of the compiled `pattern` in `data[pos:endpos]`
    (the whole text its context), as `Match(_UNANCHORED, …)` gives them, found through
    its `twin` (see `_twin`) in at most `budget` twin searches; and the budget left.

    Each twin search reads from `pos` to the first place a match can end, so a long run
    of refused starts (`ssh-rsa` again and again, no `>>` within the window) would cost a
    pass of the run per start: past the budget, the pattern searches alone (its reverse
    pass is slow, never quadratic)."""
    while budget > 0:
        budget -= 1
        start = twin.Match(_UNANCHORED, data, pos, endpos)[0][0]
        if start == _NO_MATCH:
            return _MISSED, budget
        spans = pattern.Match(_ANCHOR_START, data, start, endpos)
        if spans[0][0] != _NO_MATCH:
            return spans, budget
        if start == endpos:
            return _MISSED, budget
        pos = start + 1  # no match starts before here: the twin would have started there
    return pattern.Match(_UNANCHORED, data, pos, endpos), 0


_MISSED = [(_NO_MATCH, _NO_MATCH)]


@lru_cache(maxsize=8)
def _encoded(text: str) -> tuple[bytes, bool]:
    """`text` as UTF-8, once for the prefilter and the spans; False when lone surrogates
    had to pass as they are (not valid UTF-8)."""
    if text.isascii():
        return text.encode("ascii"), True
    try:
        return text.encode("utf-8"), True
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass"), False


def subject(text: str) -> str | bytes:
    """What the prefilter reads: the text's UTF-8 bytes, or the text itself when it holds
    lone surrogates (`_Prefilter.match` then encodes it for RE2 and, valid, for
    Hyperscan)."""
    data, valid = _encoded(text)
    return data if valid else text


@lru_cache(maxsize=8)
def _utf8(text: str) -> tuple[bytes, "npt.NDArray[np.int32] | None"]:
    """`text` as UTF-8 for RE2, and for non-ASCII text the character offset of each byte
    offset (`chars[b]`: characters before byte `b`). One encode and one vectorised pass per
    text, where the wrapper encodes the whole text again at every call and translates each
    match's offsets in Python."""
    data, _valid = _encoded(text)
    if len(data) == len(text):  # one byte per character: ASCII
        return data, None
    chars = np.zeros(len(data) + 1, dtype=np.int32)
    np.cumsum((np.frombuffer(data, dtype=np.uint8) & 0xC0) != 0x80, out=chars[1:])
    return data, chars


def _raw_spans(
    pattern: "re2._Regexp[str]", data: bytes, limit: int, utf8: bool = False
) -> Iterator[list[tuple[int, int]]]:
    """Group spans (byte offsets) of successive matches in `data`, as `re2._Regexp.finditer`
    steps: after an empty match, on to the next character (`utf8`: past its continuation
    bytes)."""
    exact = pattern._regexp  # the compiled RE2 under the wrapper
    twin = _twin(pattern)
    budget = 0 if twin is None else _TWIN_SEARCHES
    match = exact.Match
    pos, endpos = 0, len(data)
    for _ in range(limit):
        if budget:
            spans, budget = _search(exact, twin, data, pos, endpos, budget=budget)
        else:
            spans = match(_UNANCHORED, data, pos, endpos)
        end = spans[0][1]
        if spans[0][0] == _NO_MATCH:
            return
        yield spans
        if pos == endpos:
            return
        if pos != end:
            pos = end
            continue
        pos += 1
        while utf8 and pos < endpos and data[pos] & 0xC0 == 0x80:
            pos += 1


def _char_spans(
    pattern: "re2._Regexp[str]", text: str, limit: int
) -> Iterator[list[tuple[int, int]]]:
    """`_raw_spans` over `text`, in character offsets (unmatched groups stay (-1, -1))."""
    data, chars = _utf8(text)
    if chars is None:
        yield from _raw_spans(pattern, data, limit)
        return
    for spans in _raw_spans(pattern, data, limit, utf8=True):
        yield [(int(chars[s]), int(chars[e])) if s >= 0 else (s, e) for s, e in spans]


def iter_spans(
    pattern: "re2._Regexp[str]", text: str, limit: int = 256
) -> Iterator[tuple[int, int]]:
    """Spans of non-overlapping matches, at most `limit` (bounds work on hostile input)."""
    for spans in _char_spans(pattern, text, limit):
        yield spans[0]


def iter_group_spans(
    pattern: "re2._Regexp[str]", text: str, limit: int = 256
) -> Iterator[list[tuple[int, int]]]:
    """Every group's span (index 0 = whole match) of successive matches, at most `limit`:
    `[m.span(g) for g in range(groups + 1)]` for each `m` of `pattern.finditer(text)`."""
    yield from _char_spans(pattern, text, limit)


def search_short(pattern: "re2._Regexp[str]", text: str) -> bool:
    """Does `pattern` match somewhere in `text`? For short texts that are not worth a
    place in the `_utf8` cache (a context window around a candidate)."""
    return _found(pattern, text.encode("utf-8", "surrogatepass"))


def first_span(pattern: "re2._Regexp[str]", text: str) -> tuple[int, int] | None:
    """Span of the first match, or None (`pattern.search` without the match object)."""
    if len(text) > 64:
        return next(iter_spans(pattern, text, 1), None)
    data = text.encode("utf-8", "surrogatepass")  # short values: skip the cache
    start, end = pattern._regexp.Match(_UNANCHORED, data, 0, len(data))[0]
    if start == _NO_MATCH:
        return None
    if len(data) == len(text):
        return start, end
    before = len(data[:start].decode("utf-8", "surrogatepass"))
    return before, before + len(data[start:end].decode("utf-8", "surrogatepass"))


def _repeat_at(pattern: str, at: int) -> tuple[int, int | None, int] | None:
    """`(low, high, end)` of a counted repeat `{m}`, `{m,}` or `{m,n}` at `at`, else None
    (RE2 reads any other brace as a literal)."""
    close = pattern.find("}", at)
    if close < 0:
        return None
    low, comma, high = pattern[at + 1 : close].partition(",")
    if not _count(low) or (high and not _count(high)):
        return None
    top = int(low) if not comma else (int(high) if high else None)
    return int(low), top, close + 1


def _count(digits: str) -> bool:
    """Does RE2 read `digits` as a repeat count? ASCII digits, no leading zero, at most
    nine of them (RE2 reads `{016}`, `{٣}` and `{1000000000}` as literal text)."""
    return (
        0 < len(digits) <= 9
        and digits.isascii()
        and digits.isdigit()
        and (digits == "0" or digits[0] != "0")
    )


def _class_end(pattern: str, at: int) -> int:
    """Index just past the character class that opens at `at`."""
    end = at + 1
    end += pattern[end : end + 1] == "^"
    end += pattern[end : end + 1] == "]"  # a leading ] is a member
    while pattern[end] != "]":
        if pattern[end] == "\\":
            end += 2
        elif pattern.startswith("[:", end):  # a POSIX class such as [:alpha:]
            end = pattern.index(":]", end) + 2
        else:
            end += 1
    return end + 1


def _piece_end(pattern: str, at: int) -> int:
    """Index just past the escape (`\\w`, `\\x{200b}`, `\\p{Greek}`), class or character at
    `at`: what the pattern rewriters step over whole."""
    char = pattern[at]
    if char == "\\":
        end = at + 2
        if pattern[at + 1 : end] in ("p", "P", "x") and pattern[end : end + 1] == "{":
            end = pattern.index("}", end) + 1
        return end
    if char == "[":
        return _class_end(pattern, at)
    return at + 1


def _class_members(body: str) -> list[tuple[str, int | None]]:
    """The members of a class body (between `[` and `]`, not negated): each as written,
    with its code point when it is one character (None for `\\d`, `[:alpha:]`, ...)."""
    members: list[tuple[str, int | None]] = []
    at = 0
    while at < len(body):
        if body.startswith("\\x{", at):
            end = body.index("}", at) + 1
            members.append((body[at:end], int(body[at + 3 : end - 1], 16)))
        elif body.startswith("\\x", at):
            end = at + 4
            members.append((body[at:end], int(body[at + 2 : end], 16)))
        elif body[at] == "\\":
            end = at + 2
            members.append((body[at:end], None))
        elif body.startswith("[:", at):
            end = body.index(":]", at) + 2
            members.append((body[at:end], None))
        else:
            end = at + 1
            members.append((body[at], ord(body[at])))
        at = end
    return members


def _ascii_lookalike(code: int) -> bool:
    """Does a caseless match of this code point take an ASCII letter (the Kelvin sign
    folds to `k`, the long s to `s`)?"""
    char = chr(code)
    return any(ord(c) < 0x80 for c in char.lower() + char.upper() + char.casefold())


def ascii_form(pattern: str) -> str:
    """`pattern` as it reads ASCII text: members of a class that are single non-ASCII
    code points (`[\\s\\x{a0}]`) are dropped, since ASCII text holds none of them.

    On ASCII text the result matches exactly where `pattern` does, and Hyperscan's byte
    mode takes it (it refuses a code point over `\\xff`), so an ASCII text needs no UTF-8
    pass for such a pattern. Negated classes, ranges and classes that would be left empty
    stay as they are."""
    out: list[str] = []
    at, size = 0, len(pattern)
    while at < size:
        end = _piece_end(pattern, at)
        piece = pattern[at:end]
        out.append(_ascii_class(piece) if piece[0] == "[" else piece)
        at = end
    return "".join(out)


def _ascii_class(written: str) -> str:
    body = written[1:-1]
    if body.startswith("^"):  # negated: as it is
        return written
    members = _class_members(body)
    if any(text == "-" for text, _code in members[1:-1]):  # a range: as it is
        return written
    kept = [text for text, code in members if code is None or code < 0x80 or _ascii_lookalike(code)]
    if not kept or len(kept) == len(members) or kept[0].startswith("^"):
        return written  # unchanged, empty, or a `^` that would now negate it
    return "[" + "".join(kept) + "]"


_GRAPHIC_PROPERTIES = ("L", "N", "M", "P", "S")  # Unicode categories without a space


def _graphic_class(written: str) -> bool:
    """Is `written` a class of Unicode letter, number, mark, punctuation or symbol
    properties and single visible characters, none of them a space (`[\\pL\\pN'’-]`)?"""
    body = written[1:-1]
    if "\\p" not in body or body.startswith("^"):
        return False
    at = 0
    while at < len(body):
        if body.startswith("\\p", at):
            name = body[at + 2 : at + 3]
            end = at + 3
            if name == "{":
                end = body.find("}", at) + 1
                name = body[at + 3 : end - 1]
            if end <= at or name not in _GRAPHIC_PROPERTIES:
                return False
            at = end
        elif body[at] in "\\[" or body[at].isspace() or not body[at].isprintable():
            return False  # an escape it does not read, or a POSIX class (`[:space:]`)
        elif body[at] == "-" and 0 < at < len(body) - 1:
            return False  # a range
        else:
            at += 1
    return True


def without_properties(pattern: str) -> str:
    """`pattern` with each class of Unicode properties and visible characters
    (`[\\pL\\pN'’-]`: no space, no other escape, no POSIX class) read as `\\S`, any
    character but a space: it admits more, so it stays a prefilter, and Hyperscan's
    UTF-8 automaton for `\\pL` alone is about 2 MB (one such pattern was 40% of the raw
    part's database, which no longer fit in L2)."""
    if "\\p" not in pattern or "\\Q" in pattern:
        return pattern
    out: list[str] = []
    at, size = 0, len(pattern)
    while at < size:
        end = _piece_end(pattern, at)
        piece = pattern[at:end]
        out.append("\\S" if piece[0] == "[" and _graphic_class(piece) else piece)
        at = end
    return "".join(out)


def widen(pattern: str, start: int = _WIDEN_FROM, *, keep_low: bool = False) -> str:
    """`pattern` with each counted repeat of `start` or more made open and short: `{0,200}`
    becomes `*`, `{32}` and `{40,}` become `{8,}`; `{1,3}` stays. With `keep_low`, only the
    upper bound goes: `{0,200}` becomes `*`, `{32}` becomes `{32,}`, `{40,}` stays.

    Each repeat only admits more, so the result matches wherever `pattern` does (a
    prefilter may say yes too often, never too rarely). Its DFA has far fewer states: for
    `'[^\\n]{0,200}--` the DFA must remember where each quote of the last 200 characters
    was, and ordinary prose makes a new state at nearly every byte; for `'[^\\n]*--` it
    remembers only whether a quote was seen. Hyperscan builds no DFA at run time, so its
    patterns keep their lower bounds (`keep_low`): a long token stays long and ordinary
    words are not candidates.
    """

    def opened(low: int, high: int | None, _end: int) -> str | None:
        if high is not None and high < start:
            return None
        least = low if keep_low else min(low, start)
        return {0: "*", 1: "+"}.get(least, f"{{{least},}}")

    return _rewrite_repeats(pattern, opened)


def _found(pattern: "re2._Regexp[str]", data: bytes) -> bool:
    """Does `pattern` match somewhere in UTF-8 `data`?"""
    twin = _twin(pattern)
    if twin is None:
        spans = pattern._regexp.Match(_UNANCHORED, data, 0, len(data))
    else:
        spans = _search(pattern._regexp, twin, data, 0, len(data), budget=_TWIN_SEARCHES)[0]
    return bool(spans[0][0] != _NO_MATCH)


def _class_led(pattern: str) -> bool:
    """Does a match begin with a character class (`[A-Za-z0-9+/]`, `\\d`, `.`) rather than a
    word, once flags, `\\b`, `^` and a leading boundary group are set aside?

    Such a pattern is part-way through a match at most positions of code and logs, so in a
    shared RE2::Set its partial matches multiply with every other pattern's and the DFA
    builds a new state at nearly every byte; a word-led pattern waits for its word.
    """
    rest = pattern
    if rest.startswith("(?") and (close := rest.find(")")) > 2 and rest[2:close].isalpha():
        rest = rest[close + 1 :]  # a leading flag group such as (?i)
    rest = rest.removeprefix("\\b").removeprefix("^")
    for opener in ("(?:^|", "(?:\\A|"):
        if rest.startswith(opener):  # a boundary such as (?:^|[^\\w.@/+-])
            at = len(opener)
            at = _class_end(rest, at) if rest[at : at + 1] == "[" else at + 2
            rest = rest[at + 1 :].removeprefix("\\s*")
    while rest.startswith("("):
        rest = rest[3:] if rest.startswith("(?:") else rest[1:]
    return rest[:1] in ("[", ".") or rest[:2] in ("\\d", "\\w", "\\s", "\\S", "\\W", "\\D")


class _Prefilter:
    """Which of many patterns match somewhere in a text, in time linear in the text.

    One RE2::Set of every pattern is one pass, but its DFA state is every pattern's partial
    matches at once: on text it has not seen (not only hostile text, any new prose or code)
    nearly every byte makes a new state, RE2's state cache thrashes, and the pass costs
    milliseconds per KB. So the patterns are widened (`widen`) and either compiled ahead
    into Hyperscan databases (`hyperscan=True`, where Hyperscan is installed: no states
    are built at run time) or split into small RE2::Sets that each keep a small, reusable
    set of states: `_CLASS_LED_GROUP_SIZE` class-led patterns (`_class_led`) or
    `_GROUP_SIZE` others to a set. The `re2_only` patterns, and any Hyperscan rejects,
    take the RE2 sets. A candidate is then confirmed by its own pattern, so the answer is
    exact (unless the caller reads spans anyway and asks for candidates, `exact=False`).
    """

    __slots__ = ("_confirm", "_groups", "_hyperscan", "_hyperscan_ids")

    def __init__(
        self,
        patterns: Sequence[str],
        *,
        hyperscan: bool = False,
        re2_only: Collection[int] = (),
        triggers: Sequence[str | None] = (),
    ) -> None:
        self._groups: list[tuple[tuple[int, ...], re2.Set]] = []
        self._confirm: dict[int, re2._Regexp[str]] = {}
        self._hyperscan: HyperscanSet | None = None
        self._hyperscan_ids: tuple[int, ...] = ()
        # what the passes look for: each pattern, or its trigger (`Rule.trigger`)
        forms = list(patterns)
        for index, trigger in enumerate(triggers):
            forms[index] = trigger or forms[index]
        wide = [widen(form) for form in forms]
        in_re2 = list(range(len(patterns)))
        if hyperscan and HYPERSCAN and (taken := [i for i in in_re2 if i not in re2_only]):
            loose = [without_properties(widen(forms[i], keep_low=True)) for i in taken]
            database, rejected = build_hyperscan(loose, [ascii_form(p) for p in loose])
            self._hyperscan, self._hyperscan_ids = database, tuple(taken)
            in_re2 = sorted({*re2_only, *(taken[j] for j in rejected)})
        held = set(in_re2)
        for index, pattern in enumerate(patterns):
            # prefilter mode may over-approximate any pattern it holds, widened or not
            if wide[index] != pattern or index not in held:
                self._confirm[index] = compile_rx(pattern)
        led: list[int] = []
        rest: list[int] = []
        for index in in_re2:
            (led if _class_led(forms[index]) else rest).append(index)
        for indices, size in ((led, _CLASS_LED_GROUP_SIZE), (rest, _GROUP_SIZE)):
            for start in range(0, len(indices), size):
                self._add_group(wide, tuple(indices[start : start + size]))

    def _add_group(self, wide: Sequence[str], indices: tuple[int, ...]) -> None:
        group = re2.Set.SearchSet(_GROUP_OPTIONS)
        for index in indices:
            group.Add(wide[index])
        group.Compile()
        self._groups.append((indices, group))

    def match(
        self, data: str | bytes, among: Container[int] | None = None, *, exact: bool = True
    ) -> tuple[int, ...]:
        """Sorted indices of the patterns that match somewhere in `data` (str, or UTF-8
        bytes), only those in `among` when it is given. `exact=False` leaves the
        candidates unconfirmed (a superset): for a caller that looks for each one's spans
        anyway, whose search answers the same question once instead of twice."""
        ascii = data.isascii()
        if isinstance(data, bytes):
            scanned = data
        else:  # encode once, not once per group (no offsets are read)
            try:
                scanned = data.encode("utf-8")
            except UnicodeEncodeError:  # lone surrogates: Hyperscan needs valid UTF-8
                scanned = data.encode("utf-8", "replace")
                data = data.encode("utf-8", "surrogatepass")
            else:
                data = scanned
        candidates: list[int] = []
        if self._hyperscan is not None:
            ids = self._hyperscan_ids
            candidates.extend(ids[j] for j in self._hyperscan.candidates(scanned, ascii))
        for indices, group in self._groups:
            if among is not None and not any(index in among for index in indices):
                continue  # none of the asker's patterns: no pass
            # the compiled set under the wrapper
            candidates.extend(indices[j] for j in group._set.Match(data))
        found: list[int] = []
        confirm = self._confirm if exact else {}
        for index in candidates:
            if among is not None and index not in among:
                continue
            pattern = confirm.get(index)
            if pattern is None or _found(pattern, data):
                found.append(index)
        found.sort()
        return tuple(found)

    def inexact(self) -> frozenset[int]:
        """The indices whose candidates need confirming (the rest are exact)."""
        return frozenset(self._confirm)


_MEMBERS: list["RuleSet"] = []
Reads = Literal["raw", "normalized"]  # which text a rule set reads in the battery
_RAW: Reads = "raw"
_NORMALIZED: Reads = "normalized"
# the combined prefilters, once built: per part, the prefilter and its patterns' global ids
_COMBINED: dict[Reads, tuple[_Prefilter, tuple[int, ...]]] = {}
_PRIMED: dict[tuple[str, str], tuple[int, ...]] = {}  # (part, text) -> candidate global ids
_PRIMED_LIMIT = 8
_LOCK = threading.Lock()  # the output-checker runs engines on worker threads


@dataclass(frozen=True, slots=True)
class Rule:
    """One named pattern with what a match means.

    `verify`, when set, is asked about each match's text: RE2 finds cheap candidates
    (it has no backreferences), the check confirms what a pattern cannot say, such as
    "the same token again and again". It must run in time linear in the match.
    `structural` rules judge the text's shape, not its words: they are not run on views
    that rewrite characters (leetspeak folding turns `[1 0 0 1 …]` into a flood), and a
    secrets rule's match (a key file's header, a salt's `define`) skips the word-based
    placeholder filters.
    `prefilter="re2"` keeps the pattern out of the Hyperscan database, for the few that
    take Hyperscan seconds to compile (large alternations of words between `\\b`s).
    `trigger`, when set, is what the prefilter passes look for instead of `pattern`: a
    pattern that matches wherever `pattern` does (built from a part every match of it
    holds), far cheaper for Hyperscan's automata than a long alternation with windows;
    `pattern` then confirms each candidate, as for any prefilter."""

    name: str
    pattern: str
    score: float
    why: str
    verify: Callable[[str], bool] | None = None
    structural: bool = False
    prefilter: Literal["hyperscan", "re2"] = "hyperscan"
    trigger: str | None = None


@dataclass(frozen=True, slots=True)
class Bounded:
    """The check `windowed` puts on its rule: does `pattern`, with its windows counted,
    match inside the text an open-window match covers?"""

    pattern: str

    def __call__(self, match: str) -> bool:
        return search_short(compile_rx(self.pattern), match)

    def span(self, match: str) -> tuple[int, int] | None:
        """Where the bounded pattern first matches inside `match` (None: nowhere). The
        open match holds the bounded one the whole text would have given: its span."""
        return first_span(compile_rx(self.pattern), match)


@dataclass(frozen=True, slots=True)
class Reading:
    """The check on a rule whose match opens a candidate and whose evidence lies around it:
    `check(before, rest)` is asked about the `before` characters before the match and the
    match with the `after` characters after it ("tell everyone who asks about refunds" and
    the link it is told to give; "phishing awareness:" before it). The pattern stays
    short, so RE2 searches it cheaply, and a match the check refuses hides no later one."""

    check: Callable[[str, str], bool]
    before: int
    after: int

    def __call__(self, match: str) -> bool:
        return self.check("", match)


def windowed(name: str, pattern: str, score: float, why: str) -> Rule:
    """A rule whose counted windows RE2 scans open (`widen`), with the bounds checked on
    each match (`Bounded`).

    With its windows counted, RE2 builds a DFA state at nearly every byte after each place
    a window could open (`<script…>[^<]{0,400}alert`: every `<script`, every quote before
    `[^\\n]{0,200}--`), which on long code it has not seen costs milliseconds per pattern.
    Open, the DFA remembers only that a window opened.

    Exact only for patterns whose windows cannot cross the characters that close the match
    (`[^>]` inside one tag, `[^|\\n]` up to one pipe, `[^\\n#]` up to one `#`) and that
    have no capturing group: then a bounded match is also an open one, starts no earlier
    than the open match found there and ends no later, so the check sees it. Each use is
    tested against its bounded pattern on generated text."""
    if compile_rx(pattern).groups:
        raise ValueError(f"{name}: a windowed pattern has no capturing group")
    return Rule(name, widen(pattern, keep_low=True), score, why, verify=Bounded(pattern))


class RuleSet:
    """Many rules, one prefilter pass to learn which match, then spans for those only.

    Every rule set also joins a combined prefilter (built on first use), the one for the
    text it `reads` in the battery: PII and secrets read the raw input, everything else
    its normalized text. `prime(text)` runs one, and afterwards every member's
    `hits(text)` is read from that pass instead of its own, so the web, PII, decode,
    injection and secrets prefilters cost two passes, not five.
    """

    __slots__ = (
        "_by_global",
        "_compiled",
        "_groups",
        "_inexact",
        "_locals",
        "_own",
        "_part_locals",
        "_reads",
        "_rules",
        "_views",
    )

    def __init__(
        self, rules: Sequence[Rule], reads: Reads = _NORMALIZED, *, views: bool = True
    ) -> None:
        """`views=False`: the set is only ever asked with `hits` a larger set learned
        (`scan(…, hits=…)`), so start-up builds no pass of its own for it."""
        self._rules = tuple(rules)
        self._reads = reads
        self._views = views
        self._own: _Prefilter | None = None  # this set's own pass, built on first use
        self._compiled = tuple(compile_rx(rule.pattern) for rule in self._rules)
        self._groups = tuple(1 if pattern.groups else 0 for pattern in self._compiled)
        self._by_global: dict[int, tuple[int, ...]] | None = None  # set by _combined()
        self._part_locals: frozenset[int] = frozenset()  # its patterns' places in its part
        # its rules whose combined-pass candidates need confirming: with Hyperscan every
        # one (prefilter mode); without, those the RE2 sets hold widened
        self._inexact: frozenset[int] = frozenset(range(len(self._rules)))
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

    def hits(self, text: str, *, exact: bool = True) -> list[int]:
        """Indices of rules that match somewhere in text: read off the combined pass when
        `prime(text)` ran it (each candidate then confirmed by its own pattern), else one
        pass of its own. `exact=False`: the candidates unconfirmed, a superset, for a
        caller that searches each for spans anyway (`scan`)."""
        if self._by_global is not None:
            matched = _PRIMED.get((self._reads, text))
            if matched is not None:
                found = self._local_hits(matched)
                return self.confirmed(text, found) if exact else list(found)
        return list(self.own_pass(subject(text), exact=exact))

    def confirmed(self, text: str, candidates: Sequence[int]) -> list[int]:
        """The `candidates` (local indices, as `hits(text, exact=False)` gives them) whose
        patterns match in `text`."""
        inexact = self._inexact
        if not any(index in inexact for index in candidates):
            return list(candidates)
        data = _encoded(text)[0]
        compiled = self._compiled
        return [i for i in candidates if i not in inexact or _found(compiled[i], data)]

    def own_pass(self, data: str | bytes, *, exact: bool = True) -> tuple[int, ...]:
        """Indices of this set's rules that match in `data` (candidates, a superset, with
        `exact=False`), without a primed answer (a view: decoded payloads, JSON arguments,
        unescaped or leetspeak text).

        A set that reads the raw text asks that part's Hyperscan database and confirms
        only its own candidates: the database is small (about 6 µs a KB). A large set of
        the normalized part has a Hyperscan database of its own patterns: the part's holds
        every detector's and reads about 58 µs a KB, its own 20-40 (a 256 KB view: 23-29
        against 10-11 ms). A small set keeps RE2 sets of its own. `exact` as in `hits`."""
        if self._by_global is not None and self._reads == _RAW:
            prefilter, ids = _COMBINED[self._reads]
            matched = prefilter.match(data, self._part_locals, exact=exact)
            return self._local_hits(tuple(ids[local] for local in matched))
        own = self._own
        if own is None:
            rules = self._rules
            own = self._own = _Prefilter(
                [rule.pattern for rule in rules],
                hyperscan=self._views and len(rules) > _GROUP_SIZE,
                re2_only=[i for i, rule in enumerate(rules) if rule.prefilter == "re2"],
                triggers=[rule.trigger for rule in rules],
            )
        return own.match(data, exact=exact)

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
        """`hits(text)` when `prime(text)` already ran the combined pass, else None (no
        prefilter pass run; candidates are still confirmed)."""
        if self._by_global is None:
            return None
        matched = _PRIMED.get((self._reads, text))
        if matched is None:
            return None
        return self.confirmed(text, self._local_hits(matched))

    def scan(
        self, text: str, limit: int = 16, hits: Sequence[int] | None = None
    ) -> list[tuple[Rule, int, int]]:
        """(rule, start, end) for every match of every matching rule, capped per rule.

        When a rule's pattern has capturing groups, the span is the first matched group's
        (the value, not its key name), else the whole match. `hits`, when given, holds
        the rules to search: `self.hits(text)` learned elsewhere (a larger set holding these
        rules answered it), or candidates, a superset (a false one finds no span).
        """
        out: list[tuple[Rule, int, int]] = []
        if hits is None:  # the span search below confirms each candidate
            hits = self.hits(text, exact=False)
        if not hits:
            return out
        for index in hits:
            rule = self._rules[index]
            group = self._groups[index]
            verify = rule.verify
            # A verified rule's candidates are rare and cheap to reject, and a cap would let
            # decoy candidates hide the real one; matches never overlap, so all of them
            # together still cost time linear in the text.
            cap = limit if verify is None else max(limit, _VERIFIED_LIMIT)
            for spans in _char_spans(self._compiled[index], text, cap):
                # the first group that took part: alternatives may each hold the value
                start, end = next((span for span in spans[1:] if span[0] >= 0), spans[0])
                if not group:
                    start, end = spans[0]
                if start < 0:
                    continue
                if isinstance(verify, Bounded):  # report the bounded match, not the open one
                    inner = verify.span(text[start:end])
                    if inner is None:
                        continue
                    start, end = start + inner[0], start + inner[1]
                elif isinstance(verify, Reading):
                    before = text[max(0, start - verify.before) : start]
                    if not verify.check(before, text[start : end + verify.after]):
                        continue
                elif verify is not None and not verify(text[start:end]):
                    continue
                out.append((rule, start, end))
        return out


def _combined() -> dict[Reads, tuple[_Prefilter, tuple[int, ...]]]:
    """Per part (raw, normalized), one prefilter over every distinct pattern of the rule
    sets created so far that read that text."""
    if _COMBINED:
        return _COMBINED
    with _LOCK:
        if not _COMBINED:
            _build_combined()
    return _COMBINED


def _build_combined() -> None:
    """Build both parts, then publish them, then join each member: another thread sees
    a member as joined only once the prefilters it reads are there (until then it keeps
    its own pass)."""
    ids: dict[str, int] = {}  # one id space over both parts
    parts: dict[Reads, dict[str, int]] = {_RAW: {}, _NORMALIZED: {}}
    in_re2: set[str] = set()
    triggers: dict[str, str | None] = {}  # a pattern two rules give different triggers: none
    joined: list[tuple[RuleSet, dict[int, tuple[int, ...]]]] = []
    for member in _MEMBERS:
        by_global: dict[int, list[int]] = {}
        for local, rule in enumerate(member.rules):
            index = ids.setdefault(rule.pattern, len(ids))
            parts[member._reads].setdefault(rule.pattern, index)
            by_global.setdefault(index, []).append(local)
            if rule.prefilter == "re2":
                in_re2.add(rule.pattern)
            if triggers.setdefault(rule.pattern, rule.trigger) != rule.trigger:
                triggers[rule.pattern] = None
        joined.append((member, {g: tuple(v) for g, v in by_global.items()}))
    built: dict[Reads, tuple[_Prefilter, tuple[int, ...]]] = {}
    for part, patterns in parts.items():
        listed = list(patterns)
        re2_only = [local for local, pattern in enumerate(listed) if pattern in in_re2]
        built[part] = (
            _Prefilter(
                listed,
                hyperscan=True,
                re2_only=re2_only,
                triggers=[triggers[pattern] for pattern in listed],
            ),
            tuple(patterns.values()),
        )
    _COMBINED.update(built)
    for member, by_global_ in joined:
        prefilter, held = built[member._reads]
        place = {index: local for local, index in enumerate(held)}
        inexact = prefilter.inexact()
        member._part_locals = frozenset(place[g] for g in by_global_)
        member._inexact = frozenset(
            local for g, locals_ in by_global_.items() if place[g] in inexact for local in locals_
        )
        member._by_global = by_global_  # last: the member now reads the combined pass


def build_prefilters() -> None:
    """Build the combined prefilter and every rule set's own now (start-up), not on the
    first text that needs them; a pattern RE2 cannot compile fails here.

    Also compiles each pattern's reverse program, which RE2 builds on the pattern's first
    match to find where the match starts: for a pattern with long windows that took up to
    a millisecond, paid by whichever request matched it first. And each pattern's twin
    (see `_twin`), for the same reason."""
    _combined()
    for member in _MEMBERS:
        if member._views:
            member.own_pass(b"")
    for pattern in _compiled_patterns():
        pattern._regexp.ReverseProgramSize()
    for compiled, twin in list(_TWINS.values()):
        if twin is _UNBUILT:
            built = _twin(compiled)
            if built is not None:
                built.ReverseProgramSize()


def _compiled_patterns() -> list["re2._Regexp[str]"]:
    found: dict[str, re2._Regexp[str]] = {}
    for member in _MEMBERS:
        for rule, compiled in zip(member.rules, member._compiled, strict=True):
            found.setdefault(rule.pattern, compiled)
    return list(found.values())


def prime(text: str, reads: Reads | None = None) -> None:
    """Run the rule sets' combined prefilter over `text`; their `hits(text)` then reuse it.

    `reads` picks the rule sets that read this kind of text (`"raw"`: PII and secrets;
    `"normalized"`: the rest); None primes both. Rule sets created after the first call
    keep their own pass. Remembers the last few texts only (the input and its normalized
    view of the current scan)."""
    for part in (_RAW, _NORMALIZED) if reads is None else (reads,):
        key = (part, text)
        if key in _PRIMED:
            continue
        prefilter, ids = _combined()[part]
        # candidates only: each member confirms its own when it asks (`hits`), and one
        # that reads spans (`scan`) lets its span search confirm them: most patterns'
        # candidates are read by one set or none (the indirect rules on a user's text)
        matched = tuple(ids[local] for local in prefilter.match(subject(text), exact=False))
        with _LOCK:
            while len(_PRIMED) >= _PRIMED_LIMIT:
                del _PRIMED[next(iter(_PRIMED))]
            _PRIMED[key] = matched
