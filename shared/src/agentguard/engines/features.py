"""Hashed character n-gram features, shared by inference and `bench/train.py`.

The text is lower-cased and padded with spaces; every character n-gram (n = 3..5) is
hashed (multiply-shift on 64-bit code-point polynomials, all in numpy) into `2**BITS`
buckets. A document's feature vector is its bucket counts divided by the square root of its
n-gram count, so a linear model's score is
`weights[buckets].sum() / sqrt(len(buckets)) + bias`: microseconds, no Python loop per
character.
"""

import numpy as np
import numpy.typing as npt

__all__ = ["BITS", "NGRAMS", "NULL_BUCKET", "bucket_grid", "bucket_ids", "prepare"]

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
# The slot after the last real bucket: `bucket_grid` puts it where a row has no n-gram, and
# a weight table extended by one neutral entry there sums exactly as over `bucket_ids`.
NULL_BUCKET = 1 << BITS


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


def bucket_grid(text: str) -> npt.NDArray[np.int64] | None:
    """The buckets of `bucket_ids(text)` as one flat 3-row grid, for order-free sums.

    Row r holds the n = 3 + r buckets, each row as long as the n = 3 row; the slots past a
    row's last n-gram (one in the n = 4 row, two in the n = 5 row) hold `NULL_BUCKET`, so
    the grid's length is known before hashing and a gather needs no per-n bookkeeping.
    None when `prepare(text)` has fewer than 5 characters (no n = 5 row to lay out)."""
    codes = _codes(prepare(text))
    size = codes.size
    if size < 5:
        return None
    n3 = size - 2
    out = np.empty(3 * n3, dtype=np.uint64)
    acc3 = out[:n3]
    np.multiply(codes[:n3], _BASE, out=acc3)
    acc3 += codes[1 : n3 + 1]
    acc3 *= _BASE
    acc3 += codes[2:]
    acc4 = out[n3 : 2 * n3 - 1]
    np.multiply(acc3[: n3 - 1], _BASE, out=acc4)
    acc4 += codes[3:]
    acc5 = out[2 * n3 : 3 * n3 - 2]
    np.multiply(acc4[: n3 - 2], _BASE, out=acc5)
    acc5 += codes[4:]
    # one scalar multiply per row: a (3, 1) broadcast over the 2-D grid is slower
    acc5 *= _MULTS[2]
    acc4 *= _MULTS[1]
    acc3 *= _MULTS[0]
    out >>= _SHIFT  # the unwritten tail slots are replaced below
    flat = out.view(np.int64)
    flat[2 * n3 - 1] = flat[3 * n3 - 2] = flat[3 * n3 - 1] = NULL_BUCKET
    return flat
