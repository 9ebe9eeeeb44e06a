"""The shipped linear injection classifier (hashed n-grams, numpy inference).

The artifact `data/injection_model.npz` holds, per head ("direct" for prompts a user types,
"indirect" for text read from tools and documents): float32 weights over `2**BITS`
buckets, a bias, and the decision threshold chosen at training time (see `bench/train.py`).
Long texts are scored in overlapping windows and the highest window wins, so one injected
paragraph inside a long document is not diluted by the rest.
"""

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from agentguard.engines.features import BITS, NGRAMS, bucket_ids

__all__ = ["HEADS", "INDIRECT_WINDOW", "WINDOW", "Head", "calibrated", "load_heads", "raw_score"]

HEADS = ("direct", "indirect")
ARTIFACT = "injection_model.npz"
WINDOW = 4096  # direct head: longer prompts are scored per window
INDIRECT_WINDOW = 320  # indirect head: about two sentences of a document


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


def _window_logits(head: Head, text: str, window: int) -> float:
    """Highest logit over every `window`-character span (stride 1, cumulative sums)."""
    ids = bucket_ids(text)
    if ids.size == 0:
        return head.bias
    weights = head.weights[ids].astype(np.float64)
    size = len(text) + 2  # prepare() pads one space each side
    if size <= window:
        return float(weights.sum()) / float(np.sqrt(ids.size)) + head.bias
    per_position = np.zeros(size, dtype=np.float64)
    offset = 0
    for n in NGRAMS:
        count = size - n + 1
        per_position[:count] += weights[offset : offset + count]
        offset += count
    cumulative = np.concatenate(([0.0], np.cumsum(per_position)))
    sums = cumulative[window:] - cumulative[:-window]
    return float(sums.max()) / float(np.sqrt(len(NGRAMS) * window)) + head.bias


def raw_score(head: Head, text: str, window: int = WINDOW) -> float:
    """Probability-like score in (0, 1): whole text up to `window` characters, else the
    best window (so one injected paragraph in a long document is not diluted)."""
    logit = _window_logits(head, text, window)
    return float(1.0 / (1.0 + np.exp(-logit)))


def calibrated(head: Head, probability: float) -> float:
    """Map a probability so the head's threshold lands on 0.5 (the default block line)."""
    t = min(max(head.threshold, 1e-6), 1 - 1e-6)
    if probability >= t:
        return 0.5 + 0.5 * (probability - t) / (1 - t)
    return 0.5 * probability / t
