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

__all__ = ["BITS", "NGRAMS", "bucket_ids", "prepare"]

BITS = 18
NGRAMS = (3, 4, 5)
# Odd 64-bit multipliers; numpy wraps uint64 arithmetic silently on arrays.
_MULTS = tuple(np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9))
_BASE = np.uint64(1_000_003)
_SHIFT = np.uint64(64 - BITS)


def prepare(text: str) -> str:
    """Lower-case and pad (the classifier's view of a normalized text)."""
    return " " + text.lower() + " "


def bucket_ids(text: str) -> npt.NDArray[np.int64]:
    """Bucket index of every n-gram of `prepare(text)`, grouped by n (n = 3, then 4, 5).

    The top BITS bits of a 64-bit multiply-shift hash; shifted values are below 2**BITS,
    so the uint64 result is reinterpreted as int64 without a copy."""
    codes = np.frombuffer(prepare(text).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    low = NGRAMS[0]
    size = codes.size
    if size < low:
        return np.zeros(0, dtype=np.int64)
    # Polynomial of the first `low` characters, then extend one character per larger n.
    acc = codes[: size - low + 1] * _BASE + codes[1 : size - low + 2]
    for k in range(2, low):
        acc = acc * _BASE + codes[k : k + size - low + 1]
    parts = [(acc * _MULTS[0]) >> _SHIFT]
    for index, n in enumerate(NGRAMS[1:], start=1):
        count = size - n + 1
        if count <= 0:
            break
        acc = acc[:count] * _BASE + codes[n - 1 : n - 1 + count]
        parts.append((acc * _MULTS[index]) >> _SHIFT)
    return np.concatenate(parts).view(np.int64)
