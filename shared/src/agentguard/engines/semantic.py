"""Static token vectors: a text's meaning as the mean of its words' vectors.

Character n-grams know "ignore the above" and not that "disregard what came before" says
the same. Each WordPiece token of a sentence encoder's vocabulary (all-MiniLM-L6-v2's
29,523, special tokens left out) was run through the encoder alone and its output
projected on 128 principal components (`bench/distill_tokens.py`, a one-off with torch;
the table ships in `data/`, int8 with a scale per row). A text's vector is the
L2-normalised mean of the vectors of its words that are whole tokens of that vocabulary,
blended with training's mean vector by the share of its words that are not
(`blended`); the direct heads of the classifier add a linear term over it
(`classifier.Head.semantic`).

Words are split about as BERT's uncased tokenizer splits them (lower case, accents
stripped, runs of letters and digits, single marks, "_" a mark), but a word the
vocabulary holds only in pieces is left out: out of fold that did as well as cutting it
into pieces (jailbreak head 0.919 against 0.908 at 0.4% of benign rows), and the greedy
longest-match cut cost up to a millisecond on a long random token. The split, the
look-up (48 bits of a 64-bit hash per word: 16 place it, 32 check it) and the sum run in
compiled passes, linear in the text; the regex and dictionary version
(`reference_vector`) is their specification and their test. The classifier calls
`meaning_terms`: the passes and every head's blend in one compiled call, the dot
products in numpy, so that each term is the value `blended(...) @ weights` gives.
"""

import re
import sys
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt
from numba import types

from agentguard.engines.features import _compiled

__all__ = [
    "TABLE",
    "Directions",
    "Found",
    "TokenVectors",
    "blended",
    "directions",
    "load_vectors",
    "meaning_terms",
    "reference_vector",
    "text_vector",
    "words",
]

TABLE = "token_vectors.npz"
# a word (word characters but "_"), or one mark: "_" or neither a word character nor
# space, as BERT splits them; one pass, no overlap. "_" is a mark so that
# words_joined_like_this keep their words (glued, they hid an attack's meaning)
_WORD = re.compile(r"[^\W_]+|[^\w\s]|_")
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_FNV_OFFSET = 0xCBF29CE484222325
_FNV_PRIME = 0x100000001B3
_MASK64 = (1 << 64) - 1
# character kinds for the compiled pass, as `_WORD` sees them (0: a mark, its own word)
_MARK, _WORD_CHAR, _SPACE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class TokenVectors:
    """The vocabulary (its tokens, one per line, in row order), its int8 rows with a
    scale each, and the same vocabulary as an open-addressing table of 64-bit word hashes
    for the compiled pass (int8 rows: a third of the float32 rows' time, which waited on
    memory)."""

    vocabulary: str
    quantized: npt.NDArray[np.int8]
    scale: npt.NDArray[np.float32]
    # per slot: the top 32 bits of the FNV-1a hash of a token's code points, and its
    # row + 1 in the low 32 (0: an empty slot); one load finds both
    slots: npt.NDArray[np.uint64]

    @property
    def index(self) -> Mapping[str, int]:
        """Token -> row, built on first use: only `reference_vector` and the tests read it
        (the scan reads `slots`), and as a dictionary of strings it takes about 4 MB."""
        return _index(self.vocabulary)


@cache
def _index(vocabulary: str) -> Mapping[str, int]:
    return {token: row for row, token in enumerate(vocabulary.split("\n"))}


def _fnv(token: str) -> int:
    h = _FNV_OFFSET
    for char in token:
        h = ((h ^ ord(char)) * _FNV_PRIME) & _MASK64
    return h


def _from(
    tokens: list[str], rows: npt.NDArray[np.int8], scale: npt.NDArray[np.float32]
) -> TokenVectors:
    size = 1 << (2 * len(tokens) - 1).bit_length()  # at most half full
    slots = np.zeros(size, dtype=np.uint64)
    for row, token in enumerate(tokens):
        key = _fnv(token)
        at = key & (size - 1)
        while slots[at] != 0:
            at = (at + 1) & (size - 1)
        slots[at] = ((key >> 32) << 32) | (row + 1)
    return TokenVectors("\n".join(tokens), rows, scale.astype(np.float32), slots)


@cache
def load_vectors() -> TokenVectors | None:
    """The shipped table from package data (no network); None when absent."""
    source = resources.files("agentguard.engines").joinpath("data", TABLE)
    if not source.is_file():
        return None
    with source.open("rb") as handle, np.load(handle) as data:
        tokens = str(data["tokens"]).split("\n")
        return _from(tokens, data["rows"], data["scale"])


@cache
def _kinds() -> npt.NDArray[np.uint8]:
    """Every code point's kind, as `_WORD` reads it: a word character is `str.isalnum()`
    (`\\w` but "_"), a space `str.isspace()`, anything else a mark."""
    kinds = np.zeros(sys.maxunicode + 1, dtype=np.uint8)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isalnum():
            kinds[code] = _WORD_CHAR
        elif char.isspace():
            kinds[code] = _SPACE
    return kinds


def _folded(text: str) -> str:
    text = text.lower()
    if text.isascii():
        return text
    # BERT's uncased tokenizer strips accents: decompose, drop the combining marks (the
    # blocks of combining diacritics; a per-character category test cost 7 times more).
    # Each step only when it changes something: a dash or a curly quote makes a text
    # non-ASCII, and decomposing it anyway cost 15 µs a KB.
    if not unicodedata.is_normalized("NFD", text):
        text = unicodedata.normalize("NFD", text)
    return _MARKS.sub("", text) if _MARKS.search(text) else text


def words(text: str) -> list[str]:
    """The text's words and marks, split about as BERT's uncased tokenizer splits them
    (it also cuts CJK characters apart and drops control characters)."""
    return _WORD.findall(_folded(text))


# a text's meaning: the unit vector of the words the vocabulary holds (None: none), and
# the share of the text's words it holds (0.0 for a text without words)
Found = tuple[npt.NDArray[np.float32] | None, float]


def _unit(total: npt.NDArray[np.float32], found: int, words: int) -> Found:
    norm = float(np.linalg.norm(total)) if found else 0.0
    coverage = found / words if words else 0.0
    if norm == 0.0:
        return None, coverage
    unit: npt.NDArray[np.float32] = (total / np.float32(norm)).astype(np.float32)
    return unit, coverage


def reference_vector(text: str, table: TokenVectors) -> Found:
    """`text_vector` the plain way (regex and dictionary): what the compiled passes must
    give, and their specification."""
    index = table.index
    split = words(text)
    ids = [row for word in split if (row := index.get(word, -1)) >= 0]
    total = np.zeros(table.quantized.shape[1], dtype=np.float32)
    for row in ids:
        total += table.quantized[row].astype(np.float32) * table.scale[row]
    return _unit(total, len(ids), len(split))


def blended(found: Found, fallback: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The meaning a head weighs: the text's vector as far as its words are known, the
    rest `fallback` (training's mean vector). A text whose words the vocabulary does not
    hold (glued, CamelCase, unknown scripts) then weighs as an average text, not as a
    zero vector the bias never saw: when a head's bias leans on the term, a zero would
    push every such text towards "allow"."""
    vector, coverage = found
    if vector is None or coverage <= 0.0:
        return fallback
    mixed: npt.NDArray[np.float32] = (coverage * vector + (1.0 - coverage) * fallback).astype(
        np.float32
    )
    return mixed


# numba freezes these module globals into the compiled code as constants
_OFFSET = np.uint64(_FNV_OFFSET)
_PRIME = np.uint64(_FNV_PRIME)
_UPPER_A, _LETTERS, _CASE_BIT = np.uint64(ord("A")), np.uint64(26), np.uint64(0x20)
_NONE = np.uint64(0)


def _word_hashes(
    codes: npt.NDArray[np.uint8] | npt.NDArray[np.uint32], kinds: npt.NDArray[np.uint8]
) -> npt.NDArray[np.uint64]:
    """The FNV-1a hash of every word, in text order: a word is a run of word characters,
    any other character but space a word of its own (`_WORD`). A-Z are lowered here, for
    ASCII text, which skips `_folded` (no code point's lower case decomposes to A-Z, so
    `_folded`'s output holds none).

    No branch on a word's end: each step stores the word that may end there and the mark
    the character may be, and the count moves past those that are (words of every length
    defeat a branch predictor: a loop per word took twice as long). Compiled below."""
    hashes = np.empty(codes.size + 1, dtype=np.uint64)
    count = _NONE  # unsigned: an index without numba's negative-index fix-up
    running = _OFFSET
    inside = False
    for code in codes:
        point = np.uint64(code)
        kind = kinds[point]
        if point - _UPPER_A < _LETTERS:  # wraps below "A"
            point |= _CASE_BIT
        word = kind == _WORD_CHAR
        hashes[count] = running
        count += np.uint64(inside and not word)
        mark = (_OFFSET ^ point) * _PRIME  # also the first step of a word
        hashes[count] = mark
        count += np.uint64(kind == _MARK)
        running = (running ^ point) * _PRIME if inside else mark
        inside = word
    hashes[count] = running
    count += np.uint64(inside)
    return hashes[:count]


def _rows(hashes: npt.NDArray[np.uint64], slots: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """The rows of the words the vocabulary holds, in text order. A pass of its own:
    in the scan the tables are cold, and loads that do not wait on each other (one slot
    per word here, one row per word in `_unit_sum`) can overlap. Compiled below."""
    mask = np.uint64(slots.size - 1)
    rows = np.empty(hashes.size, dtype=np.int64)
    found = 0
    for h in hashes:
        check = h >> np.uint64(32)
        at = h & mask
        while slots[at] != 0 and (slots[at] >> np.uint64(32)) != check:
            at = (at + np.uint64(1)) & mask
        if slots[at] != 0:
            rows[found] = np.int64(slots[at] & np.uint64(0xFFFFFFFF)) - 1
            found += 1
    return rows[:found]


def _unit_sum(
    rows: npt.NDArray[np.int64], quantized: npt.NDArray[np.int8], scale: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """The unit vector along the sum of these rows (all zeros if they sum to zero),
    added in text order as `reference_vector` adds them. Four rows a step load and
    store the total once: the same float32 additions in the same order, 15% less time.
    Compiled below."""
    width = quantized.shape[1]
    total = np.zeros(width, dtype=np.float32)
    steps = rows.size - rows.size % 4
    for i in range(0, steps, 4):
        a, b, c, d = rows[i], rows[i + 1], rows[i + 2], rows[i + 3]
        fa, fb, fc, fd = scale[a], scale[b], scale[c], scale[d]
        for k in range(width):
            part = total[k] + np.float32(quantized[a, k]) * fa
            part += np.float32(quantized[b, k]) * fb
            part += np.float32(quantized[c, k]) * fc
            total[k] = part + np.float32(quantized[d, k]) * fd
    for row in rows[steps:]:
        factor = scale[row]
        for k in range(width):
            total[k] += np.float32(quantized[row, k]) * factor
    norm = 0.0
    for k in range(width):
        norm += float(total[k]) * float(total[k])
    if norm > 0.0:
        root = np.float32(np.sqrt(norm))
        for k in range(width):
            total[k] /= root
    return total


def _blends(
    unit: npt.NDArray[np.float32], found: int, words: int, fallbacks: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """`blended` with each fallback (a row of `fallbacks`), in the same float32
    operations as numpy's. Compiled below."""
    held = False
    for value in unit:
        held = held or value != 0
    share = found / words if words else 0.0
    known, rest = np.float32(share), np.float32(1.0 - share)
    out = fallbacks.copy()
    if held and found > 0:
        for head in range(out.shape[0]):
            for k in range(out.shape[1]):
                out[head, k] = known * unit[k] + rest * fallbacks[head, k]
    return out


_CODES = (
    types.Array(types.uint8, 1, "C", readonly=True),
    types.Array(types.uint32, 1, "C", readonly=True),
)
_KINDS = types.Array(types.uint8, 1, "C")
_U64 = types.Array(types.uint64, 1, "C")
_ROWS = types.Array(types.int8, 2, "C")
_F32 = types.Array(types.float32, 1, "C")
_F32_2D = types.Array(types.float32, 2, "C")
_compiled_word_hashes: Callable[
    [npt.NDArray[np.uint8] | npt.NDArray[np.uint32], npt.NDArray[np.uint8]],
    npt.NDArray[np.uint64],
] = _compiled(_word_hashes, [_U64(codes, _KINDS) for codes in _CODES])
_compiled_rows: Callable[
    [npt.NDArray[np.uint64], npt.NDArray[np.uint64]], npt.NDArray[np.int64]
] = _compiled(_rows, types.Array(types.int64, 1, "A")(types.Array(types.uint64, 1, "A"), _U64))
_compiled_unit_sum: Callable[
    [npt.NDArray[np.int64], npt.NDArray[np.int8], npt.NDArray[np.float32]],
    npt.NDArray[np.float32],
] = _compiled(_unit_sum, _F32(types.Array(types.int64, 1, "A"), _ROWS, _F32))
_compiled_blends: Callable[
    [npt.NDArray[np.float32], int, int, npt.NDArray[np.float32]], npt.NDArray[np.float32]
] = _compiled(_blends, _F32_2D(_F32, types.int64, types.int64, _F32_2D))


def _vector(
    codes: npt.NDArray[np.uint8] | npt.NDArray[np.uint32],
    kinds: npt.NDArray[np.uint8],
    slots: npt.NDArray[np.uint64],
    quantized: npt.NDArray[np.int8],
    scale: npt.NDArray[np.float32],
) -> tuple[npt.NDArray[np.float32], int, int]:
    """`_unit_sum` over the words of `codes` the vocabulary holds, how many it holds and
    how many words there were."""
    hashes = _compiled_word_hashes(codes, kinds)
    rows = _compiled_rows(hashes, slots)
    return _compiled_unit_sum(rows, quantized, scale), rows.size, hashes.size


_compiled_vector: Callable[
    [
        npt.NDArray[np.uint8] | npt.NDArray[np.uint32],
        npt.NDArray[np.uint8],
        npt.NDArray[np.uint64],
        npt.NDArray[np.int8],
        npt.NDArray[np.float32],
    ],
    tuple[npt.NDArray[np.float32], int, int],
] = _compiled(
    _vector,
    [
        types.Tuple((_F32, types.int64, types.int64))(  # type: ignore[no-untyped-call]
            codes, _KINDS, _U64, _ROWS, _F32
        )
        for codes in _CODES
    ],
)


def _meanings(  # noqa: PLR0917 - a compiled function takes its arrays by position
    codes: npt.NDArray[np.uint8] | npt.NDArray[np.uint32],
    kinds: npt.NDArray[np.uint8],
    slots: npt.NDArray[np.uint64],
    quantized: npt.NDArray[np.int8],
    scale: npt.NDArray[np.float32],
    fallbacks: npt.NDArray[np.float32],
) -> npt.NDArray[np.float32]:
    """The text's meaning blended with each fallback (`_blends`), in one call from
    Python. Two calls, then numpy's blend and dot product per head, spent more in call
    overhead and temporaries than in the passes: the classifier's term took 26 µs a KB
    that way, 13 with this call and one `np.vecdot`."""
    unit, found, words = _compiled_vector(codes, kinds, slots, quantized, scale)
    return _compiled_blends(unit, found, words, fallbacks)


_compiled_meanings: Callable[
    [
        npt.NDArray[np.uint8] | npt.NDArray[np.uint32],
        npt.NDArray[np.uint8],
        npt.NDArray[np.uint64],
        npt.NDArray[np.int8],
        npt.NDArray[np.float32],
        npt.NDArray[np.float32],
    ],
    npt.NDArray[np.float32],
] = _compiled(_meanings, [_F32_2D(codes, _KINDS, _U64, _ROWS, _F32, _F32_2D) for codes in _CODES])


def _codes(text: str) -> npt.NDArray[np.uint8] | npt.NDArray[np.uint32]:
    """The code points `_word_hashes` reads: ASCII text as it is, a byte each (a cheaper
    encode, and no `_folded`), other text folded."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    # surrogatepass: a lone surrogate is a mark here, as in `_WORD`, not an error
    return np.frombuffer(_folded(text).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def text_vector(text: str, table: TokenVectors) -> Found:
    """The L2-normalised mean of the vectors of the text's words that the vocabulary
    holds whole (None when it holds none), and the share of its words it holds."""
    unit, found, words = _compiled_vector(
        _codes(text), _kinds(), table.slots, table.quantized, table.scale
    )
    coverage = found / words if words else 0.0
    return (unit if found and unit.any() else None), coverage


@dataclass(frozen=True, slots=True)
class Directions:
    """Heads' weights on a text's meaning and their fallbacks (`blended`), a row each,
    as `meaning_terms` reads them: float32, C order, (heads, width) both."""

    weights: npt.NDArray[np.float32]
    fallbacks: npt.NDArray[np.float32]


def directions(
    heads: Sequence[tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]],
) -> Directions:
    """`Directions` from each head's (weights, fallback)."""
    weights = np.ascontiguousarray([w for w, _f in heads], dtype=np.float32)
    fallbacks = np.ascontiguousarray([f for _w, f in heads], dtype=np.float32)
    if weights.ndim != 2 or weights.shape != fallbacks.shape:
        raise ValueError("each head needs weights and a fallback of one width")
    return Directions(weights, fallbacks)


def meaning_terms(text: str, table: TokenVectors, heads: Directions) -> list[float]:
    """Per head: `float(blended(text_vector(text, table), fallback) @ weights)`, equal to
    it, with one compiled call for the blends.

    The dot products stay in numpy (`np.vecdot`: BLAS's sdot per row, as `@` on two
    vectors): added in float64 in the compiled pass, they moved logits by up to 3e-6,
    the float32 rounding of BLAS's order of additions."""
    if heads.fallbacks.shape[1] != table.quantized.shape[1]:
        raise ValueError(f"directions need width {table.quantized.shape[1]}")
    meanings = _compiled_meanings(
        _codes(text), _kinds(), table.slots, table.quantized, table.scale, heads.fallbacks
    )
    return np.vecdot(meanings, heads.weights).tolist()  # type: ignore[no-any-return]
