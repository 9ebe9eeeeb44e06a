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

from agentguard.engines.features import BITS, bucket_ids

__all__ = ["HEADS", "Head", "calibrated", "load_heads", "raw_score"]

HEADS = ("direct", "indirect")
ARTIFACT = "injection_model.npz"
WINDOW = 2048  # characters per window for long texts
_WHOLE = 2 * WINDOW


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


def _logit(head: Head, ids: npt.NDArray[np.int64]) -> float:
    if ids.size == 0:
        return head.bias
    return float(head.weights[ids].sum()) / float(np.sqrt(ids.size)) + head.bias


def raw_score(head: Head, text: str) -> float:
    """Probability-like score in (0, 1); windowed max for long texts."""
    if len(text) <= _WHOLE:
        logit = _logit(head, bucket_ids(text))
    else:
        logit = max(
            _logit(head, bucket_ids(text[start : start + WINDOW]))
            for start in range(0, len(text) - WINDOW // 2, WINDOW // 2)
        )
    return float(1.0 / (1.0 + np.exp(-logit)))


def calibrated(head: Head, probability: float) -> float:
    """Map a probability so the head's threshold lands on 0.5 (the default block line)."""
    t = min(max(head.threshold, 1e-6), 1 - 1e-6)
    if probability >= t:
        return 0.5 + 0.5 * (probability - t) / (1 - t)
    return 0.5 * probability / t
