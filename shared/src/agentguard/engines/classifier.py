"""The shipped linear injection classifier (hashed n-grams, numpy inference).

The artifact `data/injection_model.npz` holds, per head ("direct" for prompts a user types,
"indirect" for text read from tools and documents): float32 weights over `2**BITS`
buckets, a bias, and the decision threshold chosen at training time (see `bench/train.py`).
Long texts are scored in overlapping windows and the highest window wins, so one injected
paragraph inside a long document is not diluted by the rest.
"""

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from agentguard.engines.features import BITS, NGRAMS, bucket_ids

__all__ = ["HEADS", "INDIRECT_WINDOW", "WINDOW", "Head", "calibrated", "load_heads", "raw_score"]

# injection: prompts that hijack the task; jailbreak: prompts that unlock forbidden
# behaviour; indirect: instructions hidden in documents and tool results.
HEADS = ("injection", "jailbreak", "indirect")
DIRECT_HEADS = ("injection", "jailbreak")
ARTIFACT = "injection_model.npz"
WINDOW = 4096  # direct head: longer prompts are scored per window
INDIRECT_WINDOW = 320  # indirect head: about two sentences of a document
BLOCK = 16_384  # window starts per block for long texts (cache-sized numpy arrays)


@dataclass(frozen=True, slots=True)
class Head:
    """One linear model: weights over hashed buckets, bias and decision threshold."""

    weights: npt.NDArray[np.float32]
    bias: float
    threshold: float


@cache
def load_heads() -> dict[str, Head]:
    """Load the artifact from package data (no network); empty dict when absent."""
    source = resources.files("agentguard.engines").joinpath("data", ARTIFACT)
    if not source.is_file():
        return {}
    with source.open("rb") as handle, np.load(handle) as data:
        if int(data["bits"]) != BITS:
            return {}
        return {
            name: Head(
                weights=data[f"{name}_w"].astype(np.float32),
                bias=float(data[f"{name}_b"]),
                threshold=float(data[f"{name}_t"]),
            )
            for name in HEADS
            if f"{name}_w" in data
        }


Scored = tuple[float, int, int]  # logit or probability, window start, window end

# Two heads scored together (the direct pair) share one interleaved table: bucket b holds
# head A's and head B's float32 weight side by side in one 8-byte slot, so one gather over
# the uint64 view fetches both (one cache line per n-gram, not two). Keyed by the weight
# arrays' ids; the entry keeps the arrays alive so an id is never reused while cached.
_PAIRED: dict[
    tuple[int, int],
    tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], npt.NDArray[np.uint64]],
] = {}
_PAIRED_LOCK = threading.Lock()


def _paired(first: Head, second: Head) -> npt.NDArray[np.uint64] | None:
    a, b = first.weights, second.weights
    if a.dtype != np.float32 or b.dtype != np.float32 or a.shape != b.shape or a.ndim != 1:
        return None
    key = (id(a), id(b))
    entry = _PAIRED.get(key)
    if entry is None or entry[0] is not a or entry[1] is not b:
        table = np.stack([a, b], axis=1).view(np.uint64).reshape(-1)
        entry = (a, b, table)
        with _PAIRED_LOCK:
            if len(_PAIRED) >= 8:
                _PAIRED.clear()
            _PAIRED[key] = entry
    return entry[2]


def _gather(heads: Sequence[Head], ids: npt.NDArray[np.int64]) -> list[npt.NDArray[np.float32]]:
    """Each head's weights at `ids` (the same values as `head.weights[ids]`)."""
    if len(heads) == 2:
        table = _paired(heads[0], heads[1])
        if table is not None:
            both = table[ids].view(np.float32)
            return [both[0::2], both[1::2]]
    return [head.weights[ids] for head in heads]


def _logits(heads: Sequence[Head], text: str, window: int) -> list[Scored]:
    ids = bucket_ids(text)
    out: list[Scored] = []
    size = len(text) + 2  # prepare() pads one space each side
    if ids.size == 0:
        return [(head.bias, 0, len(text)) for head in heads]
    for head, weights in zip(heads, _gather(heads, ids), strict=True):
        if size <= window:
            total = float(weights.sum(dtype=np.float64))
            out.append((total / math.sqrt(ids.size) + head.bias, 0, len(text)))
            continue
        per_position = np.zeros(size, dtype=np.float64)
        offset = 0
        for n in NGRAMS:
            count = size - n + 1
            per_position[:count] += weights[offset : offset + count]
            offset += count
        cumulative = np.concatenate(([0.0], np.cumsum(per_position)))
        sums = cumulative[window:] - cumulative[:-window]
        best = int(sums.argmax())
        logit = float(sums[best]) / math.sqrt(len(NGRAMS) * window) + head.bias
        # prepared position p is text position p - 1
        out.append((logit, max(0, best - 1), min(len(text), best + window - 1)))
    return out


def scored_windows(heads: Sequence[Head], text: str, window: int = WINDOW) -> list[Scored]:
    """Per head: (probability in (0, 1), start, end of the best window in `text`).

    The whole text up to `window` characters, else the best `window`-character span
    (stride 1, cumulative sums), so one injected paragraph in a long document is not
    diluted. Long texts are cut into blocks of `BLOCK` window starts (each block carries
    the `window - 1` characters its last windows need), which keeps numpy's working set in
    cache: the per-byte cost stays flat however long the text is."""
    if len(text) <= BLOCK + window:
        found = _logits(heads, text, window)
    else:
        found = [(-np.inf, 0, 0)] * len(heads)
        for start in range(0, len(text) - window + 1, BLOCK):
            block = _logits(heads, text[start : start + BLOCK + window - 1], window)
            found = [
                max(old, (logit, start + a, start + b))
                for old, (logit, a, b) in zip(found, block, strict=True)
            ]
    return [(float(1.0 / (1.0 + np.exp(-logit))), a, b) for logit, a, b in found]


def raw_scores(heads: Sequence[Head], text: str, window: int = WINDOW) -> list[float]:
    """Probability per head (see `scored_windows`)."""
    return [probability for probability, _a, _b in scored_windows(heads, text, window)]


def raw_score(head: Head, text: str, window: int = WINDOW) -> float:
    """`raw_scores` for one head."""
    return raw_scores((head,), text, window)[0]


def calibrated(head: Head, probability: float) -> float:
    """Map a probability so the head's threshold lands on 0.5 (the default block line)."""
    t = min(max(head.threshold, 1e-6), 1 - 1e-6)
    if probability >= t:
        return 0.5 + 0.5 * (probability - t) / (1 - t)
    return 0.5 * probability / t
