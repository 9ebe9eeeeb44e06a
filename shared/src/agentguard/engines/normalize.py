"""One normalization stage in front of every detector.

`normalize(text)` folds the text into a matching view (NFKC, diacritics stripped,
homoglyphs folded, invisible characters removed, Unicode tag characters decoded to the
ASCII they hide) and keeps an offset map back to the original, so every finding can point
at the original text. Invisible-character smuggling is reported as findings.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

import numpy as np
import numpy.typing as npt

from agentguard.contracts import Category, Finding
from agentguard.engines._findings import make_finding
from agentguard.engines._rx import compile_rx, iter_spans, search_short
from agentguard.engines.confusables import CONFUSABLES, INVISIBLE, LEET

__all__ = ["LEET_BYTES", "Normalized", "fold_char", "normalize"]

_TAG_LO, _TAG_HI = 0xE0000, 0xE007F
_KEEP_CONTROLS = frozenset((9, 10, 13))
_CACHE_LIMIT = 65_536
_ASCII_MAX = 0x7F
_FOLD_RATIO = 8  # past one non-ASCII character in eight, translate the whole text
_MAX_RUNS_PER_TYPE = 8


def fold_char(cp: int) -> str:
    """The matching form of one code point ('' when it is dropped)."""
    if cp in INVISIBLE:
        if _TAG_LO + 0x20 <= cp <= _TAG_LO + 0x7E:
            return chr(cp - _TAG_LO)
        return ""
    char = chr(cp)
    category = unicodedata.category(char)
    if category == "Cc":
        return char if cp in _KEEP_CONTROLS else ""
    if category in ("Cf", "Co", "Cs", "Cn") and cp > 0x7F:
        return "" if category == "Cf" else char
    folded = unicodedata.normalize("NFKC", char)
    decomposed = unicodedata.normalize("NFD", folded)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(CONFUSABLES.get(c, c) for c in (stripped or folded))


class _FoldTable(dict[int, str]):
    """str.translate table filled on first sight of each code point (C-speed afterwards)."""

    def __missing__(self, cp: int) -> str:
        value = fold_char(cp)
        if len(self) < _CACHE_LIMIT:
            self[cp] = value
        return value


_TABLE = _FoldTable()


class _LengthTable(dict[int, str]):
    """Code point -> chr(length of its folded form), for the offset map (filled lazily)."""

    def __missing__(self, cp: int) -> str:
        value = chr(len(_TABLE[cp]))
        if len(self) < _CACHE_LIMIT:
            self[cp] = value
        return value


_LENGTHS = _LengthTable()
_ASCII_LENGTHS = np.array([ord(_LENGTHS[point]) for point in range(128)], dtype=np.uint32)
_ASCII_CONTROLS = {cp: None for cp in range(32) if cp not in _KEEP_CONTROLS} | {127: None}
# Byte-level twins for ASCII text: bytes.translate runs a 256-entry table in C, where
# str.translate looks every character up in a dict.
LEET_BYTES = bytes.maketrans(bytes(LEET), "".join(LEET.values()).encode("ascii"))
if max(LEET) > _ASCII_MAX:  # `Normalized.leet` translates UTF-8 bytes: ASCII keys only
    raise ValueError("leetspeak keys must be ASCII characters")
_CONTROL_BYTES = bytes(_ASCII_CONTROLS)

_INVISIBLE_CLASS = "".join(
    f"\\x{{{cp:x}}}" for cp in sorted(INVISIBLE) if not (_TAG_LO <= cp <= _TAG_HI)
)
_KINDS = (
    ("NULL_BYTE", Category.CONTROL, r"\x00+", 0.9),
    ("CONTROL_CHAR", Category.CONTROL, r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\x{80}-\x{9f}]+", 0.7),
    ("TAG_CHARS", Category.INVISIBLE, r"[\x{e0000}-\x{e007f}]+", 0.95),
    ("BIDI_CONTROL", Category.INVISIBLE, r"[\x{202a}-\x{202e}\x{2066}-\x{2069}]+", 0.75),
    ("ZERO_WIDTH", Category.INVISIBLE, f"[{_INVISIBLE_CLASS}]+", 0.6),
)
_KIND_RX = tuple((kind, cat, compile_rx(p), score) for kind, cat, p, score in _KINDS)
_ANY_HIDDEN = compile_rx(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x{80}-\x{9f}\x{e0000}-\x{e007f}" + _INVISIBLE_CLASS + "]"
)


_T = TypeVar("_T")


class _computed_once(Generic[_T]):  # noqa: N801  # used as a decorator, like cached_property
    """`functools.cached_property` without the per-class lock Python 3.11 takes on every
    first access (half a microsecond; the full battery reads `leet` once per scan). A race
    computes the same pure value twice; the instance dict keeps one."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self._compute = compute
        self._name = compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, instance: None, owner: type) -> "_computed_once[_T]": ...
    @overload
    def __get__(self, instance: object, owner: type) -> _T: ...
    def __get__(self, instance: object, owner: type) -> "_T | _computed_once[_T]":
        if instance is None:
            return self
        value = self._compute(instance)
        instance.__dict__[self._name] = value  # later reads skip this descriptor
        return value


@dataclass(frozen=True)
class Normalized:
    """The matching view of a text.

    Attributes:
        text: NFKC-folded text with diacritics stripped, homoglyphs mapped to ASCII, invisible
            and control characters removed, tag characters decoded to ASCII. Case is kept.
        original: the text as received.
        findings: invisible/control-character findings (spans index `original`).
        offsets: `offsets[i]` is the index in `original` of the character that produced
            `text[i]`; it has `len(text) + 1` entries, the last being `len(original)`.
            Computed on first access (identity when the text needed no folding).
    Use `span(start, end)` to map a span of `text` back to `original`, and `leet` for the
    leetspeak-folded, lower-cased view (same length and offsets as `text`).
    """

    text: str
    original: str
    findings: tuple[Finding, ...] = ()
    identity: bool = field(default=True, repr=False)

    @_computed_once
    def offsets(self) -> tuple[int, ...]:
        """Index into `original` for each character of `text` (plus the end sentinel)."""
        if self.identity:
            return (*range(len(self.text)), len(self.original))
        # each original character's folded length, then numpy repeats each index that
        # many times (no Python loop per character)
        out: list[int] = np.repeat(np.arange(len(self.original)), _lengths(self.original)).tolist()
        out.append(len(self.original))
        return tuple(out)

    @_computed_once
    def aligned(self) -> bool:
        """Did each character of `original` fold to exactly one (`—` to `-`, `é` to `e`)?
        Then `text[i]` came from `original[i]` and a span maps to itself: most folded
        texts, where building `offsets` (a thousand-entry tuple a KB) cost about 20 µs."""
        if self.identity:
            return True
        if len(self.text) != len(self.original):
            return False
        return bool((_lengths(self.original) == 1).all())

    @_computed_once
    def leet(self) -> str:
        """Lower-case, leetspeak-folded view ('1gn0r3' → 'ignore'), same offsets as text."""
        if self.text.isascii():
            data = self.text.encode("ascii").lower().translate(LEET_BYTES)
            return data.decode("ascii")
        # every leet character is ASCII, and in UTF-8 a byte below 0x80 is always a whole
        # ASCII character: one bytes.translate in C, where str.translate looks every
        # character up in a dict (about 75 µs a KB)
        data = self.text.lower().encode("utf-8", "surrogatepass").translate(LEET_BYTES)
        return data.decode("utf-8", "surrogatepass")

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of `text` to the span of `original` it came from."""
        start = min(max(start, 0), len(self.text))
        end = min(max(end, start), len(self.text))
        if self.identity or self.aligned:
            return start, end
        offsets = self.offsets
        if end == start:
            return offsets[start], offsets[start]
        return offsets[start], offsets[end - 1] + 1


def _hidden_findings(text: str) -> tuple[Finding, ...]:
    found: list[Finding] = []
    for kind, category, pattern, score in _KIND_RX:
        spans = list(iter_spans(pattern, text, limit=_MAX_RUNS_PER_TYPE))
        verb = "decoded to ASCII" if kind == "TAG_CHARS" else "removed"
        found.extend(
            make_finding(
                {
                    "detector": f"normalize.{kind.lower()}",
                    "category": category,
                    "type": kind,
                    "start": start,
                    "end": end,
                    # A lone zero-width joiner is how emoji sequences are built; runs are not.
                    "score": 0.35 if kind == "ZERO_WIDTH" and end - start == 1 else score,
                    "layer": "normalize",
                    "reason": f"{end - start} {kind.lower().replace('_', ' ')} character(s) {verb}",
                }
            )
            for start, end in spans
        )
    return tuple(found)


def normalize(text: str) -> Normalized:
    """Fold `text` for matching and report hidden characters (see `Normalized`)."""
    if text.isascii():
        if len(text.encode("ascii").translate(None, _CONTROL_BYTES)) == len(text):
            return Normalized(text=text, original=text)
        cleaned = text.translate(_ASCII_CONTROLS)
        return Normalized(
            text=cleaned, original=text, findings=_hidden_findings(text), identity=False
        )
    if search_short(_ANY_HIDDEN, text):
        folded, findings = text.translate(_TABLE), _hidden_findings(text)
    else:
        folded, findings = _fold_visible(text), ()
    return Normalized(text=folded, original=text, findings=findings, identity=folded == text)


def _lengths(text: str) -> "npt.NDArray[np.uint32]":
    """The length of each character's folded form (`len(_TABLE[ord(c)])` per character).

    ASCII characters read a 128-entry table in numpy and only the others are looked up:
    `str.translate` over a non-ASCII text looks every character up in a dict (about 60 µs
    a KB)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    others = np.flatnonzero(codes > _ASCII_MAX)
    if others.size * _FOLD_RATIO > len(text):  # mostly non-ASCII: one translate is cheaper
        lengths = text.translate(_LENGTHS).encode("utf-32-le")
        return np.frombuffer(lengths, dtype=np.uint32)
    counts = _ASCII_LENGTHS[np.minimum(codes, _ASCII_MAX)]
    counts[others] = [ord(_LENGTHS[point]) for point in codes[others].tolist()]
    return counts


def _fold_visible(text: str) -> str:
    """`text.translate(_TABLE)` for text with no control or invisible character, where
    every ASCII character folds to itself: only the others are looked up. str.translate
    looks up every character of a non-ASCII text (about 40 µs a KB); prose with a few
    typographic quotes or accents has a handful to fold."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    others = np.flatnonzero(codes > _ASCII_MAX)
    if others.size * _FOLD_RATIO > len(text):  # mostly non-ASCII: one translate is cheaper
        return text.translate(_TABLE)
    parts: list[str] = []
    table, previous = _TABLE, 0
    for at, point in zip(others.tolist(), codes[others].tolist(), strict=True):
        parts.append(text[previous:at])
        parts.append(table[point])
        previous = at + 1
    parts.append(text[previous:])
    return "".join(parts)
