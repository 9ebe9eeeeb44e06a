"""Matching views of a text with offsets back to the original.

Every matcher here works on a folded view (Unicode-normalized, case-folded, invisible
characters removed, homoglyphs mapped) and reports spans of the original. The shared
engines' `normalize` is used when the installed engines export it; until then a local
NFKC + casefold + small homoglyph fold stands in, behind the same `Normalizer` signature.
"""

import importlib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, overload

import re2

__all__ = [
    "Normalizer",
    "TextViews",
    "View",
    "casefold_view",
    "default_normalizer",
    "fallback_normalize",
    "fold",
    "skeleton",
]

# (folded text, offsets): offsets[i] is the index in the original of folded[i]; one extra
# entry at the end equals len(original).
Normalizer = Callable[[str], tuple[str, Sequence[int]]]

# Latin look-alikes from Cyrillic and Greek; enough for the fallback until the engines'
# confusables table is exported.
_HOMOGLYPHS = str.maketrans(
    "аеорсухіјѕԁԛԝАВЕКМНОРСТХІЈЅαβεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdqwABEKMHOPCTXIJSabeiknoptuxABEZHIKMNOPTYX",
)


def _fold_char(char: str) -> str:
    if unicodedata.category(char) in ("Cf", "Cc") and char not in "\t\n\r":
        return ""
    return unicodedata.normalize("NFKC", char).translate(_HOMOGLYPHS)


def fallback_normalize(text: str) -> tuple[str, Sequence[int]]:
    """NFKC per character, format/control characters dropped, homoglyphs folded."""
    if text.isascii() and text.isprintable():
        return text, range(len(text) + 1)
    parts: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        parts.append(folded)
        offsets.extend([index] * len(folded))
    offsets.append(len(text))
    return "".join(parts), offsets


class LazyOffsets(Sequence[int]):
    """Offsets computed on first use: most scans find nothing and never map a span back."""

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], Sequence[int]]) -> None:
        self._make = make
        self._value: Sequence[int] | None = None

    def _get(self) -> Sequence[int]:
        if self._value is None:
            self._value = self._make()
        return self._value

    def __len__(self) -> int:
        return len(self._get())

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...
    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        return self._get()[index]


def _engines_normalizer() -> Normalizer | None:
    engines = importlib.import_module("agentguard.engines")
    normalize: Callable[[str], Any] | None = getattr(engines, "normalize", None)
    if normalize is None:
        return None
    engine_normalize = normalize

    def run(text: str) -> tuple[str, Sequence[int]]:
        result = engine_normalize(text)
        folded: str = result.text
        if folded == text:
            return folded, range(len(text) + 1)
        return folded, LazyOffsets(lambda: tuple(result.offsets))

    return run


def default_normalizer() -> Normalizer:
    """The engines' normalizer when exported, else the local fallback."""
    return _engines_normalizer() or fallback_normalize


@dataclass(frozen=True, slots=True)
class View:
    """A folded text and, for each of its characters, the original index (plus the end)."""

    text: str
    offsets: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of view[start:end]."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def casefold_view(view: View) -> View:
    """The same view, case-folded (offsets follow characters that expand, like 'ß')."""
    if view.text.isascii():
        return View(view.text.lower(), view.offsets)
    lowered = view.text.casefold()
    if len(lowered) == len(view.text):
        return View(lowered, view.offsets)

    def offsets() -> Sequence[int]:
        out: list[int] = []
        for i, char in enumerate(view.text):
            out.extend([view.offsets[i]] * len(char.casefold()))
        out.append(view.offsets[len(view.text)])
        return out

    return View(lowered, LazyOffsets(offsets))


def fold(text: str, normalizer: Normalizer) -> View:
    """Normalized and case-folded view of text."""
    return casefold_view(View(*normalizer(text)))


# RE2 on model output; the class mirrors Python's [\W_] with Unicode letters and digits.
_NON_ALNUM = re2.compile(r"[^\pL\pN\pM]+")


def skeleton(view: View) -> View:
    """Letters and digits only: what survives spacing, punctuation and zero-width tricks."""
    text = view.text
    stripped = _NON_ALNUM.sub("", text)
    if len(stripped) == len(text):
        return view

    def offsets() -> Sequence[int]:
        out: list[int] = []
        cursor = 0
        for m in _NON_ALNUM.finditer(text):
            out.extend(view.offsets[cursor : m.start()])
            cursor = m.end()
        out.extend(view.offsets[cursor : len(text)])
        out.append(view.offsets[len(text)])
        return out

    return View(stripped, LazyOffsets(offsets))


class TextViews:
    """The views of one text, each computed once and shared by every matcher."""

    def __init__(self, text: str, normalizer: Normalizer) -> None:
        self.original = text
        self.normalizer = normalizer

    @cached_property
    def cased(self) -> View:
        """Normalized, case kept (for case-sensitive things: encodings, credentials)."""
        return View(*self.normalizer(self.original))

    @cached_property
    def folded(self) -> View:
        """Normalized and case-folded."""
        return casefold_view(self.cased)

    @cached_property
    def skeleton(self) -> View:
        """Folded, letters and digits only."""
        return skeleton(self.folded)
