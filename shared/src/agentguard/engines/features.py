"""Hashed character n-gram features, shared by inference and `bench/train.py`.

The text is lower-cased and padded with spaces; every character n-gram (n = 3..5) is
hashed (multiply-shift on 64-bit code-point polynomials) into `2**BITS` buckets. A
document's feature vector is its bucket counts divided by the square root of its n-gram
count, so a linear model's score is `weights[buckets].sum() / sqrt(len(buckets)) + bias`.

`bucket_ids` computes the buckets in numpy (training, and the classifier's fallback);
`bucket_total` and `best_windows` read a weight table over the same buckets in one compiled
pass (numba) each: a dozen numpy calls on a 1 KB text cost about 13 µs of call overhead
and temporaries, the loop about 4.
"""

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from numba import njit, types

__all__ = [
    "BITS",
    "NGRAMS",
    "best_windows",
    "bucket_ids",
    "bucket_total",
    "ngram_count",
    "prepare",
]

BITS = 18
NGRAMS = (3, 4, 5)  # bucket_ids is written out for these three
# Odd 64-bit multipliers; numpy wraps uint64 arithmetic silently on arrays. The constants
# are 0-d uint64 arrays, not scalars: the same arithmetic, but an in-place ufunc call then
# skips converting a scalar operand (about 0.2 µs per call, a dozen calls per text).
_MULTS = tuple(
    np.array(m, dtype=np.uint64)
    for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9)
)
_BASE = np.array(1_000_003, dtype=np.uint64)
_SHIFT = np.array(64 - BITS, dtype=np.uint64)


def prepare(text: str) -> str:
    """Lower-case and pad (the classifier's view of a normalized text)."""
    return " " + text.lower() + " "


def _codes(prepared: str) -> npt.NDArray[np.uint64]:
    if prepared.isascii():  # one byte per code point: the same codes, a cheaper encode
        return np.frombuffer(prepared.encode("ascii"), dtype=np.uint8).astype(np.uint64)
    return np.frombuffer(prepared.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def bucket_ids(text: str) -> npt.NDArray[np.int64]:
    """Bucket index of every n-gram of `prepare(text)`, grouped by n (n = 3, then 4, 5).

    The top BITS bits of a 64-bit multiply-shift hash; shifted values are below 2**BITS,
    so the uint64 result is reinterpreted as int64 without a copy."""
    codes = _codes(prepare(text))
    size = codes.size
    if size < 3:
        return np.zeros(0, dtype=np.int64)
    # Written out for NGRAMS == (3, 4, 5): the polynomials go in place into one output
    # array (n = 4 and 5 extend the previous n by one character), then multiply-shift. The
    # same uint64 values as one array per n and a concatenate, with fewer numpy calls.
    n3, n4, n5 = size - 2, max(size - 3, 0), max(size - 4, 0)
    out = np.empty(n3 + n4 + n5, dtype=np.uint64)
    acc3 = out[:n3]
    np.multiply(codes[:n3], _BASE, out=acc3)
    acc3 += codes[1 : n3 + 1]
    acc3 *= _BASE
    acc3 += codes[2:]
    if n4:
        acc4 = out[n3 : n3 + n4]
        np.multiply(acc3[:n4], _BASE, out=acc4)
        acc4 += codes[3:]
        if n5:
            acc5 = out[n3 + n4 :]
            np.multiply(acc4[:n5], _BASE, out=acc5)
            acc5 += codes[4:]
            acc5 *= _MULTS[2]
        acc4 *= _MULTS[1]
    acc3 *= _MULTS[0]
    out >>= _SHIFT
    return out.view(np.int64)


def ngram_count(size: int) -> int:
    """How many n-grams (n = 3, 4, 5) a prepared text of `size` characters has."""
    return max(size - 2, 0) + max(size - 3, 0) + max(size - 4, 0)


# numba freezes these module globals into the compiled code as constants
_B = np.uint64(int(_BASE))
_M3, _M4, _M5 = (np.uint64(int(m)) for m in _MULTS)
_S = np.uint64(int(_SHIFT))
# x + (-0.0) == x for every float, the sign of zero included: a sum that starts here is
# the sum of its terms alone, as numpy's reduction (no identity element) gives it
_NEG_ZERO = complex(-0.0, -0.0)


def _total(codes: npt.NDArray[np.uint32], table: npt.NDArray[np.complex64]) -> complex:
    """`table` summed over the buckets `bucket_ids` gives for these code points.

    The same polynomials, multipliers and shift; each n = 4, 5 polynomial extends the one
    before it at the same start. Compiled below."""
    size = codes.size
    total = _NEG_ZERO
    for i in range(size - 2):
        acc = np.uint64(codes[i]) * _B + np.uint64(codes[i + 1])
        acc = acc * _B + np.uint64(codes[i + 2])
        total += table[(acc * _M3) >> _S]
        if i + 3 < size:
            acc = acc * _B + np.uint64(codes[i + 3])
            total += table[(acc * _M4) >> _S]
            if i + 4 < size:
                acc = acc * _B + np.uint64(codes[i + 4])
                total += table[(acc * _M5) >> _S]
    return total


# `_windows` hashes each position as `_total` does, written out again on purpose: a shared
# compiled helper (even with inline="always") measured 7 times slower at 1 KB, and
# `_total` as `_windows` over one text-long window twice as slow.
def _windows(
    codes: npt.NDArray[np.uint32], table: npt.NDArray[np.complex64], window: int
) -> tuple[float, int, float, int]:
    """The best `window`-position sums of `table`'s real and imaginary parts, and where
    each starts (the first, on ties): a sum per position of the n-grams starting there,
    run through a ring of the last `window` positions. Needs `codes.size > window`."""
    size = codes.size
    ring = np.empty(window, dtype=np.complex128)
    running = 0j
    best_real = best_imag = 0.0
    at_real = at_imag = 0
    for i in range(size):
        here = 0j
        if i + 2 < size:
            acc = np.uint64(codes[i]) * _B + np.uint64(codes[i + 1])
            acc = acc * _B + np.uint64(codes[i + 2])
            here += table[(acc * _M3) >> _S]
            if i + 3 < size:
                acc = acc * _B + np.uint64(codes[i + 3])
                here += table[(acc * _M4) >> _S]
                if i + 4 < size:
                    acc = acc * _B + np.uint64(codes[i + 4])
                    here += table[(acc * _M5) >> _S]
        slot = i % window
        if i >= window:
            running = running + here - ring[slot]
        else:
            running += here
        ring[slot] = here
        start = i - window + 1
        if start == 0 or (start > 0 and running.real > best_real):
            best_real, at_real = running.real, start
        if start == 0 or (start > 0 and running.imag > best_imag):
            best_imag, at_imag = running.imag, start
    return best_real, at_real, best_imag, at_imag


def _compiled(function: Callable[..., object], signature: object) -> Any:
    """`function` compiled for `signature` now, so a worker's first message never waits
    for the compiler. Cached on disk where numba finds a writable place (beside this file,
    or `NUMBA_CACHE_DIR`); with none (a read-only image, no home), compiled at each start."""
    try:
        return njit(signature, cache=True, nogil=True)(function)
    except RuntimeError:  # "cannot cache function …: no locator available"
        return njit(signature, nogil=True)(function)


# The code points come from `np.frombuffer` over bytes: a read-only array.
_CODES = types.Array(types.uint32, 1, "C", readonly=True)
_TABLE = types.Array(types.complex64, 1, "C")
_compiled_total: Callable[[npt.NDArray[np.uint32], npt.NDArray[np.complex64]], complex] = _compiled(
    _total, types.complex128(_CODES, _TABLE)
)
_WINDOWS_RESULT = types.Tuple((types.float64, types.int64, types.float64, types.int64))  # type: ignore[no-untyped-call]
_compiled_windows: Callable[
    [npt.NDArray[np.uint32], npt.NDArray[np.complex64], int], tuple[float, int, float, int]
] = _compiled(_windows, _WINDOWS_RESULT(_CODES, _TABLE, types.int64))


def _checked_codes(text: str, table: npt.NDArray[np.complex64]) -> npt.NDArray[np.uint32]:
    if table.ndim != 1 or table.size < 1 << BITS or table.dtype != np.complex64:
        raise ValueError(f"a bucket table needs {1 << BITS} complex64 slots")
    return np.frombuffer(prepare(text).encode("utf-32-le"), dtype=np.uint32)


def best_windows(
    text: str, table: npt.NDArray[np.complex64], window: int
) -> tuple[float, int, float, int] | None:
    """Over `prepare(text)`: the best sum of `table` over the n-grams that start in a
    `window`-character span, for the real and the imaginary part, each with its first
    start. None when the prepared text is no longer than `window` (one span: use
    `bucket_total`). Sums are in text order: exact when every partial sum is (see
    `bucket_total`)."""
    codes = _checked_codes(text, table)
    if window < 1 or codes.size <= window:
        return None
    return _compiled_windows(codes, table, window)


def bucket_total(text: str, table: npt.NDArray[np.complex64]) -> tuple[complex, int]:
    """`table[bucket_ids(text)].sum()` in one compiled pass, and the n-gram count.

    Additions run in text order, not numpy's pairwise order: equal sums only when every
    partial sum is exact (the classifier checks its bound first). `table` must cover every
    bucket: the compiled loop does not check indexes."""
    codes = _checked_codes(text, table)
    return _compiled_total(codes, table), ngram_count(codes.size)
